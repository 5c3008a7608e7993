/**
 * Stochastic velocity rescaling (Bussi, Donadio, Parrinello, J. Chem. Phys. 126, 014101 (2007)) of
 * the ring-polymer centroid: the global centroid thermostat of PILE-G.
 *
 * The centroid normal-mode momenta p̃_0 of all atoms are rescaled together by α so that their kinetic
 * energy K = Σ p̃_0²/2m follows the exact Bussi propagator over a time h with relaxation time τ:
 *
 *   α² = c + (1 − c)(R₁² + S) K̄/(N_f K) + 2 R₁ √(c (1 − c) K̄/(N_f K)),  c = exp(−h/τ),
 *   sign α = sign(R₁ + √(c N_f K/((1 − c) K̄))),
 *
 * with R₁ ~ N(0,1), S a χ² variate of N_f − 1 degrees of freedom, N_f = 3·nAtoms and the target
 * K̄ = N_f P k_B T/2 (the centroid mode is at the bead temperature P·T, as all modes are).
 */
import type { Random } from "../../src/core/random.ts";

export class CentroidSvr {
  private readonly c: number;

  /**
   * @param tau relaxation time τ (atomic time)
   * @param beadTemperature P·k_B·T in hartree
   * @param h time the O step covers (atomic time)
   */
  constructor(
    readonly tau: number,
    readonly beadTemperature: number,
    readonly h: number,
  ) {
    this.c = Math.exp(-h / tau);
  }

  /**
   * Rescale the centroid momenta (mode 0 of pModes, [P][nAtoms][3]) in place.
   * @returns the change of the kinetic energy (hartree)
   */
  apply(pModes: Float64Array, masses: Float64Array, rng: Random): number {
    const nAtoms = masses.length;
    const nf = 3 * nAtoms;
    let K = 0;
    for (let a = 0; a < nAtoms; a++) {
      for (let x = 0; x < 3; x++) K += pModes[a * 3 + x] ** 2 / (2 * masses[a]);
    }
    if (K === 0) return 0; // nothing to rescale; a centroid at rest stays at rest under SVR
    const target = (nf * this.beadTemperature) / 2;
    const c = this.c;
    const r1 = rng.normal();
    let s = 0;
    for (let i = 1; i < nf; i++) s += rng.normal() ** 2;
    const ratio = target / (nf * K);
    const alpha2 = c + (1 - c) * (r1 * r1 + s) * ratio + 2 * r1 * Math.sqrt(c * (1 - c) * ratio);
    const sign = r1 + Math.sqrt((c * nf * K) / ((1 - c) * target)) < 0 ? -1 : 1;
    const alpha = sign * Math.sqrt(alpha2);
    for (let i = 0; i < nf; i++) pModes[i] *= alpha;
    return (alpha2 - 1) * K;
  }
}
