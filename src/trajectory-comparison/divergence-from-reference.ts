/**
 * Divergence from shared initial conditions: the model's NVE dynamics is started from frames of the
 * reference trajectory (positions and momenta), with the reference's time step, and followed for a
 * number of reference frames. At each frame the model configuration is compared with the reference
 * one by the RMSD after optimal superposition (rmsd.ts), so that overall rotation and translation do
 * not count. RMSD(t) is averaged over several starting frames; the time at which the mean passes a
 * threshold summarises short-time dynamical fidelity (a perfect model stays at 0 up to round-off and
 * chaos; a poor one separates within a few vibrational periods).
 *
 * All starts run together as one batch of the model (nBatch = number of starts).
 */
import type { Potential } from "../core/potential.ts";
import { makeState } from "../core/system.ts";
import { angstrom, ATOMIC_TIME_IN_FS } from "../core/units.ts";
import { run } from "../simulation/index.ts";
import { VelocityVerlet } from "../../integrators/velocity-verlet.ts";
import { rmsdAfterSuperposition } from "./rmsd.ts";
import { frameSlice, requireProperty, requireTime, type Trajectory } from "./trajectory.ts";

export interface DivergenceOptions {
  /** Number of starting frames, spread evenly over the reference (default 4). */
  starts?: number;
  /** Reference frames followed after each start (default 20). */
  frames?: number;
  /** Alternatively, MD steps to follow (rounded up to whole reference frames); overrides `frames`. */
  steps?: number;
  /**
   * MD time step (atomic time). Default: from the frames' 'time' and 'step' (Δt / Δstep), i.e. the
   * time step the reference was run with.
   */
  timeStep?: number;
  /** Weight atoms by their masses in the superposition and RMSD (default false). */
  massWeighted?: boolean;
  /** RMSD (bohr) whose crossing by the mean RMSD is reported (default 0.1 Å). */
  threshold?: number;
}

export interface DivergenceResult {
  /** File frame numbers of the starting frames. */
  startFrames: number[];
  /** Time since the start, [frames + 1], atomic time. */
  time: Float64Array;
  /** RMSD per start, rmsd[s][j] bohr, j = 0 … frames. */
  rmsd: Float64Array[];
  /** Mean and standard deviation over the starts, [frames + 1] bohr. */
  mean: Float64Array;
  std: Float64Array;
  threshold: number;
  /** First time at which the mean RMSD exceeds the threshold (linear interpolation), or undefined. */
  crossingTime?: number;
  /** The MD time step used (atomic time) and the MD steps per reference frame. */
  timeStep: number;
  stepsPerFrame: number;
  massWeighted: boolean;
}

/** Time step and MD steps per frame, from the options or the frames' time and step. */
function timeStepOf(reference: Trajectory, timeStep: number | undefined): { dt: number; perFrame: number } {
  const time = requireTime(reference, "the divergence test (frame spacing)");
  if (reference.nFrames < 2)
    throw new Error(`${reference.source}: the divergence test needs at least 2 frames`);
  const spacing = time[1] - time[0];
  if (!(spacing > 0)) {
    throw new Error(
      `${reference.source}: frames ${reference.frameNumbers[0]} and ${reference.frameNumbers[1]} have ` +
        `times ${time[0] * ATOMIC_TIME_IN_FS} and ${time[1] * ATOMIC_TIME_IN_FS} fs; expected increasing times`,
    );
  }
  let dt: number;
  let perFrame: number;
  if (timeStep !== undefined) {
    if (!(timeStep > 0)) throw new Error(`divergence test: time step must be positive, got ${timeStep}`);
    perFrame = Math.round(spacing / timeStep);
    if (perFrame < 1 || Math.abs(perFrame * timeStep - spacing) > 1e-6 * spacing) {
      throw new Error(
        `divergence test: the frames are ${(spacing * ATOMIC_TIME_IN_FS).toPrecision(6)} fs apart, not a ` +
          `whole number of time steps of ${(timeStep * ATOMIC_TIME_IN_FS).toPrecision(6)} fs`,
      );
    }
    dt = timeStep;
  } else {
    if (reference.step === undefined) {
      throw new Error(
        `${reference.source}: the frames carry no 'step', so the MD time step of the reference is unknown; ` +
          `give it (--dt in fs)`,
      );
    }
    perFrame = reference.step[1] - reference.step[0];
    if (!Number.isInteger(perFrame) || perFrame < 1) {
      throw new Error(
        `${reference.source}: frames ${reference.frameNumbers[0]} and ${reference.frameNumbers[1]} have steps ` +
          `${reference.step[0]} and ${reference.step[1]}; expected increasing whole steps`,
      );
    }
    dt = spacing / perFrame;
  }
  return { dt, perFrame };
}

/** Evenly spread start indices among the frames that have `frames` frames after them. */
function chooseStarts(reference: Trajectory, starts: number, frames: number): number[] {
  if (!Number.isInteger(starts) || starts < 1) {
    throw new Error(`divergence test: number of starts must be a positive integer, got ${starts}`);
  }
  if (!Number.isInteger(frames) || frames < 1) {
    throw new Error(`divergence test: frames to follow must be a positive integer, got ${frames}`);
  }
  const last = reference.nFrames - 1 - frames;
  if (last < 0) {
    throw new Error(
      `${reference.source}: ${reference.nFrames} frames read; following ${frames} frames after a start ` +
        `needs at least ${frames + 1}`,
    );
  }
  const n = Math.min(starts, last + 1);
  if (n === 1) return [0];
  return [...new Set(Array.from({ length: n }, (_, i) => Math.round((i * last) / (n - 1))))];
}

/** Run the model from reference frames and measure how fast it separates from the reference. */
export async function divergenceFromReference(
  reference: Trajectory,
  potential: Potential,
  options: DivergenceOptions = {},
): Promise<DivergenceResult> {
  const momenta = requireProperty(
    reference,
    "momenta",
    "the divergence test (the model starts from the reference's positions and velocities)",
  );
  const { dt, perFrame } = timeStepOf(reference, options.timeStep);
  if (options.steps !== undefined && (!Number.isInteger(options.steps) || options.steps < 1)) {
    throw new Error(`divergence test: MD steps to follow must be a positive integer, got ${options.steps}`);
  }
  const frames = options.steps !== undefined ? Math.ceil(options.steps / perFrame) : (options.frames ?? 20);
  const starts = chooseStarts(reference, options.starts ?? 4, frames);
  const time = requireTime(reference, "the divergence test");
  const spacing = time[1] - time[0];
  for (const s of starts) {
    for (let j = 1; j <= frames; j++) {
      const gap = time[s + j] - time[s + j - 1];
      if (Math.abs(gap - spacing) > 1e-6 * spacing) {
        throw new Error(
          `${reference.source}: frames ${reference.frameNumbers[s + j - 1]} and ${reference.frameNumbers[s + j]} ` +
            `are ${(gap * ATOMIC_TIME_IN_FS).toPrecision(6)} fs apart, others ` +
            `${(spacing * ATOMIC_TIME_IN_FS).toPrecision(6)} fs; the divergence test needs equally spaced frames`,
        );
      }
    }
  }
  const { system } = reference;
  const n3 = 3 * system.nAtoms;
  const nb = starts.length;
  // one configuration per start: its reference positions and momenta
  const state = makeState(
    system,
    Float64Array.from(starts.flatMap((s) => Array.from(frameSlice(reference.positions, system.nAtoms, s)))),
    nb,
  );
  starts.forEach((s, b) => state.momenta.set(frameSlice(momenta, system.nAtoms, s), b * n3));
  const weights = options.massWeighted ? system.masses : undefined;
  const rmsd = starts.map(() => new Float64Array(frames + 1));
  const measure = (j: number) =>
    starts.forEach((s, b) => {
      const model = state.positions.subarray(b * n3, (b + 1) * n3);
      if (!model.every(Number.isFinite)) {
        throw new Error(
          `model '${potential.name}' MD started from ${reference.source} frame ${reference.frameNumbers[s]} ` +
            `blew up within ${(j * spacing * ATOMIC_TIME_IN_FS).toPrecision(4)} fs (non-finite positions)`,
        );
      }
      rmsd[b][j] = rmsdAfterSuperposition(
        frameSlice(reference.positions, system.nAtoms, s + j),
        model,
        weights,
      );
    });
  // one RMSD per reference frame: every perFrame steps, from step 0
  await run(system, potential, state, new VelocityVerlet({ dt }), {
    steps: frames * perFrame,
    observers: [{ every: perFrame, observe: (s) => measure(s.step / perFrame) }],
    initialForces: true,
  });
  const mean = new Float64Array(frames + 1);
  const std = new Float64Array(frames + 1);
  for (let j = 0; j <= frames; j++) {
    const values = rmsd.map((r) => r[j]);
    mean[j] = values.reduce((a, x) => a + x, 0) / nb;
    std[j] = nb > 1 ? Math.sqrt(values.reduce((a, x) => a + (x - mean[j]) ** 2, 0) / (nb - 1)) : 0;
  }
  const times = Float64Array.from({ length: frames + 1 }, (_, j) => j * spacing);
  const threshold = options.threshold ?? angstrom(0.1);
  return {
    startFrames: starts.map((s) => reference.frameNumbers[s]),
    time: times,
    rmsd,
    mean,
    std,
    threshold,
    crossingTime: crossing(times, mean, threshold),
    timeStep: dt,
    stepsPerFrame: perFrame,
    massWeighted: options.massWeighted ?? false,
  };
}

/** First time where y exceeds the threshold, linearly interpolated; undefined if it never does. */
export function crossing(t: ArrayLike<number>, y: ArrayLike<number>, threshold: number): number | undefined {
  for (let j = 0; j < y.length; j++) {
    if (y[j] > threshold) {
      if (j === 0) return t[0];
      const f = (threshold - y[j - 1]) / (y[j] - y[j - 1]);
      return t[j - 1] + f * (t[j] - t[j - 1]);
    }
  }
  return undefined;
}
