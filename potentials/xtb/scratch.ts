/**
 * Private scratch directories of external programs (xtb), removed even when equimd is stopped.
 *
 * A directory is removed when its calculation ends (the caller's `finally`); the ones still open are
 * removed when the process exits, and on SIGINT/SIGTERM: the program's children are killed, the
 * directories removed, and then the signal takes its course. If the process has its own handler for
 * the signal (`equimd run` finishes the step and writes a checkpoint), that handler decides when to
 * exit and the exit hook removes what is left; otherwise the default action (termination by the
 * signal) is restored and the signal re-raised, so the exit status stays 130/143. The children run in
 * their own process group (xtb-calculator.ts), so a Ctrl-C at the terminal does not kill them behind
 * the back of a graceful stop; one caught by the signal while it was being started is run again. (SIGKILL cannot be
 * caught: nothing can clean up after kill -9.)
 */
import { type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";

const openDirectories = new Set<string>();
const children = new Set<ChildProcess>();
const SIGNALS = ["SIGINT", "SIGTERM"] as const;
let hooked = false;
/** The signal this process received while calculations ran, if any. */
let received: NodeJS.Signals | undefined;

function removeAllNow(): void {
  for (const child of children) child.kill("SIGTERM");
  children.clear();
  for (const dir of openDirectories) rmSync(dir, { recursive: true, force: true });
  openDirectories.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  received = signal;
  // Someone else stops the process gracefully (after the current step, which needs xtb to finish):
  // leave the calculations alone; the exit hook removes what is left.
  if (process.listenerCount(signal) > 1) return;
  removeAllNow();
  unhook();
  process.kill(process.pid, signal);
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", removeAllNow);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function unhook(): void {
  if (!hooked) return;
  hooked = false;
  process.off("exit", removeAllNow);
  for (const s of SIGNALS) process.off(s, onSignal);
}

/** A new private directory `<parent>/<prefix>XXXXXX`, removed on exit or signal if still there. */
export async function makeScratchDir(parent: string, prefix: string): Promise<string> {
  hook();
  const dir = await mkdtemp(join(parent, prefix));
  openDirectories.add(dir);
  return dir;
}

/** Remove a scratch directory made by makeScratchDir; the signal hooks go when none is left. */
export async function removeScratchDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  openDirectories.delete(dir);
  if (openDirectories.size === 0 && children.size === 0) unhook();
}

/** Track a child process working in a scratch directory (killed with it on a signal). */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once("close", () => children.delete(child));
}

/**
 * True when a child ended by `signal` was caught by the signal the process itself received and is
 * handling gracefully (another handler finishes the step): the calculation should be run again.
 */
export function stoppingOnSignal(signal: NodeJS.Signals | null): boolean {
  return signal !== null && signal === received && process.listenerCount(signal) > 1;
}
