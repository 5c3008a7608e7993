/**
 * One geometry check for every command (src/core/geometry-check.ts), and messages a user can act on:
 * `normal-modes --potential painn` without parameters names the missing field (no raw zod JSON);
 * `run` and `normal-modes` refuse the same broken structure that `predict` refuses.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkGeometry, MIN_DISTANCE_ANGSTROM } from "../../src/core/geometry-check.ts";
import { angstrom } from "../../src/core/units.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(ROOT, "bin/equimd.js");
const dir = mkdtempSync(join(tmpdir(), "equimd-geometry-"));
const equimd = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: "utf8" });

test("checkGeometry: unknown element, non-finite coordinate, atoms closer than the limit", () => {
  const water = [0, 0, 0, 0.96, 0, 0, -0.24, 0.93, 0].map(angstrom);
  checkGeometry(["O", "H", "H"], water, "w.xyz: frame 0");
  checkGeometry([8, 1, 1], water, "w.xyz: frame 0");
  assert.throws(
    () => checkGeometry(["O", "Hx", "H"], water, "w.xyz: frame 0"),
    /w.xyz: frame 0: atom 1: unknown element 'Hx'/,
  );
  const inf = [...water];
  inf[7] = Infinity;
  assert.throws(
    () => checkGeometry(["O", "H", "H"], inf, "f"),
    /f: atom 2 has a non-finite coordinate \(Infinity\)/,
  );
  const close = [...water];
  close[3] = angstrom(0.99 * MIN_DISTANCE_ANGSTROM);
  close[4] = 0;
  assert.throws(
    () => checkGeometry(["O", "H", "H"], close, "f"),
    /atoms 0 \(O\) and 1 \(H\) are 0\.0990 Å apart, closer than 0\.1 Å/,
  );
  close[3] = angstrom(1.01 * MIN_DISTANCE_ANGSTROM);
  checkGeometry(["O", "H", "H"], close, "f");
});

test("normal-modes --potential painn without parameters names the missing field; broken geometry is refused", () => {
  const good = join(dir, "water.xyz");
  writeFileSync(good, "3\n\nO 0 0 0\nH 0.96 0 0\nH -0.24 0.93 0\n");
  const r = equimd("normal-modes", "--potential", "painn", "--input", good);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /invalid parameters of potential 'painn'/);
  assert.match(r.stderr, /without --parameters <file>: model: missing: expected a string/);
  assert.doesNotMatch(r.stderr, /"code"|"path"/, "no raw zod JSON");
  const broken = join(dir, "broken.xyz");
  writeFileSync(broken, "3\n\nO 0 0 0\nH 0 0 0.000005\nH -0.24 0.93 0\n");
  const nm = equimd("normal-modes", "--potential", "water", "--input", broken);
  assert.equal(nm.status, 1);
  assert.match(nm.stderr, /broken\.xyz: frame 0: atoms 0 \(O\) and 1 \(H\) are 0\.00000500 Å apart/);
  writeFileSync(
    join(dir, "run.yaml"),
    "system: { file: broken.xyz }\npotential: { type: water }\nintegrator: { type: verlet, timestep_fs: 0.5 }\nsteps: 2\n",
  );
  const run = equimd("run", "run.yaml");
  assert.equal(run.status, 1);
  assert.match(run.stderr, /broken\.xyz: frame 0: atoms 0 \(O\) and 1 \(H\) are 0\.00000500 Å apart/);
});
