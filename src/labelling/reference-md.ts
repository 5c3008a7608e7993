/**
 * Reference trajectories for spectra: `segments` independent replicas start from one geometry with
 * their own Maxwell–Boltzmann momenta, are equilibrated with a Langevin thermostat (BAOAB), and then
 * run microcanonically (velocity Verlet, no thermostat), all replicas batched together. The NVE part
 * reports every step (for dipoles) to `onStep`; the equilibration only to `onEquilibrationStep`.
 */
import type { Potential } from "../core/potential.ts";
import { Random } from "../core/random.ts";
import { makeState, type MDState, type System } from "../core/system.ts";
import { fs as femtoseconds, kelvin } from "../core/units.ts";
import { VelocityVerlet } from "../../integrators/velocity-verlet.ts";
import { LangevinThermostat } from "../../integrators/thermostats/langevin.ts";
import { maxwellBoltzmann } from "../../integrators/initial-velocities.ts";
import { makeForceEvaluator } from "../simulate.ts";
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
}

export interface ReferenceMdHooks {
  /** Called after each equilibration step (step counts from 1). */
  onEquilibrationStep?: (step: number, state: Readonly<MDState>) => void | Promise<void>;
  /** Called at NVE step 0 (the start, after equilibration) and after each NVE step. */
  onStep: (step: number, state: Readonly<MDState>) => void | Promise<void>;
}

export async function runReferenceMd(
  system: System,
  start: Float64Array,
  potential: Potential,
  options: ReferenceMdOptions,
  hooks: ReferenceMdHooks,
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
  const evaluate = makeForceEvaluator(system, potential, ["dipole"]);
  const [momentumSeed, noiseSeed] = childSeeds(options.seed, 2);
  const dt = femtoseconds(options.dtFs);
  const T = kelvin(options.temperatureK);

  const state = makeState(system, start, options.segments);
  maxwellBoltzmann(state, system, T, new Random(momentumSeed), { removeCenterOfMass: true });
  await evaluate(state);
  const langevin = new VelocityVerlet({
    dt,
    thermostat: new LangevinThermostat({ temperature: T, tau: femtoseconds(options.tauFs), seed: noiseSeed }),
    splitting: "baoab",
  });
  for (let step = 1; step <= options.equilibrationSteps; step++) {
    await langevin.step(state, system, evaluate);
    await hooks.onEquilibrationStep?.(step, state);
  }

  // NVE from here: the clock restarts at zero.
  state.step = 0;
  state.time = 0;
  state.thermostatHeat = 0;
  const verlet = new VelocityVerlet({ dt });
  await hooks.onStep(0, state);
  for (let step = 1; step <= options.steps; step++) {
    await verlet.step(state, system, evaluate);
    await hooks.onStep(step, state);
  }
  return state;
}
