/**
 * The run loop: advance an MDState with an integrator, call observers, stop cleanly on errors.
 *
 *   state ──► [initial forces] ──► observe(step 0) ──► step ──► check ──► observe(every n) ──► … ──► finish
 *
 * Observers are called when state.step is a multiple of their `every` (so the schedule is the same
 * after a restart), closed also when the run ends by an error. After every step the state is checked
 * for a trajectory that is blowing up (non-finite positions or energies, or a jump of the conserved
 * quantity): the run then stops with an error naming the step, after observers that can (a checkpoint
 * writer) have saved the last good state, and the files written so far are flushed and closed.
 */
import type { ForceEvaluator, Integrator } from "./core/integrator.ts";
import type { Observer } from "./core/observer.ts";
import type { Potential, Property } from "./core/potential.ts";
import { cloneState, type MDState, type System } from "./core/system.ts";
import { ATOMIC_TIME_IN_FS } from "./core/units.ts";

/** Optional hooks an observer may implement besides the core Observer interface. */
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

export interface RunOptions {
  /** Number of steps to take from the state's current step. */
  steps: number;
  observers?: readonly RunObserver[];
  /** Properties wanted from the potential besides energy and forces (dipole, polarizability). */
  want?: readonly Property[];
  /** Stops the run after the current step when aborted (a normal end: observers' finish() is called). */
  signal?: AbortSignal;
  /**
   * Evaluate forces before the first step: "auto" (default) does so unless the state already has
   * forces (any non-zero entry, e.g. restored from a checkpoint).
   */
  initialForces?: boolean | "auto";
  /** Call the observers at the starting step (default true; false when resuming from a checkpoint). */
  observeStart?: boolean;
  /**
   * Largest change of the conserved quantity allowed in one step, hartree (default 0.1 per atom and
   * configuration); a larger jump stops the run as a blown-up trajectory. Infinity disables the check.
   */
  maxEnergyJump?: number;
}

/** A ForceEvaluator filling state.forces, potentialEnergy and (when wanted) dipole and polarizability. */
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
  };
}

/** Why a state counts as blown up, or undefined if it looks sane. */
function explosionReason(
  state: Readonly<MDState>,
  conserved: number,
  previous: number,
  maxJump: number,
): string | undefined {
  if (!state.positions.every(Number.isFinite)) return "non-finite positions";
  if (!state.momenta.every(Number.isFinite)) return "non-finite momenta";
  if (!state.potentialEnergy.every(Number.isFinite)) return "non-finite potential energy";
  if (!Number.isFinite(conserved)) return "non-finite conserved quantity";
  const jump = Math.abs(conserved - previous);
  if (jump > maxJump) {
    return `the conserved quantity jumped by ${jump.toPrecision(4)} hartree in one step (limit ${maxJump.toPrecision(4)})`;
  }
  return undefined;
}

async function observeAll(
  observers: readonly RunObserver[],
  state: MDState,
  system: System,
  integrator: Integrator,
): Promise<void> {
  for (const o of observers) if (state.step % o.every === 0) await o.observe(state, system, integrator);
}

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
  const maxJump = options.maxEnergyJump ?? 0.1 * system.nAtoms * state.nBatch;
  const wantsSnapshot = observers.some((o) => o.onFailure);
  let runError: unknown;
  try {
    const initial = options.initialForces ?? "auto";
    if (initial === true || (initial === "auto" && state.forces.every((f) => f === 0))) await evaluate(state);
    if (options.observeStart ?? true) await observeAll(observers, state, system, integrator);
    let previous = integrator.conservedQuantity(state, system);
    const last = state.step + steps;
    while (state.step < last && !signal?.aborted) {
      // The last good state, kept only when an observer can use it after a blow-up.
      const good = wantsSnapshot
        ? { state: cloneState(state), integrator: structuredClone(integrator.saveState()) }
        : undefined;
      await integrator.step(state, system, evaluate);
      const conserved = integrator.conservedQuantity(state, system);
      const reason = explosionReason(state, conserved, previous, maxJump);
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
      previous = conserved;
      await observeAll(observers, state, system, integrator);
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
