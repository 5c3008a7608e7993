/**
 * `--until`: add independent trajectories until an error target is met or a budget is spent, and say
 * which. After each round the caller's `status` reports the error now (convergenceStatus,
 * src/spectra/uncertainty/convergence.ts, with the number of trajectories as units: the error of a
 * spectrum falls as 1/√(total sampled time), so blocks of one trajectory project the same way). The next
 * batch is the number the 1/√N law projects, at least one, at most as many as there are (no more than
 * doubling on one noisy estimate), and within both budgets: replicas left, and the wall time left at
 * the cost per replica of the last batch.
 */
import type { ConvergenceStatus, ConvergenceTarget } from "../spectra/uncertainty/convergence.ts";

export interface UntilBudget {
  maxReplicas: number;
  /** Wall time of the whole stage, s (the first batch included). */
  maxWallS: number;
}

export interface UntilRound {
  replicas: number;
  status: ConvergenceStatus;
  /** Wall time of the stage so far, s. */
  elapsedS: number;
}

export type UntilStop = "met" | "max_replicas" | "max_wall_s";

export interface UntilOutcome {
  met: boolean;
  stop: UntilStop;
  replicas: number;
  rounds: UntilRound[];
  message: string;
}

export interface UntilLoop {
  target: ConvergenceTarget;
  budget: UntilBudget;
  /** Trajectories already run and the wall time (s) that took. */
  replicas: number;
  firstBatchWallS: number;
  /** The error with `replicas` trajectories. */
  status: (replicas: number) => ConvergenceStatus;
  /** Run `n` more trajectories. */
  addBatch: (n: number) => Promise<void>;
  say?: (line: string) => void;
  /** Seconds (injectable for tests). */
  clock?: () => number;
}

const describe = (t: ConvergenceTarget) =>
  t.kind === "area" ? `area:${+(100 * t.relativeError).toPrecision(6)}%` : `overlap:${t.error}`;

/** Run batches until the target is met or a budget is spent. */
export async function addReplicasUntil(loop: UntilLoop): Promise<UntilOutcome> {
  const clock = loop.clock ?? (() => performance.now() / 1000);
  const say = loop.say ?? (() => {});
  const { maxReplicas, maxWallS } = loop.budget;
  const t0 = clock() - loop.firstBatchWallS;
  let replicas = loop.replicas;
  let last = { n: loop.replicas, wallS: loop.firstBatchWallS };
  const rounds: UntilRound[] = [];
  const done = (stop: UntilStop, why: string): UntilOutcome => {
    const status = rounds[rounds.length - 1].status;
    const message =
      `--until ${describe(loop.target)}: ` +
      (stop === "met"
        ? `met with ${replicas} trajectories (${status.message})`
        : `NOT met: ${why} (${status.message})`);
    say(message);
    return { met: stop === "met", stop, replicas, rounds, message };
  };
  for (;;) {
    const status = loop.status(replicas);
    const elapsedS = clock() - t0;
    rounds.push({ replicas, status, elapsedS });
    say(`--until: ${replicas} trajectories, ${elapsedS.toFixed(0)} s: ${status.message}`);
    if (status.met) return done("met", "");
    const left = maxReplicas - replicas;
    if (left <= 0) return done("max_replicas", `the budget of ${maxReplicas} trajectories is spent`);
    const perReplicaS = last.wallS / last.n;
    const affordable = perReplicaS > 0 ? Math.floor((maxWallS - elapsedS) / perReplicaS) : left;
    if (affordable < 1) {
      return done(
        "max_wall_s",
        `the wall-time budget of ${maxWallS} s is spent (${elapsedS.toFixed(0)} s; one more trajectory ≈ ${perReplicaS.toFixed(0)} s)`,
      );
    }
    const n = Math.min(Math.max(status.projectedUnits - replicas, 1), replicas, left, affordable);
    const t = clock();
    await loop.addBatch(n);
    last = { n, wallS: clock() - t };
    replicas += n;
  }
}
