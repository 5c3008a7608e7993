/**
 * A trajectory read for comparison: every (or every k-th) frame of an extxyz file, converted to atomic
 * units (src/io/frames.ts: ASE units by default), with the properties the frames carry.
 *
 * A property counts as present only if every frame read carries it; otherwise the trajectory remembers
 * the first frame without it, so that a comparison that needs it can say where it is missing.
 */
import type { System } from "../core/system.ts";
import { iterateExtxyz, type Frame } from "../io/extxyz.ts";
import { ASE_UNITS, stateFromFrames, systemFromFrame, type FrameUnits } from "../io/frames.ts";
import { unitFactor } from "../core/units.ts";
import { checkSameAtoms } from "./same-atoms.ts";

export type TrajectoryProperty = "energy" | "forces" | "dipole" | "polarizability" | "momenta" | "time";

/** Where a property sits in an extxyz frame (for error messages). */
const WHERE: Record<TrajectoryProperty, string> = {
  energy: "info key 'energy'",
  forces: "per-atom column 'forces'",
  dipole: "info key 'dipole' (3 numbers)",
  polarizability: "info key 'polarizability' (9 numbers, or 6 in Voigt order)",
  momenta: "per-atom column 'momenta' or 'velocities'",
  time: "info key 'time' or 'time_fs'",
};

export interface Trajectory {
  /** File name (or another label) used in messages. */
  source: string;
  system: System;
  nFrames: number;
  /** 0-based number of each frame in the source file. */
  frameNumbers: Int32Array;
  /** [nFrames][nAtoms][3] bohr. */
  positions: Float64Array;
  /** [nFrames] atomic time, from info 'time' (file units) or 'time_fs'. */
  time?: Float64Array;
  /** [nFrames] MD step, from info 'step'. */
  step?: Float64Array;
  /** [nFrames] hartree. */
  energy?: Float64Array;
  /** [nFrames][nAtoms][3] hartree/bohr. */
  forces?: Float64Array;
  /** [nFrames][3] e·bohr. */
  dipole?: Float64Array;
  /** [nFrames][3][3] bohr³, row-major. */
  polarizability?: Float64Array;
  /** [nFrames][nAtoms][3] electron mass · bohr / atomic time. */
  momenta?: Float64Array;
  /** For each property not carried by every frame: the file number of the first frame without it. */
  firstMissing: Partial<Record<TrajectoryProperty, number>>;
}

export interface ReadTrajectoryOptions {
  /** Keep every k-th frame (frames 0, k, 2k, …); default 1. */
  every?: number;
  /** Units of the file (default ASE's: Å, eV, e·Å, Å³, fs). */
  units?: Partial<FrameUnits>;
}

function has(frame: Frame, property: TrajectoryProperty): boolean {
  switch (property) {
    case "energy":
      return typeof frame.info[property] === "number";
    case "time":
      return frameTime(frame) !== undefined;
    case "dipole":
    case "polarizability":
      return Array.isArray(frame.info[property]);
    case "forces":
      return frame.arrays.forces !== undefined;
    case "momenta":
      return frame.arrays.momenta !== undefined || frame.arrays.velocities !== undefined;
  }
}

/**
 * A frame's time in the file's time unit: info `time` (in `units.time`, what ASE and `equimd run`
 * write) or `time_fs` (always fs: what equimd's reference-md and sample write), as [value, is fs].
 */
function frameTime(frame: Frame): { value: number; fs: boolean } | undefined {
  if (typeof frame.info.time === "number") return { value: frame.info.time, fs: false };
  if (typeof frame.info.time_fs === "number") return { value: frame.info.time_fs, fs: true };
  return undefined;
}

function checkEvery(every: number): number {
  if (!Number.isInteger(every) || every < 1) {
    throw new Error(`every (frame stride) must be a positive integer, got ${every}`);
  }
  return every;
}

/** Collects frames (already thinned) into a Trajectory. */
class TrajectoryBuilder {
  private readonly frames: Frame[] = [];
  private readonly numbers: number[] = [];
  private readonly firstMissing: Partial<Record<TrajectoryProperty, number>> = {};

  constructor(
    private readonly source: string,
    private readonly units?: Partial<FrameUnits>,
  ) {}

  add(frame: Frame, fileNumber: number): void {
    if (this.frames.length > 0) {
      checkSameAtoms(
        { source: `${this.source} frame ${this.numbers[0]}`, symbols: this.frames[0].symbols },
        { source: `${this.source} frame ${fileNumber}`, symbols: frame.symbols },
      );
    }
    for (const p of Object.keys(WHERE) as TrajectoryProperty[]) {
      if (!has(frame, p) && this.firstMissing[p] === undefined) this.firstMissing[p] = fileNumber;
    }
    this.frames.push(frame);
    this.numbers.push(fileNumber);
  }

  build(): Trajectory {
    if (this.frames.length === 0) throw new Error(`${this.source}: no frames to compare (empty file?)`);
    const system = systemFromFrame(this.frames[0]);
    let state;
    try {
      state = stateFromFrames(system, this.frames, this.units);
    } catch (e) {
      throw new Error(`${this.source}: ${(e as Error).message}`, { cause: e });
    }
    const present = (p: TrajectoryProperty) => this.firstMissing[p] === undefined;
    const timeFactor = unitFactor("time", { ...ASE_UNITS, ...this.units }.time);
    const fsFactor = unitFactor("time", "fs");
    const times = () =>
      Float64Array.from(this.frames, (f) => {
        const t = frameTime(f)!;
        return t.value * (t.fs ? fsFactor : timeFactor);
      });
    const everyStep = this.frames.every((f) => typeof f.info.step === "number");
    return {
      source: this.source,
      system,
      nFrames: this.frames.length,
      frameNumbers: Int32Array.from(this.numbers),
      positions: state.positions,
      time: present("time") ? times() : undefined,
      step: everyStep ? Float64Array.from(this.frames, (f) => f.info.step as number) : undefined,
      energy: present("energy") ? state.potentialEnergy : undefined,
      forces: present("forces") ? state.forces : undefined,
      dipole: present("dipole") ? state.dipole : undefined,
      polarizability: present("polarizability") ? state.polarizability : undefined,
      momenta: present("momenta") ? state.momenta : undefined,
      firstMissing: this.firstMissing,
    };
  }
}

/** A trajectory from frames in memory; `source` names it in messages. */
export function trajectoryFromFrames(
  frames: readonly Frame[],
  source: string,
  options: ReadTrajectoryOptions = {},
): Trajectory {
  const every = checkEvery(options.every ?? 1);
  const builder = new TrajectoryBuilder(source, options.units);
  frames.forEach((f, k) => {
    if (k % every === 0) builder.add(f, k);
  });
  return builder.build();
}

/** Read every `every`-th frame of an extxyz file (streaming: skipped frames are not kept). */
export async function readTrajectory(path: string, options: ReadTrajectoryOptions = {}): Promise<Trajectory> {
  const every = checkEvery(options.every ?? 1);
  const builder = new TrajectoryBuilder(path, options.units);
  let k = 0;
  for await (const frame of iterateExtxyz(path)) {
    if (k % every === 0) builder.add(frame, k);
    k++;
  }
  return builder.build();
}

/**
 * The array of a property, or a clear error naming the file, the first frame without it, where the
 * property belongs in a frame, and what it was needed for.
 */
export function requireProperty<P extends Exclude<TrajectoryProperty, "time">>(
  trajectory: Trajectory,
  property: P,
  purpose: string,
): Float64Array {
  const values = trajectory[property];
  if (values === undefined) {
    const frame = trajectory.firstMissing[property] ?? trajectory.frameNumbers[0];
    throw new Error(
      `${trajectory.source}: frame ${frame} has no ${property} (${WHERE[property]}), needed for ${purpose}`,
    );
  }
  return values;
}

/** Frame times (atomic time), or a clear error when frames carry no 'time'. */
export function requireTime(trajectory: Trajectory, purpose: string): Float64Array {
  if (trajectory.time === undefined) {
    const frame = trajectory.firstMissing.time ?? trajectory.frameNumbers[0];
    throw new Error(
      `${trajectory.source}: frame ${frame} has no time (${WHERE.time}), needed for ${purpose}`,
    );
  }
  return trajectory.time;
}

/** Configuration f of a [nFrames][nAtoms][3] array (a view, not a copy). */
export function frameSlice(values: Float64Array, nAtoms: number, f: number): Float64Array {
  return values.subarray(3 * nAtoms * f, 3 * nAtoms * (f + 1));
}
