/**
 * Gas-phase flexible water: the intramolecular part of q-TIP4P/F (S. Habershon, T. E. Markland,
 * D. E. Manolopoulos, J. Chem. Phys. 131, 024501 (2009), Table I and Eqs. (2)–(3)), with its point
 * charges for the dipole moment.
 *
 *   V = Σ_{OH bonds} D_r [α_r² Δr² − α_r³ Δr³ + (7/12) α_r⁴ Δr⁴] + ½ k_θ (θ − θ_eq)²,   Δr = r_OH − r_eq,
 *
 * the O–H stretch being the Morse potential expanded to fourth order in Δr. The charges are
 * q_H = +0.5564 e on each H and q_M = −2 q_H = −1.1128 e on the massless M site
 * r_M = γ r_O + (1 − γ)(r_H1 + r_H2)/2, γ = 0.73612; O carries none. The dipole is
 * μ = q_H (r_H1 + r_H2) + q_M r_M (e·bohr); the molecule is neutral, so μ does not depend on the origin.
 * Intramolecular Coulomb terms are excluded in q-TIP4P/F, and with one molecule (or several that do
 * not interact: a gas) there are no Lennard-Jones or intermolecular Coulomb terms.
 *
 * Atoms must come in the order O, H, H (repeated for several non-interacting molecules).
 * Parameters are given here in the paper's units and converted to atomic units once; i-PI's driver
 * (drivers/f90/pes/qtip4pf.f90) hard-codes the same values rounded in atomic units
 * (D_r = 0.185, α_r = 1.21, r_eq = 1.78, ½k_θ = 0.07, γ = 0.73612, q_M = −1.1128).
 */
import type { Potential, PotentialOutput, Property } from "../../src/core/potential.ts";
import type { System } from "../../src/core/system.ts";
import { angstrom, BOHR_IN_ANGSTROM, HARTREE_IN_KCAL_PER_MOL } from "../../src/core/units.ts";
import { checkPositions } from "./check.ts";

/** q-TIP4P/F intramolecular parameters in atomic units (hartree, bohr, radian, e). */
export const QTIP4PF = {
  /** Morse well depth D_r = 116.09 kcal/mol. */
  D: 116.09 / HARTREE_IN_KCAL_PER_MOL,
  /** Morse range α_r = 2.287 Å⁻¹. */
  alpha: 2.287 * BOHR_IN_ANGSTROM,
  /** Equilibrium O–H distance r_eq = 0.9419 Å. */
  rEq: angstrom(0.9419),
  /** Bend force constant k_θ = 87.85 kcal/mol/rad². */
  kTheta: 87.85 / HARTREE_IN_KCAL_PER_MOL,
  /** Equilibrium H–O–H angle θ_eq = 107.4°. */
  thetaEq: (107.4 * Math.PI) / 180,
  /** Charge on each H, e. */
  qH: 0.5564,
  /** Charge on the M site, e (= −2 q_H). */
  qM: -1.1128,
  /** M-site weight of the oxygen position. */
  gamma: 0.73612,
} as const;

export class FlexibleWater implements Potential {
  readonly name = "flexible-water (q-TIP4P/F intramolecular)";
  readonly provides: readonly Property[] = ["energy", "forces", "dipole"];

  /** Throws unless the atoms are O, H, H repeated. */
  static checkSystem(system: System): void {
    const n = system.nAtoms;
    if (n % 3 !== 0) {
      throw new Error(`FlexibleWater: expected atoms in the order O, H, H per molecule; got ${n} atoms`);
    }
    for (let a = 0; a < n; a++) {
      const expected = a % 3 === 0 ? 8 : 1;
      if (system.numbers[a] !== expected) {
        throw new Error(
          `FlexibleWater: atom ${a} is ${system.symbols[a]}, expected ${a % 3 === 0 ? "O" : "H"} ` +
            `(atoms must be in the order O, H, H per molecule)`,
        );
      }
    }
  }

  async compute(
    system: System,
    positions: Float64Array,
    nBatch: number,
    want: readonly Property[],
  ): Promise<PotentialOutput> {
    checkPositions("FlexibleWater", system, positions, nBatch);
    FlexibleWater.checkSystem(system);
    const n = system.nAtoms;
    const energy = new Float64Array(nBatch);
    const forces = new Float64Array(positions.length);
    const withDipole = want.includes("dipole");
    const dipole = withDipole ? new Float64Array(3 * nBatch) : undefined;
    const { qH, qM, gamma } = QTIP4PF;
    const molecule = new Float64Array(9);
    const f = new Float64Array(9);
    for (let b = 0; b < nBatch; b++) {
      for (let m = 0; m < n / 3; m++) {
        const o = (b * n + 3 * m) * 3;
        for (let k = 0; k < 9; k++) molecule[k] = positions[o + k];
        energy[b] += waterIntramolecular(molecule, f);
        for (let k = 0; k < 9; k++) forces[o + k] += f[k];
        if (dipole) {
          for (let x = 0; x < 3; x++) {
            const hSum = positions[o + 3 + x] + positions[o + 6 + x];
            const rM = gamma * positions[o + x] + ((1 - gamma) / 2) * hSum;
            dipole[b * 3 + x] += qH * hSum + qM * rM;
          }
        }
      }
    }
    return dipole ? { energy, forces, dipole } : { energy, forces };
  }

  dispose(): void {}
}

/**
 * Intramolecular q-TIP4P/F energy of one molecule (xyz: O, H1, H2, 9 numbers, bohr; whole, not split
 * across a periodic boundary); writes the forces on O, H1, H2 into `forces` (9 numbers, overwritten).
 */
export function waterIntramolecular(xyz: ArrayLike<number>, forces: Float64Array): number {
  const { D, alpha, rEq, kTheta, thetaEq } = QTIP4PF;
  const r1x = xyz[3] - xyz[0];
  const r1y = xyz[4] - xyz[1];
  const r1z = xyz[5] - xyz[2];
  const r2x = xyz[6] - xyz[0];
  const r2y = xyz[7] - xyz[1];
  const r2z = xyz[8] - xyz[2];
  const r1 = [r1x, r1y, r1z];
  const r2 = [r2x, r2y, r2z];
  const d1 = Math.hypot(r1x, r1y, r1z);
  const d2 = Math.hypot(r2x, r2y, r2z);
  // Stretches: quartic Morse expansion and its derivative dV/dr.
  const s1 = d1 - rEq;
  const s2 = d2 - rEq;
  const a2 = alpha * alpha;
  const a3 = a2 * alpha;
  const a4 = a3 * alpha;
  const stretch = (s: number) => D * (a2 * s * s - a3 * s ** 3 + (7 / 12) * a4 * s ** 4);
  const dStretch = (s: number) => D * (2 * a2 * s - 3 * a3 * s * s + (7 / 3) * a4 * s ** 3);
  // Bend: θ from the unit bond vectors u1, u2; ∂θ/∂r1 = −(u2 − cosθ u1)/(d1 sinθ), likewise for r2.
  const cos = Math.min(1, Math.max(-1, (r1x * r2x + r1y * r2y + r1z * r2z) / (d1 * d2)));
  const theta = Math.acos(cos);
  const sin = Math.sqrt(1 - cos * cos);
  const dVdTheta = kTheta * (theta - thetaEq);
  const g1 = dStretch(s1) / d1;
  const g2 = dStretch(s2) / d2;
  for (let x = 0; x < 3; x++) {
    const u1 = r1[x] / d1;
    const u2 = r2[x] / d2;
    const dTheta1 = -(u2 - cos * u1) / (d1 * sin);
    const dTheta2 = -(u1 - cos * u2) / (d2 * sin);
    const f1 = -g1 * r1[x] - dVdTheta * dTheta1; // force on H1
    const f2 = -g2 * r2[x] - dVdTheta * dTheta2; // force on H2
    forces[3 + x] = f1;
    forces[6 + x] = f2;
    forces[x] = -(f1 + f2);
  }
  return stretch(s1) + stretch(s2) + 0.5 * kTheta * (theta - thetaEq) ** 2;
}

/** Equilibrium geometry of one q-TIP4P/F molecule (O at the origin, molecule in the xy plane), bohr. */
export function waterEquilibriumGeometry(): Float64Array {
  const { rEq, thetaEq } = QTIP4PF;
  const c = Math.cos(thetaEq / 2);
  const s = Math.sin(thetaEq / 2);
  return Float64Array.from([0, 0, 0, rEq * s, rEq * c, 0, -rEq * s, rEq * c, 0]);
}
