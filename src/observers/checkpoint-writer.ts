/**
 * Saves a checkpoint (src/io/checkpoint.ts: state arrays, integrator state with its random generator,
 * step, time, config hash) every `every` steps, at the end of the run, and — when the trajectory blows
 * up — of the last good state. Each save replaces the file atomically.
 */
import type { Integrator } from "../core/integrator.ts";
import type { MDState, System } from "../core/system.ts";
import { makeCheckpoint, writeCheckpoint } from "../io/checkpoint.ts";
import type { RunObserver } from "../core/observer.ts";
import { checkEvery } from "./every.ts";

export interface CheckpointWriterOptions {
  file: string;
  every: number;
  configHash?: string;
  /** Extra data saved with each checkpoint (e.g. the energy log's drift reference). */
  metadata?: () => Record<string, unknown>;
}

export class CheckpointWriter implements RunObserver {
  readonly every: number;
  private lastSaved: number | undefined;

  constructor(private readonly options: CheckpointWriterOptions) {
    this.every = checkEvery(options.every, "CheckpointWriter");
  }

  /** Write a checkpoint of `state` now. */
  save(state: Readonly<MDState>, system: System, integrator: Integrator, integratorState?: unknown): void {
    const { configHash, metadata } = this.options;
    writeCheckpoint(
      this.options.file,
      makeCheckpoint(system, state, integrator, { integratorState, configHash, metadata: metadata?.() }),
    );
    this.lastSaved = state.step;
  }

  observe(state: Readonly<MDState>, system: System, integrator: Integrator): void {
    if (this.lastSaved !== state.step) this.save(state, system, integrator);
  }

  finish(state: Readonly<MDState>, system: System, integrator: Integrator): void {
    if (this.lastSaved !== state.step) this.save(state, system, integrator);
  }

  onFailure(
    lastGood: Readonly<MDState>,
    system: System,
    integrator: Integrator,
    integratorState: unknown,
  ): void {
    this.save(lastGood, system, integrator, integratorState);
  }
}
