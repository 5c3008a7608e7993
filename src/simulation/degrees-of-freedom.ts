/**
 * Degrees of freedom of one physical configuration, counted once per run and handed to the
 * thermostats (Bussi, Nosé–Hoover, Berendsen), the energy log and the blow-up detection.
 *
 * Without a thermostat acting on it, the total momentum is conserved: when it starts at zero
 * (remove_com), 3 degrees of freedom are frozen and N_dof = 3N − 3 (for N > 1).
 */
export function degreesOfFreedom(nAtoms: number, momentumRemovedAndConserved: boolean): number {
  return 3 * nAtoms - (momentumRemovedAndConserved && nAtoms > 1 ? 3 : 0);
}
