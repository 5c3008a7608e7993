/** Small helpers shared by the integrator tests (the real run loop lives in src/simulate.ts). */
import type { ForceEvaluator, Integrator } from "../../src/core/integrator.ts";
import type { Potential, Property } from "../../src/core/potential.ts";
import type { MDState, System } from "../../src/core/system.ts";

/** A ForceEvaluator that fills forces, potentialEnergy (and dipole if wanted) from `potential`. */
export function evaluatorFor(
  system: System,
  potential: Potential,
  want: readonly Property[] = [],
): ForceEvaluator {
  return async (state: MDState) => {
    const out = await potential.compute(system, state.positions, state.nBatch, want);
    state.forces.set(out.forces);
    state.potentialEnergy.set(out.energy);
    if (out.dipole) state.dipole = out.dipole;
  };
}

/** Runs `steps` steps, calling `sample` after each (and once before the first, with step 0). */
export async function integrate(
  integrator: Integrator,
  state: MDState,
  system: System,
  evaluate: ForceEvaluator,
  steps: number,
  sample?: (state: MDState) => void,
): Promise<void> {
  sample?.(state);
  for (let s = 0; s < steps; s++) {
    await integrator.step(state, system, evaluate);
    sample?.(state);
  }
}

export const mean = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
export const std = (xs: readonly number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};

/**
 * Mean of a correlated time series and its standard error by block averaging: the series is cut into
 * `blocks` consecutive blocks, long compared with the correlation time, whose means are nearly independent.
 */
export function blockAverage(xs: readonly number[], blocks = 20): { mean: number; error: number } {
  const len = Math.floor(xs.length / blocks);
  const means = Array.from({ length: blocks }, (_, i) => mean(xs.slice(i * len, (i + 1) * len)));
  return { mean: mean(means), error: std(means) / Math.sqrt(blocks) };
}
