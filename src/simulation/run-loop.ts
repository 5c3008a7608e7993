/**
 * The run loop, the one place in the project that calls an integrator's step: advance an MDState,
 * call observers, stop cleanly on errors and signals.
 *
 *   state ──► [initial forces, by the integrator] ──► observe(step 0) ──► step ──► check ──► observe(every n) ──► … ──► finish
 *
 * Observers are called when state.step is a multiple of their `every` (so the schedule is the same
 * after a restart), closed also when the run ends by an error. After every step the state is checked
 * for a trajectory that is blowing up (blow-up.ts): the run then stops with an error naming the step
 * and the reason, after observers that can (a checkpoint writer) have saved the last good state, and
 * the files written so far are flushed and closed. The loop hands control to the event loop every
 * ~50 ms, so that a signal handler (Ctrl-C, a scheduler's SIGTERM) can abort it between two steps.
 */
import type { ForceEvaluator, Integrator } from "../core/integrator.ts";
import type { RunObserver } from "../core/observer.ts";
import type { Potential, Property } from "../core/potential.ts";
import { cloneState, type MDState, type System } from "../core/system.ts";
import { ATOMIC_TIME_IN_FS } from "../core/units.ts";
import { BlowUpDetector, type BlowUpLimits } from "./blow-up.ts";

export type { RunObserver } from "../core/observer.ts";

export interface RunOptions extends BlowUpLimits {
  /** Number of steps to take from the state's current step. */
  steps: number;
  observers?: readonly RunObserver[];
  /** Properties wanted from the potential besides energy and forces (dipole, polarizability). */
  want?: readonly Property[];
  /** Stops the run after the current step when aborted (a normal end: observers' finish() is called). */
  signal?: AbortSignal;
  /**
   * Evaluate forces before the first step: "auto" (default) does so unless the state already has
   * forces (any non-zero entry, e.g. restored from a checkpoint). Always by integrator.computeForces.
   */
  initialForces?: boolean | "auto";
  /** Call the observers at the starting step (default true; false when resuming from a checkpoint). */
  observeStart?: boolean;
}

/** A ForceEvaluator filling state.forces, potentialEnergy and (when wanted) dipole, polarizability and virial. */
export function makeForceEvaluator(
  system: System,
  potential: Potential,
  want: readonly Property[] = [],
): ForceEvaluator {
  const missing = want.filter((p) => p !== "energy" && p !== "forces" && !potential.provides.includes(p));
  if (missing.length > 0) {
    throw new Error(
      `potential '${potential.name}' does not provide ${missing.join(", ")} (it provides ${potential.provides.join(", ")})`,
    );
  }
  return async (state: MDState) => {
    const out = await potential.compute(system, state.positions, state.nBatch, want);
    const n3 = 3 * system.nAtoms * state.nBatch;
    if (out.forces.length !== n3 || out.energy.length !== state.nBatch) {
      throw new Error(
        `potential '${potential.name}' returned ${out.forces.length} force values and ${out.energy.length} energies; ` +
          `expected ${n3} and ${state.nBatch}`,
      );
    }
    state.forces.set(out.forces);
    state.potentialEnergy.set(out.energy);
    if (want.includes("dipole") && out.dipole) {
      state.dipole ??= new Float64Array(3 * state.nBatch);
      state.dipole.set(out.dipole);
    }
    if (want.includes("polarizability") && out.polarizability) {
      state.polarizability ??= new Float64Array(9 * state.nBatch);
      state.polarizability.set(out.polarizability);
    }
    if (want.includes("virial") && out.virial) {
      state.virial ??= new Float64Array(9 * state.nBatch);
      state.virial.set(out.virial);
    }
  };
}

async function observeAll(
  observers: readonly RunObserver[],
  state: MDState,
  system: System,
  integrator: Integrator,
): Promise<void> {
  for (const o of observers) if (state.step % o.every === 0) await o.observe(state, system, integrator);
}

/** Copy `from` into `to` (same shapes), without allocating: the last good state kept every step. */
function copyState(from: Readonly<MDState>, to: MDState): void {
  to.step = from.step;
  to.time = from.time;
  to.thermostatHeat = from.thermostatHeat;
  to.positions.set(from.positions);
  to.momenta.set(from.momenta);
  to.forces.set(from.forces);
  to.potentialEnergy.set(from.potentialEnergy);
  if (from.dipole) (to.dipole ??= new Float64Array(from.dipole.length)).set(from.dipole);
  if (from.polarizability) {
    (to.polarizability ??= new Float64Array(from.polarizability.length)).set(from.polarizability);
  }
  if (from.virial) (to.virial ??= new Float64Array(from.virial.length)).set(from.virial);
}

/** How long the loop may keep the event loop busy before it lets timers and signal handlers run. */
const YIELD_EVERY_MS = 50;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Run `options.steps` steps of `integrator` from `state` (modified in place and returned).
 * Throws if the trajectory blows up; observers are closed in every case.
 */
export async function run(
  system: System,
  potential: Potential,
  state: MDState,
  integrator: Integrator,
  options: RunOptions,
): Promise<MDState> {
  const { steps, observers = [], want = [], signal } = options;
  if (!Number.isInteger(steps) || steps < 0)
    throw new Error(`steps must be a non-negative integer, got ${steps}`);
  for (const o of observers) {
    if (!Number.isInteger(o.every) || o.every < 1) {
      throw new Error(`observer ${o.constructor.name}: 'every' must be a positive integer, got ${o.every}`);
    }
  }
  const evaluate = makeForceEvaluator(system, potential, want);
  const detector = new BlowUpDetector(system, integrator, state.nBatch, options);
  // The last good state, kept only when an observer can use it after a blow-up.
  const good = observers.some((o) => o.onFailure)
    ? { state: cloneState(state), integrator: undefined as unknown }
    : undefined;
  let runError: unknown;
  try {
    const initial = options.initialForces ?? "auto";
    if (initial === true || (initial === "auto" && state.forces.every((f) => f === 0))) {
      await integrator.computeForces(state, evaluate);
    }
    if (options.observeStart ?? true) await observeAll(observers, state, system, integrator);
    detector.begin(state);
    const last = state.step + steps;
    let lastYield = performance.now();
    while (state.step < last && !signal?.aborted) {
      if (good) {
        copyState(state, good.state);
        good.integrator = structuredClone(integrator.saveState());
      }
      await integrator.step(state, system, evaluate);
      const reason = detector.check(state);
      if (reason !== undefined) {
        const where = `step ${state.step} (t = ${(state.time * ATOMIC_TIME_IN_FS).toFixed(3)} fs)`;
        const error = new Error(
          `trajectory blew up at ${where}: ${reason}; the output written so far is flushed` +
            (good ? ` and a checkpoint of step ${good.state.step} (the last good one) is saved` : "") +
            ` (a smaller time step or a better starting structure may help)`,
        );
        if (good) {
          for (const o of observers)
            await o.onFailure?.(good.state, system, integrator, good.integrator, error);
        }
        throw error;
      }
      await observeAll(observers, state, system, integrator);
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    for (const o of observers) await o.finish?.(state, system, integrator);
  } catch (e) {
    runError = e;
  }
  // Close every observer even if one of them fails to close; the run's own error comes first.
  for (const o of observers) {
    try {
      await o.close?.();
    } catch (e) {
      runError ??= e;
    }
  }
  if (runError !== undefined) throw runError;
  return state;
}
