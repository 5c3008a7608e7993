/** examples/water-box.ts runs (EQUIMD_EXAMPLE_TINY=1: a few steps) and writes a periodic extxyz that reads back. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { readExtxyz } from "../../src/io/extxyz.ts";
import { systemFromFrame } from "../../src/io/frames.ts";

test("examples/water-box.ts (tiny): 8 molecules, Lattice and velocities written, averages printed", async () => {
  const out = join(mkdtempSync(join(tmpdir(), "equimd-water-box-")), "box.xyz");
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "examples/water-box.ts", "8", out],
    { env: { ...process.env, EQUIMD_EXAMPLE_TINY: "1" }, timeout: 120_000 },
  );
  assert.match(stdout, /<V>\/molecule = -?[\d.]+ ± [\d.]+ kcal\/mol/);
  const frames = await readExtxyz(out);
  assert.equal(frames.length, 1);
  const system = systemFromFrame(frames[0]);
  assert.equal(system.nAtoms, 24);
  assert.deepEqual(system.cell!.pbc, [true, true, true]);
  // 8 molecules at 0.997 g/cm³: (8 · 18.015 g/mol / N_A / 0.997 g/cm³)^(1/3) = 6.21 Å
  const lattice = frames[0].info.Lattice as number[];
  assert.ok(
    Math.abs(lattice[0] - 6.21) < 0.01 && lattice[1] === 0 && lattice[4] === lattice[0],
    `${lattice}`,
  );
  assert.ok(frames[0].arrays.velocities instanceof Float64Array);
});
