/**
 * Integrators and thermostats. An integrator advances an MDState by one time step, calling the
 * potential through a ForceEvaluator; it is composed of B (kick), A (drift, or free ring-polymer
 * propagation) and O (thermostat) pieces, and reports the quantity its dynamics conserve.
 */
import type { MDState, System } from "./system.ts";

/** Evaluates the potential at state.positions; stores forces, potentialEnergy (and properties) in state. */
export type ForceEvaluator = (state: MDState) => Promise<void>;

export interface Integrator {
  readonly name: string;
  /** Time step in atomic time units. */
  readonly dt: number;
  /** Advance one step. Forces in `state` are current on entry and on exit. */
  step(state: MDState, system: System, evaluate: ForceEvaluator): Promise<void>;
  /**
   * Conserved quantity in hartree: the Hamiltonian that the deterministic part integrates, plus the
   * heat the thermostat has exchanged (state.thermostatHeat) and any thermostat energy (e.g. NHC).
   */
  conservedQuantity(state: Readonly<MDState>, system: System): number;
  /** Serialisable internal state (random generator, thermostat variables) for checkpoints. */
  saveState(): unknown;
  loadState(saved: unknown): void;
}

/** An O piece: acts on momenta for a time dt and books the energy it exchanges in state.thermostatHeat. */
export interface Thermostat {
  readonly name: string;
  /** Target temperature k_B·T in hartree. */
  readonly temperature: number;
  apply(state: MDState, system: System, dt: number): void;
  /** Energy stored in the thermostat's own degrees of freedom (Nosé–Hoover chains); 0 for others. */
  energy(): number;
  saveState(): unknown;
  loadState(saved: unknown): void;
}
