/**
 * `equimd evaluate`: a model evaluated on its own reference outputs has zero error (through the
 * Potential boundary, on whichever path is chosen); frames without labels are an error, not an empty
 * report.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importSchnetpackCommand } from "../../src/cli/commands/import-schnetpack.ts";
import { runEvaluation } from "../../src/training/run-evaluation.ts";
import { formatExtxyzFrame } from "../../src/io/extxyz.ts";
import { elementSymbol } from "../../src/core/elements.ts";
import { readCases, TENSOR_HEADS, weightsPath } from "../painn/helpers.ts";

const UNITS = {
  energy: "eV",
  length: "angstrom",
  forces: "eV/angstrom",
  dipole: "e*angstrom",
  polarizability: "angstrom^3",
};

test("evaluate: zero error on the model's own reference outputs; unlabelled frames are refused", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-evaluate-"));
  const model = join(dir, "model.json.gz");
  await importSchnetpackCommand({
    input: weightsPath(TENSOR_HEADS),
    output: model,
    energyUnit: "eV",
    elements: ["H", "C", "O"],
  });
  const cases = readCases(TENSOR_HEADS);
  const frame = (k: number, labelled: boolean) =>
    formatExtxyzFrame({
      symbols: cases[k].numbers.map(elementSymbol),
      positions: Float64Array.from(cases[k].positions.flat()),
      info: labelled ? { energy: cases[k].energy, dipole: cases[k].dipole_moment! } : {},
      arrays: labelled ? { forces: Float64Array.from(cases[k].forces.flat()) } : {},
    });
  const bare = join(dir, "bare.extxyz");
  writeFileSync(bare, cases.map((_, k) => frame(k, false)).join(""));
  await assert.rejects(
    runEvaluation({ model, data: bare, units: UNITS, output: dir, log: () => {} }),
    /bare.extxyz: no frame carries a label/,
  );
  const data = join(dir, "labelled.extxyz");
  writeFileSync(data, cases.map((_, k) => frame(k, true)).join(""));
  const lines: string[] = [];
  const m = await runEvaluation({ model, data, units: UNITS, output: dir, log: (l) => lines.push(l) });
  assert.match(lines[0], /evaluating on the (fast|tfjs) path/);
  assert.ok(m.energy!.mae < 1e-4, `energy MAE ${m.energy!.mae} eV`);
  assert.ok(m.forces!.mae < 1e-4, `force MAE ${m.forces!.mae} eV/Å`);
  assert.ok(m.dipole!.mae < 1e-4, `dipole MAE ${m.dipole!.mae} e·Å`);
  assert.equal(m.polarizability, undefined);
});
