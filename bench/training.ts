/**
 * Training throughput of both paths in one run: full optimiser steps (loss, ∂L/∂θ, clipping, Adam) of a
 * PaiNN (T = 3, 20 Gaussians, r_c = 5 Å) on batches of perturbed ethanols, for F = 32 and 128, batch 16
 * and 32, an E + F loss and an E + F + μ + α loss. The tfjs path (tf.variableGrads with nested force
 * gradients, wasm backend, one thread) and the fast path (potentials/fast/training, onnxruntime, float32)
 * are timed in turn inside every round, so both see the same machine load; each case reports the median
 * over the rounds' medians and the fast/tfjs ratio of the same round.
 *
 * FLOPs are counted exactly from an onnxruntime profile of the fast training graph (every MatMul/Gemm
 * node's shapes: 2 · |output| · inner size), and set against a large square matmul measured in the same run
 * (the practical limit of onnxruntime on this machine). Run alone: `nice npx tsx bench/training.ts`; in the
 * suite: `npm run bench -- training [--rounds N] [--quick]`.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FastPainnTrainable } from "../potentials/fast/training/fast-trainable.ts";
import { matmulLimit } from "../potentials/fast/matmul-limit.ts";
import type { PainnArchitecture } from "../potentials/painn/architecture.ts";
import { Adam } from "../potentials/message-passing/training/adam.ts";
import { createModel } from "../potentials/message-passing/training/initialise.ts";
import type { LossOptions } from "../potentials/message-passing/training/loss.ts";
import { PainnTrainable } from "../potentials/message-passing/training/painn-trainable.ts";
import { trainStep } from "../potentials/message-passing/training/train-step.ts";
import type { TrainableModel } from "../potentials/message-passing/training/trainable-model.ts";
import { useBackend } from "../potentials/tf/backend.ts";
import { angstrom, Random } from "../src/core/index.ts";
import { packBatch } from "../src/training/batching.ts";
import type { TrainingFrame } from "../src/training/dataset.ts";
import { fitNormalisation } from "../src/training/normalisation.ts";
import { perturbedEthanols } from "./ethanol.ts";
import { machineLine, median, type Benchmark } from "./harness.ts";

interface Case {
  F: number;
  B: number;
  tensors: boolean;
}

/** B labelled ethanols (random labels of realistic size: only the cost is measured). */
function frames(B: number, tensors: boolean): TrainingFrame[] {
  const input = perturbedEthanols(B);
  const rng = new Random(7 * B + 1);
  return Array.from({ length: B }, (_, m) => ({
    numbers: input.numbers.slice(9 * m, 9 * m + 9),
    positions: Float64Array.from(input.positions.slice(27 * m, 27 * m + 27), angstrom),
    energy: -0.01 * rng.normal(),
    forces: Float64Array.from({ length: 27 }, () => 0.02 * rng.normal()),
    ...(tensors
      ? {
          dipole: Float64Array.from({ length: 3 }, () => 0.6 + 0.1 * rng.normal()),
          polarizability: Float64Array.from({ length: 9 }, (_, k) => (k % 4 === 0 ? 30 : 0) + rng.normal()),
        }
      : {}),
    origin: `ethanol ${m}`,
  }));
}

function architecture(F: number, tensors: boolean): PainnArchitecture {
  const rc = angstrom(5);
  const h = F / 2;
  return {
    nAtomBasis: F,
    nInteractions: 3,
    radialBasis: { type: "gaussian", nRbf: 20, cutoff: rc },
    cutoff: rc,
    sharedFilters: false,
    epsilon: 1e-8,
    heads: {
      energy: { layers: [F, h, 1] },
      ...(tensors
        ? {
            dipole: { type: "charges_plus_atomic_dipoles" as const, layers: [F, h, 1], correctCharges: true },
            polarizability: { type: "gated_rank1" as const, layers: [F, h, 1] },
          }
        : {}),
    },
  };
}

/** Everything one case needs on one path: a model, its optimiser, the batch and the loss. */
function setUp(c: Case, path: "tfjs" | "fast", profilePrefix?: string) {
  const fr = frames(c.B, c.tensors);
  const norm = fitNormalisation(fr);
  const model = createModel({
    name: "bench",
    architecture: architecture(c.F, c.tensors),
    units: { energy: "hartree", length: "bohr", dipole: "e*bohr", polarizability: "bohr^3" },
    elements: norm.elements,
    referenceEnergies: new Map(),
    scale: norm.scale,
    seed: 1,
  });
  const trainable: TrainableModel =
    path === "fast"
      ? new FastPainnTrainable(model, { threads: 2, profilePrefix })
      : new PainnTrainable(model);
  const loss: LossOptions = {
    weights: { energy: 1, forces: 100, dipole: c.tensors ? 10 : 0, polarizability: c.tensors ? 10 : 0 },
    scales: { energy: norm.scale, forces: norm.scale, dipole: 0.1, polarizability: 1 },
  };
  const adam = new Adam(trainable.variables);
  const batch = packBatch(fr, norm);
  const step = () => trainStep(trainable, batch, loss, adam, 1e-4, 10);
  const dispose = async () => {
    adam.dispose();
    if (trainable instanceof FastPainnTrainable) await trainable.dispose();
    model.dispose();
  };
  return { step, dispose, trainable, parameters: model.trainableVariables().reduce((s, v) => s + v.size, 0) };
}

/** Median wall ms of `runs` steps after `warm` untimed ones. */
async function timeSteps(step: () => Promise<unknown>, warm: number, runs: number): Promise<number> {
  for (let w = 0; w < warm; w++) await step();
  const t: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await step();
    t.push(performance.now() - t0);
  }
  return median(t);
}

/** MatMul/Gemm FLOPs of one run of the fast training graph, from an onnxruntime profile. */
export async function profiledFlops(c: Case): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "equimd-train-profile-"));
  const s = setUp(c, "fast", join(dir, "profile"));
  await s.step();
  await s.step(); // the profile holds both runs; the second is counted
  await (s.trainable as FastPainnTrainable).endProfiling();
  await s.dispose();
  const file = readdirSync(dir).find((f) => f.endsWith(".json"));
  if (file === undefined) throw new Error("no onnxruntime profile written");
  type Event = {
    cat: string;
    name: string;
    args?: {
      op_name?: string;
      input_type_shape?: Record<string, number[]>[];
      output_type_shape?: Record<string, number[]>[];
    };
  };
  const events = JSON.parse(readFileSync(join(dir, file), "utf8")) as Event[];
  const runs = events.filter((e) => e.cat === "Session" && e.name === "model_run").length;
  let flops = 0;
  for (const e of events) {
    const op = e.args?.op_name ?? "";
    if (e.cat !== "Node" || !/MatMul|Gemm/.test(op) || !e.name.endsWith("_kernel_time")) continue;
    const a = Object.values(e.args!.input_type_shape![0])[0];
    const out = Object.values(e.args!.output_type_shape![0])[0];
    const size = (s: number[]) => s.reduce((x, y) => x * y, 1);
    flops += 2 * size(out) * (size(a) / size(out.slice(0, -1)));
  }
  return flops / Math.max(runs, 1);
}

export async function benchTraining(rounds: number, quick: boolean): Promise<string> {
  await useBackend("wasm");
  const cases: Case[] = [];
  for (const F of [32, 128])
    for (const B of [16, 32]) for (const tensors of [false, true]) cases.push({ F, B, tensors });
  const fastMs = cases.map(() => [] as number[]);
  const tfjsMs = cases.map(() => [] as number[]);
  const ratios = cases.map(() => [] as number[]);
  const parameters: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const [k, c] of cases.entries()) {
      const fast = setUp(c, "fast");
      const f = await timeSteps(fast.step, 2, quick ? 2 : 6);
      parameters[k] = fast.parameters;
      await fast.dispose();
      const slow = setUp(c, "tfjs");
      const s = await timeSteps(slow.step, 1, quick ? 1 : 2);
      await slow.dispose();
      fastMs[k].push(f);
      tfjsMs[k].push(s);
      ratios[k].push(s / f);
      console.log(
        `round ${r + 1}/${rounds} F=${c.F} B=${c.B} ${c.tensors ? "E+F+μ+α" : "E+F"}: fast ${f.toFixed(0)} ms, tfjs ${s.toFixed(0)} ms`,
      );
    }
  }
  const limit = await matmulLimit();
  const rows: string[] = [];
  for (const [k, c] of cases.entries()) {
    const flops = await profiledFlops(c);
    const f = median(fastMs[k]);
    const s = median(tfjsMs[k]);
    const range = (v: number[]) =>
      v.length > 1 ? ` (${Math.min(...v).toFixed(0)}–${Math.max(...v).toFixed(0)})` : "";
    rows.push(
      `| ${c.F} | ${c.B} | ${c.tensors ? "E+F+μ+α" : "E+F"} | ${parameters[k]} | ${f.toFixed(0)}${range(fastMs[k])} | ${((c.B * 1000) / f).toFixed(0)} | ` +
        `${s.toFixed(0)}${range(tfjsMs[k])} | ${((c.B * 1000) / s).toFixed(1)} | **${median(ratios[k]).toFixed(1)}×** | ` +
        `${(flops / 1e9).toFixed(2)} | ${(flops / 1e6 / f).toFixed(1)} (${((100 * flops) / 1e6 / f / limit).toFixed(0)} %) |`,
    );
  }
  const rssMB = process.resourceUsage().maxRSS / 1024;
  return [
    "Command: `nice npm run bench -- training` (bench/training.ts). One step = loss + ∂L/∂θ + clipping + Adam",
    "(the trainer's own Adam on tfjs variables for both paths). Ethanol, T = 3, 20 Gaussians, r_c = 5 Å; fast path:",
    "onnxruntime-node, float32, 2 threads; tfjs path: wasm backend (one thread). Both paths are timed in turn inside",
    `each of ${rounds} round(s); ms = median over the rounds of each round's median (range in brackets), ratio = median`,
    "of the per-round tfjs/fast ratios. FLOPs: every MatMul/Gemm of the fast training graph, from an onnxruntime",
    `profile of one step; limit: a 1024³ float32 matmul in onnxruntime, 2 threads, same run: **${limit.toFixed(0)} GFLOP/s**.`,
    "",
    "| F | batch | loss | parameters | fast ms/step | fast configs/s | tfjs ms/step | tfjs configs/s | speed-up | fast matmul GFLOP | fast GFLOP/s (of limit) |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    `Peak process RSS ${rssMB.toFixed(0)} MB (both paths, all cases, one process). GPU routes not tried: no GPU device on this task.`,
  ].join("\n");
}

export const trainingBenchmark: Benchmark = {
  name: "training",
  title: "Training steps: fast path (onnxruntime) vs tfjs-wasm, ethanol PaiNN",
  async run(args: string[]): Promise<string> {
    const quick = args.includes("--quick");
    const i = args.indexOf("--rounds");
    return benchTraining(quick ? 1 : i >= 0 ? Number(args[i + 1]) : 3, quick);
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(machineLine());
  console.log(await trainingBenchmark.run(process.argv.slice(2)));
}
