/**
 * Read a dataset file by its extension: .npz (MD17 style) or extended XYZ (.xyz, .extxyz); every frame
 * passes the one geometry check (src/core/geometry-check.ts).
 */
import { checkGeometry } from "../core/geometry-check.ts";
import { readExtxyz } from "../io/extxyz.ts";
import {
  framesFromExtxyz,
  framesFromMd17,
  ASE_KEYS,
  type DatasetUnits,
  type ExtxyzKeys,
  type TrainingFrame,
} from "./dataset.ts";
import { readNpz } from "./npz.ts";

export interface DatasetSource {
  path: string;
  units: DatasetUnits;
  /** Key names in extxyz files (ASE names by default). */
  keys?: Partial<ExtxyzKeys>;
  /** 'auto' picks by extension. */
  format?: "auto" | "extxyz" | "npz";
}

export async function loadDataset(source: DatasetSource): Promise<TrainingFrame[]> {
  const format =
    source.format === undefined || source.format === "auto"
      ? source.path.endsWith(".npz")
        ? "npz"
        : "extxyz"
      : source.format;
  const frames =
    format === "npz"
      ? framesFromMd17(await readNpz(source.path), source.path, source.units)
      : framesFromExtxyz(await readExtxyz(source.path), source.path, source.units, {
          ...ASE_KEYS,
          ...source.keys,
        });
  if (frames.length === 0) throw new Error(`${source.path}: the dataset has no frames`);
  for (const f of frames) checkGeometry(Array.from(f.numbers), f.positions, f.origin);
  return frames;
}
