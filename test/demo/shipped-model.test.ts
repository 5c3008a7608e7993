/**
 * The shipped model, its data and its split belong together: evaluated on the recorded test split (260
 * frames never used in training), its errors are those its README records (models/ethanol-painn/README.md:
 * 1.56 meV, 0.01002 eV/Å, 0.00102 e·Å, 0.00419 Å³) to within 15 %, which leaves room for round-off
 * differences between machines. A model, split or data file out of step with the others, a unit slip or
 * broken inference lands far outside that.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runEvaluation } from "../../src/training/run-evaluation.ts";

const dir = "models/ethanol-painn";

test("shipped ethanol model: test-split errors as recorded in its README", async () => {
  const metrics = await runEvaluation({
    model: join(dir, "model.json.gz"),
    data: join(dir, "train-data.extxyz.gz"),
    split: join(dir, "split.json"),
    units: {
      energy: "eV",
      length: "angstrom",
      forces: "eV/angstrom",
      dipole: "e*angstrom",
      polarizability: "angstrom^3",
    },
    output: mkdtempSync(join(tmpdir(), "equimd-shipped-")),
  });
  const recorded = { energy: 1.56e-3, forces: 0.01002, dipole: 0.00102, polarizability: 0.00419 };
  const counts = { energy: 260, forces: 7020, dipole: 780, polarizability: 1152 };
  for (const [label, mae] of Object.entries(recorded) as [keyof typeof recorded, number][]) {
    const m = metrics[label];
    assert.ok(m, `no ${label} metrics`);
    console.log(`${label}: MAE ${m.mae.toPrecision(4)} (recorded ${mae}), n = ${m.count}`);
    assert.equal(m.count, counts[label], `${label}: number of compared components`);
    assert.ok(m.mae < 1.15 * mae && m.mae > 0.85 * mae, `${label}: MAE ${m.mae} vs recorded ${mae}`);
  }
});
