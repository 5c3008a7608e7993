/**
 * The identity of a learn directory: a SHA-256 of the validated config and of the input structure's
 * bytes, recorded in `<dir>/learn.json` by the first run. A later run with a different config or
 * molecule would mix two pipelines' files, so it is refused, with the ways out named.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { LearnConfig } from "./learn-config.ts";
import { readJson, writeJsonAtomic } from "./stage-runner.ts";

export interface LearnManifest {
  format: "equimd-learn";
  hash: string;
  input: string;
  config: LearnConfig;
  created: string;
}

/** JSON with the keys of every object sorted, so that the hash does not depend on key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function learnHash(config: LearnConfig, inputPath: string): string {
  return createHash("sha256")
    .update(canonical(config))
    .update("\0")
    .update(readFileSync(inputPath))
    .digest("hex");
}

/** Record the config in a new directory, or check that an existing one was made with the same. */
export function claimDirectory(dir: string, config: LearnConfig, inputPath: string): LearnManifest {
  const path = join(dir, "learn.json");
  const hash = learnHash(config, inputPath);
  if (existsSync(path)) {
    const m = readJson<LearnManifest>(path);
    if (m.format !== "equimd-learn") throw new Error(`${path}: not an equimd learn manifest`);
    if (m.hash !== hash) {
      throw new Error(
        `${dir} was made by equimd learn with a different config or input structure (${m.input}); ` +
          `rerun with the same molecule and config to continue it, choose a new output directory (-o), ` +
          `or remove ${dir} to start over`,
      );
    }
    return m;
  }
  mkdirSync(dir, { recursive: true });
  const m: LearnManifest = {
    format: "equimd-learn",
    hash,
    input: inputPath,
    config,
    created: new Date().toISOString(),
  };
  writeJsonAtomic(path, m);
  return m;
}
