/**
 * Packing training frames into batches: B configurations flattened into one atom list (the layout of the
 * network), labels with masks. Everything stays in atomic units (the unit of models trained by equimd).
 * Energies are packed as residuals E − Σ_i e_ref(Z_i), subtracted in float64 here, because the network
 * computes in float32 and a total molecular energy (≈ −155 hartree for ethanol) would lose the digits
 * that matter.
 */
import type { LabelledBatch } from "../../potentials/message-passing/training/batch.ts";
import type { TrainingFrame } from "./dataset.ts";
import { referenceEnergy, type Normalisation } from "./normalisation.ts";
import type { Random } from "../core/index.ts";

export function packBatch(frames: readonly TrainingFrame[], norm: Normalisation): LabelledBatch {
  const nConfigs = frames.length;
  const nAtoms = frames.reduce((s, f) => s + f.numbers.length, 0);
  const b: LabelledBatch = {
    nConfigs,
    numbers: new Int32Array(nAtoms),
    positions: new Float64Array(3 * nAtoms),
    configOfAtom: new Int32Array(nAtoms),
    energy: new Float64Array(nConfigs),
    energyMask: new Float64Array(nConfigs),
    forces: new Float64Array(3 * nAtoms),
    forcesMask: new Float64Array(nAtoms),
    dipole: new Float64Array(3 * nConfigs),
    dipoleMask: new Float64Array(nConfigs),
    polarizability: new Float64Array(9 * nConfigs),
    polarizabilityMask: new Float64Array(nConfigs),
  };
  let a0 = 0;
  frames.forEach((f, c) => {
    const n = f.numbers.length;
    b.numbers.set(f.numbers, a0);
    b.positions.set(f.positions, 3 * a0);
    b.configOfAtom.fill(c, a0, a0 + n);
    if (f.energy !== undefined) {
      b.energy[c] = f.energy - referenceEnergy(f, norm);
      b.energyMask[c] = 1;
    }
    if (f.forces) {
      b.forces.set(f.forces, 3 * a0);
      b.forcesMask.fill(1, a0, a0 + n);
    }
    if (f.dipole) {
      b.dipole.set(f.dipole, 3 * c);
      b.dipoleMask[c] = 1;
    }
    if (f.polarizability) {
      b.polarizability.set(f.polarizability, 9 * c);
      b.polarizabilityMask[c] = 1;
    }
    a0 += n;
  });
  return b;
}

/** Indices cut into batches of at most batchSize, in a shuffled order when rng is given. */
export function batchesOf(indices: readonly number[], batchSize: number, rng?: Random): number[][] {
  const order = indices.slice();
  if (rng) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
  }
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) out.push(order.slice(i, i + batchSize));
  return out;
}
