/**
 * Cutting output files back to a checkpoint's step before a resumed run appends to them, so that
 * nothing is written twice and the resumed files equal those of an uninterrupted run.
 */
import { existsSync, truncateSync } from "node:fs";
import { ExtxyzParser } from "./extxyz.ts";
import { readLines } from "./line-reader.ts";

/**
 * Remove every frame of an extxyz trajectory whose info `step` is larger than `step` (and a frame
 * left incomplete by a crash). Frames are expected in step order. No-op if the file does not exist.
 * Returns the step of the last frame kept (undefined if none is left or there is no file), so that a
 * resumed run can check that the file reaches the checkpoint.
 */
export async function truncateExtxyzAfterStep(path: string, step: number): Promise<number | undefined> {
  if (!existsSync(path)) return undefined;
  let lastKept: number | undefined;
  const parser = new ExtxyzParser(path);
  let frameOffset = 0;
  let cut: number | undefined;
  try {
    for await (const line of readLines(path)) {
      if (parser.idle) frameOffset = line.offset;
      const frame = parser.feed(line.text, line.number);
      if (frame) {
        const s = frame.info.step;
        if (typeof s !== "number")
          throw new Error(`${path}: frame at byte ${frameOffset} has no 'step' in its info`);
        if (s > step) {
          cut = frameOffset;
          break;
        }
        lastKept = s;
      }
    }
    if (cut === undefined && !parser.idle) cut = frameOffset; // incomplete last frame
  } catch (e) {
    if ((e as Error).message.includes("has no 'step'")) throw e;
    cut = frameOffset; // a damaged frame (interrupted write): drop it and what follows
  }
  if (cut !== undefined) truncateSync(path, cut);
  return lastKept;
}

/**
 * Remove the data lines of a text table (log or CSV, first column = step) whose step is larger than
 * `step`; comment and header lines are kept. No-op if the file does not exist. Returns the step of the
 * last data line kept (undefined if none, or no file).
 */
export async function truncateTableAfterStep(path: string, step: number): Promise<number | undefined> {
  if (!existsSync(path)) return undefined;
  let cut: number | undefined;
  let lastKept: number | undefined;
  for await (const line of readLines(path)) {
    const first = line.text.trim().split(/[\s,]+/)[0];
    if (line.text.startsWith("#") || !/^\d+$/.test(first ?? "")) continue;
    if (Number(first) > step) {
      cut = line.offset;
      break;
    }
    lastKept = Number(first);
  }
  if (cut !== undefined) truncateSync(path, cut);
  return lastKept;
}
