/**
 * Shared machinery of the bonded analytic potentials: a sum over atom pairs of V(r_ij), r_ij = |r_j − r_i|,
 * whose force follows from dV/dr along the bond: F_j = −V'(r) r̂_ij, F_i = +V'(r) r̂_ij.
 */
import type { PotentialOutput } from "../../src/core/potential.ts";
import type { System } from "../../src/core/system.ts";
import { checkAtomIndex, checkPositions } from "./check.ts";

/** A pair term: energy and its radial derivative at distance r (bohr → hartree, hartree/bohr). */
export interface PairTerm {
  i: number;
  j: number;
  energy(r: number): number;
  derivative(r: number): number;
}

/** Sums the pair terms over every configuration of the batch. */
export function sumPairTerms(
  name: string,
  terms: readonly PairTerm[],
  system: System,
  positions: Float64Array,
  nBatch: number,
): PotentialOutput {
  checkPositions(name, system, positions, nBatch);
  for (const [t, term] of terms.entries()) {
    checkAtomIndex(name, `bond ${t}: i`, term.i, system.nAtoms);
    checkAtomIndex(name, `bond ${t}: j`, term.j, system.nAtoms);
  }
  const n = system.nAtoms;
  const energy = new Float64Array(nBatch);
  const forces = new Float64Array(positions.length);
  for (let b = 0; b < nBatch; b++) {
    for (const term of terms) {
      const bi = (b * n + term.i) * 3;
      const bj = (b * n + term.j) * 3;
      const dx = positions[bj] - positions[bi];
      const dy = positions[bj + 1] - positions[bi + 1];
      const dz = positions[bj + 2] - positions[bi + 2];
      const r = Math.sqrt(dx * dx + dy * dy + dz * dz);
      energy[b] += term.energy(r);
      const g = term.derivative(r) / r; // dV/dr · 1/r
      forces[bj] -= g * dx;
      forces[bj + 1] -= g * dy;
      forces[bj + 2] -= g * dz;
      forces[bi] += g * dx;
      forces[bi + 1] += g * dy;
      forces[bi + 2] += g * dz;
    }
  }
  return { energy, forces };
}
