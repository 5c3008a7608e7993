/**
 * Pressure estimators from the virial W_ab = −∂V/∂ε_ab (PotentialOutput.virial) of a periodic system.
 *
 * Classical: P = (2K + tr W) / (3V), K the kinetic energy (virial theorem for a homogeneous strain).
 *
 * Ring polymer with P beads (centroid-virial estimator, e.g. Tuckerman, Statistical Mechanics: Theory
 * and Molecular Simulation, ch. 12): from P = k_B T ∂ln Z/∂V with the centroids scaled and the bead
 * deviations δ_i^b = r_i^b − r̄_i held fixed (so the springs do not change),
 *   P = [3N k_B T + (1/P) Σ_b (tr W_b − Σ_i δ_i^b·F_i^b)] / (3V),
 * i.e. 2K_cv + ⟨tr W⟩ over 3V with the centroid-virial kinetic energy K_cv = 3N k_B T/2 − Σ δ·F/(2P);
 * F_i^b is the physical force on bead b. Its variance does not grow with P, unlike the primitive estimator.
 */

/** One atomic unit of pressure (hartree/bohr³) in bar. */
export const ATOMIC_PRESSURE_IN_BAR = 2.9421015697e8;

/** Classical pressure, hartree/bohr³: kinetic energy K (hartree), virial tensor W (9, hartree), volume V (bohr³). */
export function classicalPressure(kinetic: number, virial: ArrayLike<number>, volume: number): number {
  return (2 * kinetic + virial[0] + virial[4] + virial[8]) / (3 * volume);
}

/**
 * Centroid-virial pressure of a ring polymer, hartree/bohr³. positions and forces [P][nAtoms][3]
 * (unwrapped bead positions, physical forces), virial [P][9], temperature k_B T (hartree).
 */
export function centroidVirialPressure(
  positions: ArrayLike<number>,
  forces: ArrayLike<number>,
  virial: ArrayLike<number>,
  nBeads: number,
  temperature: number,
  volume: number,
): number {
  const n3 = positions.length / nBeads;
  const centroid = new Float64Array(n3);
  for (let b = 0; b < nBeads; b++) for (let k = 0; k < n3; k++) centroid[k] += positions[b * n3 + k] / nBeads;
  let w = 0;
  for (let b = 0; b < nBeads; b++) {
    w += virial[9 * b] + virial[9 * b + 4] + virial[9 * b + 8];
    for (let k = 0; k < n3; k++) w -= (positions[b * n3 + k] - centroid[k]) * forces[b * n3 + k];
  }
  const nAtoms = n3 / 3;
  return (3 * nAtoms * temperature + w / nBeads) / (3 * volume);
}
