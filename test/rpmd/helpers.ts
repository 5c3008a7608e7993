/** Test helpers for the ring-polymer tests: independent harmonic wells and a direct force evaluator. */
import type { ForceEvaluator } from "../../src/core/integrator.ts";
import type { Potential, PotentialOutput, Property } from "../../src/core/potential.ts";
import type { System } from "../../src/core/system.ts";
import { evaluatorFor as sharedEvaluator } from "../helpers/force-evaluator.ts";

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

/** A ForceEvaluator that calls a potential on the whole batch of `state` (with its dipole). */
export function evaluatorFor(system: System, potential: Potential): ForceEvaluator {
  return sharedEvaluator(system, potential, ["dipole"]);
}

export { blockAverage } from "../helpers/statistics.ts";
