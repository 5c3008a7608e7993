/** A temporary directory for a test run: the shipped water structure and a config file. */
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = new URL("../../", import.meta.url).pathname;
export const BIN = join(ROOT, "bin/equimd.js");
export const WATER_XYZ = join(ROOT, "examples/configs/water.xyz");

/** A new temporary directory holding water.xyz and `run.yaml` with the given YAML text. */
export function workspace(yaml: string, prefix = "equimd-test-"): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  copyFileSync(WATER_XYZ, join(dir, "water.xyz"));
  const config = join(dir, "run.yaml");
  writeFileSync(config, yaml);
  return { dir, config };
}
