/**
 * The demo's classical run: R independent replicas of the molecule (one batched force call per step)
 * get Maxwell–Boltzmann momenta at T, are equilibrated with a Langevin thermostat (BAOAB), then run
 * NVE (velocity Verlet) recording the dipole and polarizability of every step and the total energy.
 */
import type { Potential } from "../core/potential.ts";
import { Random } from "../core/random.ts";
import { makeState, type MDState, type System } from "../core/system.ts";
import { fs, kelvin } from "../core/units.ts";
import { maxwellBoltzmann } from "../../integrators/initial-velocities.ts";
import { LangevinThermostat } from "../../integrators/thermostats/langevin.ts";
import { VelocityVerlet } from "../../integrators/velocity-verlet.ts";
import type { RunObserver } from "../core/observer.ts";
import { EnergyLogger } from "../observers/energy-logger.ts";
import { ProgressBar } from "../observers/progress-bar.ts";
import { PropertyRecorder } from "../observers/property-recorder.ts";
import { isCommittee, MemberProperties } from "./member-properties.ts";
import { ReplicaKineticEnergy } from "./replica-kinetic-energy.ts";
import { run } from "../simulation/index.ts";
import type { TimeSeries } from "../spectra/time-series.ts";
import { fitDrift, type EnergyDrift } from "../statistics/energy-drift.ts";

export interface ClassicalSettings {
  replicas: number;
  timestepFs: number;
  equilibrationFs: number;
  productionFs: number;
  thermostatTauFs: number;
  temperatureK: number;
  seed: number;
  progress: boolean;
  /** Stops the MD after the current step when aborted (then throws the abort's reason). */
  signal?: AbortSignal;
  /** Number of the first replica, for the names of the trajectories (batches added by --until). */
  firstReplica?: number;
}

export interface ClassicalResult {
  dipoles: TimeSeries[];
  polarizabilities: TimeSeries[];
  /** With a committee model: each member's dipoles and polarizabilities, [member][replica]. */
  members?: { dipoles: TimeSeries[][]; polarizabilities: TimeSeries[][] };
  /** Kinetic energy per production sample of each replica (hartree), for measured temperatures. */
  kinetic: Float64Array[];
  drift: EnergyDrift;
  /** The state at the end of the equilibration (replica 0 seeds the ring polymer). */
  equilibrated: MDState;
  /** Steps taken (equilibration + production). */
  steps: number;
}

const stepsFor = (lengthFs: number, dtFs: number) => Math.max(1, Math.round(lengthFs / dtFs));

function progress(on: boolean, steps: number): RunObserver[] {
  return on ? [new ProgressBar({ startStep: 0, endStep: steps })] : [];
}

/** Run NVT equilibration and NVE production from `positions` (bohr). */
export async function runClassical(
  potential: Potential,
  system: System,
  positions: Float64Array,
  s: ClassicalSettings,
  say: (line: string) => void,
): Promise<ClassicalResult> {
  const dt = fs(s.timestepFs);
  const temperature = kelvin(s.temperatureK);
  const state = makeState(system, positions, s.replicas);
  maxwellBoltzmann(state, system, temperature, new Random(s.seed), { removeCenterOfMass: true });

  const nvtSteps = s.equilibrationFs > 0 ? stepsFor(s.equilibrationFs, s.timestepFs) : 0;
  if (nvtSteps > 0) {
    say(`classical NVT equilibration: ${s.replicas} replicas × ${nvtSteps} steps of ${s.timestepFs} fs`);
    const langevin = new LangevinThermostat({ temperature, tau: fs(s.thermostatTauFs), seed: s.seed + 1 });
    await run(system, potential, state, new VelocityVerlet({ dt, thermostat: langevin }), {
      signal: s.signal,
      steps: nvtSteps,
      observers: progress(s.progress, nvtSteps),
    });
    s.signal?.throwIfAborted();
  }
  const equilibrated = { ...state, positions: state.positions.slice(), momenta: state.momenta.slice() };

  const nveSteps = stepsFor(s.productionFs, s.timestepFs);
  say(`classical NVE production: ${s.replicas} replicas × ${nveSteps} steps of ${s.timestepFs} fs`);
  state.step = 0;
  state.time = 0;
  // one recorder per replica: each replica is a trajectory of its own
  const recorded = (["dipole", "polarizability"] as const).filter((p) => potential.provides.includes(p));
  const recorders = Array.from(
    { length: s.replicas },
    (_, b) => new PropertyRecorder({ every: 1, batch: b, quantities: [...recorded] }),
  );
  const energies = new EnergyLogger({ every: 1 });
  const kinetic = new ReplicaKineticEnergy();
  const members = isCommittee(potential) ? new MemberProperties(potential, recorded, dt) : undefined;
  await run(system, potential, state, new VelocityVerlet({ dt }), {
    signal: s.signal,
    steps: nveSteps,
    want: [...recorded],
    observers: [
      ...recorders,
      energies,
      kinetic,
      ...(members ? [members] : []),
      ...progress(s.progress, nveSteps),
    ],
    initialForces: true,
  });
  s.signal?.throwIfAborted();
  const conserved = energies.conservedSeries();
  const source = (b: number) => `classical replica ${(s.firstReplica ?? 0) + b}`;
  return {
    dipoles: recorders.map((r, b) => r.timeSeries("dipole", source(b))),
    // none for a model without a polarizability head (IR only)
    polarizabilities: recorded.includes("polarizability")
      ? recorders.map((r, b) => r.timeSeries("polarizability", source(b)))
      : [],
    kinetic: kinetic.series(),
    ...(members
      ? {
          members: {
            dipoles: members.series("dipole", source),
            polarizabilities: recorded.includes("polarizability")
              ? members.series("polarizability", source)
              : [],
          },
        }
      : {}),
    // the total energy per configuration (the conserved quantity of NVE, mean over the replicas)
    drift: fitDrift(
      conserved.times,
      conserved.values.map((e) => e / s.replicas),
      system.nAtoms,
    ),
    equilibrated,
    steps: nvtSteps + nveSteps,
  };
}
