/**
 * The local executor: the members that still need a run, in parallel processes (at most `parallel` at
 * once; default os.availableParallelism()), each through runMember, with one combined progress display.
 * Members are started in index order; which finishes first does not matter, since each writes only its
 * own directory.
 */
import { availableParallelism } from "node:os";
import { needsRun, runMember, type MemberState } from "./member-run.ts";
import type { Member } from "./members.ts";
import { ensembleProgress } from "./progress.ts";

export interface LocalOptions {
  /** Members at once (default os.availableParallelism()). */
  parallel?: number;
  progress?: boolean;
  /** Environment for the member processes (e.g. EQUIMD_THREADS=1). */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/** Run every member that is not done (or exploded); returns each member's state afterwards. */
export async function runLocal(
  members: readonly Member[],
  options: LocalOptions = {},
): Promise<MemberState[]> {
  const parallel = options.parallel ?? availableParallelism();
  if (!Number.isInteger(parallel) || parallel < 1) {
    throw new Error(`parallel: expected a positive integer, got ${parallel}`);
  }
  const todo = members.filter(needsRun);
  const progress = ensembleProgress(members, options.progress ?? true);
  const counts = { running: 0, done: members.length - todo.length, failed: 0 };
  const timer = setInterval(() => void progress.update(counts), 1000);
  let next = 0;
  const worker = async () => {
    while (next < todo.length && !options.signal?.aborted) {
      const member = todo[next++];
      counts.running++;
      const state = await runMember(member, { env: options.env, signal: options.signal });
      counts.running--;
      if (state.state === "done") counts.done++;
      else counts.failed++;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, todo.length) }, worker));
    await progress.update(counts);
  } finally {
    clearInterval(timer);
    progress.stop();
  }
  const { memberState } = await import("./member-run.ts");
  return members.map(memberState);
}
