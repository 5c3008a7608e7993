/**
 * Training throughput: configurations per second of force-matching steps (energy + force loss, Adam) of a
 * PaiNN with F=128, T=3, 20 Gaussians, rc = 5 Å on ethanol, batches of 32 perturbed copies.
 * Run: `npx tsx bench/training.ts [steps]` (the first step is a warm-up and not timed).
 */
import { useBackend } from "../potentials/tf/backend.ts";
import { createModel } from "../potentials/message-passing/training/initialise.ts";
import { PainnTrainable } from "../potentials/message-passing/training/painn-trainable.ts";
import { Adam } from "../potentials/message-passing/training/adam.ts";
import { trainStep } from "../potentials/message-passing/training/train-step.ts";
import { angstrom, Random } from "../src/core/index.ts";
import { packBatch } from "../src/training/batching.ts";
import { fitNormalisation } from "../src/training/normalisation.ts";
import type { TrainingFrame } from "../src/training/dataset.ts";
import type { Benchmark } from "./harness.ts";

const ETHANOL_Z = [6, 6, 1, 1, 1, 1, 1, 8, 1];
const ETHANOL_A = [
  -4.922, 1.537, -0.066, -3.411, 1.451, -0.14, -5.226, 2.282, 0.662, -5.34, 0.579, 0.223, -5.332, 1.809,
  -1.032, -3.004, 1.189, 0.835, -2.996, 2.418, -0.419, -3.076, 0.477, -1.093, -2.134, 0.404, -1.158,
];

export async function benchTraining(
  steps = 5,
): Promise<{ backend: string; configsPerSecond: number; msPerStep: number }> {
  const backend = await useBackend();
  const rng = new Random(1);
  const frames: TrainingFrame[] = Array.from({ length: 32 }, (_, m) => ({
    numbers: Int32Array.from(ETHANOL_Z),
    positions: Float64Array.from(ETHANOL_A, (x) => angstrom(x) + 0.05 * rng.normal()),
    energy: -0.01 * rng.normal(),
    forces: Float64Array.from({ length: 27 }, () => 0.02 * rng.normal()),
    origin: `ethanol ${m}`,
  }));
  const norm = fitNormalisation(frames);
  const rc = angstrom(5);
  const model = createModel({
    name: "bench",
    architecture: {
      nAtomBasis: 128,
      nInteractions: 3,
      radialBasis: { type: "gaussian", nRbf: 20, cutoff: rc },
      cutoff: rc,
      sharedFilters: false,
      epsilon: 1e-8,
      heads: { energy: { layers: [128, 64, 1] } },
    },
    units: { energy: "hartree", length: "bohr", dipole: "e*bohr", polarizability: "bohr^3" },
    elements: norm.elements,
    referenceEnergies: new Map(),
    scale: norm.scale,
    seed: 1,
  });
  const trainable = new PainnTrainable(model);
  const adam = new Adam(trainable.variables);
  const batch = packBatch(frames, norm);
  const loss = {
    weights: { energy: 1, forces: 100, dipole: 0, polarizability: 0 },
    scales: { energy: norm.scale, forces: norm.scale, dipole: 1, polarizability: 1 },
  };
  trainStep(trainable, batch, loss, adam, 1e-4, 10);
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) trainStep(trainable, batch, loss, adam, 1e-4, 10);
  const ms = (performance.now() - t0) / steps;
  adam.dispose();
  model.dispose();
  return { backend, msPerStep: ms, configsPerSecond: (32 * 1000) / ms };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchTraining(Number(process.argv[2] ?? 5));
  console.log(
    `training throughput (ethanol, F=128, T=3, batch 32, E+F loss, ${r.backend}): ${r.configsPerSecond.toFixed(1)} configurations/s (${r.msPerStep.toFixed(0)} ms/step)`,
  );
}

export const trainingBenchmark: Benchmark = {
  name: "training",
  title: "Training throughput (force matching, ethanol, F=128, T=3, batch 32)",
  async run(args: string[]): Promise<string> {
    const stepsArg = args.find((a) => a.startsWith("--training-steps="));
    const steps = stepsArg ? Number(stepsArg.split("=")[1]) : 5;
    const r = await benchTraining(steps);
    return [
      "Command: `npm run bench -- training` (or `npx tsx bench/training.ts [steps]`).",
      "Energy + force loss (forces by nested gradients, patched tfjs gradients), Adam, gradient clipping;",
      `mean over ${steps} steps after one warm-up step.`,
      "",
      "| backend | ms per step | configurations per second |",
      "|---|---|---|",
      `| ${r.backend} | ${r.msPerStep.toFixed(0)} | ${r.configsPerSecond.toFixed(1)} |`,
    ].join("\n");
  },
};
