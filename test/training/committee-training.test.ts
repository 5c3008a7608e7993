import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { angstrom, makeSystem } from "../../src/core/index.ts";
import { formatExtxyzFrame, readExtxyz } from "../../src/io/extxyz.ts";
import { runCommitteeTraining } from "../../src/training/committee-training.ts";
import { loadCommittee } from "../../potentials/committee/index.ts";
import { runCommitteeCalibration } from "../../src/training/committee-calibration.ts";

test("train --committee 2: two members differing by seed, resumable, loadable as a committee", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-committee-train-"));
  const frames = (await readExtxyz("data/ethanol/train-xtb.extxyz.gz")).slice(0, 6);
  writeFileSync(join(dir, "data.extxyz"), frames.map(formatExtxyzFrame).join(""));
  const config = {
    data: {
      path: join(dir, "data.extxyz"),
      units: { energy: "eV", length: "angstrom", forces: "eV/angstrom", dipole: "e*angstrom" },
    },
    split: { train: 4, validation: 2, test: 0, seed: 1 },
    model: { features: 8, interactions: 1, radialFunctions: 6, cutoff: 4.0 },
    loss: { energy: 1, forces: 10 },
    optimizer: { batchSize: 2, epochs: 1, learningRate: 1e-3 },
    output: { directory: join(dir, "committee") },
  };
  writeFileSync(join(dir, "train.yaml"), stringify(config));
  const m = await runCommitteeTraining(join(dir, "train.yaml"), 2, { quiet: true });
  assert.deepEqual(
    m.members.map((x) => [x.directory, x.modelSeed, x.batchSeed, x.finished]),
    [
      ["member-1", 1, 1, true],
      ["member-2", 2, 2, true],
    ],
  );
  const modelFile = join(dir, "committee", "member-1", "best-model.json.gz");
  const mtime = statSync(modelFile).mtimeMs;
  await assert.rejects(
    runCommitteeTraining(join(dir, "train.yaml"), 2, { quiet: true }),
    /already holds a committee; add --resume/,
  );
  await runCommitteeTraining(join(dir, "train.yaml"), 2, { quiet: true, resume: true });
  assert.equal(statSync(modelFile).mtimeMs, mtime, "finished members are not retrained");
  assert.match(
    readFileSync(join(dir, "committee", "committee.json"), "utf8"),
    /"format": "equimd-committee"/,
  );

  const committee = await loadCommittee([join(dir, "committee")], { path: "tfjs", backend: "wasm" });
  const f = frames[0];
  const system = makeSystem(f.symbols);
  const out = await committee.compute(system, f.positions.map(angstrom), 1, []);
  assert.equal(out.members.length, 2);
  assert.ok(out.spread.energy[0] > 0 && out.spread.forcesRms[0] > 0, "members with different seeds disagree");
  await committee.dispose();

  // evaluate --committee: calibration of the spread against the labels
  const lines: string[] = [];
  const cal = await runCommitteeCalibration(
    {
      committee: [join(dir, "committee")],
      data: join(dir, "data.extxyz"),
      units: config.data.units,
      output: join(dir, "cal"),
      backend: "wasm",
    },
    (l) => lines.push(l),
  );
  assert.equal(cal.energy!.count, 6);
  assert.ok(Number.isFinite(cal.forces!.spearman) && cal.forces!.scale > 0);
  assert.match(
    lines.join("\n"),
    /forces: Spearman ρ\(spread, error\) = -?[\d.]+; RMS spread [\d.e+-]+ vs RMS error [\d.e+-]+ eV\/angstrom/,
  );
  const json = JSON.parse(readFileSync(join(dir, "cal", "calibration.json"), "utf8"));
  assert.equal(json.members, 2);
  assert.ok(statSync(join(dir, "cal", "calibration-forces.png")).size > 1000);
});
