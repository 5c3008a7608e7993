// The potential types a run config can name build the same potentials as the library classes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { buildPotential } from "../../src/config/potential-factory.ts";
import { makeState, makeSystem } from "../../src/core/system.ts";
import { angstrom, toAtomic } from "../../src/core/units.ts";
import { importSchnetpack } from "../../potentials/message-passing/schnetpack-import.ts";
import { writeModelFile } from "../../potentials/message-passing/model-file.ts";

const fixtures = new URL("../fixtures/painn/", import.meta.url);
const cases = JSON.parse(readFileSync(new URL("tensor_heads_bessel.cases.json", fixtures), "utf8")) as {
  cases: { numbers: number[]; positions: number[][]; energy: number; dipole_moment: number[] }[];
};
const ethanol = cases.cases[0];

test("potential type 'painn' loads a model file and reproduces the reference case (fast or tfjs path)", async () => {
  const raw = JSON.parse(
    gunzipSync(readFileSync(new URL("tensor_heads_bessel.weights.json.gz", fixtures))).toString("utf8"),
  );
  const data = importSchnetpack(raw, "tensor_heads_bessel", { energyUnit: "eV", lengthUnit: "angstrom" });
  const dir = mkdtempSync(join(tmpdir(), "equimd-factory-"));
  await writeModelFile(join(dir, "model.json.gz"), data);
  const system = makeSystem(ethanol.numbers);
  const positions = Float64Array.from(ethanol.positions.flat(), angstrom);
  const initial = makeState(system, positions);
  for (const path of ["fast", "tfjs"] as const) {
    const potential = await buildPotential(
      "painn",
      { model: "model.json.gz", path },
      {
        system,
        initial,
        configDir: dir,
      },
    );
    const out = await potential.compute(system, positions, 1, ["dipole"]);
    const expected = toAtomic("energy", ethanol.energy, "eV");
    assert.ok(
      Math.abs(out.energy[0] - expected) < 1e-4 * Math.abs(expected),
      `${path}: ${out.energy[0]} vs ${expected}`,
    );
    const mu = toAtomic("dipole", ethanol.dipole_moment[0], "e*angstrom");
    assert.ok(Math.abs(out.dipole![0] - mu) < 1e-4 * Math.max(1, Math.abs(mu)), `${path} dipole`);
    await potential.dispose();
  }
});

const hasXtb = spawnSync("xtb", ["--version"], { encoding: "utf8" }).status === 0;

test(
  "potential type 'xtb' drives the xtb program",
  { skip: hasXtb ? false : "xtb is not installed" },
  async () => {
    const system = makeSystem(["O", "H", "H"]);
    const positions = Float64Array.from([0, 0, 0.119, 0, 0.763, -0.477, 0, -0.763, -0.477], angstrom);
    const potential = await buildPotential(
      "xtb",
      { method: "gfn2" },
      {
        system,
        initial: makeState(system, positions),
        configDir: ".",
      },
    );
    const out = await potential.compute(system, positions, 1, ["dipole"]);
    // GFN2-xTB water: about −5.07 hartree, a dipole along z near 0.6–0.9 e·bohr.
    assert.ok(out.energy[0] < -5 && out.energy[0] > -5.2, `energy ${out.energy[0]}`);
    assert.ok(Math.abs(out.dipole![0]) < 1e-4 && Math.abs(out.dipole![1]) < 1e-4);
    assert.ok(Math.abs(out.dipole![2]) > 0.4 && Math.abs(out.dipole![2]) < 1.2, `dipole ${out.dipole![2]}`);
    await potential.dispose();
  },
);

test("unknown parameters of a potential type are refused", async () => {
  const system = makeSystem(["O", "H", "H"]);
  const initial = makeState(system, new Float64Array(9));
  await assert.rejects(
    buildPotential("xtb", { methd: "gfn2" }, { system, initial, configDir: "." }),
    /methd/,
  );
  writeFileSync(join(tmpdir(), "equimd-not-a-model.json"), "{}");
  await assert.rejects(
    buildPotential("painn", { model: "equimd-not-a-model.json" }, { system, initial, configDir: tmpdir() }),
    /equimd-not-a-model\.json/,
  );
});
