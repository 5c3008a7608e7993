/**
 * Langevin O step on ring-polymer normal modes, the local part of PILE (Ceriotti, Parrinello,
 * Markland, Manolopoulos, J. Chem. Phys. 133, 124104 (2010)) and of TRPMD.
 *
 * Each normal-mode momentum p̃_k of each atom a and Cartesian direction follows the exact
 * Ornstein–Uhlenbeck flow over a time h,
 *
 *   p̃ ← c₁ p̃ + √(m_a P k_B T (1 − c₁²)) ξ,   c₁ = exp(−γ_k h),  ξ ~ N(0, 1),
 *
 * where P k_B T is the bead temperature (in normal-mode coordinates with an orthonormal transform and
 * bead masses equal to the physical masses, every mode is in equilibrium at P·T, as i-PI does).
 * Modes with γ_k = 0 are left alone (for example a free TRPMD centroid).
 */
import type { Random } from "../../src/core/random.ts";

export class NormalModeLangevin {
  private readonly c1: Float64Array;
  private readonly c2: Float64Array;

  /**
   * @param gammas friction γ_k per mode (1/atomic time); 0 leaves the mode unthermostatted
   * @param beadTemperature P·k_B·T in hartree
   * @param h time the O step covers (atomic time)
   */
  constructor(
    readonly gammas: Float64Array,
    readonly beadTemperature: number,
    readonly h: number,
  ) {
    this.c1 = gammas.map((g) => Math.exp(-g * h));
    this.c2 = this.c1.map((c) => Math.sqrt(1 - c * c));
  }

  /**
   * Thermostat the normal-mode momenta pModes ([P][nAtoms][3]) in place.
   * @returns the change of the kinetic energy Σ p̃²/2m summed over modes and atoms (hartree)
   */
  apply(pModes: Float64Array, masses: Float64Array, rng: Random): number {
    const nAtoms = masses.length;
    let dK = 0;
    for (let k = 0; k < this.gammas.length; k++) {
      if (this.gammas[k] === 0) continue;
      const c1 = this.c1[k];
      const c2 = this.c2[k];
      for (let a = 0; a < nAtoms; a++) {
        const m = masses[a];
        const sigma = c2 * Math.sqrt(m * this.beadTemperature);
        const i0 = (k * nAtoms + a) * 3;
        for (let i = i0; i < i0 + 3; i++) {
          const before = pModes[i];
          const after = c1 * before + sigma * rng.normal();
          pModes[i] = after;
          dK += (after * after - before * before) / (2 * m);
        }
      }
    }
    return dK;
  }
}
