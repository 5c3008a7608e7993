/**
 * The main job with a model that has no polarizability head: IR as usual, Raman skipped with a note
 * (instead of failing after the optimisation).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { loadDemoConfig } from "../../src/demo/config.ts";
import { runDemo } from "../../src/demo/run-demo.ts";
import { readCurvesCsv } from "../../src/plot/csv.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** The shipped ethanol model without its polarizability head (output module 2). */
function irOnlyModel(dir: string): string {
  const model = JSON.parse(
    gunzipSync(readFileSync(join(ROOT, "models/ethanol-painn/model.json.gz"))).toString("utf8"),
  ) as { architecture: { heads: Record<string, unknown> }; weights: Record<string, unknown> };
  delete model.architecture.heads.polarizability;
  for (const k of Object.keys(model.weights)) if (k.startsWith("output_modules.2.")) delete model.weights[k];
  const path = join(dir, "ir-only.json.gz");
  writeFileSync(path, gzipSync(JSON.stringify(model)));
  return path;
}

test("demo with an IR-only model: IR spectra and summary, Raman skipped with a note", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-ir-only-"));
  const lines: string[] = [];
  const config = await loadDemoConfig(undefined, {
    model: irOnlyModel(dir),
    output: join(dir, "out"),
    reference: { dipoles: [join(ROOT, "test/fixtures/demo/xtb-dipoles-200fs.csv")] },
    classical: { replicas: 1, equilibration_fs: 5, production_fs: 40 },
    trpmd: { beads: 2, equilibration_fs: 2, production_fs: 10 },
    spectra: { max_lag_fs: 10 },
    progress: false,
  });
  const result = await runDemo(config, (l) => lines.push(l));
  assert.ok(
    lines.some((l) => /no polarizability head: IR only, the Raman spectra are skipped/.test(l)),
    lines.join("\n"),
  );
  assert.equal(result.spectra.ramanClassical, undefined);
  assert.equal(result.spectra.ramanTrpmd, undefined);
  assert.ok(result.spectra.irTrpmd, "TRPMD IR is still computed");
  assert.ok(result.spectra.irClassical.intensity.every(Number.isFinite));
  assert.match(result.summary, /Raman: skipped \(the model has no polarizability head/);
  assert.ok(!existsSync(join(dir, "out/raman.png")));
  for (const f of result.files) assert.ok(existsSync(f), `missing ${f}`);
  assert.ok(existsSync(join(dir, "out/ir.png")));
  // the harmonic table keeps the IR intensities and has no Raman columns
  const modes = await readCurvesCsv(join(dir, "out/normal-modes.csv"));
  assert.deepEqual(
    modes.map((c) => c.name),
    ["wavenumber [cm-1]", "IR intensity [km/mol]"],
  );
  const json = JSON.parse(readFileSync(join(dir, "out/summary.json"), "utf8")) as { raman: string };
  assert.match(json.raman, /^skipped/);
});
