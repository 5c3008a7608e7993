/**
 * A fresh PaiNN model for training: parameters drawn from a seeded generator the way schnetpack (PyTorch)
 * initialises them: linear weights Glorot/Xavier-uniform, U(−a, a) with a = √(6/(fan_in + fan_out)), biases
 * zero, embedding rows standard normal; radial-basis constants as schnetpack sets them.
 */
import { Random } from "../../../src/core/random.ts";
import type { PainnArchitecture } from "../../painn/architecture.ts";
import { PainnModel, type ModelUnits } from "../model.ts";
import { expectedParameterShapes } from "../parameter-shapes.ts";
import { ParameterSet, type NamedArray } from "../../painn/parameters.ts";
import { besselBasisConstants, gaussianBasisConstants } from "../../painn/radial-basis.ts";

export interface NewModelOptions {
  name: string;
  architecture: PainnArchitecture;
  units: ModelUnits;
  /** Atomic numbers the model is trained on. */
  elements: number[];
  /** Per-element reference energies (model energy unit), by atomic number. */
  referenceEnergies: Map<number, number>;
  /** Energy scale (model energy unit); shift is 0 (the reference energies absorb it). */
  scale: number;
  seed: number;
}

/** Initial parameter values of an architecture (embedding rows 0..max element). */
export function initialParameters(
  arch: PainnArchitecture,
  maxZ: number,
  seed: number,
): Record<string, NamedArray> {
  const rng = new Random(seed);
  const out: Record<string, NamedArray> = {};
  for (const [name, shape0] of expectedParameterShapes(arch)) {
    const shape = shape0.map((d) => (d === -1 ? maxZ + 1 : d));
    const size = shape.reduce((a, b) => a * b, 1);
    let data: number[];
    // The triplet basis of ENINet spans the k→i distance up to the three-body cutoff.
    const basisRange = name.startsWith("representation.triplet_radial_basis.")
      ? (arch.threeBodyCutoff ?? 2 * arch.cutoff)
      : arch.radialBasis.cutoff;
    if (/radial_basis\.(offsets|widths)$/.test(name)) {
      const c = gaussianBasisConstants(arch.radialBasis.nRbf, basisRange);
      data = name.endsWith("offsets") ? c.offsets : c.widths;
    } else if (name.endsWith("radial_basis.freqs")) {
      data = besselBasisConstants(arch.radialBasis.nRbf, basisRange).freqs;
    } else if (name === "representation.embedding.weight") {
      data = Array.from({ length: size }, () => rng.normal());
    } else if (name.endsWith(".bias")) {
      data = new Array<number>(size).fill(0);
    } else {
      const [fanOut, fanIn] = shape;
      const a = Math.sqrt(6 / (fanIn + fanOut));
      data = Array.from({ length: size }, () => (2 * rng.uniform() - 1) * a);
    }
    out[name] = { shape, data };
  }
  return out;
}

/** A new, untrained model on the active backend. */
export function createModel(o: NewModelOptions): PainnModel {
  const maxZ = Math.max(...o.elements);
  return new PainnModel(
    {
      name: o.name,
      architecture: o.architecture,
      units: o.units,
      elements: [...o.elements].sort((a, b) => a - b),
      referenceEnergies: new Map(o.referenceEnergies),
      normalization: { scale: o.scale, shift: 0 },
    },
    new ParameterSet(initialParameters(o.architecture, maxZ, o.seed)),
  );
}
