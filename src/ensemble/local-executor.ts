/**
 * The local executor: the members that still need a run, in parallel processes (at most `parallel` at
 * once; default os.availableParallelism()), each through runMember, with one combined progress display.
 * Each member gets EQUIMD_THREADS = cores / members at once (unless set), so that members using the
 * onnxruntime fast path do not oversubscribe the cores.
 * Members are started in index order; which finishes first does not matter, since each writes only its
 * own directory.
 */
import { availableParallelism } from "node:os";
import { memberState, needsRun, runMember, type MemberState } from "./member-run.ts";
import type { Member } from "./members.ts";
import { ensembleProgress } from "./progress.ts";

export interface LocalOptions {
  /** Members at once (default os.availableParallelism()). */
  parallel?: number;
  progress?: boolean;
  /** Environment for the member processes (overrides the EQUIMD_THREADS default). */
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
  // the cores shared out between the members at once (onnxruntime threads of the PaiNN fast path)
  const threads = String(Math.max(1, Math.floor(availableParallelism() / parallel)));
  const env = { EQUIMD_THREADS: process.env.EQUIMD_THREADS ?? threads, ...options.env };
  const progress = ensembleProgress(members, options.progress ?? true);
  const counts = { running: 0, done: members.length - todo.length, failed: 0 };
  const timer = setInterval(() => void progress.update(counts), 1000);
  let next = 0;
  const worker = async () => {
    while (next < todo.length && !options.signal?.aborted) {
      const member = todo[next++];
      counts.running++;
      const state = await runMember(member, { env, signal: options.signal });
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
  return members.map(memberState);
}
