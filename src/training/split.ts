/**
 * Reproducible train/validation/test splits: a seeded Fisher–Yates shuffle of the frame indices, cut into
 * three parts. The split is saved with the model (a small JSON indices file) so that evaluation and
 * resumed runs use exactly the same frames.
 */
import { readFile, writeFile } from "node:fs/promises";
import { Random } from "../core/index.ts";

export interface Split {
  seed: number;
  nFrames: number;
  train: number[];
  validation: number[];
  test: number[];
}

/** Size of each part: a fraction of the frames (0 < x < 1) or a count (integer ≥ 0). */
export interface SplitSizes {
  train: number;
  validation: number;
  /** Default: the frames left over. */
  test?: number;
}

function count(value: number, nFrames: number, name: string): number {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new Error(`split.${name} must be a fraction in (0, 1) or a frame count, got ${value}`);
  }
  if (value > 0 && value < 1) return Math.round(value * nFrames);
  if (!Number.isInteger(value)) {
    throw new Error(`split.${name} must be a fraction in (0, 1) or an integer count, got ${value}`);
  }
  return value;
}

/** Split nFrames frames; throws if the train or validation part would be empty or the sizes exceed nFrames. */
export function makeSplit(nFrames: number, sizes: SplitSizes, seed: number): Split {
  const nTrain = count(sizes.train, nFrames, "train");
  const nVal = count(sizes.validation, nFrames, "validation");
  const nTest = sizes.test === undefined ? nFrames - nTrain - nVal : count(sizes.test, nFrames, "test");
  if (nTrain + nVal + Math.max(nTest, 0) > nFrames || nTest < 0) {
    throw new Error(
      `split: train ${nTrain} + validation ${nVal} + test ${Math.max(nTest, 0)} frames exceed the ${nFrames} frames of the dataset`,
    );
  }
  if (nTrain === 0)
    throw new Error(`split: the training split is empty (${nFrames} frames, split.train = ${sizes.train})`);
  if (nVal === 0) {
    throw new Error(
      `split: the validation split is empty (${nFrames} frames, split.validation = ${sizes.validation})`,
    );
  }
  const order = Array.from({ length: nFrames }, (_, i) => i);
  const rng = new Random(seed);
  for (let i = nFrames - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return {
    seed,
    nFrames,
    train: order.slice(0, nTrain),
    validation: order.slice(nTrain, nTrain + nVal),
    test: order.slice(nTrain + nVal, nTrain + nVal + nTest),
  };
}

export async function saveSplit(path: string, split: Split): Promise<void> {
  await writeFile(path, JSON.stringify(split) + "\n");
}

/** Read a split file and check it fits a dataset of nFrames frames. */
export async function readSplit(path: string, nFrames: number): Promise<Split> {
  let s: Split;
  try {
    s = JSON.parse(await readFile(path, "utf8")) as Split;
  } catch (e) {
    throw new Error(`${path}: cannot read the split indices file: ${(e as Error).message}`, { cause: e });
  }
  for (const part of ["train", "validation", "test"] as const) {
    if (!Array.isArray(s[part])) throw new Error(`${path}: field '${part}' must be a list of frame indices`);
    const bad = s[part].find((i) => !Number.isInteger(i) || i < 0 || i >= nFrames);
    if (bad !== undefined) {
      throw new Error(`${path}: '${part}' holds index ${bad}, outside the dataset's ${nFrames} frames`);
    }
  }
  if (s.nFrames !== nFrames) {
    throw new Error(`${path}: the split was made for ${s.nFrames} frames but the dataset has ${nFrames}`);
  }
  return s;
}
