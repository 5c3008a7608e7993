/**
 * Guards for the files a run writes: never overwrite a user's earlier results or the run's own input
 * silently, never let two outputs write one file, and never let a resumed run continue with a gap.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { refuseEarlierOutputs, type OutputFile } from "../io/output-files.ts";

export type { OutputFile };

/**
 * Refuse outputs that collide with each other or with an input file, and (for a fresh run without
 * `overwrite`) outputs that already exist.
 */
export function checkOutputFiles(
  outputs: readonly OutputFile[],
  inputs: readonly string[],
  mode: { resume: boolean; overwrite: boolean },
): void {
  const seen = new Map<string, string>();
  const inputSet = new Set(inputs.map((p) => resolve(p)));
  for (const { role, path } of outputs) {
    const p = resolve(path);
    const other = seen.get(p);
    if (other !== undefined) {
      throw new Error(`${other} and ${role} are the same file ${p}: give each output its own file name`);
    }
    seen.set(p, role);
    if (inputSet.has(p)) {
      throw new Error(`${role} ${p} is the run's input structure: writing it would destroy the input`);
    }
  }
  if (mode.resume) return;
  refuseEarlierOutputs(outputs, {
    overwrite: mode.overwrite,
    elsewhere: "another outputs.directory",
    resumable: true,
  });
}

/**
 * A resumed output must hold the samples up to the checkpoint: the last record left after cutting the
 * file back to the checkpoint's step must lie within one sampling interval of it. A deleted or
 * truncated file would otherwise continue with a silent gap.
 */
export function checkResumedOutput(
  file: OutputFile,
  lastStep: number | undefined,
  checkpointStep: number,
  every: number,
): void {
  const expected = checkpointStep - (checkpointStep % every);
  if (lastStep !== undefined && lastStep > checkpointStep - every) return;
  const found =
    lastStep === undefined
      ? existsSync(file.path)
        ? "has no records"
        : "is missing"
      : `ends at step ${lastStep}`;
  throw new Error(
    `--resume: ${file.role} ${resolve(file.path)} ${found}, but the checkpoint is at step ${checkpointStep} ` +
      `(a record at step ${expected} was expected): the file was deleted or truncated after the checkpoint, ` +
      `and continuing would leave a gap; restore the file, or start afresh with --overwrite or in another directory`,
  );
}
