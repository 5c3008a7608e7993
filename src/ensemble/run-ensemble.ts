/**
 * An ensemble from its spec to its merged result: prepare the member directories, run the members that
 * need it (locally or as a SLURM job array), and merge when every member has finished or blown up.
 * Also the ensemble's status: each member's state from its files, with the queue's view on SLURM.
 */
import { memberProgress, memberState, memberTotal, type MemberState } from "./member-run.ts";
import { describeMembers, prepareMembers, memberName, type Member } from "./members.ts";
import { mergeEnsemble, type MergeResult } from "./merge.ts";
import { runLocal } from "./local-executor.ts";
import { ensembleProgress } from "./progress.ts";
import {
  accountedStates,
  queuedTasks,
  submitSlurm,
  waitForSlurm,
  type Submission,
} from "./slurm-executor.ts";
import { loadEnsembleSpec, SlurmSettingsSchema, type LoadedSpec, type SlurmSettings } from "./spec.ts";

export type Executor = "local" | "slurm";

export interface EnsembleOptions {
  executor: Executor;
  /** Local: members at once (default: spec.parallel, else os.availableParallelism()). */
  parallel?: number;
  /** SLURM settings overriding the spec's (command-line flags). */
  slurm?: Partial<SlurmSettings>;
  /** SLURM: wait for the array and merge (default true); false: submit and return. */
  wait?: boolean;
  /** SLURM: seconds between squeue polls (default 10). */
  pollSeconds?: number;
  progress?: boolean;
  /** Environment for local member processes. */
  env?: NodeJS.ProcessEnv;
  /** Messages (warnings, what was submitted); default stderr. */
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface EnsembleResult {
  spec: LoadedSpec;
  members: Member[];
  states: MemberState[];
  /** The SLURM submission made by this call (none when nothing needed a run). */
  submission?: Submission;
  /** Undefined when some member has not finished (yet). */
  merged?: MergeResult;
}

const stderrLog = (line: string) => process.stderr.write(`equimd: ${line}\n`);

/** Whether every member is done or blew up (so the ensemble can be merged). */
const allSettled = (states: readonly MemberState[]) =>
  states.every((s) => s.state === "done" || s.state === "exploded");

/** Run (or continue) the ensemble of a spec file; merges when all members have finished. */
export async function runEnsemble(specFile: string, options: EnsembleOptions): Promise<EnsembleResult> {
  const log = options.log ?? stderrLog;
  const spec = loadEnsembleSpec(specFile);
  const members = await prepareMembers(spec);
  let submission: Submission | undefined;
  if (options.executor === "local") {
    await runLocal(members, {
      parallel: options.parallel ?? spec.spec.parallel,
      progress: options.progress,
      env: options.env,
      signal: options.signal,
    });
  } else if (options.executor === "slurm") {
    const settings = SlurmSettingsSchema.parse({ ...spec.spec.slurm, ...definedOnly(options.slurm ?? {}) });
    submission = await submitSlurm(spec, members, settings);
    log(
      submission
        ? `submitted job array ${submission.jobId} with ${submission.members.length} member(s): ${submission.members.map((i) => memberName(i, members.length)).join(" ")}`
        : "nothing to submit: every member is done, blew up, or is already in the queue",
    );
    if (options.wait === false) return { spec, members, states: members.map(memberState), submission };
    const progress = ensembleProgress(members, options.progress ?? true);
    try {
      await waitForSlurm(spec, {
        pollSeconds: options.pollSeconds,
        signal: options.signal,
        tick: async (queued) => {
          const states = members.map(memberState);
          await progress.update({
            running: queued.filter((t) => t.state === "RUNNING").length,
            done: states.filter((s) => s.state === "done").length,
            failed: states.filter((s) => s.state === "failed" || s.state === "exploded").length,
          });
        },
      });
    } finally {
      progress.stop();
    }
  } else {
    throw new Error(`--executor: expected local or slurm, got '${options.executor as string}'`);
  }
  const states = members.map(memberState);
  if (!allSettled(states)) {
    const open = members.filter((_, i) => states[i].state !== "done" && states[i].state !== "exploded");
    log(
      `${open.length} member(s) not finished: ${open.map((m) => memberName(m.index, members.length)).join(" ")}; ` +
        `run the same command again to resume them (finished members are kept)`,
    );
    return { spec, members, states, submission };
  }
  const merged = await mergeEnsemble(spec, members, log);
  log(`merged ${merged.merged.length} of ${members.length} members into ${merged.files.join(", ")}`);
  return { spec, members, states, submission, merged };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export interface MemberStatus {
  index: number;
  name: string;
  state: MemberState;
  /** Steps (or frames) reached and to reach. */
  reached: number;
  total: number;
  /** SLURM: the queue's state (PENDING, RUNNING, …) or the accounting's final state. */
  slurm?: string;
}

/** Each member's state; with `slurm`, also what squeue (and sacct, if available) say. */
export async function ensembleStatus(specFile: string, slurm: boolean): Promise<MemberStatus[]> {
  const spec = loadEnsembleSpec(specFile);
  const members = await describeMembers(spec);
  const queued = slurm ? await queuedTasks(spec) : [];
  const accounted = slurm ? await accountedStates(spec) : undefined;
  const result: MemberStatus[] = [];
  for (const m of members) {
    const q = queued.find((t) => t.member === m.index);
    result.push({
      index: m.index,
      name: memberName(m.index, members.length),
      state: memberState(m),
      reached: await memberProgress(m),
      total: memberTotal(m),
      slurm: q?.state ?? accounted?.get(m.index),
    });
  }
  return result;
}

/** One line per member for `equimd ensemble status`. */
export function formatStatus(status: readonly MemberStatus[]): string {
  const lines = status.map((s) => {
    const detail =
      s.state.state === "exploded"
        ? `blew up at step ${s.state.step}`
        : s.state.state === "failed"
          ? `failed: ${s.state.message}`
          : s.state.state;
    const queue = s.slurm ? ` [slurm: ${s.slurm}]` : "";
    return `member ${s.name}: ${detail} (${s.reached}/${s.total})${queue}`;
  });
  const count = (k: string) => status.filter((s) => s.state.state === k).length;
  lines.push(
    `${count("done")} done, ${count("exploded")} blew up, ${count("failed")} failed, ` +
      `${count("started")} started, ${count("new")} not started, of ${status.length}`,
  );
  return lines.join("\n");
}
