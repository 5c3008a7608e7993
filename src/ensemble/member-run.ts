/**
 * Running one member: the same `equimd` entry point a user would call (`node bin/equimd.js run
 * member.yaml [--resume]`, or `label …` for a shard), in the member's directory, its output appended to
 * run.log. Whichever executor starts it (a local process pool, a SLURM array task), this is the code
 * that runs, so a member's files do not depend on where it ran.
 *
 * - A member with a done-marker is never run again.
 * - A run member with a checkpoint resumes from it (`--resume`: the same trajectory as an uninterrupted
 *   run, bit for bit); a label member resumes by itself (frames already labelled are skipped).
 * - The done-marker is written (atomically) only when the job exited with status 0 *and* reached its
 *   end: the checkpoint is at the last step, or the shard holds all its frames. A run stopped early
 *   (Ctrl-C saves a checkpoint and exits 0) is "failed" and resumes next time.
 * - A trajectory that blew up is recorded in failed.json with the step; it is not retried (the same
 *   seed would blow up at the same step) and the merge leaves it out with a warning.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readCheckpoint } from "../io/checkpoint.ts";
import { iterateExtxyz } from "../io/extxyz.ts";
import {
  DONE_MARKER,
  FAILED_MARKER,
  LABEL_OUTPUT,
  MEMBER_CONFIG,
  RUN_LOG,
  writeFileAtomic,
  type Member,
} from "./members.ts";

/** The repository's CLI entry point (the one `equimd` runs). */
export const EQUIMD_ENTRY = resolve(fileURLToPath(import.meta.url), "../../../bin/equimd.js");

/** What the last attempt of a member left behind. */
export type MemberState =
  | { state: "done" }
  /** The trajectory blew up at `step` (not retried). */
  | { state: "exploded"; step: number; message: string }
  | { state: "failed"; message: string }
  /** Started (run.log exists) but neither finished nor failed: running now, or killed. */
  | { state: "started" }
  | { state: "new" };

interface FailedMarker {
  exploded: boolean;
  step?: number;
  exitCode: number | null;
  signal: string | null;
  message: string;
}

/** The state of a member from its files alone. */
export function memberState(member: Member): MemberState {
  if (existsSync(join(member.dir, DONE_MARKER))) return { state: "done" };
  const failedFile = join(member.dir, FAILED_MARKER);
  if (existsSync(failedFile)) {
    const f = JSON.parse(readFileSync(failedFile, "utf8")) as FailedMarker;
    return f.exploded
      ? { state: "exploded", step: f.step ?? -1, message: f.message }
      : { state: "failed", message: f.message };
  }
  return existsSync(join(member.dir, RUN_LOG)) ? { state: "started" } : { state: "new" };
}

/** Whether a member needs (another) attempt: not done and not exploded. */
export function needsRun(member: Member): boolean {
  const s = memberState(member).state;
  return s !== "done" && s !== "exploded";
}

/**
 * Steps reached by a run member (from its checkpoint; an equilibration leg's steps count first), or
 * frames labelled by a label member.
 */
export async function memberProgress(member: Member): Promise<number> {
  if (member.kind === "run") {
    const file = join(member.dir, member.config.outputs.checkpoint!.file);
    if (!existsSync(file)) return 0;
    const saved = readCheckpoint(file);
    const equilibrated =
      saved.metadata.leg === "equilibration" ? 0 : (member.config.equilibration?.steps ?? 0);
    return equilibrated + saved.step;
  }
  const file = join(member.dir, LABEL_OUTPUT);
  if (!existsSync(file)) return 0;
  let n = 0;
  for await (const _ of iterateExtxyz(file)) n++;
  return n;
}

/** How much the member must reach (equilibration and production steps, or frames of the shard). */
export const memberTotal = (member: Member): number =>
  member.kind === "run"
    ? (member.config.equilibration?.steps ?? 0) + member.steps
    : member.stop - member.start;

function commandLine(member: Member, resume: boolean): string[] {
  if (member.kind === "run") return ["run", MEMBER_CONFIG, ...(resume ? ["--resume"] : [])];
  return [
    "label",
    "--input",
    member.input,
    "--output",
    LABEL_OUTPUT,
    ...member.calculators.flatMap((c) => ["--calculator", c]),
    "--select",
    `${member.start}:${member.stop}`,
    "--no-progress",
    ...member.options,
  ];
}

/** The step named by the run loop's blow-up message ("trajectory blew up at step N"), if any. */
export function explosionStep(log: string): number | undefined {
  const m = /trajectory blew up at step (\d+)/.exec(log);
  return m ? Number(m[1]) : undefined;
}

function lastLine(text: string): string {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  return lines.at(-1) ?? "";
}

export interface RunMemberOptions {
  /** Extra environment for the job (e.g. EQUIMD_THREADS). */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/**
 * Run one attempt of a member (nothing if it is done or exploded) and leave its done- or failed-marker.
 * Returns the member's state afterwards.
 */
export async function runMember(member: Member, options: RunMemberOptions = {}): Promise<MemberState> {
  const before = memberState(member);
  if (before.state === "done" || before.state === "exploded") return before;
  rmSync(join(member.dir, FAILED_MARKER), { force: true });

  const reached = await memberProgress(member);
  const total = memberTotal(member);
  if (member.kind === "run" && reached >= total) return markDone(member); // killed after its last checkpoint
  const args = commandLine(member, member.kind === "run" && reached > 0);
  const logFile = join(member.dir, RUN_LOG);
  const logFd = openSync(logFile, "a");
  const offset = statSync(logFile).size;
  writeSync(logFd, `=== ${new Date().toISOString()} equimd ${args.join(" ")}\n`);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (done, fail) => {
      const child = spawn(process.execPath, [EQUIMD_ENTRY, ...args], {
        cwd: member.dir,
        stdio: ["ignore", logFd, logFd],
        env: { ...process.env, ...options.env },
        signal: options.signal,
        killSignal: "SIGINT", // the run saves a checkpoint and stops after the current step
        detached: true, // its own process group: a Ctrl-C reaches it once, through `signal`
      });
      child.on("error", (e) => (e.name === "AbortError" ? undefined : fail(e)));
      child.on("close", (c, s) => done({ code: c, signal: s }));
    },
  );
  closeSync(logFd);
  const attempt = readFileSync(logFile, "utf8").slice(offset);

  if (code === 0) {
    const now = await memberProgress(member);
    if (now >= total) return markDone(member);
    return markFailed(member, {
      exploded: false,
      exitCode: code,
      signal,
      message: `stopped at ${member.kind === "run" ? "step" : "frame"} ${now} of ${total}`,
    });
  }
  const step = explosionStep(attempt);
  const message = lastLine(attempt).replace(/^equimd: error: /, "");
  return markFailed(member, {
    exploded: step !== undefined,
    step,
    exitCode: code,
    signal,
    message: signal ? `killed by ${signal}` : message || `exit status ${code}`,
  });
}

function markDone(member: Member): MemberState {
  writeFileAtomic(
    join(member.dir, DONE_MARKER),
    JSON.stringify({ member: member.index, reached: memberTotal(member) }) + "\n",
  );
  return { state: "done" };
}

function markFailed(member: Member, f: FailedMarker): MemberState {
  writeFileAtomic(join(member.dir, FAILED_MARKER), JSON.stringify(f, null, 2) + "\n");
  return memberState(member);
}
