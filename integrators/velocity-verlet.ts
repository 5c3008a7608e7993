/**
 * Velocity Verlet, optionally with a thermostat, as a symmetric splitting of the Liouvillian into
 * B (kick), A (drift) and O (thermostat) pieces (see docs/integrators.md):
 *
 *   NVE (no thermostat):   B(dt/2) A(dt) B(dt/2)
 *   "obabo":               O(dt/2) B(dt/2) A(dt) B(dt/2) O(dt/2)     (default for Bussi, NHC, Berendsen)
 *   "baoab":               B(dt/2) A(dt/2) O(dt) A(dt/2) B(dt/2)     (default for Langevin; Leimkuhler–Matthews)
 *
 * Forces are evaluated once per step (after the drift). Every configuration of the batch moves
 * independently; the thermostat decides itself whether it acts per atom or per configuration.
 * The clock (state.step, state.time) is moved on by the integrator.
 */
import type {
  EnergyEstimate,
  ForceEvaluator,
  Integrator,
  Splitting,
  Thermometer,
  Thermostat,
} from "../src/core/integrator.ts";
import { kineticEnergy, type MDState, type System } from "../src/core/system.ts";
import { advanceClock, drift, kick } from "./steps.ts";
import { requirePositive } from "./validate.ts";

export type { Splitting } from "../src/core/integrator.ts";

export interface VelocityVerletOptions {
  /** Time step in atomic time units. */
  dt: number;
  /** O piece; none gives NVE. */
  thermostat?: Thermostat;
  /** Where the O piece sits; default: the thermostat's preferred splitting. */
  splitting?: Splitting;
}

export class VelocityVerlet implements Integrator {
  readonly name: string;
  readonly dt: number;
  readonly thermostat?: Thermostat;
  readonly splitting: Splitting;

  constructor(options: VelocityVerletOptions) {
    this.dt = requirePositive(options.dt, "VelocityVerlet: dt (time step)", "atomic time");
    this.thermostat = options.thermostat;
    const splitting = options.splitting ?? options.thermostat?.preferredSplitting ?? "obabo";
    if (splitting !== "baoab" && splitting !== "obabo") {
      throw new Error(`VelocityVerlet: splitting must be "baoab" or "obabo", got "${String(splitting)}"`);
    }
    this.splitting = splitting;
    this.name = this.thermostat
      ? `velocity-verlet/${this.splitting}/${this.thermostat.name}`
      : "velocity-verlet";
  }

  async step(state: MDState, system: System, evaluate: ForceEvaluator): Promise<void> {
    const dt = this.dt;
    const o = this.thermostat;
    if (!o) {
      kick(state, dt / 2);
      drift(state, system, dt);
      await evaluate(state);
      kick(state, dt / 2);
    } else if (this.splitting === "obabo") {
      o.apply(state, system, dt / 2);
      kick(state, dt / 2);
      drift(state, system, dt);
      await evaluate(state);
      kick(state, dt / 2);
      o.apply(state, system, dt / 2);
    } else {
      kick(state, dt / 2);
      drift(state, system, dt / 2);
      o.apply(state, system, dt);
      drift(state, system, dt / 2);
      await evaluate(state);
      kick(state, dt / 2);
    }
    advanceClock(state, dt);
  }

  /** The thermostat's target k_B·T (hartree); undefined for NVE. */
  get temperature(): number | undefined {
    return this.thermostat?.temperature;
  }

  /** Forces at the current positions: one call of the potential for the whole batch. */
  async computeForces(state: MDState, evaluate: ForceEvaluator): Promise<void> {
    await evaluate(state);
  }

  /** Potential and kinetic energy, each the mean over the configurations of the batch (hartree). */
  energyEstimates(state: Readonly<MDState>, system: System): EnergyEstimate[] {
    const epot = state.potentialEnergy.reduce((s, v) => s + v, 0) / state.nBatch;
    const kinetic = kineticEnergy(system, state.momenta) / state.nBatch;
    return [
      { name: "potential", value: epot },
      { name: "kinetic", value: kinetic },
    ];
  }

  /** The whole batch's kinetic energy over nDof degrees of freedom per configuration. */
  thermometer(state: Readonly<MDState>, system: System, nDof: number): Thermometer {
    return { kinetic: kineticEnergy(system, state.momenta), degreesOfFreedom: nDof * state.nBatch };
  }

  /** K + V (summed over the batch) + heat given to the thermostat + energy stored in it (hartree). */
  conservedQuantity(state: Readonly<MDState>, system: System): number {
    let v = 0;
    for (let b = 0; b < state.nBatch; b++) v += state.potentialEnergy[b];
    const k = kineticEnergy(system, state.momenta);
    return k + v + state.thermostatHeat + (this.thermostat?.energy() ?? 0);
  }

  saveState(): { thermostat: unknown } {
    return { thermostat: this.thermostat?.saveState() ?? null };
  }

  loadState(saved: unknown): void {
    const s = saved as { thermostat?: unknown } | null;
    if (this.thermostat) {
      if (!s || s.thermostat === undefined || s.thermostat === null) {
        throw new Error(
          `VelocityVerlet.loadState: saved state has no thermostat state for '${this.thermostat.name}'`,
        );
      }
      this.thermostat.loadState(s.thermostat);
    }
  }
}
