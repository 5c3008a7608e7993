/**
 * The demo's classical stage with `until` (until.ts): the configured replicas, then more batches (new
 * seeds, equilibrated like the first) until the classical IR's error target is met or a budget is
 * spent. The trajectories of all batches are one ensemble; the ring polymers start from the first batch.
 */
import type { Potential } from "../core/potential.ts";
import type { System } from "../core/system.ts";
import {
  convergenceStatus,
  type ConvergenceStatus,
  type ConvergenceTarget,
  type CurveWithErrors,
} from "../spectra/uncertainty/index.ts";
import { runClassical, type ClassicalResult, type ClassicalSettings } from "./classical-md.ts";
import { CLASSICAL_LABEL, compareCurves, irCurve, type SpectraSettings } from "./spectra.ts";
import { trajectoryUnits } from "./trajectory-units.ts";
import { addReplicasUntil, type UntilBudget, type UntilOutcome } from "./until.ts";

/** Seeds of batch k are this far apart, so batches never share a random stream. */
const SEED_STRIDE = 1000;

/** Several batches as one result: all trajectories, the largest drift, the first equilibrated state. */
export function mergeClassical(batches: readonly ClassicalResult[]): ClassicalResult {
  const worst = batches.reduce((a, b) =>
    Math.abs(b.drift.driftMeVPerAtomPerPs) > Math.abs(a.drift.driftMeVPerAtomPerPs) ? b : a,
  );
  const members = batches[0].members && {
    dipoles: batches[0].members.dipoles.map((_, k) => batches.flatMap((b) => b.members!.dipoles[k])),
    polarizabilities: batches[0].members.polarizabilities.map((_, k) =>
      batches.flatMap((b) => b.members!.polarizabilities[k]),
    ),
  };
  return {
    ...(members ? { members } : {}),
    dipoles: batches.flatMap((b) => b.dipoles),
    polarizabilities: batches.flatMap((b) => b.polarizabilities),
    kinetic: batches.flatMap((b) => b.kinetic),
    drift: worst.drift,
    equilibrated: batches[0].equilibrated,
    steps: batches.reduce((s, b) => s + b.steps, 0),
  };
}

/** The classical IR curve of the trajectories so far. */
export function classicalIr(r: ClassicalResult, system: System, s: SpectraSettings): CurveWithErrors {
  const kinetic =
    s.temperatureSource === "measured"
      ? { perSample: r.kinetic, degreesOfFreedom: 3 * system.nAtoms }
      : undefined;
  return irCurve(trajectoryUnits(r.dipoles, s.blocks, s.maxLagFs, kinetic), "harmonic", CLASSICAL_LABEL, s);
}

/** The target's status; a curve or comparison without errors (one short trajectory) is "not met". */
export function untilStatus(
  target: ConvergenceTarget,
  curve: CurveWithErrors,
  reference: CurveWithErrors | undefined,
  replicas: number,
  s: SpectraSettings,
): ConvergenceStatus {
  const comparison = target.kind === "overlap" && reference ? compareCurves(reference, curve, s) : undefined;
  const known = target.kind === "area" ? curve.total !== undefined : comparison?.overlapError !== undefined;
  if (!known) {
    const goal = target.kind === "area" ? target.relativeError : target.error;
    return {
      met: false,
      value: NaN,
      target: goal,
      units: replicas,
      projectedUnits: replicas + 1,
      message: `no error yet (${curve.note ?? "one unit on each side"})`,
    };
  }
  return convergenceStatus(target, { curve, comparison, units: replicas });
}

export interface ClassicalStage {
  classical: ClassicalResult;
  until?: UntilOutcome;
}

/** The configured replicas, and with a target more batches until it is met or the budget is spent. */
export async function runClassicalStage(
  potential: Potential,
  system: System,
  positions: Float64Array,
  settings: ClassicalSettings,
  say: (line: string) => void,
  until?: {
    target: ConvergenceTarget;
    budget: UntilBudget;
    spectra: SpectraSettings;
    reference?: CurveWithErrors;
  },
): Promise<ClassicalStage> {
  const t = performance.now();
  const batches = [await runClassical(potential, system, positions, settings, say)];
  if (!until) return { classical: batches[0] };
  const outcome = await addReplicasUntil({
    target: until.target,
    budget: until.budget,
    replicas: settings.replicas,
    firstBatchWallS: (performance.now() - t) / 1000,
    status: (replicas) =>
      untilStatus(
        until.target,
        classicalIr(mergeClassical(batches), system, until.spectra),
        until.reference,
        replicas,
        until.spectra,
      ),
    addBatch: async (n) => {
      const k = batches.length;
      const firstReplica = batches.reduce((s, b) => s + b.dipoles.length, 0);
      batches.push(
        await runClassical(
          potential,
          system,
          positions,
          { ...settings, replicas: n, seed: settings.seed + SEED_STRIDE * k, firstReplica },
          say,
        ),
      );
    },
    say,
  });
  return { classical: mergeClassical(batches), until: outcome };
}
