/**
 * The one rule for the files a command writes: an earlier result is never replaced silently. A command
 * checks all its output paths before it computes anything, and an existing one is refused with its
 * name and the ways out: continue it (--resume, where the command can), write elsewhere, or replace it
 * with --overwrite.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";

/** One file a command writes: its role (e.g. "outputs.trajectory", "--output") and its path. */
export interface OutputFile {
  role: string;
  path: string;
}

export interface EarlierOutputRule {
  /** Replace earlier outputs (the user said --overwrite). */
  overwrite: boolean;
  /** How to write elsewhere, e.g. "another outputs.directory" or "another --output directory". */
  elsewhere: string;
  /** The command can continue an earlier run with --resume. */
  resumable?: boolean;
}

/** Refuse (unless `rule.overwrite`) the first of `outputs` that exists. */
export function refuseEarlierOutputs(outputs: readonly OutputFile[], rule: EarlierOutputRule): void {
  if (rule.overwrite) return;
  const ways = [
    ...(rule.resumable ? ["continue that run with --resume"] : []),
    `choose ${rule.elsewhere}`,
    "replace its files with --overwrite",
  ];
  const last = ways.pop()!;
  for (const { role, path } of outputs) {
    if (existsSync(path)) {
      throw new Error(
        `${role}: ${resolve(path)} exists (from an earlier run); ${ways.join(", ")}, or ${last}`,
      );
    }
  }
}
