/**
 * Convergence targets for "add trajectories until the spectrum is good enough" (`--until` in the demo and
 * run-based spectra): a target on the relative standard error of the total band area ("area:5%") or on
 * the standard error of the overlap score against a reference ("overlap:0.01"), its status for the
 * current ensemble, and the number of units the 1/√N law projects for meeting it.
 */
import type { Comparison } from "../compare.ts";
import type { CurveWithErrors } from "./spectra-with-errors.ts";

export type ConvergenceTarget = { kind: "area"; relativeError: number } | { kind: "overlap"; error: number };

/** "area:5%", "area:0.05" or "overlap:0.01". */
export function parseConvergenceTarget(text: string): ConvergenceTarget {
  const m = /^(area|overlap):\s*([\d.eE+-]+)\s*(%?)$/.exec(text.trim());
  const value = m ? Number(m[2]) / (m[3] === "%" ? 100 : 1) : NaN;
  if (!m || !(value > 0) || !Number.isFinite(value)) {
    throw new Error(
      `--until: expected area:<relative error> (e.g. area:5%) or overlap:<error> (e.g. overlap:0.01), got '${text}'`,
    );
  }
  return m[1] === "area" ? { kind: "area", relativeError: value } : { kind: "overlap", error: value };
}

export interface ConvergenceStatus {
  met: boolean;
  /** The current error (relative for area). */
  value: number;
  target: number;
  /** Units (trajectories or blocks) now and the number projected by 1/√N to meet the target. */
  units: number;
  projectedUnits: number;
  message: string;
}

/** Units needed by the 1/√N law to bring an error `now` from `units` units down to `target`. */
export function projectedUnits(now: number, units: number, target: number): number {
  if (!(now > 0)) return units;
  return Math.max(units, Math.ceil(units * (now / target) ** 2));
}

/** Status of a target against the first curve's total area, or a comparison's overlap. */
export function convergenceStatus(
  target: ConvergenceTarget,
  state: { curve?: CurveWithErrors; comparison?: Comparison; units: number },
): ConvergenceStatus {
  let value: number;
  let goal: number;
  let what: string;
  if (target.kind === "area") {
    const t = state.curve?.total;
    if (!t)
      throw new Error(`--until area: needs the errors of at least 2 units (${state.curve?.note ?? "none"})`);
    value = t.standardError / Math.abs(t.value);
    goal = target.relativeError;
    what = `relative error of the total band area ${(100 * value).toFixed(1)} % (target ${(100 * goal).toFixed(1)} %)`;
  } else {
    const e = state.comparison?.overlapError;
    if (!e) throw new Error("--until overlap: needs a comparison with errors (an ensemble on one side)");
    value = e.standardError;
    goal = target.error;
    what = `error of the overlap ${value.toFixed(4)} (target ${goal})`;
  }
  const met = value <= goal;
  const need = projectedUnits(value, state.units, goal);
  return {
    met,
    value,
    target: goal,
    units: state.units,
    projectedUnits: need,
    message: `${what}: ${met ? "met" : `not met; ≈ ${need} units would meet it (1/√N from ${state.units})`}`,
  };
}
