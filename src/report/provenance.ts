/**
 * Provenance of a run, filled in where the summary is written: versions of equimd, node and the
 * libraries that shape the numbers or the page, the command line, the time, and the git commit of the
 * equimd checkout when it is one.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Provenance } from "./summary-schema.ts";
import { inlineLibraries } from "./libraries.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function equimdVersion(): string {
  return (
    JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
  ).version;
}

/** HEAD of the checkout equimd runs from; undefined outside a git checkout or without git. */
function gitCommit(): string | undefined {
  try {
    const out = execFileSync("git", ["rev-parse", "HEAD"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 5000,
    });
    const commit = out.toString().trim();
    return /^[0-9a-f]{40}$/.test(commit) ? commit : undefined;
  } catch {
    return undefined;
  }
}

export interface ProvenanceInput {
  model?: string;
  data?: readonly string[];
  seed?: number;
  /** Default: `equimd` and the arguments of this process. */
  commandLine?: readonly string[];
}

export function provenance(input: ProvenanceInput): Provenance {
  const versions: Record<string, string> = { equimd: equimdVersion(), node: process.version };
  for (const l of inlineLibraries()) versions[l.name] = l.version;
  const commit = gitCommit();
  return {
    model: input.model ?? null,
    data: [...(input.data ?? [])],
    seed: input.seed ?? null,
    command_line: [...(input.commandLine ?? ["equimd", ...process.argv.slice(2)])],
    versions,
    created: new Date().toISOString(),
    ...(commit ? { git_commit: commit } : {}),
  };
}
