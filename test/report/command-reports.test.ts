/**
 * The reports of compare-trajectories and of the demo: what their summaries hold. The trajectory
 * comparison runs for real (a water model against its own trajectory: overlap 1, every shift 0); the
 * demo summary is built from a real comparison and a demo config, over the summary.json the demo writes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeSystem } from "../../src/core/system.ts";
import { FlexibleWater, waterEquilibriumGeometry } from "../../potentials/analytic/flexible-water.ts";
import { formatExtxyzFrame } from "../../src/io/extxyz.ts";
import { compareTrajectoriesCommand } from "../../src/cli/commands/compare-trajectories.ts";
import { loadDemoConfig } from "../../src/demo/config.ts";
import type { DemoResult } from "../../src/demo/run-demo.ts";
import { compareSpectra } from "../../src/spectra/compare.ts";
import { writeCurvesCsv } from "../../src/plot/csv.ts";
import { demoRunSummary } from "../../src/report/command-summaries.ts";
import { readRunSummary, writeRunReport } from "../../src/report/run-report.ts";
import { generateFrames } from "../trajectory-comparison/helpers.ts";

test("compare-trajectories writes summary.json and report.html with the IR comparison", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-report-traj-"));
  const frames = await generateFrames(
    makeSystem(["O", "H", "H"]),
    new FlexibleWater(),
    waterEquilibriumGeometry(),
    {
      frames: 400,
      stride: 4,
      dt: 0.25,
      seed: 3,
      want: ["dipole"],
    },
  );
  const reference = join(dir, "reference.extxyz");
  writeFileSync(reference, frames.map(formatExtxyzFrame).join(""));
  const model = join(dir, "water.yaml");
  writeFileSync(model, "type: water\n");
  const out = join(dir, "out");
  const files = await compareTrajectoriesCommand({
    model,
    reference,
    run: reference,
    output: out,
    quiet: true,
  });
  assert.ok(files.includes(join(out, "summary.json")) && files.includes(join(out, "report.html")));
  const s = await readRunSummary(join(out, "summary.json"));
  assert.equal(s.command, "compare-trajectories");
  assert.equal(s.provenance.model, model);
  assert.deepEqual(s.provenance.data, [reference, reference]);
  const [ir] = s.comparisons;
  assert.ok(Math.abs(ir.overlap.value - 1) < 1e-12, `overlap of a run with itself: ${ir.overlap.value}`);
  assert.ok(ir.peaks.length >= 2, "water's bands are found");
  for (const p of ir.peaks) assert.equal(p.shift_cm, 0);
  assert.deepEqual(
    s.plots?.map((p) => p.file),
    ["ir-spectra.csv"],
  );
  const html = await readFile(join(out, "report.html"), "utf8");
  assert.match(html, /<canvas id="plot-0"/);
  assert.doesNotMatch(html, /id="warnings"/, "the listed CSV was read");
});

test("the demo's summary keeps the demo's own keys and adds comparisons, settings, provenance, plots", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-report-demo-"));
  const config = await loadDemoConfig(undefined, { output: dir, seed: 11 });
  const x = Float64Array.from({ length: 400 }, (_, i) => 400 + 5 * i);
  const band = (c: number) =>
    x.map((v) => Math.exp(-(((v - c) / 20) ** 2)) + Math.exp(-(((v - 2 * c) / 30) ** 2)));
  const reference = {
    wavenumber: x,
    intensity: band(1000),
    unit: "km/mol/cm-1",
    label: "GFN2-xTB reference",
  };
  const classical = {
    wavenumber: x,
    intensity: band(1010),
    unit: "km/mol/cm-1",
    label: "equimd PaiNN, classical",
  };
  const comparison = compareSpectra(reference, classical);
  const result = {
    spectra: { irReference: reference, irClassical: classical, comparison },
  } as unknown as DemoResult;
  // what runDemo writes before the command's report
  await writeFile(
    join(dir, "summary.json"),
    JSON.stringify({ config, overlap_classical_vs_xtb: comparison.overlap, nve_drift: { lengthPs: 2.5 } }),
  );
  for (const f of ["ir.csv", "ir-normalised.csv", "raman.csv"]) {
    await writeCurvesCsv(join(dir, f), [
      { name: "wavenumber [cm-1]", values: x },
      { name: "a [km/mol/cm-1]", values: reference.intensity },
    ]);
  }
  await writeRunReport(await demoRunSummary(result, config), { dir });
  const s = await readRunSummary(join(dir, "summary.json"));
  assert.equal(s.overlap_classical_vs_xtb, comparison.overlap, "the demo's key, unchanged");
  assert.deepEqual(s.nve_drift, { lengthPs: 2.5 });
  assert.equal(s.comparisons.length, 1, "no TRPMD run, no TRPMD comparison");
  assert.deepEqual(
    s.comparisons[0].peaks.map((p) => Math.round(p.shift_cm!)),
    [10, 20],
  );
  assert.equal(s.comparisons[0].match_window_cm, config.spectra.match_window_cm);
  assert.equal(s.provenance.seed, 11);
  assert.equal(s.provenance.model, config.model);
  assert.deepEqual(s.settings, JSON.parse(JSON.stringify(config)));
  assert.deepEqual(
    s.plots?.map((p) => p.file),
    ["ir.csv", "ir-normalised.csv", "raman.csv"],
  );
  const html = await readFile(join(dir, "report.html"), "utf8");
  assert.equal((html.match(/<canvas /g) ?? []).length, 3);
  assert.doesNotMatch(html, /id="warnings"/);
});
