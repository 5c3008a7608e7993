/**
 * The demo with a committee model directory (equimd train --committee layout: committee.json listing the
 * members): MD on the members' mean and a model band drawn and written apart from the statistical band.
 * Two identical members (copies of the shipped model) must give a zero-width model band around the
 * classical curve itself (the members' spectra along the same replicas are the curve's).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDemoConfig } from "../../src/demo/config.ts";
import { runDemo } from "../../src/demo/run-demo.ts";
import { readCurvesCsv } from "../../src/plot/csv.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

test("demo with a committee of two identical members: a zero-width model band around the classical curve", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-demo-committee-"));
  const committee = join(dir, "committee");
  const members = [1, 2].map((k) => {
    mkdirSync(join(committee, `member-${k}`), { recursive: true });
    copyFileSync(
      join(ROOT, "models/ethanol-painn/model.json.gz"),
      join(committee, `member-${k}/model.json.gz`),
    );
    return { model: `member-${k}/model.json.gz`, finished: true };
  });
  writeFileSync(join(committee, "committee.json"), JSON.stringify({ members }));
  const lines: string[] = [];
  const config = await loadDemoConfig(undefined, {
    model: committee,
    output: join(dir, "out"),
    reference: { dipoles: [join(ROOT, "test/fixtures/demo/xtb-dipoles-200fs.csv")] },
    classical: { replicas: 2, equilibration_fs: 5, production_fs: 40 },
    trpmd: { enabled: false },
    spectra: { max_lag_fs: 10 },
    progress: false,
  });
  const result = await runDemo(config, (l) => lines.push(l));
  assert.ok(
    lines.some((l) => /committee of 2/.test(l)),
    lines.join("\n"),
  );
  const c = result.spectra.errors.committee!;
  assert.equal(c.members, 2);
  const curve = result.spectra.irClassical.intensity;
  const top = Math.max(...curve);
  c.ir.center.forEach((y, j) => assert.ok(Math.abs(y - curve[j]) < 1e-9 * top, `center ${y} vs ${curve[j]}`));
  assert.ok(
    c.ir.sigma.every((s) => s === 0),
    "identical members: zero spread",
  );
  assert.equal(c.raman?.length, 4);
  assert.match(result.summary, /model band \(committee of 2\): IR total area over the members [\d.]+ ± 0/);
  // the CSV carries the model band apart from the statistical one
  const names = (await readCurvesCsv(join(dir, "out/ir.csv"))).map((col) => col.name);
  const model = names.find((n) => /classical_md.*_model_km_mol_cm-1$/.test(n));
  assert.ok(model, names.join(" | "));
  assert.ok(names.includes(`${model}_lower`) && names.includes(`${model}_upper`), names.join(" | "));
});
