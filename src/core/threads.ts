/**
 * How many threads a native backend (onnxruntime) may use: the machine's (os.availableParallelism()),
 * or the EQUIMD_THREADS environment variable when set (e.g. on a shared node, or one per SLURM task).
 */
import { availableParallelism } from "node:os";

export const THREADS_ENV_VAR = "EQUIMD_THREADS";

/** Threads to use: EQUIMD_THREADS (a positive integer) if set, else os.availableParallelism(). */
export function threadCount(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[THREADS_ENV_VAR];
  if (raw === undefined || raw.trim() === "") return availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`${THREADS_ENV_VAR}: expected a positive integer (threads), got '${raw}'`);
  }
  return n;
}
