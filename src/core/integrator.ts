/**
 * Integrators and thermostats. An integrator advances an MDState by one time step, calling the
 * potential through a ForceEvaluator; it is composed of B (kick), A (drift, or free ring-polymer
 * propagation) and O (thermostat) pieces, and reports the quantity its dynamics conserve.
 *
 * The contract carries what a run loop or an observer would otherwise have to guess from the
 * integrator's class: how forces are evaluated (computeForces: e.g. through a contracted ring
 * polymer), which energy estimators the log shows, and how the kinetic energy reads a temperature.
 */
import type { MDState, System } from "./system.ts";

/** Evaluates the potential at state.positions; stores forces, potentialEnergy (and properties) in state. */
export type ForceEvaluator = (state: MDState) => Promise<void>;

/** Where the O piece sits in a symmetric B/A/O splitting (docs/integrators.md). */
export type Splitting = "baoab" | "obabo";

/** One energy column of the log: an estimator in hartree per configuration, named without its unit. */
export interface EnergyEstimate {
  readonly name: string;
  readonly value: number;
}

/** The kinetic energy (hartree) and degrees of freedom whose ratio reads the temperature: k_B·T = 2K/N_dof. */
export interface Thermometer {
  kinetic: number;
  degreesOfFreedom: number;
}

export interface Integrator {
  readonly name: string;
  /** Time step in atomic time units. */
  readonly dt: number;
  /** The temperature k_B·T (hartree) the dynamics samples (a thermostat's target); undefined for NVE. */
  readonly temperature?: number;
  /** Advance one step. Forces in `state` are current on entry and on exit. */
  step(state: MDState, system: System, evaluate: ForceEvaluator): Promise<void>;
  /**
   * Evaluate the forces of `state` by the integrator's own rule (what step() does after its drift):
   * the run loop's first evaluation goes through here, so nothing like ring-polymer contraction is
   * ever bypassed.
   */
  computeForces(state: MDState, evaluate: ForceEvaluator): Promise<void>;
  /**
   * Conserved quantity in hartree: the Hamiltonian that the deterministic part integrates, plus the
   * heat the thermostat has exchanged (state.thermostatHeat) and any thermostat energy (e.g. NHC).
   */
  conservedQuantity(state: Readonly<MDState>, system: System): number;
  /** The energy estimators of the log (e.g. potential and kinetic; i-PI's set for a ring polymer). */
  energyEstimates(state: Readonly<MDState>, system: System): EnergyEstimate[];
  /**
   * The temperature reading of `state`: `nDof` is the degrees of freedom of one physical configuration
   * (3N, or 3N − 3 with the centre-of-mass momentum removed and conserved).
   */
  thermometer(state: Readonly<MDState>, system: System, nDof: number): Thermometer;
  /** Serialisable internal state (random generator, thermostat variables) for checkpoints. */
  saveState(): unknown;
  loadState(saved: unknown): void;
}

/** An O piece: acts on momenta for a time dt and books the energy it exchanges in state.thermostatHeat. */
export interface Thermostat {
  readonly name: string;
  /** Target temperature k_B·T in hartree. */
  readonly temperature: number;
  /** The splitting this thermostat is best used in (BAOAB for Langevin, OBABO for global ones). */
  readonly preferredSplitting: Splitting;
  apply(state: MDState, system: System, dt: number): void;
  /** Energy stored in the thermostat's own degrees of freedom (Nosé–Hoover chains); 0 for others. */
  energy(): number;
  saveState(): unknown;
  loadState(saved: unknown): void;
}
