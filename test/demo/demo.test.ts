/**
 * The demo pipeline on a tiny setting with the shipped model: every output file exists, the PNGs are
 * drawn, the CSVs hold finite curves, the summary has the peak table, the overlap score and the
 * timings; the optimised geometry is a stationary point of the model; bad input gives clear errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDemoConfig } from "../../src/demo/config.ts";
import { runDemo } from "../../src/demo/run-demo.ts";
import { readCurvesCsv } from "../../src/plot/csv.ts";
import { inkFraction } from "./png.ts";

const dir = mkdtempSync(join(tmpdir(), "equimd-demo-"));
const reference = "test/fixtures/demo/xtb-dipoles-200fs.csv";

const tiny = {
  output: join(dir, "out"),
  reference: { dipoles: [reference] },
  classical: { replicas: 2, equilibration_fs: 5, production_fs: 60 },
  trpmd: { beads: 4, equilibration_fs: 5, production_fs: 30 },
  spectra: { max_lag_fs: 15 },
  progress: false,
};

test("tiny demo: files, plots, CSVs, summary", async () => {
  const lines: string[] = [];
  const config = await loadDemoConfig(undefined, tiny);
  const result = await runDemo(config, (l) => lines.push(l));
  for (const f of result.files) assert.ok(existsSync(f), `missing ${f}`);
  for (const png of ["ir.png", "ir-normalised.png", "raman.png"]) {
    const { width, ink } = await inkFraction(join(tiny.output, png));
    assert.equal(width, 900);
    assert.ok(ink > 0.01, `${png} is blank (${(100 * ink).toFixed(2)} % ink)`);
  }
  const ir = await readCurvesCsv(join(tiny.output, "ir.csv"));
  const names = ir.map((c) => c.name);
  assert.ok(
    names.some((n) => n.includes("classical MD")),
    names.join(" | "),
  );
  assert.ok(
    names.some((n) => n.includes("TRPMD 4 beads")),
    names.join(" | "),
  );
  assert.ok(
    names.some((n) => n.includes("GFN2-xTB")),
    names.join(" | "),
  );
  const wn = ir[0].values;
  assert.ok(wn[0] >= 400 - 1e-9 && wn[wn.length - 1] <= 4000 + 1e-9);
  for (const c of ir.slice(1, 4)) assert.ok(c.values.every(Number.isFinite), `${c.name} not finite`);

  // the summary: peak table header, the overlap score in [−1, 1], timings, 21 harmonic modes of ethanol
  const s = result.summary;
  assert.match(s, /xtb ref \(cm-1\)\s+model \(cm-1\)\s+shift \(cm-1\)\s+ratio/);
  const overlap = Number(/overlap score \(cosine similarity of area-normalised IR\): (-?[\d.]+)/.exec(s)![1]);
  assert.ok(overlap >= -1 && overlap <= 1);
  assert.equal(overlap.toFixed(3), result.spectra.comparison.overlap.toFixed(3));
  assert.match(s, /classical MD \(NVT \+ NVE\)\s+[\d.]+\s+[\d.]+/);
  assert.equal(result.modes.frequencies.length, 21);
  assert.equal(readFileSync(join(tiny.output, "summary.txt"), "utf8").trim(), s.trim());
  const json = JSON.parse(readFileSync(join(tiny.output, "summary.json"), "utf8")) as {
    overlap_classical_vs_xtb: number;
  };
  assert.equal(json.overlap_classical_vs_xtb, result.spectra.comparison.overlap);

  // a stationary point: the optimiser converged below the threshold (0.002 eV/Å by default)
  assert.match(s, /geometry optimisation \(FIRE\): \d+ steps, max force [\d.e+-]+ eV\/Å\n/);
  assert.ok(result.modes.maxForce < 0.002 / 51.42208619083232 + 1e-12, `max force ${result.modes.maxForce}`);
  // stage headers were reported
  assert.ok(
    lines.some((l) => /^TRPMD( \d+\/\d+)?: production, 4 beads/.test(l)),
    lines.join("\n"),
  );

  // error bands: every IR and Raman curve has _lower/_upper columns that contain it
  for (const file of ["ir.csv", "raman.csv"]) {
    const columns = await readCurvesCsv(join(tiny.output, file));
    const byName = new Map(columns.map((c) => [c.name, c.values]));
    const curves = columns.filter(
      (c) => byName.has(`${c.name}_lower`) && byName.has(`${c.name}_upper`) && !c.name.includes("sticks"),
    );
    assert.equal(curves.length, file === "ir.csv" ? 3 : 4, `${file}: ${[...byName.keys()].join(" | ")}`);
    for (const c of curves) {
      const lo = byName.get(`${c.name}_lower`)!;
      const hi = byName.get(`${c.name}_upper`)!;
      assert.ok(
        c.values.every((y, j) => lo[j] <= y && y <= hi[j]),
        `${file}: ${c.name} outside its band`,
      );
      assert.ok(
        c.values.some((_, j) => hi[j] > lo[j]),
        `${file}: ${c.name} has a zero-width band`,
      );
    }
  }
  // 2 classical replicas, 2 ring polymers, the one xtb file in blocks
  const units = result.spectra.errors.units.map((u) => `${u.stage}:${u.count}:${u.kind}`);
  assert.deepEqual(units, [
    "classical MD:2:trajectories",
    "GFN2-xTB reference:4:blocks",
    "TRPMD:2:trajectories",
  ]);
  // the comparison carries errors; the summary reports them and a verdict per matched band
  const overlapError = result.spectra.comparison.overlapError!;
  assert.ok(overlapError.standardError > 0 && overlapError.lower <= overlapError.upper);
  assert.ok(result.spectra.comparison.matches.every((m) => m.shiftError !== undefined));
  assert.equal(result.spectra.bandDifferences.length, result.spectra.comparison.matches.length);
  assert.match(
    s,
    /overlap score \(cosine similarity of area-normalised IR\): -?[\d.]+ ± [\d.]+ \(bias-corrected/,
  );
  assert.match(
    s,
    /total band areas .*\n {2}IR classical MD +[\d.]+ ± [\d.e+]+ km\/mol \([\d.]+ %, 2 units\)/,
  );
  const withErrors = JSON.parse(readFileSync(join(tiny.output, "summary.json"), "utf8")) as {
    overlap_classical_vs_xtb_error: { value: number; error: number };
    ir_bands_classical_vs_xtb: { shift_outside_errors?: boolean; area_outside_errors?: boolean }[];
    band_areas: { ir_classical: { value: number; error: number } };
  };
  assert.equal(withErrors.overlap_classical_vs_xtb_error.error, overlapError.standardError);
  assert.ok(withErrors.ir_bands_classical_vs_xtb.every((b) => typeof b.shift_outside_errors === "boolean"));
  assert.ok(withErrors.ir_bands_classical_vs_xtb.every((b) => typeof b.area_outside_errors === "boolean"));
  assert.ok(withErrors.band_areas.ir_classical.error > 0);
});

test("missing model file: an error naming the file and the config field", async () => {
  const config = await loadDemoConfig(undefined, { ...tiny, model: join(dir, "nope.json.gz") });
  await assert.rejects(
    runDemo(config, () => {}),
    /model file not found: .*nope\.json\.gz \(config field 'model'/,
  );
});

test("config typos and bad values name the file and the field", async () => {
  const path = join(dir, "typo.yaml");
  writeFileSync(path, "classical:\n  replica: 3\ntrpmd:\n  beads: 0\n");
  await assert.rejects(loadDemoConfig(path), (e: Error) => {
    assert.match(e.message, /typo\.yaml: classical\.replica: unknown key/);
    assert.match(e.message, /typo\.yaml: trpmd\.beads: /);
    return true;
  });
  await assert.rejects(loadDemoConfig(join(dir, "absent.yaml")), /cannot read demo config .*absent\.yaml/);
  const coarse = await loadDemoConfig(undefined, { ...tiny, classical: { timestep_fs: 5 } });
  await assert.rejects(
    runDemo(coarse, () => {}),
    /classical\.timestep_fs = 5 fs cannot resolve spectra\.max_cm/,
  );
});

test("paths in a config file are relative to the file; command-line overrides win", async () => {
  const sub = join(dir, "cfg");
  const path = join(sub, "demo.yaml");
  (await import("node:fs")).mkdirSync(sub, { recursive: true });
  writeFileSync(path, "output: here\nclassical:\n  replicas: 3\n");
  const c = await loadDemoConfig(path, { classical: { production_fs: 10 } });
  assert.equal(c.output, join(sub, "here"));
  assert.equal(c.classical.replicas, 3);
  assert.equal(c.classical.production_fs, 10);
  assert.equal(c.classical.timestep_fs, 0.5);
  assert.ok(c.model.endsWith("models/ethanol-painn/model.json.gz"));
});
