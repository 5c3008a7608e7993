/**
 * The measured-temperature prefactor. The classical IR and Raman line shapes are β·ω²·C_cl(ω)
 * (ir.ts, raman.ts): β = 1/k_BT turns the classical fluctuation ⟨δμ δμ⟩, which grows with the energy the
 * trajectory has, into a response that does not. A constant-energy (NVE) trajectory keeps the energy it
 * had when the thermostat was switched off: for a molecule with n degrees of freedom its kinetic
 * temperature scatters by ≈ √(2/n) around the target (±22 % for ethanol's 21 modes), and so does each
 * trajectory's band area when the nominal β is used. Using each unit's own β_i = 1/k_B T_i, with T_i its
 * mean kinetic temperature 2⟨K⟩/(n_dof k_B), removes that scatter: for harmonic modes C_cl ∝ T_i exactly,
 * so every trajectory then gives the exact band areas, whatever its energy (the test pins this).
 *
 * Why this and not canonical reweighting of NVE segments (weights ∝ e^{−βE_i}/g(E_i)): the reweighting
 * needs the density of states g(E) and with a handful of segments a few carry all the weight; rescaling
 * β needs only the velocities and changes no segment's weight. It corrects the draw of the total energy,
 * not how that energy is shared between modes (for that, only more or longer trajectories help, and the
 * confidence band shows it): measured on NVE segments it narrows the spread of a water monomer's total
 * band area (±55 % → ±37 %) but not ethanol's (±20 % → ±23 %: the intensity sits in a few of its 21 modes,
 * whose energies the total barely predicts), so the commands use it only when asked (docs/spectra.md).
 * The quantum-correction and Bose factors keep the nominal temperature.
 *
 * In the code the spectrum is computed with the nominal T and multiplied by T/T_i: the same as β_i in the
 * prefactor.
 */
import type { TimeSeries } from "../time-series.ts";

export interface KineticTemperatureOptions {
  /** Degrees of freedom (default the number of velocity components, 3·nAtoms). */
  degreesOfFreedom?: number;
  /** Per-component masses (electron masses); default the series' meta.masses. */
  masses?: ArrayLike<number>;
}

/** Mean kinetic temperature k_B·T = 2⟨K⟩/n_dof of a velocity series (hartree). */
export function kineticTemperature(velocities: TimeSeries, options: KineticTemperatureOptions = {}): number {
  const name = velocities.meta.source ?? "velocities";
  const masses = options.masses ?? velocities.meta.masses;
  const nc = velocities.nComponents;
  if (masses === undefined || masses.length !== nc) {
    throw new Error(`${name}: a kinetic temperature needs one mass per velocity component (${nc})`);
  }
  const dof = options.degreesOfFreedom ?? nc;
  if (!(dof > 0)) throw new Error(`${name}: degrees of freedom must be positive, got ${dof}`);
  let twiceK = 0;
  for (let n = 0; n < velocities.nSteps; n++) {
    for (let c = 0; c < nc; c++) twiceK += masses[c] * velocities.values[n * nc + c] ** 2;
  }
  const temperature = twiceK / velocities.nSteps / dof;
  if (!(temperature > 0)) throw new Error(`${name}: the velocities are all zero (no kinetic temperature)`);
  return temperature;
}

/** Factor T_nominal / T_measured that turns a nominal-β spectrum into a measured-β one. */
export function prefactorScale(nominal: number, measured: number, source = "trajectory"): number {
  if (!(measured > 0)) throw new Error(`${source}: measured temperature must be positive, got ${measured}`);
  return nominal / measured;
}
