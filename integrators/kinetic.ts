/**
 * Kinetic energy and kinetic temperature per configuration of a batch. Thermostats act on each
 * configuration (bead or replica) separately, so they need K of one configuration, not of the batch.
 */
import type { MDState, System } from "../src/core/system.ts";

/** Kinetic energy Σ_a p_a²/2m_a of configuration b (hartree). */
export function configurationKineticEnergy(system: System, momenta: Float64Array, b: number): number {
  const n = system.nAtoms;
  let k = 0;
  for (let a = 0; a < n; a++) {
    const i = (b * n + a) * 3;
    k += (momenta[i] ** 2 + momenta[i + 1] ** 2 + momenta[i + 2] ** 2) / (2 * system.masses[a]);
  }
  return k;
}

/** Multiplies the momenta of configuration b by `factor`. */
export function scaleConfigurationMomenta(
  system: System,
  momenta: Float64Array,
  b: number,
  factor: number,
): void {
  const start = b * system.nAtoms * 3;
  const end = start + system.nAtoms * 3;
  for (let i = start; i < end; i++) momenta[i] *= factor;
}

/**
 * Degrees of freedom of one configuration: `nDof` if given (validated), else 3N. Pass 3N − 3 when
 * the centre-of-mass momentum is removed and stays zero.
 */
export function degreesOfFreedom(system: System, nDof: number | undefined, owner: string): number {
  if (nDof === undefined) return 3 * system.nAtoms;
  if (!Number.isInteger(nDof) || nDof < 1 || nDof > 3 * system.nAtoms) {
    throw new Error(`${owner}: nDof must be an integer in 1..${3 * system.nAtoms} (3N), got ${nDof}`);
  }
  return nDof;
}

/**
 * Kinetic temperature k_B·T = 2K/N_dof in hartree, averaged over the whole batch:
 * 2·ΣK / (nBatch·nDof). `nDof` is per configuration, default 3N.
 */
export function kineticTemperature(state: Readonly<MDState>, system: System, nDof?: number): number {
  const f = degreesOfFreedom(system, nDof, "kineticTemperature");
  let k = 0;
  for (let b = 0; b < state.nBatch; b++) k += configurationKineticEnergy(system, state.momenta, b);
  return (2 * k) / (state.nBatch * f);
}
