import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ATOMIC_TIME_IN_FS, BOHR_IN_ANGSTROM, HARTREE_IN_EV } from "../../src/core/units.ts";
import { checkSameAtoms, formula } from "../../src/trajectory-comparison/same-atoms.ts";
import { readTrajectory, requireTime } from "../../src/trajectory-comparison/trajectory.ts";

const frame = (symbols: string[], extra = "", z = 0) =>
  `${symbols.length}\nProperties=species:S:1:pos:R:3 ${extra}pbc="F F F"\n` +
  symbols.map((s, i) => `${s} ${i} 0 ${z}`).join("\n") +
  "\n";

test("readTrajectory: every k-th frame in atomic units, with time, energy and what is missing", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-traj-"));
  const path = join(dir, "t.extxyz");
  let text = "";
  for (let f = 0; f < 7; f++)
    text += frame(["O", "H", "H"], `time=${0.5 * f} step=${2 * f} energy=${-f} `, f);
  writeFileSync(path, text);
  const t = await readTrajectory(path, { every: 3 });
  assert.equal(t.nFrames, 3);
  assert.deepEqual([...t.frameNumbers], [0, 3, 6]);
  assert.ok(Math.abs(t.time![1] - 1.5 / ATOMIC_TIME_IN_FS) < 1e-9);
  assert.deepEqual([...t.step!], [0, 6, 12]);
  assert.ok(Math.abs(t.energy![2] + 6 / HARTREE_IN_EV) < 1e-15);
  assert.ok(Math.abs(t.positions[9 * 2 + 2] - 6 / BOHR_IN_ANGSTROM) < 1e-12);
  assert.equal(t.forces, undefined);
  assert.equal(t.firstMissing.forces, 0);
  assert.equal(requireTime(t, "x").length, 3);
  await assert.rejects(
    readTrajectory(path, { every: 0 }),
    /every \(frame stride\) must be a positive integer/,
  );
});

test("different molecules or atom orders: the first differing atom is named", async () => {
  assert.throws(
    () =>
      checkSameAtoms(
        { source: "ref.extxyz", symbols: ["O", "H", "H"] },
        { source: "run.extxyz", symbols: ["H", "O", "H"] },
      ),
    /run\.extxyz does not match ref\.extxyz: atom 0 \(0-based\) is H there but O in ref\.extxyz \(same formula H2O, different atom order/,
  );
  assert.throws(
    () =>
      checkSameAtoms(
        { source: "a", symbols: ["C", "H", "H", "H", "H"] },
        { source: "b", symbols: ["C", "H", "H", "H", "F"] },
      ),
    /atom 4 \(0-based\) is F there but H in a \(formulas CH3F and CH4: different molecules\)/,
  );
  assert.throws(
    () => checkSameAtoms({ source: "a", symbols: ["O", "H", "H"] }, { source: "b", symbols: ["O", "H"] }),
    /b does not match a: 2 atoms there but 3 in a/,
  );
  assert.equal(formula(["O", "C", "H", "H", "C", "H", "H", "H", "H"]), "C2H6O");
  // Within one file: a frame with other atoms.
  const dir = mkdtempSync(join(tmpdir(), "equimd-traj-"));
  const path = join(dir, "mixed.extxyz");
  writeFileSync(path, frame(["O", "H", "H"]) + frame(["O", "H", "H"]) + frame(["H", "H", "O"]));
  await assert.rejects(
    readTrajectory(path),
    /mixed\.extxyz frame 2 does not match .*frame 0: atom 0 \(0-based\) is H/,
  );
});
