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
