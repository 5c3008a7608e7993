/**
 * Resumable labelling of an extxyz file: every selected input frame is computed by each labeller in
 * turn and appended, with all its input keys and `source_index` (its index in the input), to the output
 * file, which is flushed to disk after every frame. Run it again after an interruption and the frames
 * already in the output (same source_index, same positions) are skipped; the result is the file an
 * uninterrupted run writes.
 */
import { existsSync } from "node:fs";
import { ExtxyzWriter } from "../io/extxyz.ts";
import type { Frame } from "../io/extxyz.ts";
import { makeSystem } from "../core/system.ts";
import { addLabels, positionsInBohr } from "./frame-labels.ts";
import { readAndRepairAppendable, readFrames } from "./frame-files.ts";
import type { Labeller } from "./labeller.ts";

/** A Python-style slice start:stop:step over frame indices (stop exclusive; all non-negative). */
export interface FrameSlice {
  start: number;
  stop?: number;
  step: number;
}

/** Parse "start:stop:step" (each part optional, e.g. "::2", "0:1000", "5"). */
export function parseSlice(text: string, what = "--select"): FrameSlice {
  const parts = text.split(":");
  const num = (s: string | undefined, fallback: number | undefined, name: string) => {
    if (s === undefined || s.trim() === "") return fallback;
    const v = Number(s);
    if (!Number.isInteger(v) || v < 0) {
      throw new Error(`${what} '${text}': ${name} must be a non-negative integer, got '${s}'`);
    }
    return v;
  };
  if (parts.length > 3) throw new Error(`${what} '${text}': expected start:stop:step`);
  if (parts.length === 1) {
    const i = num(parts[0], undefined, "index");
    if (i === undefined) throw new Error(`${what} is empty; expected an index or start:stop:step`);
    return { start: i, stop: i + 1, step: 1 };
  }
  const step = num(parts[2], 1, "step")!;
  if (step === 0) throw new Error(`${what} '${text}': step must be at least 1`);
  return { start: num(parts[0], 0, "start")!, stop: num(parts[1], undefined, "stop"), step };
}

/** Indices selected by a slice among n frames. */
export function sliceIndices(slice: FrameSlice, n: number): number[] {
  const out: number[] = [];
  for (let i = slice.start; i < Math.min(n, slice.stop ?? n); i += slice.step) out.push(i);
  return out;
}

export interface LabelFileOptions {
  /** Input extxyz (.extxyz or .extxyz.gz), positions in Å. */
  input: string;
  /** Output extxyz (plain text, appended to). */
  output: string;
  labellers: readonly Labeller[];
  /** Which input frames to label (default all). */
  select?: FrameSlice;
  /** Label at most this many new frames in this call, then stop (the rest is left for a later call). */
  limit?: number;
  /** Stop cleanly after the frame being computed when this signal aborts. */
  signal?: AbortSignal;
  /** Called after each frame written: frames done (skipped + new) out of total. */
  onProgress?: (done: number, total: number) => void;
  /** Called once before labelling starts: frames already present, frames to do. */
  onStart?: (alreadyDone: number, toDo: number) => void;
}

export interface LabelFileResult {
  /** Selected input frames. */
  total: number;
  /** Frames found already labelled in the output. */
  skipped: number;
  /** Frames labelled by this call. */
  labelled: number;
  /** Bytes of a partial last frame cut off the output before appending. */
  repairedBytes: number;
}

/** Largest coordinate difference (Å) that still counts as the same frame. */
const SAME_POSITION_TOLERANCE = 1e-8;

export async function labelFile(options: LabelFileOptions): Promise<LabelFileResult> {
  if (options.output.endsWith(".gz")) {
    throw new Error(
      `output ${options.output}: labelling appends frame by frame, so the output must be plain .extxyz; gzip it when done`,
    );
  }
  if (options.labellers.length === 0) throw new Error("labelling needs at least one calculator");
  const inputs = readFrames(options.input);
  const selected = sliceIndices(options.select ?? { start: 0, step: 1 }, inputs.length);

  // Frames already in the output: check they belong to this input, then skip them.
  const done = new Set<number>();
  let repairedBytes = 0;
  if (existsSync(options.output)) {
    const existing = readAndRepairAppendable(options.output);
    repairedBytes = existing.truncatedBytes;
    existing.frames.forEach((frame, k) => {
      const where = `${options.output}: frame ${k + 1}`;
      const index = frame.info.source_index;
      if (typeof index !== "number" || !Number.isInteger(index)) {
        throw new Error(`${where} has no integer source_index; it was not written by equimd label`);
      }
      const source = inputs[index];
      if (!source || !samePositions(source, frame)) {
        throw new Error(
          `${where} (source_index=${index}) does not match frame ${index} of ${options.input}: ` +
            `the output belongs to another input; choose a new output file`,
        );
      }
      done.add(index);
    });
  }
  const todo = selected.filter((i) => !done.has(i));
  const skipped = selected.length - todo.length;
  options.onStart?.(skipped, todo.length);

  const writer = new ExtxyzWriter(options.output, { append: true });
  let labelled = 0;
  try {
    for (const index of todo) {
      if (options.limit !== undefined && labelled >= options.limit) break;
      if (options.signal?.aborted) break;
      const input = inputs[index];
      const frame: Frame = {
        symbols: [...input.symbols],
        positions: input.positions.slice(),
        info: { ...input.info, source_index: index },
        arrays: { ...input.arrays },
        columnTypes: input.columnTypes ? { ...input.columnTypes } : undefined,
      };
      const system = makeSystem(frame.symbols);
      const positions = positionsInBohr(frame);
      for (const labeller of options.labellers) {
        let labels;
        try {
          labels = await labeller.label(system, positions);
        } catch (err) {
          throw new Error(
            `${options.input}: frame ${index}: ${labeller.name} failed: ${(err as Error).message}`,
            {
              cause: err,
            },
          );
        }
        addLabels(frame, labels, labeller);
      }
      writer.write(frame);
      writer.flush();
      labelled++;
      options.onProgress?.(skipped + labelled, selected.length);
    }
  } finally {
    writer.close();
  }
  return { total: selected.length, skipped, labelled, repairedBytes };
}

function samePositions(a: Frame, b: Frame): boolean {
  if (a.positions.length !== b.positions.length) return false;
  if (a.symbols.some((s, i) => s !== b.symbols[i])) return false;
  return a.positions.every((x, i) => Math.abs(x - b.positions[i]) <= SAME_POSITION_TOLERANCE);
}
