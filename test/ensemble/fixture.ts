/**
 * A small water TRPMD ensemble for the ensemble tests: a temporary directory with a two-frame structure
 * (frame 0 the equilibrium-like geometry of examples/configs/water.xyz, frame 1 a broken one with an H
 * 0.15 Å from the O (allowed by the geometry check, ≥ 0.1 Å), whose trajectory blows up at step 1), a run config (8 beads, 0.25 fs, dipole every
 * step, checkpoints) and specs written on demand.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const WATER = readFileSync(new URL("../../examples/configs/water.xyz", import.meta.url), "utf8");
const BROKEN = '3\nProperties=species:S:1:pos:R:3 pbc="F F F"\nO 0 0 0\nH 0.15 0 0\nH -0.75 0.57 0.01\n';

export interface Fixture {
  dir: string;
  config: string;
  /** Write `spec.yaml`-like file `name` with the given YAML body; returns its path. */
  spec(name: string, body: string): string;
}

/** With `velocities`, the members also write a centroid trajectory with velocities every step (power). */
export function waterFixture(steps: number, checkpointEvery = 100, velocities = false): Fixture {
  const dir = mkdtempSync(join(tmpdir(), "equimd-ensemble-"));
  writeFileSync(join(dir, "water.xyz"), WATER + BROKEN);
  const config = join(dir, "water-trpmd.yaml");
  writeFileSync(
    config,
    `system: { file: water.xyz }
potential: { type: water }
integrator: { type: rpmd, timestep_fs: 0.25, beads: 8, temperature_K: 300, thermostat: trpmd }
initial_velocities: { temperature_K: 300 }
steps: ${steps}
seed: 7
outputs:
  directory: ignored-by-the-ensemble
  log: { file: energy.log, every: 10 }
  properties: { file: dipole.csv, every: 1, quantities: [dipole] }
  checkpoint: { file: checkpoint.json, every: ${checkpointEvery} }
${velocities ? "  trajectory: { file: trajectory.extxyz, every: 1, velocities: true }\n" : ""}`,
  );
  return {
    dir,
    config,
    spec(name, body) {
      const path = join(dir, name);
      writeFileSync(path, body);
      return path;
    },
  };
}

/** The merged files whose bytes must not depend on where the members ran (water: IR and power). */
export const MERGED_FILES = [
  "ir.csv",
  "ir.png",
  "dipole-correlation.csv",
  "power.csv",
  "power.png",
  "velocity-correlation.csv",
  "summary.json",
];

/**
 * A merged file's bytes, except for summary.json's provenance block (the time it was written and the
 * command line, which say how the merge was called, not what it found): that is left out.
 */
export function mergedBytes(mergedDir: string, file: string): Buffer {
  const bytes = readFileSync(join(mergedDir, file));
  if (file !== "summary.json") return bytes;
  const { provenance: _p, ...rest } = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
  return Buffer.from(JSON.stringify(rest));
}
