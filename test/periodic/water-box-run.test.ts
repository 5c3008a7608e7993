/** `equimd run` of examples/configs/water-box-64.yaml (a few steps): the periodic cell goes in and comes out. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runFromConfig } from "../../src/simulation/index.ts";
import { readExtxyz } from "../../src/io/extxyz.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

test("run config of the 64-molecule box: Lattice/pbc read, written to the trajectory, energy conserved", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-water-box-run-"));
  copyFileSync(join(ROOT, "examples/configs/water-box-64.xyz"), join(dir, "water-box-64.xyz"));
  const yaml = readFileSync(join(ROOT, "examples/configs/water-box-64.yaml"), "utf8")
    .replace("../../runs/water-box-64", "out")
    .replace("every: 20 }", "every: 5 }")
    .replace("every: 20 }", "every: 5 }");
  writeFileSync(join(dir, "run.yaml"), yaml);
  await runFromConfig(join(dir, "run.yaml"), { steps: 20 });
  const input = (await readExtxyz(join(dir, "water-box-64.xyz")))[0];
  const frames = await readExtxyz(join(dir, "out/trajectory.extxyz"));
  assert.equal(frames.length, 5); // steps 0, 5, …, 20
  for (const f of frames) {
    assert.equal(f.info.pbc, "T T T");
    (f.info.Lattice as number[]).forEach((x, i) =>
      assert.ok(Math.abs(x - (input.info.Lattice as number[])[i]) < 1e-12),
    );
  }
  const log = readFileSync(join(dir, "out/energy.log"), "utf8").trim().split("\n").slice(1);
  const drift = log.map((l) => Math.abs(Number(l.trim().split(/\s+/)[6])));
  assert.ok(Math.max(...drift) < 2e-3, `conserved energy drift ${Math.max(...drift)} eV`); // 192 atoms, 5 fs
  const dipoles = readFileSync(join(dir, "out/dipole.csv"), "utf8").trim().split("\n");
  assert.ok(dipoles.length >= 21, "box dipole recorded every step");
});
