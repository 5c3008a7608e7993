/**
 * q-TIP4P/F liquid water in a periodic cell: S. Habershon, T. E. Markland and D. E. Manolopoulos,
 * "Competing quantum effects in the dynamics of a flexible water model", J. Chem. Phys. 131, 024501
 * (2009), Eqs. (1)–(4) and Table I.
 *
 *   V = Σ_molecules V_intra  +  Σ_{O–O pairs} 4ε[(σ/r)¹² − (σ/r)⁶]  +  Σ_{intermolecular charge pairs} q_i q_j / r
 *
 * - V_intra (flexible-water.ts, shared with the gas-phase model): the O–H Morse stretch expanded to
 *   FOURTH order in Δr = r − r_eq, D_r[α_r²Δr² − α_r³Δr³ + (7/12)α_r⁴Δr⁴], and the harmonic bend
 *   ½k_θ(θ − θ_eq)²; D_r = 116.09 kcal/mol, α_r = 2.287 Å⁻¹, r_eq = 0.9419 Å, k_θ = 87.85 kcal/mol/rad²,
 *   θ_eq = 107.4°.
 * - Lennard-Jones between oxygens: ε = 0.1852 kcal/mol, σ = 3.1589 Å, cut at r_LJ (default 9 Å) and by
 *   default shifted to zero there (so that NVE conserves energy; forces unchanged).
 * - Charges q_H = +0.5564 e on each H and q_M = −1.1128 e on the massless site
 *   r_M = γ r_O + (1 − γ)(r_H1 + r_H2)/2, γ = 0.73612; no intramolecular Coulomb terms. The long-range
 *   sum is Ewald's (ewald/ewald.ts) with the accuracy δ given (default 1e-6: relative energy and RMS
 *   force errors of order δ, docs/periodic.md). Since r_M is a fixed linear combination of the atoms of
 *   its molecule, the force on M is handed on exactly: γ F_M to O and (1 − γ)/2 F_M to each H.
 *
 * Atoms in the order O, H, H per molecule. Positions are unwrapped; a molecule split across the
 * boundary (as a per-atom wrapped file has it) is made whole by the minimum image of its O–H vectors.
 *
 * Outputs, per configuration of the batch (beads): energy, forces, the box dipole
 * μ = Σ_molecules [q_H (r_H1 + r_H2) + q_M r_M] (whole molecules, so it is continuous in time), and the
 * virial W_ab = −∂E/∂ε_ab (hartree; pressure P = (2K + tr W)/(3V), see src/core/pressure.ts).
 *
 * The Ewald parameters are chosen on the first call from that cell and kept for the lifetime of the
 * potential (constant-volume MD; a strain derivative needs them fixed), unless given explicitly.
 */
import { isPeriodic, minimumImage, type Cell } from "../../src/core/cell.ts";
import { VerletList } from "../../src/core/neighbour-list.ts";
import type { Potential, PotentialOutput, Property } from "../../src/core/potential.ts";
import type { System } from "../../src/core/system.ts";
import { angstrom, HARTREE_IN_KCAL_PER_MOL } from "../../src/core/units.ts";
import { checkPositions } from "./check.ts";
import { addPairForce, EwaldSum, type EwaldResult } from "./ewald/ewald.ts";
import { chooseEwaldParameters, type EwaldParameters } from "./ewald/parameters.ts";
import { FlexibleWater, QTIP4PF, waterIntramolecular } from "./flexible-water.ts";

/** Lennard-Jones O–O parameters of q-TIP4P/F (Table I of the paper), atomic units. */
export const QTIP4PF_LJ = {
  /** ε_OO = 0.1852 kcal/mol. */
  epsilon: 0.1852 / HARTREE_IN_KCAL_PER_MOL,
  /** σ_OO = 3.1589 Å. */
  sigma: angstrom(3.1589),
} as const;

/**
 * Atomic charges (e) that give the q-TIP4P/F dipole of each molecule, for atoms in (O, H, H) order:
 * μ = q_H(r_H1 + r_H2) + q_M r_M with r_M = γ r_O + (1 − γ)(r_H1 + r_H2)/2 and q_M = −2q_H is
 * γ q_H (r_H1 + r_H2 − 2 r_O), i.e. γ q_H on each H and −2γ q_H on O (the M site folded onto the atoms).
 */
export function qTip4pFDipoleCharges(nAtoms: number): Float64Array {
  if (nAtoms % 3 !== 0) throw new Error(`q-TIP4P/F needs atoms in (O, H, H) triplets; got ${nAtoms} atoms`);
  const { qH, gamma } = QTIP4PF;
  return Float64Array.from({ length: nAtoms }, (_, i) => (i % 3 === 0 ? -2 * gamma * qH : gamma * qH));
}

export interface QTip4pFOptions {
  /** Ewald accuracy δ (default 1e-6), see ewald/parameters.ts. */
  ewaldAccuracy?: number;
  /** Cost ratio w that sets the Ewald α (ewald/parameters.ts). */
  ewaldCostRatio?: number;
  /** Fixed Ewald parameters (overrides ewaldAccuracy and ewaldCostRatio). */
  ewaldParameters?: EwaldParameters;
  /** Lennard-Jones cutoff, bohr (default 9 Å). */
  ljCutoff?: number;
  /** Shift the LJ potential to zero at the cutoff (default true). */
  shiftLJ?: boolean;
  /** Verlet skin of the pair lists, bohr (default 1). */
  skin?: number;
}

/** Energy parts of the last configuration evaluated (hartree), for reports and benchmarks. */
export interface QTip4pFParts {
  intramolecular: number;
  lennardJones: number;
  coulomb: EwaldResult["parts"];
}

export class QTip4pF implements Potential {
  readonly name = "q-TIP4P/F (periodic, Ewald)";
  readonly provides: readonly Property[] = ["energy", "forces", "dipole", "virial"];
  readonly cutoff: number;
  /** Energy parts of the last configuration of the last call. */
  lastParts: QTip4pFParts | undefined;
  private ewald: EwaldSum | undefined;
  private readonly ljLists = new Map<number, VerletList>();
  private readonly shift: number;

  constructor(private readonly options: QTip4pFOptions = {}) {
    this.cutoff = options.ljCutoff ?? angstrom(9);
    if (!(this.cutoff > 0)) throw new Error(`QTip4pF: ljCutoff must be positive (bohr), got ${this.cutoff}`);
    const { epsilon, sigma } = QTIP4PF_LJ;
    const sr6 = (sigma / this.cutoff) ** 6;
    this.shift = (options.shiftLJ ?? true) ? 4 * epsilon * (sr6 * sr6 - sr6) : 0;
  }

  /** The Ewald parameters in use (chosen on the first call unless given). */
  get ewaldParameters(): EwaldParameters | undefined {
    return this.ewald?.parameters;
  }

  /** How many times the pair lists of configuration `stream` have been built (LJ and Ewald real space). */
  listBuilds(stream = 0): { lennardJones: number; ewald: number } {
    return {
      lennardJones: this.ljLists.get(stream)?.builds ?? 0,
      ewald: this.ewald?.listBuilds(stream) ?? 0,
    };
  }

  async compute(
    system: System,
    positions: Float64Array,
    nBatch: number,
    want: readonly Property[],
  ): Promise<PotentialOutput> {
    checkPositions("QTip4pF", system, positions, nBatch);
    FlexibleWater.checkSystem(system);
    const cell = system.cell;
    if (!isPeriodic(cell) || !cell.pbc.every((p) => p)) {
      throw new Error(
        'QTip4pF: the system needs a cell periodic in all three directions (Lattice=… pbc="T T T")',
      );
    }
    const nMol = system.nAtoms / 3;
    const ewald = (this.ewald ??= new EwaldSum(
      this.options.ewaldParameters ??
        chooseEwaldParameters(cell, 3 * nMol, {
          accuracy: this.options.ewaldAccuracy ?? 1e-6,
          costRatio: this.options.ewaldCostRatio,
        }),
      3 * nMol,
      { exclusions: moleculeExclusions(nMol), skin: this.options.skin },
    ));
    const n3 = 3 * system.nAtoms;
    const energy = new Float64Array(nBatch);
    const forces = new Float64Array(positions.length);
    const dipole = want.includes("dipole") ? new Float64Array(3 * nBatch) : undefined;
    const virial = want.includes("virial") ? new Float64Array(9 * nBatch) : undefined;
    const { qH, qM, gamma } = QTIP4PF;
    const charges = Float64Array.from({ length: 3 * nMol }, (_, s) => (s % 3 === 2 ? qM : qH));
    const whole = new Float64Array(n3);
    const sites = new Float64Array(9 * nMol);
    const fIntra = new Float64Array(9);
    const d = [0, 0, 0];
    for (let b = 0; b < nBatch; b++) {
      const r = positions.subarray(b * n3, (b + 1) * n3);
      const f = forces.subarray(b * n3, (b + 1) * n3);
      const w = new Float64Array(9);
      let eIntra = 0;
      for (let m = 0; m < nMol; m++) {
        const o = 9 * m;
        // The molecule made whole: O as given, each H at the minimum image of its O–H vector.
        for (let x = 0; x < 3; x++) whole[o + x] = r[o + x];
        for (const hOff of [3, 6]) {
          for (let x = 0; x < 3; x++) d[x] = r[o + hOff + x] - r[o + x];
          minimumImage(cell, d);
          for (let x = 0; x < 3; x++) whole[o + hOff + x] = r[o + x] + d[x];
        }
        eIntra += waterIntramolecular(whole.subarray(o, o + 9), fIntra);
        for (let k = 0; k < 9; k++) f[o + k] += fIntra[k];
        for (let x = 0; x < 3; x++) {
          const h1 = whole[o + 3 + x];
          const h2 = whole[o + 6 + x];
          sites[o + x] = h1;
          sites[o + 3 + x] = h2;
          sites[o + 6 + x] = gamma * whole[o + x] + ((1 - gamma) / 2) * (h1 + h2);
        }
        // intramolecular virial Σ_H F_H ⊗ (r_H − r_O) (the forces of a molecule sum to zero)
        for (let x = 0; x < 3; x++) {
          for (let y = 0; y < 3; y++) {
            w[3 * x + y] +=
              fIntra[3 + x] * (whole[o + 3 + y] - whole[o + y]) +
              fIntra[6 + x] * (whole[o + 6 + y] - whole[o + y]);
          }
        }
      }
      const eLJ = this.lennardJones(r, cell, b, f, w);
      const coulomb = ewald.compute(sites, charges, cell, b);
      for (let m = 0; m < nMol; m++) {
        const o = 9 * m;
        for (let x = 0; x < 3; x++) {
          const fM = coulomb.forces[o + 6 + x];
          f[o + x] += gamma * fM;
          f[o + 3 + x] += coulomb.forces[o + x] + ((1 - gamma) / 2) * fM;
          f[o + 6 + x] += coulomb.forces[o + 3 + x] + ((1 - gamma) / 2) * fM;
          if (dipole) dipole[3 * b + x] += qH * (sites[o + x] + sites[o + 3 + x]) + qM * sites[o + 6 + x];
        }
      }
      for (let k = 0; k < 9; k++) w[k] += coulomb.virial[k];
      if (virial) virial.set(w, 9 * b);
      energy[b] = eIntra + eLJ + coulomb.energy;
      this.lastParts = { intramolecular: eIntra, lennardJones: eLJ, coulomb: coulomb.parts };
    }
    const out: PotentialOutput = { energy, forces };
    if (dipole) out.dipole = dipole;
    if (virial) out.virial = virial;
    return out;
  }

  /** Shifted LJ between oxygens of configuration `stream`; adds forces and virial, returns the energy. */
  private lennardJones(
    r: Float64Array,
    cell: Cell,
    stream: number,
    f: Float64Array,
    w: Float64Array,
  ): number {
    let list = this.ljLists.get(stream);
    if (!list) {
      list = new VerletList(this.cutoff, this.options.skin ?? 1);
      this.ljLists.set(stream, list);
    }
    const nMol = r.length / 9;
    const oxygens = new Float64Array(3 * nMol);
    for (let m = 0; m < nMol; m++) for (let x = 0; x < 3; x++) oxygens[3 * m + x] = r[9 * m + x];
    const pairs = list.update(oxygens, cell);
    const h = cell.matrix;
    const { epsilon, sigma } = QTIP4PF_LJ;
    const s2 = sigma * sigma;
    const rc2 = this.cutoff * this.cutoff;
    let energy = 0;
    for (let p = 0; p < pairs.count; p++) {
      const i = pairs.first[p];
      const j = pairs.second[p];
      const n0 = pairs.shifts[3 * p];
      const n1 = pairs.shifts[3 * p + 1];
      const n2 = pairs.shifts[3 * p + 2];
      const dx = oxygens[3 * j] - oxygens[3 * i] + n0 * h[0] + n1 * h[3] + n2 * h[6];
      const dy = oxygens[3 * j + 1] - oxygens[3 * i + 1] + n0 * h[1] + n1 * h[4] + n2 * h[7];
      const dz = oxygens[3 * j + 2] - oxygens[3 * i + 2] + n0 * h[2] + n1 * h[5] + n2 * h[8];
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 >= rc2) continue;
      const sr6 = (s2 / d2) ** 3;
      energy += 4 * epsilon * (sr6 * sr6 - sr6) - this.shift;
      // force on j along d: −dV/dr / r = 24ε(2 sr¹² − sr⁶)/r²
      const g = (24 * epsilon * (2 * sr6 * sr6 - sr6)) / d2;
      addPairForce(f, w, 3 * i, 3 * j, g, dx, dy, dz); // oxygens are every third atom
    }
    return energy;
  }

  dispose(): void {}
}

/** Site pairs (H1, H2), (H1, M), (H2, M) of every molecule: no Coulomb interaction within a molecule. */
function moleculeExclusions(nMol: number): [number, number][] {
  const out: [number, number][] = [];
  for (let m = 0; m < nMol; m++) out.push([3 * m, 3 * m + 1], [3 * m, 3 * m + 2], [3 * m + 1, 3 * m + 2]);
  return out;
}
