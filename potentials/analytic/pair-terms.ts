/**
 * Shared machinery of the bonded analytic potentials: a sum over atom pairs of V(r_ij), r_ij = |r_j − r_i|,
 * whose force follows from dV/dr along the bond: F_j = −V'(r) r̂_ij, F_i = +V'(r) r̂_ij.
 */
import type { Potential, PotentialOutput, Property } from "../../src/core/potential.ts";
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

/** A bond of a bonded potential: atoms i and j (0-based) and the term's own parameters. */
export interface Bond {
  i: number;
  j: number;
}

/**
 * A potential that is a sum of pair terms, one per bond: checks the bond list (non-empty, no atom bonded to
 * itself) and sums the terms that `term` builds from each bond (validating its parameters).
 */
export abstract class PairPotential<B extends Bond> implements Potential {
  readonly provides: readonly Property[] = ["energy", "forces"];
  private readonly terms: PairTerm[];

  /** `fields` names a bond's keys for the error message, e.g. "{i, j, k, r0}". */
  constructor(
    readonly name: string,
    private readonly label: string,
    bonds: readonly B[],
    fields: string,
  ) {
    if (!Array.isArray(bonds) || bonds.length === 0) {
      throw new Error(`${label}: bonds must be a non-empty list of ${fields}`);
    }
    this.terms = bonds.map((bond, t) => {
      if (bond.i === bond.j) throw new Error(`${label}: bonds[${t}] joins atom ${bond.i} to itself`);
      return { i: bond.i, j: bond.j, ...this.term(bond, `bonds[${t}]`) };
    });
  }

  /** V(r) and V'(r) of one bond; `where` names it (e.g. "bonds[2]") for parameter errors. */
  protected abstract term(bond: B, where: string): Pick<PairTerm, "energy" | "derivative">;

  async compute(
    system: System,
    positions: Float64Array,
    nBatch: number,
    _want: readonly Property[] = [],
  ): Promise<PotentialOutput> {
    return sumPairTerms(this.label, this.terms, system, positions, nBatch);
  }

  dispose(): void {}
}
