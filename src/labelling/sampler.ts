/**
 * Sampling configurations for a training set by Langevin molecular dynamics with a reference
 * calculator (BAOAB velocity Verlet + Langevin thermostat).
 *
 * For each temperature, `replicas` independent trajectories start from the same geometry with their
 * own Maxwell–Boltzmann momenta and thermostat noise, are equilibrated for `equilibrationSteps`, and
 * then give one frame every `every` steps until `frames` frames (per temperature) are collected.
 * All temperatures advance together, each as one batch (so a batch-parallel calculator such as
 * XtbCalculator runs the replicas concurrently). Frames come out round by round: each round yields one
 * frame of every replica of every temperature, so any prefix of the output covers all temperatures.
 */
import type { Potential, Property } from "../core/potential.ts";
import { Random } from "../core/random.ts";
import type { RunObserver } from "../core/observer.ts";
import { makeState, type System } from "../core/system.ts";
import { fs as femtoseconds, kelvin } from "../core/units.ts";
import { run } from "../simulation/index.ts";
import { VelocityVerlet } from "../../integrators/velocity-verlet.ts";
import { LangevinThermostat } from "../../integrators/thermostats/langevin.ts";
import { maxwellBoltzmann } from "../../integrators/initial-velocities.ts";

export interface SamplingOptions {
  /** Thermostat temperatures, kelvin. */
  temperatures: readonly number[];
  /** Frames to collect per temperature. */
  frames: number;
  /** Independent trajectories per temperature (default 4). */
  replicas?: number;
  /** Steps between frames. */
  every: number;
  /** Time step, fs (default 0.5). */
  dtFs?: number;
  /** Steps of thermostatted equilibration before the first frame (default 1000). */
  equilibrationSteps?: number;
  /** Langevin relaxation time τ, fs (default 50). */
  tauFs?: number;
  seed: number;
  /** Stops the sampling after the current step when aborted: the frames of finished rounds are kept. */
  signal?: AbortSignal;
}

/** One sampled configuration, atomic units. */
export interface SampledConfiguration {
  temperatureK: number;
  replica: number;
  /** MD step of its trajectory (counting the equilibration). */
  step: number;
  /** bohr, [nAtoms][3] */
  positions: Float64Array;
  /** hartree */
  energy: number;
  /** hartree/bohr */
  forces: Float64Array;
  /** e·bohr, when the potential provides it */
  dipole?: Float64Array;
}

/** Draw independent integer seeds for the sub-streams of a run from its master seed. */
export function childSeeds(seed: number, count: number): number[] {
  const rng = new Random(seed);
  return Array.from({ length: count }, () => rng.int(2 ** 31 - 1));
}

/** Run the sampling; `emit` receives every frame in output order, `onStep` hears of every MD step. */
export async function sampleConfigurations(
  system: System,
  start: Float64Array,
  potential: Potential,
  options: SamplingOptions,
  emit: (c: SampledConfiguration) => void | Promise<void>,
  onStep?: (step: number, totalSteps: number) => void,
): Promise<void> {
  const replicas = options.replicas ?? 4;
  const equilibration = options.equilibrationSteps ?? 1000;
  const dt = femtoseconds(options.dtFs ?? 0.5);
  const tau = femtoseconds(options.tauFs ?? 50);
  for (const [name, v] of [
    ["frames", options.frames],
    ["replicas", replicas],
    ["every", options.every],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new Error(`sampling: ${name} must be a positive integer, got ${v}`);
  }
  if (!Number.isInteger(equilibration) || equilibration < 0) {
    throw new Error(`sampling: equilibrationSteps must be a non-negative integer, got ${equilibration}`);
  }
  if (options.temperatures.length === 0 || options.temperatures.some((t) => !(t > 0))) {
    throw new Error(
      `sampling: temperatures must be positive kelvin values, got ${options.temperatures.join(",")}`,
    );
  }
  const want: Property[] = potential.provides.includes("dipole") ? ["dipole"] : [];
  const seeds = childSeeds(options.seed, 2 * options.temperatures.length);

  const runs = options.temperatures.map((T, t) => {
    const state = makeState(system, start, replicas);
    maxwellBoltzmann(state, system, kelvin(T), new Random(seeds[2 * t]), { removeCenterOfMass: true });
    const thermostat = new LangevinThermostat({ temperature: kelvin(T), tau, seed: seeds[2 * t + 1] });
    return { T, state, integrator: new VelocityVerlet({ dt, thermostat, splitting: "baoab" }) };
  });

  const rounds = Math.ceil(options.frames / replicas);
  const totalSteps = equilibration + rounds * options.every;
  // The temperatures advance together, leg by leg (the equilibration, then `every` steps per round),
  // each leg through the run loop; the frames of a round are emitted once every temperature has it.
  const leg = async (steps: number, first: boolean) => {
    await Promise.all(
      runs.map((r, t) => {
        const observers: RunObserver[] =
          t === 0 && onStep ? [{ every: 1, observe: (s) => onStep(s.step, totalSteps) }] : [];
        return run(system, potential, r.state, r.integrator, {
          steps,
          want,
          observers,
          initialForces: first,
          observeStart: false,
          temperature: kelvin(r.T),
          signal: options.signal,
        });
      }),
    );
  };
  let emitted = 0;
  if (equilibration > 0) await leg(equilibration, true);
  if (options.signal?.aborted) return;
  for (let round = 0; round < rounds; round++) {
    await leg(options.every, round === 0 && equilibration === 0);
    if (options.signal?.aborted) return; // an unfinished round gives no frames
    const step = equilibration + (round + 1) * options.every;
    for (const r of runs) {
      for (let b = 0; b < replicas; b++) {
        if (round * replicas + b >= options.frames) break;
        const n3 = 3 * system.nAtoms;
        await emit({
          temperatureK: r.T,
          replica: b,
          step,
          positions: r.state.positions.slice(b * n3, (b + 1) * n3),
          energy: r.state.potentialEnergy[b],
          forces: r.state.forces.slice(b * n3, (b + 1) * n3),
          dipole: r.state.dipole?.slice(3 * b, 3 * b + 3),
        });
        emitted++;
      }
    }
  }
  if (emitted !== options.frames * runs.length) {
    throw new Error(
      `sampling: internal error, emitted ${emitted} frames, expected ${options.frames * runs.length}`,
    );
  }
}
