/**
 * Harmonic potentials for tests and teaching. Atomic units throughout: k in hartree/bohr², lengths in
 * bohr, charges in e, energies in hartree, forces in hartree/bohr, dipoles in e·bohr.
 *
 * - HarmonicPotential: every atom tethered to its own centre, V = Σ_a ½ k_a |r_a − r0_a|². With
 *   charges it also returns the dipole μ = Σ_a q_a r_a, which is linear in the coordinates: an exactly
 *   solvable IR test (the dipole autocorrelation of a harmonic oscillator is known in closed form).
 * - HarmonicBonds: V = Σ_bonds ½ k (|r_j − r_i| − r0)², invariant under rotations and translations.
 */
import type { Potential, PotentialOutput, Property } from "../../src/core/potential.ts";
import type { System } from "../../src/core/system.ts";
import { checkNumber, checkPositions } from "./check.ts";
import { PairPotential, type PairTerm } from "./pair-terms.ts";

export interface HarmonicPotentialOptions {
  /** Force constant, hartree/bohr²: one for all atoms or one per atom. */
  k: number | ArrayLike<number>;
  /** Centres [nAtoms][3] in bohr; default: all at the origin. */
  r0?: ArrayLike<number>;
  /** Point charges in e, one per atom; when given the potential provides the dipole Σ q r. */
  charges?: ArrayLike<number>;
}

export class HarmonicPotential implements Potential {
  readonly name = "harmonic";
  readonly provides: readonly Property[];
  private readonly k: number | Float64Array;
  private readonly r0?: Float64Array;
  private readonly charges?: Float64Array;

  constructor(options: HarmonicPotentialOptions) {
    const name = "HarmonicPotential";
    if (typeof options.k === "number") {
      this.k = checkNumber(name, "k", options.k, true, "hartree/bohr²");
    } else {
      this.k = Float64Array.from(options.k);
      this.k.forEach((k, a) => checkNumber(name, `k[${a}]`, k, true, "hartree/bohr²"));
    }
    if (options.r0 !== undefined) {
      this.r0 = Float64Array.from(options.r0);
      this.r0.forEach((x, i) => checkNumber(name, `r0[${i}]`, x, false, "bohr"));
    }
    if (options.charges !== undefined) {
      this.charges = Float64Array.from(options.charges);
      this.charges.forEach((q, a) => checkNumber(name, `charges[${a}]`, q, false, "e"));
    }
    this.provides = this.charges ? ["energy", "forces", "dipole"] : ["energy", "forces"];
  }

  private checkSizes(system: System): void {
    const n = system.nAtoms;
    if (typeof this.k !== "number" && this.k.length !== n) {
      throw new Error(`HarmonicPotential: k has ${this.k.length} entries, expected one per atom (${n})`);
    }
    if (this.r0 && this.r0.length !== 3 * n) {
      throw new Error(`HarmonicPotential: r0 has ${this.r0.length} numbers, expected nAtoms·3 = ${3 * n}`);
    }
    if (this.charges && this.charges.length !== n) {
      throw new Error(
        `HarmonicPotential: charges has ${this.charges.length} entries, expected one per atom (${n})`,
      );
    }
  }

  async compute(
    system: System,
    positions: Float64Array,
    nBatch: number,
    want: readonly Property[],
  ): Promise<PotentialOutput> {
    checkPositions(this.name, system, positions, nBatch);
    this.checkSizes(system);
    const n = system.nAtoms;
    const energy = new Float64Array(nBatch);
    const forces = new Float64Array(positions.length);
    for (let b = 0; b < nBatch; b++) {
      for (let a = 0; a < n; a++) {
        const k = typeof this.k === "number" ? this.k : this.k[a];
        for (let x = 0; x < 3; x++) {
          const i = (b * n + a) * 3 + x;
          const d = positions[i] - (this.r0 ? this.r0[a * 3 + x] : 0);
          energy[b] += 0.5 * k * d * d;
          forces[i] = -k * d;
        }
      }
    }
    const out: PotentialOutput = { energy, forces };
    if (this.charges && want.includes("dipole"))
      out.dipole = chargeDipole(this.charges, positions, n, nBatch);
    return out;
  }

  dispose(): void {}
}

/** μ_b = Σ_a q_a r_a for each configuration b, e·bohr. */
export function chargeDipole(
  charges: Float64Array,
  positions: Float64Array,
  n: number,
  nBatch: number,
): Float64Array {
  const mu = new Float64Array(3 * nBatch);
  for (let b = 0; b < nBatch; b++) {
    for (let a = 0; a < n; a++) {
      for (let x = 0; x < 3; x++) mu[b * 3 + x] += charges[a] * positions[(b * n + a) * 3 + x];
    }
  }
  return mu;
}

/** One harmonic bond between atoms i and j (0-based): k in hartree/bohr², r0 in bohr. */
export interface HarmonicBond {
  i: number;
  j: number;
  k: number;
  r0: number;
}

export class HarmonicBonds extends PairPotential<HarmonicBond> {
  constructor(options: { bonds: readonly HarmonicBond[] }) {
    super("harmonic-bonds", "HarmonicBonds", options.bonds, "{i, j, k, r0}");
  }

  protected term(bond: HarmonicBond, where: string): Pick<PairTerm, "energy" | "derivative"> {
    const k = checkNumber("HarmonicBonds", `${where}.k`, bond.k, true, "hartree/bohr²");
    const r0 = checkNumber("HarmonicBonds", `${where}.r0`, bond.r0, false, "bohr");
    return { energy: (r) => 0.5 * k * (r - r0) ** 2, derivative: (r) => k * (r - r0) };
  }
}
