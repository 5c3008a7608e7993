/**
 * Morse bonds: V = Σ_bonds D (1 − e^(−a(r − r0)))², atomic units (D hartree, a 1/bohr, r0 bohr).
 * The harmonic frequency of one bond is ω = a·sqrt(2D/μ) with μ the reduced mass, and the levels are
 * known exactly, which makes it a good anharmonic test system.
 */
import type { Potential, PotentialOutput, Property } from "../../src/core/potential.ts";
import type { System } from "../../src/core/system.ts";
import { checkNumber } from "./check.ts";
import { sumPairTerms, type PairTerm } from "./pair-terms.ts";

/** One Morse bond between atoms i and j (0-based): D hartree, a 1/bohr, r0 bohr. */
export interface MorseBond {
  i: number;
  j: number;
  D: number;
  a: number;
  r0: number;
}

export class MorsePotential implements Potential {
  readonly name = "morse";
  readonly provides: readonly Property[] = ["energy", "forces"];
  private readonly terms: PairTerm[];

  constructor(options: { bonds: readonly MorseBond[] }) {
    if (!Array.isArray(options.bonds) || options.bonds.length === 0) {
      throw new Error("MorsePotential: bonds must be a non-empty list of {i, j, D, a, r0}");
    }
    this.terms = options.bonds.map((bond, t) => {
      const D = checkNumber("MorsePotential", `bonds[${t}].D`, bond.D, true, "hartree");
      const a = checkNumber("MorsePotential", `bonds[${t}].a`, bond.a, true, "1/bohr");
      const r0 = checkNumber("MorsePotential", `bonds[${t}].r0`, bond.r0, false, "bohr");
      if (bond.i === bond.j) throw new Error(`MorsePotential: bonds[${t}] joins atom ${bond.i} to itself`);
      return {
        i: bond.i,
        j: bond.j,
        energy: (r: number) => D * (1 - Math.exp(-a * (r - r0))) ** 2,
        derivative: (r: number) => {
          const e = Math.exp(-a * (r - r0));
          return 2 * D * a * e * (1 - e);
        },
      };
    });
  }

  async compute(
    system: System,
    positions: Float64Array,
    nBatch: number,
    _want: readonly Property[] = [],
  ): Promise<PotentialOutput> {
    return sumPairTerms("MorsePotential", this.terms, system, positions, nBatch);
  }

  dispose(): void {}
}
