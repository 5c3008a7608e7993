/**
 * Reference trajectories for spectra: `segments` independent replicas start from one geometry with
 * their own Maxwell–Boltzmann momenta, are equilibrated with a Langevin thermostat (BAOAB), and then
 * run microcanonically (velocity Verlet, no thermostat), all replicas batched together, both legs
 * through the run loop. The observers of the NVE leg (trajectory, property recorder, energy log)
 * see step 0 (the end of the equilibration) and the steps after it; `equilibrationObservers` (e.g. a
 * progress bar) see the equilibration.
 */
import type { RunObserver } from "../core/observer.ts";
import type { Potential, Property } from "../core/potential.ts";
import { Random } from "../core/random.ts";
import { makeState, type MDState, type System } from "../core/system.ts";
import { fs as femtoseconds, kelvin } from "../core/units.ts";
import { VelocityVerlet } from "../../integrators/velocity-verlet.ts";
import { LangevinThermostat } from "../../integrators/thermostats/langevin.ts";
import { maxwellBoltzmann } from "../../integrators/initial-velocities.ts";
import { run } from "../simulation/index.ts";
import { childSeeds } from "./sampler.ts";

export interface ReferenceMdOptions {
  /** Thermostat temperature of the equilibration, K. */
  temperatureK: number;
  /** Independent NVE segments (replicas). */
  segments: number;
  /** Langevin equilibration steps before the NVE segments. */
  equilibrationSteps: number;
  /** NVE steps per segment. */
  steps: number;
  /** Time step, fs. */
  dtFs: number;
  /** Langevin relaxation time during equilibration, fs. */
  tauFs: number;
  seed: number;
  /** Stops the MD after the current step when aborted (the observers finish as at a normal end). */
  signal?: AbortSignal;
  /** Properties evaluated every step besides energy and forces (default the dipole). */
  want?: Property[];
}

export interface ReferenceMdObservers {
  /** Observers of the Langevin equilibration (steps 1…equilibrationSteps). */
  equilibration?: RunObserver[];
  /** Observers of the NVE leg: called at its step 0 (the end of the equilibration) and after. */
  production: RunObserver[];
}

export async function runReferenceMd(
  system: System,
  start: Float64Array,
  potential: Potential,
  options: ReferenceMdOptions,
  observers: ReferenceMdObservers,
): Promise<MDState> {
  for (const [name, v] of [
    ["segments", options.segments],
    ["steps", options.steps],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new Error(`reference MD: ${name} must be a positive integer, got ${v}`);
  }
  if (!potential.provides.includes("dipole")) {
    throw new Error(`reference MD: potential ${potential.name} provides no dipole`);
  }
  const [momentumSeed, noiseSeed] = childSeeds(options.seed, 2);
  const dt = femtoseconds(options.dtFs);
  const T = kelvin(options.temperatureK);

  const state = makeState(system, start, options.segments);
  maxwellBoltzmann(state, system, T, new Random(momentumSeed), { removeCenterOfMass: true });
  const langevin = new VelocityVerlet({
    dt,
    thermostat: new LangevinThermostat({ temperature: T, tau: femtoseconds(options.tauFs), seed: noiseSeed }),
    splitting: "baoab",
  });
  await run(system, potential, state, langevin, {
    steps: options.equilibrationSteps,
    want: options.want ?? ["dipole"],
    observers: observers.equilibration,
    observeStart: false,
    initialForces: true,
    temperature: T,
    signal: options.signal,
  });
  if (options.signal?.aborted) return state;

  // NVE from here: the clock restarts at zero.
  state.step = 0;
  state.time = 0;
  state.thermostatHeat = 0;
  await run(system, potential, state, new VelocityVerlet({ dt }), {
    steps: options.steps,
    want: options.want ?? ["dipole"],
    observers: observers.production,
    initialForces: false,
    temperature: T,
    signal: options.signal,
  });
  return state;
}
