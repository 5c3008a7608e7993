/**
 * A typed run specification: everything one MD run needs, in atomic units, whether it is built from a
 * validated run config (from-config.ts) or by code (the demo, labelling, reference MD, benchmarks).
 * simulate() (simulate.ts) carries it out through the one run loop.
 */
import type { Integrator } from "../core/integrator.ts";
import type { RunObserver } from "../core/observer.ts";
import type { Potential, Property } from "../core/potential.ts";
import type { MDState, System } from "../core/system.ts";
import type { EnergyLoggerOptions } from "../observers/energy-logger.ts";
import type { PropertyRecorderOptions } from "../observers/property-recorder.ts";
import type { TrajectoryWriterOptions } from "../observers/trajectory-writer.ts";
import type { BlowUpLimits } from "./blow-up.ts";

/** Maxwell–Boltzmann momenta drawn at the start of a fresh run. */
export interface InitialVelocities {
  /** k_B·T, hartree (a ring polymer's beads are drawn at P·T, i-PI's convention). */
  temperature: number;
  seed: number;
  /** Remove the centre-of-mass momentum (of the centroid, for a ring polymer). */
  removeCenterOfMass: boolean;
}

/** The files a run writes (absolute paths); each is optional. */
export interface RunOutputs {
  trajectory?: TrajectoryWriterOptions;
  log?: Omit<EnergyLoggerOptions, "degreesOfFreedom">;
  properties?: PropertyRecorderOptions & { file: string };
  checkpoint?: { file: string; every: number };
  /** The spread of a committee potential along the run (CSV; src/observers/committee-spread-recorder.ts). */
  committeeSpread?: { file: string; every: number };
  progress?: boolean;
}

/**
 * A thermostatted leg before production, from the same state: its own integrator (e.g. Langevin
 * before NVE, PILE-L before TRPMD), its own step count, checkpoints marked `leg: "equilibration"` and
 * no other output. Production then starts at step 0 and time 0 from the equilibrated state.
 */
export interface EquilibrationLeg {
  integrator: Integrator;
  steps: number;
  /** Further observers of this leg (e.g. in tests); the outputs observe production only. */
  observers?: RunObserver[];
}

export interface RunSpec {
  system: System;
  potential: Potential;
  integrator: Integrator;
  /** The starting configuration, one classical configuration (positions and momenta of the file). */
  start: MDState;
  /** Configurations the integrator propagates (ring-polymer beads; 1 for classical MD). */
  beads: number;
  /** Run before production (the outputs describe production only). */
  equilibration?: EquilibrationLeg;
  /** Total number of production steps (a resumed run continues to it). */
  steps: number;
  /** Degrees of freedom of one physical configuration (3N, or 3N − 3 with the momentum fixed). */
  degreesOfFreedom: number;
  initialVelocities?: InitialVelocities;
  /** Properties the potential evaluates every step besides energy and forces. */
  want: Property[];
  outputs: RunOutputs;
  /** Continue from outputs.checkpoint; the other outputs are checked against it and appended to. */
  resume?: boolean;
  /** Replace the files of an earlier run in the output directory (otherwise refused). */
  overwrite?: boolean;
  /** Files the run reads and must never write (the starting structure). */
  inputs?: string[];
  /** Hash of the physics of the run, stored in checkpoints and checked on resume. */
  configHash?: string;
  /** Limits of the blow-up detection (run temperature, energy jump, drift). */
  blowUp?: BlowUpLimits;
  /** Further observers (e.g. in tests or benchmarks). */
  observers?: RunObserver[];
  signal?: AbortSignal;
}
