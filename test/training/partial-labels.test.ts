/**
 * Training on a dataset where only some frames have a polarizability (the shipped model's situation):
 * batches without any polarizability leave the polarizability head out of the loss graph, which must
 * count as a zero gradient, not crash the step (tf.variableGrads returns no gradient for it).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { formatExtxyzFrame, readExtxyz } from "../../src/io/extxyz.ts";
import { runTraining } from "../../src/training/run-training.ts";

test("a batch without polarizability labels trains (zero gradient for that head)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-partial-"));
  const labelled = (await readExtxyz("data/ethanol/train-psi4.extxyz.gz")).slice(0, 3);
  const plain = (await readExtxyz("data/ethanol/train-xtb.extxyz.gz")).slice(500, 505);
  assert.ok(labelled.every((f) => Array.isArray(f.info.polarizability)));
  assert.ok(plain.every((f) => f.info.polarizability === undefined));
  writeFileSync(join(dir, "data.extxyz"), [...labelled, ...plain].map(formatExtxyzFrame).join(""));
  const config = {
    data: {
      path: join(dir, "data.extxyz"),
      units: {
        energy: "eV",
        length: "angstrom",
        forces: "eV/angstrom",
        dipole: "e*angstrom",
        polarizability: "angstrom^3",
      },
    },
    split: { train: 6, validation: 2, test: 0, seed: 1 },
    model: {
      features: 8,
      interactions: 2,
      radialFunctions: 8,
      cutoff: 5.0,
      dipole: true,
      polarizability: true,
    },
    loss: { energy: 1, forces: 10, dipole: 1, polarizability: 1 },
    optimizer: { batchSize: 1, epochs: 1, learningRate: 1e-3 },
    output: { directory: join(dir, "run") },
  };
  writeFileSync(join(dir, "train.yaml"), stringify(config));
  const { history } = await runTraining(join(dir, "train.yaml"), { quiet: true });
  // 6 single-frame batches, at least 3 of them without a polarizability
  assert.equal(history.length, 1);
  assert.ok(Number.isFinite(history[0].trainLoss) && history[0].trainLoss > 0);
});
