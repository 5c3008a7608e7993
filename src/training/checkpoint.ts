/**
 * Training checkpoints: everything needed to continue a run exactly where it stopped (model weights,
 * Adam moments and step, EMA weights, the batch-order random generator, schedule and early-stopping
 * state, epoch and step counters, the history so far). Float32 arrays are stored base64-encoded
 * (little-endian) in a gzipped JSON file, so a restored run continues bit for bit.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import { gunzipSync, gzipSync } from "node:zlib";
import type { AdamState } from "../../potentials/message-passing/training/adam.ts";
import type { RandomState } from "../core/index.ts";
import type { EarlyStoppingState } from "./early-stopping.ts";
import type { ScheduleState } from "./schedule.ts";
import type { ErrorStats } from "./metrics.ts";
import type { Label } from "./dataset.ts";

export const CHECKPOINT_FORMAT = "equimd-training-checkpoint";
export const CHECKPOINT_VERSION = 1;

/** One line of the learning curve. */
export interface EpochRecord {
  epoch: number;
  step: number;
  learningRate: number;
  /** Mean training loss over the epoch's batches. */
  trainLoss: number;
  validationLoss?: number;
  /** Validation metrics, atomic units. */
  validation?: Partial<Record<Label, ErrorStats>>;
}

export interface TrainingCheckpoint {
  epoch: number;
  step: number;
  weights: Float32Array[];
  adam: AdamState;
  ema?: Float32Array[];
  rng: RandomState;
  schedule: ScheduleState;
  earlyStopping: EarlyStoppingState;
  history: EpochRecord[];
  /** The path that computed the steps ("fast" or "tfjs"); a resumed run continues on it (absent: tfjs). */
  path?: "fast" | "tfjs";
}

const encode = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
function decode(s: unknown, what: string): Float32Array {
  if (typeof s !== "string") throw new Error(`${what}: expected a base64 string`);
  const b = Buffer.from(s, "base64");
  if (b.length % 4 !== 0)
    throw new Error(`${what}: ${b.length} bytes is not a whole number of float32 values`);
  const out = new Float32Array(b.length / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

export async function saveCheckpoint(path: string, c: TrainingCheckpoint): Promise<void> {
  const json = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    ...c,
    weights: c.weights.map(encode),
    adam: { step: c.adam.step, m: c.adam.m.map(encode), v: c.adam.v.map(encode) },
    ema: c.ema?.map(encode),
  };
  // Write then rename, so that an interrupted write never leaves a broken checkpoint behind.
  await writeFile(`${path}.tmp`, gzipSync(JSON.stringify(json)));
  await rename(`${path}.tmp`, path);
}

export async function readCheckpoint(path: string): Promise<TrainingCheckpoint> {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(gunzipSync(await readFile(path)).toString("utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${path}: cannot read the training checkpoint: ${(e as Error).message}`, { cause: e });
  }
  if (raw.format !== CHECKPOINT_FORMAT || raw.version !== CHECKPOINT_VERSION) {
    throw new Error(
      `${path}: not an equimd training checkpoint of version ${CHECKPOINT_VERSION} (format ${JSON.stringify(raw.format)}, version ${JSON.stringify(raw.version)})`,
    );
  }
  const list = (v: unknown, what: string) => {
    if (!Array.isArray(v)) throw new Error(`${path}: '${what}' must be a list`);
    return v.map((x, i) => decode(x, `${path}: ${what}[${i}]`));
  };
  const adam = raw.adam as { step: number; m: unknown; v: unknown };
  return {
    epoch: raw.epoch as number,
    step: raw.step as number,
    weights: list(raw.weights, "weights"),
    adam: { step: adam.step, m: list(adam.m, "adam.m"), v: list(adam.v, "adam.v") },
    ema: raw.ema === undefined ? undefined : list(raw.ema, "ema"),
    rng: raw.rng as RandomState,
    schedule: raw.schedule as ScheduleState,
    earlyStopping: raw.earlyStopping as EarlyStoppingState,
    history: raw.history as EpochRecord[],
    ...(raw.path === "fast" || raw.path === "tfjs" ? { path: raw.path } : {}),
  };
}
