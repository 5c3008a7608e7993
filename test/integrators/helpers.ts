/**
 * Helpers of the integrator tests: stepping an integrator directly, to test it in isolation (every
 * real run goes through src/simulation's run loop). Shared helpers live in test/helpers/.
 */
import type { ForceEvaluator, Integrator } from "../../src/core/integrator.ts";
import type { MDState, System } from "../../src/core/system.ts";

export { evaluatorFor } from "../helpers/force-evaluator.ts";

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

export { blockAverage, mean, std } from "../helpers/statistics.ts";
