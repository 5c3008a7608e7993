/**
 * The simulation layer: every MD run of the project (equimd run, the demo's stages, sampling for
 * labels, reference MD, divergence tests, examples, benchmarks) goes through run() of run-loop.ts,
 * usually via a RunSpec and simulate().
 */
import type { RunObserver } from "../core/observer.ts";
import { runSpecFromConfig, type FromConfigOptions } from "./from-config.ts";
import { simulate, type RunResult } from "./simulate.ts";

export { makeForceEvaluator, run, type RunOptions } from "./run-loop.ts";
export type { RunObserver } from "../core/observer.ts";
export { BlowUpDetector, type BlowUpLimits } from "./blow-up.ts";
export { degreesOfFreedom } from "./degrees-of-freedom.ts";
export { runSpecFromConfig, type FromConfigOptions } from "./from-config.ts";
export type { InitialVelocities, RunOutputs, RunSpec } from "./run-spec.ts";
export { simulate, type RunResult } from "./simulate.ts";

export interface RunFromConfigOptions extends FromConfigOptions {
  /** Further observers (e.g. in tests). */
  observers?: RunObserver[];
  signal?: AbortSignal;
}

/** Run the MD described by a run config file (what `equimd run` does). */
export async function runFromConfig(
  configPath: string,
  options: RunFromConfigOptions = {},
): Promise<RunResult> {
  const spec = await runSpecFromConfig(configPath, options);
  return simulate({ ...spec, observers: options.observers, signal: options.signal });
}
