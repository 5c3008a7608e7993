/**
 * The MD runs of `equimd learn`, all through the simulation layer's run loop: a ring polymer
 * (PILE-L equilibration, then a production leg with PILE-L or TRPMD) and a thermostatted classical
 * run (BAOAB Langevin) with several replicas. Observers see the production leg only.
 */
import type { RunObserver } from "../core/observer.ts";
import type { Potential, Property } from "../core/potential.ts";
import { Random } from "../core/random.ts";
import { makeState, type MDState, type System } from "../core/system.ts";
import { fs as femtoseconds, kelvin } from "../core/units.ts";
import { childSeeds } from "../labelling/sampler.ts";
import { run } from "../simulation/index.ts";
import { maxwellBoltzmann } from "../../integrators/initial-velocities.ts";
import { expandToBeads } from "../../integrators/ring-polymer/expand-to-beads.ts";
import { RingPolymerIntegrator } from "../../integrators/ring-polymer/ring-polymer-integrator.ts";
import { LangevinThermostat } from "../../integrators/thermostats/langevin.ts";
import { VelocityVerlet } from "../../integrators/velocity-verlet.ts";
import { ProgressBar } from "../observers/progress-bar.ts";

export interface MdLeg {
  beads?: number;
  replicas?: number;
  dt_fs: number;
  equilibration_steps: number;
  steps: number;
  tau_fs: number;
}

/** A progress bar over the production leg when `progress` is on. */
const bar = (progress: boolean, steps: number): RunObserver[] =>
  progress ? [new ProgressBar({ startStep: 0, endStep: steps })] : [];

/** The linear properties the potential provides: the dipole and the polarizability. */
export const wanted = (p: Potential): Property[] =>
  (["dipole", "polarizability"] as const).filter((q) => p.provides.includes(q));

/** A ring polymer of md.beads beads from `start` (bohr) at temperatureK. */
export async function ringPolymerRun(
  system: System,
  start: Float64Array,
  potential: Potential,
  md: MdLeg & { beads: number },
  temperatureK: number,
  seed: number,
  production: "pile_l" | "trpmd",
  observers: RunObserver[],
  progress = false,
): Promise<MDState> {
  const T = kelvin(temperatureK);
  const [momentumSeed, eqSeed, prodSeed] = childSeeds(seed, 3);
  const state = expandToBeads(makeState(system, start), md.beads, {
    system,
    temperature: T,
    rng: new Random(momentumSeed),
    removeCenterOfMass: true,
  });
  const common = {
    dt: femtoseconds(md.dt_fs),
    beads: md.beads,
    temperature: T,
    centroidTau: femtoseconds(md.tau_fs),
  };
  const want = wanted(potential);
  if (md.equilibration_steps > 0) {
    const pile = new RingPolymerIntegrator({ ...common, thermostat: "pile_l", seed: eqSeed });
    await run(system, potential, state, pile, {
      steps: md.equilibration_steps,
      want,
      observeStart: false,
      temperature: T,
    });
  }
  const integrator = new RingPolymerIntegrator({
    ...common,
    thermostat: production,
    ...(production === "trpmd" ? { centroidTau: undefined } : {}),
    seed: prodSeed,
  });
  state.step = 0;
  state.time = 0;
  await run(system, potential, state, integrator, {
    steps: md.steps,
    want,
    observers: [...observers, ...bar(progress, md.steps)],
    observeStart: false,
    initialForces: md.equilibration_steps === 0,
    temperature: T,
  });
  return state;
}

/** md.replicas classical Langevin trajectories side by side from `start`, at temperatureK. */
export async function langevinRun(
  system: System,
  start: Float64Array,
  potential: Potential,
  md: MdLeg & { replicas: number },
  temperatureK: number,
  seed: number,
  observers: RunObserver[],
  progress = false,
): Promise<MDState> {
  const T = kelvin(temperatureK);
  const [momentumSeed, noiseSeed] = childSeeds(seed, 2);
  const state = makeState(system, start, md.replicas);
  maxwellBoltzmann(state, system, T, new Random(momentumSeed), { removeCenterOfMass: true });
  const integrator = new VelocityVerlet({
    dt: femtoseconds(md.dt_fs),
    thermostat: new LangevinThermostat({ temperature: T, tau: femtoseconds(md.tau_fs), seed: noiseSeed }),
    splitting: "baoab",
  });
  const want = wanted(potential);
  await run(system, potential, state, integrator, {
    steps: md.equilibration_steps,
    want,
    observeStart: false,
    temperature: T,
  });
  state.step = 0;
  state.time = 0;
  await run(system, potential, state, integrator, {
    steps: md.steps,
    want,
    observers: [...observers, ...bar(progress, md.steps)],
    observeStart: false,
    initialForces: false,
    temperature: T,
  });
  return state;
}
