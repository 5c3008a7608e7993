/**
 * One property-file format: what the recorder holds in memory (a TimeSeries for the spectra
 * functions), what it writes (CSV, JSON) and what the spectra reader reads back are the same series;
 * the reference-md files shipped in data/ethanol (an older header) still load.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeState, makeSystem } from "../../src/core/system.ts";
import { BOHR_IN_ANGSTROM, fs } from "../../src/core/units.ts";
import { PropertyRecorder } from "../../src/observers/property-recorder.ts";
import { run } from "../../src/simulation/index.ts";
import { readTimeSeries } from "../../src/spectra/read-series.ts";
import { HarmonicPotential } from "../../potentials/analytic/harmonic.ts";
import { VelocityVerlet } from "../../integrators/velocity-verlet.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

test("in memory, CSV and JSON give the spectra the same dipole and polarizability series", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-props-"));
  const system = makeSystem(["H", "H"]);
  const potential = new HarmonicPotential({ k: 0.1, charges: [1, -1] });
  const state = makeState(system, [0.3, 0, 0, 0, -0.2, 0.1]);
  const csv = new PropertyRecorder({ every: 3, file: join(dir, "p.csv") });
  const json = new PropertyRecorder({ every: 3, file: join(dir, "p.json"), quantities: ["dipole"] });
  await run(system, potential, state, new VelocityVerlet({ dt: fs(0.5) }), {
    steps: 60,
    observers: [csv, json],
    want: ["dipole"],
  });
  const memory = csv.timeSeries("dipole");
  assert.equal(memory.nSteps, 21);
  assert.equal(memory.nComponents, 3);
  assert.equal(memory.meta.unit, "e*bohr");
  for (const file of ["p.csv", "p.json"]) {
    const read = await readTimeSeries(join(dir, file), { property: "dipole" });
    assert.ok(Math.abs(read.dt / memory.dt - 1) < 1e-12, `${file}: dt`);
    assert.equal(read.nSteps, memory.nSteps);
    memory.values.forEach((v, i) => assert.ok(Math.abs(read.values[i] - v) < 1e-12, `${file}[${i}]`));
  }
  assert.throws(() => json.timeSeries("polarizability"), /'polarizability' was not recorded/);
});

test("the shipped reference-md dipole files (older header) still load: dt from time_fs, dipole in e·Å", async () => {
  const s = await readTimeSeries(join(ROOT, "data/ethanol/reference-md/segment-0-dipoles.csv.gz"), {
    property: "dipole",
  });
  assert.ok(Math.abs(s.dt - fs(0.5)) < 1e-9);
  assert.equal(s.nComponents, 3);
  assert.equal(s.nSteps, 10001);
  // first line: 0,0,-0.3824084351,0.1331273811,-0.0519924653,…
  assert.ok(Math.abs(s.values[0] - -0.3824084351 / BOHR_IN_ANGSTROM) < 1e-12);
});
