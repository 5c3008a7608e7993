/**
 * A resumable pipeline of stages. Stage k writes everything into `<dir>/<nn>-<name>/` and, only when
 * it is complete, a done-marker `done.json` there (written to a temporary file and renamed, so it is
 * either absent or whole). A rerun skips every stage with a marker and hands its recorded result to
 * the next; the first stage without one runs again in its directory, where its own checkpoints (the
 * labelling's appended frames, the training's checkpoints, finished sub-steps' markers) let it
 * continue rather than start over.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** What a done-marker holds: the stage's result (plain JSON) and how long it took. */
export interface DoneMarker<R> {
  stage: string;
  result: R;
  /** Wall time of the run that finished it, seconds. */
  wall_s: number;
  finished: string;
}

/** Write JSON atomically: a reader sees the old file, no file, or the whole new one. */
export function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + "\n");
  renameSync(tmp, path);
}

export function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (e) {
    throw new Error(
      `${path}: cannot read it as JSON (${(e as Error).message}); remove it to redo that step`,
      {
        cause: e,
      },
    );
  }
}

/** The directory of stage `index` (1-based) named `name`: 01-start, 02-initial-data, … */
export const stageDirectory = (root: string, index: number, name: string) =>
  join(root, `${String(index).padStart(2, "0")}-${name}`);

export interface StageReport {
  /** The stage was finished earlier and skipped. */
  skipped: boolean;
  wall_s: number;
}

/**
 * Run one step unless its marker exists: `work(dir)` returns the result recorded in the marker.
 * Used for stages and for the sub-steps inside a stage (an active-learning iteration's MD, labels, training).
 */
export async function runOnce<R>(
  dir: string,
  name: string,
  work: (dir: string) => Promise<R>,
  onReport?: (r: StageReport) => void,
): Promise<R> {
  const marker = join(dir, "done.json");
  if (existsSync(marker)) {
    const done = readJson<DoneMarker<R>>(marker);
    onReport?.({ skipped: true, wall_s: done.wall_s });
    return done.result;
  }
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const result = await work(dir);
  const wall_s = (performance.now() - t0) / 1000;
  writeJsonAtomic(marker, { stage: name, result, wall_s, finished: new Date().toISOString() });
  onReport?.({ skipped: false, wall_s });
  return result;
}

/** Whether the step in `dir` has finished. */
export const isDone = (dir: string) => existsSync(join(dir, "done.json"));

/** The recorded wall time of a finished step in `dir` (0 if unfinished). */
export function recordedWallTime(dir: string): number {
  const marker = join(dir, "done.json");
  return existsSync(marker) ? readJson<DoneMarker<unknown>>(marker).wall_s : 0;
}
