/**
 * A committee from model files (each on the fast path where it can run, else tfjs: choose-potential.ts),
 * or from a committee directory written by `equimd train --committee M` (its committee.json lists the
 * members' best models).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { loadPainnPotential, type ChooseOptions } from "../fast/choose-potential.ts";
import { CommitteePotential, type CommitteeOptions } from "./committee-potential.ts";

/** The member model files of a committee directory (committee.json) or the files themselves. */
export function committeeModelFiles(paths: readonly string[]): string[] {
  if (paths.length === 1 && existsSync(paths[0]) && statSync(paths[0]).isDirectory()) {
    const manifest = join(paths[0], "committee.json");
    if (!existsSync(manifest))
      throw new Error(`${paths[0]}: no committee.json (written by equimd train --committee M)`);
    const c = JSON.parse(readFileSync(manifest, "utf8")) as {
      members?: { model?: string; finished?: boolean }[];
    };
    const members = c.members ?? [];
    const unfinished = members.filter((m) => !m.finished).length;
    if (unfinished > 0)
      throw new Error(
        `${manifest}: ${unfinished} member(s) not trained to the end; run equimd train … --committee … --resume`,
      );
    return members.map((m) => resolve(dirname(manifest), m.model ?? ""));
  }
  return [...paths];
}

/** Load the members and make the committee. */
export async function loadCommittee(
  paths: readonly string[],
  options: ChooseOptions & CommitteeOptions = {},
): Promise<CommitteePotential> {
  const files = committeeModelFiles(paths);
  const members = [];
  for (const f of files) members.push((await loadPainnPotential(f, options)).potential);
  return new CommitteePotential(members, options);
}
