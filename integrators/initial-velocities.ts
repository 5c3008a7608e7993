/**
 * Initial momenta: Maxwell–Boltzmann at temperature k_B·T, p ~ N(0, m k_B·T) per Cartesian
 * component, drawn from a seeded Random so a run is reproducible. Optionally the centre-of-mass
 * momentum of each configuration is removed, and the momenta are rescaled so that each configuration
 * has exactly the target kinetic temperature 2K/N_dof = k_B·T (N_dof = 3N, or 3N − 3 without CoM motion).
 */
import type { Random } from "../src/core/random.ts";
import type { MDState, System } from "../src/core/system.ts";
import { configurationKineticEnergy, scaleConfigurationMomenta } from "./kinetic.ts";
import { requirePositive } from "./validate.ts";

export { kineticTemperature } from "./kinetic.ts";

export interface MaxwellBoltzmannOptions {
  /** Remove the centre-of-mass momentum of each configuration (default false). */
  removeCenterOfMass?: boolean;
  /** Rescale each configuration to exactly the target kinetic temperature (default false). */
  rescale?: boolean;
}

/** Overwrites state.momenta with Maxwell–Boltzmann momenta at k_B·T = `temperature` (hartree). */
export function maxwellBoltzmann(
  state: MDState,
  system: System,
  temperature: number,
  rng: Random,
  options: MaxwellBoltzmannOptions = {},
): void {
  requirePositive(temperature, "maxwellBoltzmann: temperature", "k_B·T in hartree");
  const n = system.nAtoms;
  const p = state.momenta;
  for (let b = 0; b < state.nBatch; b++) {
    for (let a = 0; a < n; a++) {
      const sigma = Math.sqrt(system.masses[a] * temperature);
      const i = (b * n + a) * 3;
      p[i] = sigma * rng.normal();
      p[i + 1] = sigma * rng.normal();
      p[i + 2] = sigma * rng.normal();
    }
  }
  if (options.removeCenterOfMass) removeCenterOfMassMotion(state, system);
  if (options.rescale) {
    const nDof = 3 * n - (options.removeCenterOfMass ? 3 : 0);
    if (nDof === 0)
      throw new Error("maxwellBoltzmann: cannot rescale one atom with its centre-of-mass motion removed");
    for (let b = 0; b < state.nBatch; b++) {
      const k = configurationKineticEnergy(system, p, b);
      scaleConfigurationMomenta(system, p, b, Math.sqrt((nDof * temperature) / (2 * k)));
    }
  }
}

/**
 * Removes the total momentum of each configuration: p_a ← p_a − m_a·P/M, which leaves the relative
 * motion untouched and makes Σ_a p_a = 0 (the centre of mass then stands still).
 */
export function removeCenterOfMassMotion(state: MDState, system: System): void {
  const n = system.nAtoms;
  const p = state.momenta;
  let totalMass = 0;
  for (let a = 0; a < n; a++) totalMass += system.masses[a];
  for (let b = 0; b < state.nBatch; b++) {
    const total = [0, 0, 0];
    for (let a = 0; a < n; a++) for (let x = 0; x < 3; x++) total[x] += p[(b * n + a) * 3 + x];
    for (let a = 0; a < n; a++) {
      const w = system.masses[a] / totalMass;
      for (let x = 0; x < 3; x++) p[(b * n + a) * 3 + x] -= w * total[x];
    }
  }
}
