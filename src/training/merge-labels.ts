/**
 * Combine labels computed on a subset of a dataset with the full dataset: frames of the labelled file
 * name the frame they were computed from by an integer info key (`source_index`, the 0-based index in
 * the base file), and the chosen info keys of those frames are copied onto the base frames. Frames
 * without a label keep only their own keys, and the training loss masks the missing property.
 */
import type { Frame } from "../io/extxyz.ts";

export interface MergeOptions {
  /** Info key of the labelled frames that holds the index of their base frame. */
  indexKey: string;
  /** Info keys copied from a labelled frame onto its base frame (e.g. ["polarizability"]). */
  keys: string[];
  /** Largest allowed deviation of a labelled frame's positions from its base frame's (file units). */
  positionTolerance?: number;
}

export interface MergeResult {
  frames: Frame[];
  /** Number of base frames that received labels. */
  labelled: number;
}

/**
 * Copy `keys` of each labelled frame onto base frame `labelled.info[indexKey]`. The positions of the
 * pair must agree (so a label never lands on the wrong geometry); errors name the labelled frame.
 */
export function mergeLabels(
  base: readonly Frame[],
  labelled: readonly Frame[],
  options: MergeOptions,
  labelledName = "<labels>",
): MergeResult {
  const tolerance = options.positionTolerance ?? 1e-8;
  const frames = base.map((f) => ({ ...f, info: { ...f.info } }));
  const seen = new Set<number>();
  labelled.forEach((frame, i) => {
    const where = `${labelledName}: frame ${i}`;
    const index = frame.info[options.indexKey];
    if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= frames.length) {
      throw new Error(
        `${where}: '${options.indexKey}' must be an integer index into the ${frames.length} base frames, got ${String(index)}`,
      );
    }
    if (seen.has(index)) throw new Error(`${where}: base frame ${index} is labelled twice`);
    seen.add(index);
    const target = frames[index]!;
    if (target.positions.length !== frame.positions.length) {
      throw new Error(
        `${where}: ${frame.symbols.length} atoms, base frame ${index} has ${target.symbols.length}`,
      );
    }
    for (let k = 0; k < frame.positions.length; k++) {
      if (Math.abs(target.positions[k]! - frame.positions[k]!) > tolerance) {
        throw new Error(`${where}: positions differ from base frame ${index} (not the same geometry)`);
      }
    }
    for (const key of options.keys) {
      const value = frame.info[key];
      if (value === undefined) throw new Error(`${where}: no '${key}' in the info line`);
      target.info[key] = value;
    }
  });
  return { frames, labelled: seen.size };
}
