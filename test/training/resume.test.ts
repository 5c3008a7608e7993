import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useBackend } from "../../potentials/tf/backend.ts";
import { createModel } from "../../potentials/message-passing/training/initialise.ts";
import { PainnTrainable } from "../../potentials/message-passing/training/painn-trainable.ts";
import { fitNormalisation, type Normalisation } from "../../src/training/normalisation.ts";
import { makeSplit, type Split } from "../../src/training/split.ts";
import { Trainer, type TrainerSettings } from "../../src/training/trainer.ts";
import { readCheckpoint, saveCheckpoint } from "../../src/training/checkpoint.ts";
import type { TrainingFrame } from "../../src/training/dataset.ts";
import { ATOMIC_UNITS, smallArchitecture, waterFrames } from "./water-data.ts";

function makeTrainer(frames: TrainingFrame[], split: Split, norm: Normalisation) {
  const model = createModel({
    name: "resume",
    architecture: smallArchitecture(8, 2),
    units: ATOMIC_UNITS,
    elements: norm.elements,
    referenceEnergies: new Map(),
    scale: norm.scale,
    seed: 4,
  });
  const settings: TrainerSettings = {
    loss: {
      weights: { energy: 1, forces: 10, dipole: 0, polarizability: 0 },
      scales: { energy: norm.scale, forces: norm.scale, dipole: 1, polarizability: 1 },
    },
    batchSize: 4,
    learningRate: 3e-3,
    schedule: { type: "plateau", factor: 0.5, patience: 0, threshold: 0, minLearningRate: 1e-5 },
    gradientClip: 1,
    ema: 0.9,
    earlyStoppingPatience: 0,
    seed: 7,
  };
  return { model, trainer: new Trainer(new PainnTrainable(model), frames, split, norm, settings) };
}

// Same seed, 4 epochs straight vs 2 epochs + checkpoint file + fresh model/trainer restored + 2 epochs:
// every step's loss is identical (bit for bit), and so is the validation history.
test("resuming from a checkpoint continues the same optimisation trajectory", async () => {
  await useBackend("wasm");
  const frames = await waterFrames(20, 8);
  const split = makeSplit(20, { train: 14, validation: 6 }, 2);
  const norm = fitNormalisation(split.train.map((i) => frames[i]));
  const run = async (t: Trainer, epochs: number, losses: number[]) => {
    for (let e = 0; e < epochs; e++) {
      const mean = await t.trainEpoch((_, r) => losses.push(r.loss));
      await t.endEpoch(mean, true);
    }
  };
  const straight: number[] = [];
  const a = makeTrainer(frames, split, norm);
  await run(a.trainer, 4, straight);

  const resumed: number[] = [];
  const b = makeTrainer(frames, split, norm);
  await run(b.trainer, 2, resumed);
  const path = join(await mkdtemp(join(tmpdir(), "equimd-resume-")), "checkpoint.json.gz");
  await saveCheckpoint(path, b.trainer.checkpoint());
  b.trainer.dispose();
  b.model.dispose();
  const c = makeTrainer(frames, split, norm);
  c.trainer.restore(await readCheckpoint(path));
  await run(c.trainer, 2, resumed);

  assert.equal(straight.length, 16);
  assert.deepEqual(resumed, straight);
  assert.deepEqual(c.trainer.history, a.trainer.history);
});
