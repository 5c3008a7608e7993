import { test } from "node:test";
import assert from "node:assert/strict";
import { useBackend } from "../../potentials/tf/backend.ts";
import { createModel } from "../../potentials/message-passing/training/initialise.ts";
import { PainnTrainable } from "../../potentials/message-passing/training/painn-trainable.ts";
import { fitNormalisation } from "../../src/training/normalisation.ts";
import { makeSplit } from "../../src/training/split.ts";
import { Trainer } from "../../src/training/trainer.ts";
import { ATOMIC_UNITS, smallArchitecture, waterFrames } from "./water-data.ts";

// 64 q-TIP4P/F water geometries (Gaussian displacements, 0.12 bohr): energy, forces, dipole.
// PaiNN F=16, T=2; Adam lr 5e-3, batch 8, 48 training frames: 60 steps (10 epochs).
// Claim: the validation force MAE falls below 15 % of the force standard deviation (from above 30 %
// before training).
test("a small PaiNN learns flexible-water forces: validation force MAE < 0.15·σ_F within 60 steps", async () => {
  await useBackend("wasm");
  const frames = await waterFrames(64, 3);
  const split = makeSplit(64, { train: 48, validation: 16, test: 0 }, 1);
  const norm = fitNormalisation(split.train.map((i) => frames[i]));
  const model = createModel({
    name: "water",
    architecture: smallArchitecture(16, 2, { dipole: true }),
    units: ATOMIC_UNITS,
    elements: norm.elements,
    referenceEnergies: new Map(norm.elements.map((z, i) => [z, norm.referenceEnergies[i]])),
    scale: norm.scale,
    seed: 1,
  });
  const trainer = new Trainer(new PainnTrainable(model), frames, split, norm, {
    loss: {
      weights: { energy: 1, forces: 10, dipole: 1, polarizability: 0 },
      scales: { energy: norm.scale, forces: norm.scale, dipole: 0.7, polarizability: 1 },
    },
    batchSize: 8,
    learningRate: 5e-3,
    schedule: { type: "constant" },
    gradientClip: 10,
    earlyStoppingPatience: 0,
    seed: 1,
  });
  const validation = split.validation.map((i) => frames[i]);
  const f = validation.flatMap((fr) => [...fr.forces!]);
  const mean = f.reduce((a, b) => a + b, 0) / f.length;
  const sigma = Math.sqrt(f.reduce((a, b) => a + (b - mean) ** 2, 0) / f.length);
  const before = (await trainer.evaluate(validation)).metrics.forces!.mae;
  assert.ok(before > 0.3 * sigma, `untrained MAE ${before} should be large against σ_F = ${sigma}`);
  for (let e = 0; e < 10; e++) await trainer.trainEpoch();
  assert.equal(trainer.step, 60);
  const after = await trainer.evaluate(validation);
  assert.ok(
    after.metrics.forces!.mae < 0.15 * sigma,
    `force MAE ${after.metrics.forces!.mae} vs σ_F ${sigma}`,
  );
  assert.ok(after.metrics.dipole!.count === 48);
  trainer.dispose();
  model.dispose();
});
