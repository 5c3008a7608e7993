/**
 * Writes the trajectory as extended XYZ (ASE units by default: positions Å, energy eV, dipole e·Å,
 * polarizability Å³, forces eV/Å, momenta √(amu·eV), velocities Å/fs), with `time` (fs) and `step`
 * in each frame's info. Every frame reaches the operating system when written, so an interrupted run
 * keeps everything written so far.
 *
 * With several configurations (ring-polymer beads, replicas) it writes all of them (`beads: "all"`,
 * one frame per bead with info `bead`) or only their centroid (`beads: "centroid"`); `select` replaces
 * both with any function of the state (e.g. an RPMD estimator).
 */
import type { Observer } from "../core/observer.ts";
import type { MDState, System } from "../core/system.ts";
import { ExtxyzWriter, type Frame } from "../io/extxyz.ts";
import { centroidState, frameFromState, type FrameExtras } from "../io/frames.ts";
import { truncateExtxyzAfterStep } from "../io/truncate.ts";
import { checkEvery } from "./every.ts";

export interface TrajectoryWriterOptions extends Omit<FrameExtras, "info"> {
  file: string;
  every: number;
  /** Several configurations: write every one, or their centroid (default "all"). */
  beads?: "all" | "centroid";
  /** Frames to write for a state; overrides `beads`. */
  select?: (state: Readonly<MDState>, system: System) => Frame[];
}

export class TrajectoryWriter implements Observer {
  readonly every: number;
  private writer: ExtxyzWriter | undefined;
  private append = false;

  constructor(private readonly options: TrajectoryWriterOptions) {
    this.every = checkEvery(options.every, "TrajectoryWriter");
  }

  /**
   * Prepare to continue a run from a checkpoint at `step`: drop later frames and append after them.
   * Returns the step of the last frame left (undefined: none, or no file).
   */
  async resumeAt(step: number): Promise<number | undefined> {
    const last = await truncateExtxyzAfterStep(this.options.file, step);
    this.append = true;
    return last;
  }

  /** The frames this writer writes for a state. */
  frames(state: Readonly<MDState>, system: System): Frame[] {
    if (this.options.select) return this.options.select(state, system);
    if (this.options.beads === "centroid" && state.nBatch > 1) {
      return [frameFromState(system, centroidState(state), 0, this.options)];
    }
    return Array.from({ length: state.nBatch }, (_, b) =>
      frameFromState(
        system,
        state,
        b,
        state.nBatch > 1 ? { ...this.options, info: { bead: b } } : this.options,
      ),
    );
  }

  observe(state: Readonly<MDState>, system: System): void {
    this.writer ??= new ExtxyzWriter(this.options.file, { append: this.append });
    for (const frame of this.frames(state, system)) this.writer.write(frame);
  }

  close(): void {
    this.writer?.close();
    this.writer = undefined;
  }
}
