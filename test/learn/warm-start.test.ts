import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { formatExtxyzFrame, readExtxyz } from "../../src/io/extxyz.ts";
import { runTraining } from "../../src/training/run-training.ts";
import { readModelFile } from "../../potentials/message-passing/model-file.ts";

test("warm start: training begins from the given model's weights; another architecture is refused", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-warm-start-"));
  const frames = (await readExtxyz("data/ethanol/train-xtb.extxyz.gz")).slice(0, 6);
  writeFileSync(join(dir, "data.extxyz"), frames.map(formatExtxyzFrame).join(""));
  const config = (out: string, features: number, learningRate: number) => ({
    data: {
      path: join(dir, "data.extxyz"),
      units: { energy: "eV", length: "angstrom", forces: "eV/angstrom", dipole: "e*angstrom" },
    },
    split: { train: 4, validation: 2, test: 0, seed: 1 },
    model: { features, interactions: 1, radialFunctions: 4, cutoff: 4.0, seed: 1 },
    optimizer: { batchSize: 2, epochs: 1, learningRate },
    output: { directory: join(dir, out) },
  });
  writeFileSync(join(dir, "a.yaml"), stringify(config("a", 8, 1e-2)));
  await runTraining(join(dir, "a.yaml"), { quiet: true });
  const a = await readModelFile(join(dir, "a", "best-model.json.gz"));
  // a second model with another initialisation seed, warm-started from a, with a vanishing learning rate
  const b = { ...config("b", 8, 1e-12), model: { ...config("b", 8, 1e-12).model, seed: 99 } };
  writeFileSync(join(dir, "b.yaml"), stringify(b));
  await runTraining(join(dir, "b.yaml"), { quiet: true, warmStart: join(dir, "a", "best-model.json.gz") });
  const bw = (await readModelFile(join(dir, "b", "best-model.json.gz"))).weights;
  let largest = 0;
  for (const [name, w] of Object.entries(a.weights)) {
    for (let i = 0; i < w.data.length; i++)
      largest = Math.max(largest, Math.abs(w.data[i] - bw[name].data[i]));
  }
  assert.ok(largest < 1e-6, `warm-started weights equal the source's (largest difference ${largest})`);
  writeFileSync(join(dir, "c.yaml"), stringify(config("c", 4, 1e-3)));
  await assert.rejects(
    runTraining(join(dir, "c.yaml"), { quiet: true, warmStart: join(dir, "a", "best-model.json.gz") }),
    /warm start from .*architecture differs/,
  );
});
