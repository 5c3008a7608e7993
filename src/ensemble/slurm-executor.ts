/**
 * The SLURM executor: the members that still need a run as one job array (`sbatch --array=…`), whose
 * tasks call the same entry point as a local run (`node bin/equimd.js ensemble member <dir> --index
 * $SLURM_ARRAY_TASK_ID`, which runs `equimd run member.yaml [--resume]`). Followed with `squeue`
 * (and `sacct` where the cluster keeps accounting).
 *
 * Submitting again submits only the members that are neither done, blown up, nor still queued or
 * running: a finished member is never recomputed, a killed one resumes from its checkpoint.
 *
 *   <directory>/slurm/job.sh      the job script (#SBATCH lines from the spec and flags)
 *                    jobs.json    every submission: job id and the member indices it holds
 *                    <job>_<task>.out  SLURM's output of each task (the member's own log is its run.log)
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { EQUIMD_ENTRY, needsRun } from "./member-run.ts";
import { writeFileAtomic, type Member } from "./members.ts";
import type { LoadedSpec, SlurmSettings } from "./spec.ts";

const run = promisify(execFile);

export const SLURM_DIR = "slurm";
const JOB_SCRIPT = "job.sh";
const JOBS_FILE = "jobs.json";

export interface Submission {
  jobId: string;
  members: number[];
}

/** What the queue says of one member's task. */
export interface QueuedTask {
  jobId: string;
  member: number;
  /** SLURM state, e.g. PENDING, RUNNING, COMPLETING. */
  state: string;
}

async function slurm(command: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(command, args, { encoding: "utf8" });
    return stdout;
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === "ENOENT") {
      throw new Error(`${command} not found: is SLURM installed here (or module-loaded)?`, { cause: e });
    }
    throw new Error(`${command} ${args.join(" ")} failed: ${(err.stderr ?? err.message).trim()}`, {
      cause: e,
    });
  }
}

export const jobName = (spec: LoadedSpec): string => `equimd-${spec.name}`;

/** Single-quote a word for bash. */
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The job script's text. */
export function jobScript(spec: LoadedSpec, settings: SlurmSettings): string {
  const out = join(spec.directory, SLURM_DIR);
  const sbatch = [
    `--job-name=${jobName(spec)}`,
    `--output=${join(out, "%A_%a.out")}`,
    `--cpus-per-task=${settings.cpus_per_task}`,
    ...(settings.partition ? [`--partition=${settings.partition}`] : []),
    ...(settings.time ? [`--time=${settings.time}`] : []),
    ...(settings.memory ? [`--mem=${settings.memory}`] : []),
    ...(settings.account ? [`--account=${settings.account}`] : []),
    ...settings.sbatch,
  ];
  const node = settings.node ?? process.execPath;
  return [
    "#!/bin/bash",
    ...sbatch.map((o) => `#SBATCH ${o}`),
    `# Written by equimd ensemble for ${spec.path}; one array task per member.`,
    "set -euo pipefail",
    ...settings.setup,
    "# onnxruntime threads of the member: the CPUs SLURM gave the task",
    'export EQUIMD_THREADS="${SLURM_CPUS_PER_TASK:-1}"',
    `exec ${quote(node)} ${quote(EQUIMD_ENTRY)} ensemble member ${quote(spec.directory)} --index "$SLURM_ARRAY_TASK_ID"`,
    "",
  ].join("\n");
}

/** Every submission of this ensemble so far. */
export function submissions(spec: LoadedSpec): Submission[] {
  const file = join(spec.directory, SLURM_DIR, JOBS_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Submission[]) : [];
}

/** The ensemble's tasks that are still in the queue (pending, running, completing). */
export async function queuedTasks(spec: LoadedSpec): Promise<QueuedTask[]> {
  const ids = new Set(submissions(spec).map((s) => s.jobId));
  if (ids.size === 0) return [];
  const text = await slurm("squeue", [
    "--noheader",
    "--array",
    `--user=${userInfo().username}`,
    `--name=${jobName(spec)}`,
    "--format=%F|%K|%T",
  ]);
  const tasks: QueuedTask[] = [];
  for (const line of text.split("\n")) {
    const [jobId, task, state] = line.trim().split("|");
    if (!jobId || !ids.has(jobId)) continue;
    // a pending array may still be listed as a range ("3-5", "1,4") despite --array
    for (const part of task.replace(/%\d+$/, "").split(",")) {
      const [a, b] = part.split("-").map(Number);
      for (let i = a; i <= (b ?? a); i++) tasks.push({ jobId, member: i, state });
    }
  }
  return tasks;
}

/** The final SLURM state of each member's latest task (sacct), where the cluster keeps accounting. */
export async function accountedStates(spec: LoadedSpec): Promise<Map<number, string> | undefined> {
  const subs = submissions(spec);
  if (subs.length === 0) return new Map();
  let text: string;
  try {
    text = await slurm("sacct", [
      "--noheader",
      "--parsable2",
      "--allocations",
      `--jobs=${subs.map((s) => s.jobId).join(",")}`,
      "--format=JobID,State",
    ]);
  } catch {
    return undefined; // no accounting storage: squeue and the members' files still tell
  }
  const states = new Map<number, string>();
  for (const line of text.split("\n")) {
    const m = /^\d+_(\d+)\|(\S+)/.exec(line.trim());
    if (m) states.set(Number(m[1]), m[2]);
  }
  return states;
}

/** Compact array list: 0,2,5-9. */
export function arrayList(indices: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indices.length;) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j] + 1) j++;
    parts.push(j > i ? `${indices[i]}-${indices[j]}` : `${indices[i]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/**
 * Submit the members that need a run and are not in the queue, as one job array. Returns the
 * submission, or undefined when there was nothing to submit.
 */
export async function submitSlurm(
  spec: LoadedSpec,
  members: readonly Member[],
  settings: SlurmSettings,
): Promise<Submission | undefined> {
  const queued = new Set((await queuedTasks(spec)).map((t) => t.member));
  const todo = members.filter((m) => needsRun(m) && !queued.has(m.index)).map((m) => m.index);
  if (todo.length === 0) return undefined;
  const dir = join(spec.directory, SLURM_DIR);
  mkdirSync(dir, { recursive: true });
  const script = join(dir, JOB_SCRIPT);
  writeFileAtomic(script, jobScript(spec, settings));
  const array = arrayList(todo) + (settings.max_running ? `%${settings.max_running}` : "");
  const out = await slurm("sbatch", ["--parsable", `--array=${array}`, script]);
  const jobId = out.trim().split(";")[0];
  if (!/^\d+$/.test(jobId)) throw new Error(`sbatch: unexpected answer '${out.trim()}' (expected a job id)`);
  const submission = { jobId, members: todo };
  writeFileAtomic(join(dir, JOBS_FILE), JSON.stringify([...submissions(spec), submission], null, 2) + "\n");
  return submission;
}

/** Wait until none of the ensemble's tasks is in the queue, calling `tick` after every poll. */
export async function waitForSlurm(
  spec: LoadedSpec,
  options: {
    pollSeconds?: number;
    tick?: (queued: QueuedTask[]) => Promise<void> | void;
    signal?: AbortSignal;
  } = {},
): Promise<void> {
  const poll = (options.pollSeconds ?? 10) * 1000;
  for (;;) {
    const queued = await queuedTasks(spec);
    await options.tick?.(queued);
    if (queued.length === 0 || options.signal?.aborted) return;
    await new Promise((r) => setTimeout(r, poll));
  }
}

/** Cancel the ensemble's queued and running tasks (members keep their checkpoints). */
export async function cancelSlurm(spec: LoadedSpec, members?: readonly number[]): Promise<QueuedTask[]> {
  const queued = (await queuedTasks(spec)).filter((t) => members === undefined || members.includes(t.member));
  const targets = [...new Set(queued.map((t) => `${t.jobId}_${t.member}`))];
  if (targets.length > 0) await slurm("scancel", targets);
  return queued;
}
