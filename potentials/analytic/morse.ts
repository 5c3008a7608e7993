/**
 * Morse bonds: V = Σ_bonds D (1 − e^(−a(r − r0)))², atomic units (D hartree, a 1/bohr, r0 bohr).
 * The harmonic frequency of one bond is ω = a·sqrt(2D/μ) with μ the reduced mass, and the levels are
 * known exactly, which makes it a good anharmonic test system.
 */
import { checkNumber } from "./check.ts";
import { PairPotential, type PairTerm } from "./pair-terms.ts";

/** One Morse bond between atoms i and j (0-based): D hartree, a 1/bohr, r0 bohr. */
export interface MorseBond {
  i: number;
  j: number;
  D: number;
  a: number;
  r0: number;
}

export class MorsePotential extends PairPotential<MorseBond> {
  constructor(options: { bonds: readonly MorseBond[] }) {
    super("morse", "MorsePotential", options.bonds, "{i, j, D, a, r0}");
  }

  protected term(bond: MorseBond, where: string): Pick<PairTerm, "energy" | "derivative"> {
    const D = checkNumber("MorsePotential", `${where}.D`, bond.D, true, "hartree");
    const a = checkNumber("MorsePotential", `${where}.a`, bond.a, true, "1/bohr");
    const r0 = checkNumber("MorsePotential", `${where}.r0`, bond.r0, false, "bohr");
    return {
      energy: (r) => D * (1 - Math.exp(-a * (r - r0))) ** 2,
      derivative: (r) => {
        const e = Math.exp(-a * (r - r0));
        return 2 * D * a * e * (1 - e);
      },
    };
  }
}
