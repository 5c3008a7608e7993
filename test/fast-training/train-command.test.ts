/**
 * `equimd train` on the fast path: `path: auto` takes it for a PaiNN, a run killed (SIGKILL, a real child
 * process) and resumed from its last checkpoint ends bit for bit where the uninterrupted run ends, and
 * models the fast path cannot train (ENINet blocks) fall back to tfjs with the reason, or fail clearly
 * when the fast path is forced.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { stringify } from "yaml";
import { chooseTrainable } from "../../potentials/fast/training/choose-training-path.ts";
import { createModel } from "../../potentials/message-passing/training/initialise.ts";
import { useBackend } from "../../potentials/tf/backend.ts";
import { formatExtxyzFrame, readExtxyz } from "../../src/io/extxyz.ts";
import { readCheckpoint } from "../../src/training/checkpoint.ts";
import { runTraining } from "../../src/training/run-training.ts";
import { ATOMIC_UNITS, smallArchitecture } from "../training/water-data.ts";

async function writeConfig(dir: string, extra: Record<string, unknown> = {}): Promise<string> {
  const frames = [
    ...(await readExtxyz("data/ethanol/train-psi4.extxyz.gz")).slice(0, 3),
    ...(await readExtxyz("data/ethanol/train-xtb.extxyz.gz")).slice(500, 507),
  ];
  writeFileSync(join(dir, "data.extxyz"), frames.map(formatExtxyzFrame).join(""));
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
    split: { train: 8, validation: 2, test: 0, seed: 1 },
    model: {
      features: 8,
      interactions: 2,
      radialFunctions: 8,
      cutoff: 5.0,
      dipole: true,
      polarizability: true,
    },
    loss: { energy: 1, forces: 10, dipole: 1, polarizability: 1 },
    optimizer: {
      batchSize: 2,
      epochs: 4,
      learningRate: 1e-3,
      ema: 0.9,
      schedule: { type: "exponential", decay: 0.9 },
    },
    output: { directory: join(dir, "run") },
    ...extra,
  };
  const path = join(dir, "train.yaml");
  writeFileSync(path, stringify(config));
  return path;
}

test("a fast-path training run killed and resumed ends bit-identical to the uninterrupted run", async () => {
  const straightDir = mkdtempSync(join(tmpdir(), "equimd-fast-straight-"));
  await runTraining(await writeConfig(straightDir), { quiet: true });
  const straight = await readCheckpoint(join(straightDir, "run", "checkpoint.json.gz"));
  assert.equal(straight.path, "fast");
  assert.equal(straight.epoch, 4);

  const killedDir = mkdtempSync(join(tmpdir(), "equimd-fast-killed-"));
  const config = await writeConfig(killedDir);
  const checkpoint = join(killedDir, "run", "checkpoint.json.gz");
  const child = spawn(process.execPath, ["bin/equimd.js", "train", config], { stdio: "ignore" });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  while (!existsSync(checkpoint)) await sleep(20);
  child.kill("SIGKILL");
  await exited;
  const atKill = await readCheckpoint(checkpoint);
  assert.ok(atKill.epoch >= 1 && atKill.epoch < 4, `killed after epoch ${atKill.epoch}`);
  await runTraining(config, { resume: true, quiet: true });
  const resumed = await readCheckpoint(checkpoint);

  assert.equal(resumed.path, "fast");
  assert.deepEqual(resumed.weights, straight.weights);
  assert.deepEqual(resumed.adam, straight.adam);
  assert.deepEqual(resumed.ema, straight.ema);
  assert.deepEqual(resumed.history, straight.history);

  // The checkpoint was made on the fast path: forcing tfjs on resume is refused, naming both.
  const tfjsConfig = await writeConfig(killedDir, { path: "tfjs" });
  await assert.rejects(runTraining(tfjsConfig, { resume: true, quiet: true }), /path: tfjs.*fast path/);
});

test("ENINet blocks: path auto falls back to tfjs with the reason; path fast is an error", async () => {
  await useBackend("cpu");
  const model = createModel({
    name: "eninet",
    architecture: { ...smallArchitecture(8, 1), interaction: "eninet_two_body" },
    units: ATOMIC_UNITS,
    elements: [1, 8],
    referenceEnergies: new Map(),
    scale: 1,
    seed: 1,
  });
  const auto = await chooseTrainable(model, "auto", 1);
  assert.equal(auto.path, "tfjs");
  assert.match(auto.reason ?? "", /interaction blocks 'eninet_two_body'/);
  await assert.rejects(chooseTrainable(model, "fast", 1), /fast path.*eninet_two_body/);
  const painn = createModel({
    name: "painn",
    architecture: smallArchitecture(8, 1),
    units: ATOMIC_UNITS,
    elements: [1, 8],
    referenceEnergies: new Map(),
    scale: 1,
    seed: 1,
  });
  assert.equal((await chooseTrainable(painn, "auto", 1)).path, "fast");
  assert.equal((await chooseTrainable(painn, "tfjs", 1)).path, "tfjs");
  model.dispose();
  painn.dispose();
});
