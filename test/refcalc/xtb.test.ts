/**
 * XtbCalculator: parsing of stored xtb 6.5.1 outputs, and — with xtb installed — forces against
 * central finite differences of energies, continuity of the dipole, and the missing-executable error.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  formatTurbomoleCoord,
  parseEngrad,
  parseTurbomoleGradient,
  parseXtbJson,
} from "../../potentials/xtb/xtb-output.ts";
import { XtbCalculator } from "../../potentials/xtb/xtb-calculator.ts";
import { makeSystem } from "../../src/core/system.ts";
import { BOHR_IN_ANGSTROM } from "../../src/core/units.ts";

const FIXTURES = new URL("../fixtures/refcalc/xtb-ethanol/", import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), "utf8");

/** Ethanol at its equilibrium geometry (rMD17), positions in bohr. */
function ethanol() {
  const lines = fixture("coord.xyz").trim().split("\n").slice(2);
  const fields = lines.map((l) => l.trim().split(/\s+/));
  const system = makeSystem(fields.map((f) => f[0]));
  const positions = Float64Array.from(
    fields.flatMap((f) => f.slice(1, 4).map((x) => Number(x) / BOHR_IN_ANGSTROM)),
  );
  return { system, positions };
}

const hasXtb = spawnSync("xtb", ["--version"], { encoding: "utf8" }).status === 0;
const skipXtb = hasXtb ? false : "xtb is not installed (apt-get install xtb)";

test("the gradient, engrad and xtbout.json files of xtb 6.5.1 are read with all their digits", () => {
  const g = parseTurbomoleGradient(fixture("gradient"), 9);
  assert.equal(g.energy, -11.39136589318);
  assert.equal(g.gradient[0], 4.5640779633706e-3);
  assert.equal(g.gradient[26], 9.5341003579751e-4);
  const e = parseEngrad(fixture("coord.engrad"));
  assert.equal(e.energy, -11.391365893181);
  // the engrad gradient is the same gradient rounded to 12 decimals
  for (let i = 0; i < 27; i++) assert.ok(Math.abs(e.gradient[i] - g.gradient[i]) <= 5e-13, `component ${i}`);
  const j = parseXtbJson(fixture("xtbout.json"));
  assert.equal(j.energy, -11.39136589);
  assert.deepEqual(Array.from(j.dipole!), [0.45089079, 0.35586545, 0.3517235]);
  // |μ| = 0.6729 e·bohr = 1.712 D, close to the experimental 1.69 D of ethanol
  const norm = Math.hypot(...j.dipole!);
  assert.ok(Math.abs(norm / 0.3934302694 - 1.712) < 1e-3, `|μ| = ${norm / 0.3934302694} D`);
});

test("malformed xtb files give errors naming the file and line", () => {
  assert.throws(() => parseTurbomoleGradient("$grad\n$end\n", 9, "g"), /g: no 'cycle/);
  const cut = fixture("gradient").split("\n").slice(0, 14).join("\n");
  assert.throws(
    () => parseTurbomoleGradient(cut, 9, "gradient"),
    /gradient:15: expected 3 gradient components of atom 4/,
  );
  assert.throws(() => parseXtbJson("{", "x.json"), /x.json: not valid JSON/);
  assert.throws(
    () => parseXtbJson('{"total energy": -1, "dipole": [1, 2]}', "x.json"),
    /"dipole" must be an array of 3/,
  );
  assert.throws(
    () => parseEngrad("#\n 9\n -1.0\n 0.1\n", "e.engrad"),
    /e.engrad: expected 27 gradient components, found 1/,
  );
});

test("the Turbomole coord file holds the positions in bohr to 14 decimals", () => {
  const { system, positions } = ethanol();
  const text = formatTurbomoleCoord(system.symbols, positions);
  const lines = text.trim().split("\n");
  assert.equal(lines[0], "$coord");
  assert.equal(lines[10], "$end");
  const first = lines[1].trim().split(/\s+/);
  assert.equal(first[3], "c");
  assert.ok(Math.abs(Number(first[0]) - positions[0]) < 1e-13);
  assert.ok(Math.abs(Number(first[0]) - -9.30116548433) < 1e-10);
});

test(
  "xtb forces equal central finite differences of xtb energies (ethanol, GFN2, tight accuracy)",
  { skip: skipXtb },
  async () => {
    const { system, positions } = ethanol();
    const xtb = new XtbCalculator({ accuracy: 0.0001, parallel: 2 });
    const h = 1e-3; // bohr: truncation error ~h²·E'''/6 ≈ 1e-7, SCF noise ~1e-10 Ha / h ≈ 1e-7 Ha/bohr
    const coords = [0, 4, 8, 21, 25]; // C1 x, C2 y, H3 z, O y, H9 y (O–H bond)
    const batch = new Float64Array(positions.length * (1 + 2 * coords.length));
    batch.set(positions, 0);
    coords.forEach((c, i) => {
      for (const [slot, sign] of [
        [1 + 2 * i, +1],
        [2 + 2 * i, -1],
      ]) {
        batch.set(positions, slot * positions.length);
        batch[slot * positions.length + c] += sign * h;
      }
    });
    const out = await xtb.compute(system, batch, 1 + 2 * coords.length, []);
    coords.forEach((c, i) => {
      const fd = -(out.energy[1 + 2 * i] - out.energy[2 + 2 * i]) / (2 * h);
      const f = out.forces[c];
      assert.ok(Math.abs(fd - f) < 2e-6, `coordinate ${c}: finite difference ${fd}, analytic ${f}`);
    });
    // and the forces are not trivially zero: the rMD17 geometry is not the GFN2 minimum
    assert.ok(Math.abs(out.forces[0]) > 1e-3);
  },
);

test("the xtb dipole changes continuously under a small displacement", { skip: skipXtb }, async () => {
  const { system, positions } = ethanol();
  const xtb = new XtbCalculator({ accuracy: 0.01 });
  const displaced = positions.slice();
  displaced[24] += 1e-3; // O x by 0.001 bohr
  const far = positions.slice();
  far[24] += 0.1;
  const out = await xtb.compute(system, Float64Array.from([...positions, ...displaced, ...far]), 3, [
    "dipole",
  ]);
  const mu = (b: number) => out.dipole!.subarray(3 * b, 3 * b + 3);
  const change = (b: number) => Math.hypot(...mu(b).map((m, k) => m - mu(0)[k]));
  // dμ/dx of an atom is its Born charge, O(0.1–1) e; so 1e-3 bohr moves μ by ~1e-4, 0.1 bohr by ~1e-2
  assert.ok(change(1) > 1e-6 && change(1) < 2e-3, `small displacement changed μ by ${change(1)}`);
  assert.ok(
    Math.abs(change(2) / change(1) - 100) < 15,
    `ratio ${change(2) / change(1)} not ≈ 100 (linear response)`,
  );
});

test("a missing xtb executable gives a clear message with installation hints", async () => {
  const { system, positions } = ethanol();
  const xtb = new XtbCalculator({ executable: "/nonexistent/bin/xtb" });
  await assert.rejects(xtb.compute(system, positions, 1, []), (err: Error) => {
    assert.match(err.message, /xtb executable '\/nonexistent\/bin\/xtb' not found/);
    assert.match(err.message, /apt-get install xtb/);
    return true;
  });
});

test("a failing xtb run shows its exit code and last output lines", async () => {
  const { system, positions } = ethanol();
  // a stand-in executable that fails the way xtb does: a message on stderr and a non-zero exit code
  const dir = mkdtempSync(join(tmpdir(), "equimd-fake-xtb-"));
  const fake = join(dir, "xtb");
  writeFileSync(
    fake,
    "#!/bin/sh\necho 'normal output line' \necho '[ERROR] Program stopped due to fatal error' >&2\nexit 3\n",
  );
  chmodSync(fake, 0o755);
  try {
    const xtb = new XtbCalculator({ executable: fake });
    await assert.rejects(xtb.compute(system, positions, 1, []), (err: Error) => {
      assert.match(err.message, /xtb failed on configuration 0 \(exit code 3\)/);
      assert.match(err.message, /Program stopped due to fatal error/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("GFN1-xTB and GFN-FF run too; GFN-FF gives no dipole and says so", { skip: skipXtb }, async () => {
  const { system, positions } = ethanol();
  const gfn1 = await new XtbCalculator({ method: "gfn1" }).compute(system, positions, 1, ["dipole"]);
  const gfnff = new XtbCalculator({ method: "gfnff" });
  const ff = await gfnff.compute(system, positions, 1, []);
  // two different models: different total energies, the same sign pattern of the large forces
  assert.ok(Math.abs(gfn1.energy[0] - ff.energy[0]) > 0.1);
  assert.ok(Math.sign(gfn1.forces[21]) === Math.sign(ff.forces[21]), "force on O along y");
  assert.deepEqual(gfnff.provides, ["energy", "forces"]);
  await assert.rejects(gfnff.compute(system, positions, 1, ["dipole"]), /xtb gfnff gives no dipole/);
  // GFN1's dipole of ethanol, read from a GFN1 run's xtbout.json by hand: 0.6546, 0.4565, 0.4517 e·bohr
  assert.ok(Math.abs(gfn1.dipole![0] - 0.65458784) < 1e-6, `GFN1 μx = ${gfn1.dipole![0]}`);
});
