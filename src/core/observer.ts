/** Observers watch a run: trajectory writers, property recorders, loggers, checkpoints, progress bars. */
import type { Integrator } from "./integrator.ts";
import type { MDState, System } from "./system.ts";

export interface Observer {
  /** Called every `every` steps (and at step 0). */
  readonly every: number;
  observe(state: Readonly<MDState>, system: System, integrator: Integrator): void | Promise<void>;
  /** Flush and close files; called when the run ends, also when it ends by an error. */
  close?(): void | Promise<void>;
}

/** Optional hooks an observer may implement besides `observe` and `close`. */
export interface RunObserver extends Observer {
  /** Called once when the run ends normally (all steps done, or stopped by the signal). */
  finish?(state: Readonly<MDState>, system: System, integrator: Integrator): void | Promise<void>;
  /**
   * Called when the trajectory blows up, with the last good state and the integrator's saved state at
   * that point (e.g. to write a checkpoint from which the run can be inspected or resumed).
   */
  onFailure?(
    lastGood: Readonly<MDState>,
    system: System,
    integrator: Integrator,
    integratorState: unknown,
    error: Error,
  ): void | Promise<void>;
}

/** Where a ring polymer's dipole/polarizability are taken: averaged over the beads, or at the centroid. */
export type PropertySite = "bead_average" | "centroid";
