/** Test helpers for the ring-polymer tests: independent harmonic wells and a direct force evaluator. */
import type { ForceEvaluator } from "../../src/core/integrator.ts";
import type { Potential, PotentialOutput, Property } from "../../src/core/potential.ts";
import type { MDState, System } from "../../src/core/system.ts";

/** V = Σ_a ½ k |r_a|²: every atom in its own isotropic well at the origin (k in hartree/bohr²). */
export class HarmonicWells implements Potential {
  readonly name = "harmonic wells";
  readonly provides: readonly Property[] = ["energy", "forces", "dipole"];
  constructor(readonly k: number) {}

  async compute(
    system: System,
    positions: Float64Array,
    nBatch: number,
    _want: readonly Property[] = [],
  ): Promise<PotentialOutput> {
    const n = system.nAtoms;
    const energy = new Float64Array(nBatch);
    const forces = new Float64Array(positions.length);
    const dipole = new Float64Array(nBatch * 3);
    for (let b = 0; b < nBatch; b++) {
      let e = 0;
      for (let i = b * n * 3; i < (b + 1) * n * 3; i++) {
        e += 0.5 * this.k * positions[i] ** 2;
        forces[i] = -this.k * positions[i];
        dipole[b * 3 + (i % 3)] += positions[i]; // unit charge on every atom
      }
      energy[b] = e;
    }
    return { energy, forces, dipole };
  }

  dispose(): void {}
}

/** A ForceEvaluator that calls a potential on the whole batch of `state`. */
export function evaluatorFor(system: System, potential: Potential): ForceEvaluator {
  return async (state: MDState) => {
    const out = await potential.compute(system, state.positions, state.nBatch, ["dipole"]);
    state.forces.set(out.forces);
    state.potentialEnergy.set(out.energy);
    if (out.dipole) state.dipole = out.dipole;
  };
}

/** Mean and standard error of a time series by block averaging (nBlocks blocks of equal length). */
export function blockAverage(series: ArrayLike<number>, nBlocks = 20): { mean: number; error: number } {
  const len = Math.floor(series.length / nBlocks) * nBlocks;
  const blockLength = len / nBlocks;
  const means: number[] = [];
  for (let b = 0; b < nBlocks; b++) {
    let s = 0;
    for (let i = b * blockLength; i < (b + 1) * blockLength; i++) s += series[i];
    means.push(s / blockLength);
  }
  const mean = means.reduce((a, b) => a + b, 0) / nBlocks;
  const variance = means.reduce((a, b) => a + (b - mean) ** 2, 0) / (nBlocks - 1);
  return { mean, error: Math.sqrt(variance / nBlocks) };
}
