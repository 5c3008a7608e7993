/**
 * Fast PaiNN path (potentials/fast/, onnxruntime) against the tfjs-wasm path, same model and inputs, same
 * run: energy + forces of the schnetpack rMD17 ethanol model (F = 128, T = 3, 20 Gaussians, r_c = 5 Å) for
 * 1, 16 and 64 ethanols batched and a 198-atom liquid-like box of 22 ethanols (0.79 g/cm³). Reports the
 * median wall and CPU ms per evaluation after warm-up, the analytic FLOP count and the GFLOP/s it implies,
 * peak RSS, and the speed-up. Run alone: `nice npx tsx bench/fast.ts`; in the suite as benchmark "fast".
 */
import { fileURLToPath } from "node:url";
import type { PainnArchitecture } from "../potentials/painn/architecture.ts";
import { FastPainnModel } from "../potentials/fast/fast-painn-model.ts";
import { neighbourSlots } from "../potentials/fast/neighbour-slots.ts";
import { layoutOfCounts } from "../potentials/painn/graph.ts";
import { modelFromData } from "../potentials/message-passing/model-file.ts";
import type { BatchInput } from "../potentials/message-passing/model.ts";
import { NeighbourList } from "../potentials/painn/neighbour-list.ts";
import { importSchnetpackFile } from "../potentials/message-passing/schnetpack-import.ts";
import { useBackend } from "../potentials/tf/backend.ts";
import { Random } from "../src/core/random.ts";
import { machineLine, median, type Benchmark } from "./harness.ts";
import { ETHANOL_X, ETHANOL_Z, perturbedEthanols, REFERENCE_WEIGHTS as WEIGHTS } from "./ethanol.ts";

/** One configuration: 22 randomly rotated ethanols on a 3×3×3 grid in a 12.9 Å box (0.79 g/cm³). */
function ethanolBox(): BatchInput {
  const rng = new Random(22);
  const n = ETHANOL_Z.length;
  const centre = [0, 1, 2].map((k) => ETHANOL_X.reduce((s, x) => s + x[k], 0) / n);
  const spacing = 12.9 / 3;
  const sites = Array.from({ length: 27 }, (_, s) => [s % 3, Math.floor(s / 3) % 3, Math.floor(s / 9)]);
  const numbers: number[] = [];
  const positions: number[] = [];
  for (const site of sites.slice(0, 22)) {
    // Random rotation: Gram–Schmidt on Gaussian vectors.
    const a = [rng.normal(), rng.normal(), rng.normal()];
    const b = [rng.normal(), rng.normal(), rng.normal()];
    const na = Math.hypot(...a);
    const e1 = a.map((x) => x / na);
    const d = b[0] * e1[0] + b[1] * e1[1] + b[2] * e1[2];
    const b2 = b.map((x, k) => x - d * e1[k]);
    const nb = Math.hypot(...b2);
    const e2 = b2.map((x) => x / nb);
    const e3 = [e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]];
    for (let at = 0; at < n; at++) {
      const r = ETHANOL_X[at].map((x, k) => x - centre[k]);
      numbers.push(ETHANOL_Z[at]);
      for (const e of [e1, e2, e3].map(
        (row, k) => row[0] * r[0] + row[1] * r[1] + row[2] * r[2] + spacing * (site[k] + 0.5),
      ))
        positions.push(e);
    }
  }
  return {
    layout: layoutOfCounts([numbers.length]),
    numbers: Int32Array.from(numbers),
    positions: Float64Array.from(positions),
  };
}

/**
 * Floating-point operations of one fast evaluation (forward + analytic backward): matmuls 2mnk each, and
 * the elementwise work on edge slots (≈ 30 E F per block: messages, their gradients, reductions) and on
 * atoms (≈ 40 N F per block). E = neighbour slots used by the graph.
 */
export function fastFlops(
  arch: PainnArchitecture,
  N: number,
  E: number,
): { matmul: number; elementwise: number } {
  const F = arch.nAtomBasis;
  const K = arch.radialBasis.nRbf;
  const T = arch.nInteractions;
  let mm = 0;
  for (let t = 0; t < T; t++) {
    const parts = t === 0 ? 2 : 3;
    mm += 2 * (2 * E * (K + 1) * F * parts); // filters, forward and ∂/∂phif
    mm += 2 * N * F * F + parts * 2 * N * F * F; // inter-atomic net forward
    if (t > 0) mm += parts * 2 * N * F * F + 2 * N * F * F; // … backward
    mm += 2 * (2 * 3 * N * F * 2 * F); // channel mixing, forward and backward
    mm += 2 * (2 * N * 2 * F * F + 2 * N * F * 3 * F); // intra-atomic net, forward and backward
  }
  const L = arch.heads.energy.layers;
  for (let k = 0; k + 1 < L.length; k++) mm += 2 * (2 * N * L[k] * L[k + 1]);
  return { matmul: mm, elementwise: T * (30 * E * F + 40 * N * F) };
}

interface Timing {
  ms: number;
  cpuMs: number;
  runs: number;
}

async function time(run: () => Promise<unknown>, warm: number, runs: number): Promise<Timing> {
  for (let w = 0; w < warm; w++) await run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await run();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { ms: median(wall), cpuMs: median(cpu), runs };
}

/** Median over the rounds' medians, and their range, as "median (lo–hi)". */
function summary(values: number[], digits: number): string {
  const m = median(values).toFixed(digits);
  if (values.length === 1) return m;
  return `${m} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
}

export const fastBenchmark: Benchmark = {
  name: "fast",
  title: "Fast PaiNN path (onnxruntime) vs tfjs-wasm: energy + forces, ethanol model F=128, T=3",
  async run(args: string[]): Promise<string> {
    const quick = args.includes("--quick");
    // Rounds over all systems: the shared machine's speed drifts over minutes, so one round's median can be
    // off by 50 %; the median over rounds, with their range, says what a user will see.
    const roundsArg = args.indexOf("--rounds");
    const rounds = quick ? 1 : roundsArg >= 0 ? Number(args[roundsArg + 1]) : 3;
    const data = await importSchnetpackFile(WEIGHTS, { elements: ["H", "C", "O"] });
    const fast = new FastPainnModel(data, { threads: 2 });
    await useBackend("wasm");
    const slow = modelFromData(data);
    const cases: [string, BatchInput, number, number][] = [
      ["1 ethanol", perturbedEthanols(1), 30, 10],
      ["16 ethanols", perturbedEthanols(16), 30, 5],
      ["64 ethanols", perturbedEthanols(64), 20, 3],
      ["22 ethanols in a 12.9 Å box (198 atoms)", ethanolBox(), 20, 3],
    ];
    const results = cases.map(() => ({ fast: [] as Timing[], slow: [] as Timing[] }));
    for (let round = 0; round < rounds; round++) {
      for (const [c, [label, input, fastRuns, slowRuns]] of cases.entries()) {
        const nlFast = new NeighbourList({ cutoff: data.architecture.cutoff });
        const nlSlow = new NeighbourList({ cutoff: data.architecture.cutoff });
        const f = await time(() => fast.predict(input, { neighbourList: nlFast }), 5, quick ? 5 : fastRuns);
        const s = await time(() => slow.predict(input, { neighbourList: nlSlow }), 2, quick ? 1 : slowRuns);
        results[c].fast.push(f);
        results[c].slow.push(s);
        console.log(
          `round ${round + 1}/${rounds} ${label}: fast ${f.ms.toFixed(2)} ms, tfjs ${s.ms.toFixed(1)} ms`,
        );
      }
    }
    const rows: string[] = [];
    for (const [c, [label, input]] of cases.entries()) {
      const nl = new NeighbourList({ cutoff: data.architecture.cutoff });
      const { i, j } = nl.edges(input.positions, input.layout);
      const N = input.numbers.length;
      const slots = neighbourSlots(N, i, j);
      const fl = fastFlops(data.architecture, N, N * slots.M);
      const gflop = (fl.matmul + fl.elementwise) / 1e9;
      const f = results[c].fast;
      const s = results[c].slow;
      const fMs = median(f.map((t) => t.ms));
      const sMs = median(s.map((t) => t.ms));
      rows.push(
        `| ${label} | ${N} | ${i.length} / ${N * slots.M} | ${summary(
          f.map((t) => t.ms),
          2,
        )} | ` +
          `${summary(
            f.map((t) => t.cpuMs),
            2,
          )} | ` +
          `${(gflop * 1e3).toFixed(0)} (${((fl.matmul / 1e9) * 1e3).toFixed(0)} matmul) | ${(gflop / (fMs / 1e3)).toFixed(1)} | ` +
          `${summary(
            s.map((t) => t.ms),
            1,
          )} | ${summary(
            s.map((t) => t.cpuMs),
            1,
          )} | ${(sMs / fMs).toFixed(1)}× | ` +
          `${rounds} × ${f[0].runs} / ${rounds} × ${s[0].runs} |`,
      );
    }
    const rss = process.resourceUsage().maxRSS / 1024;
    await fast.dispose();
    slow.dispose();
    return [
      "Command: `nice npx tsx bench/fast.ts [--rounds N]` · fast path: onnxruntime-node 1.30, float32, 2 intra-op " +
        "threads (one for ≤ 16 atoms), graph optimisation all · tfjs path: wasm backend (one thread) · one evaluation = " +
        "energies and forces of every configuration in one batched call, neighbour list reused (Verlet skin).",
      "",
      `Each time is the median over ${rounds} rounds (all systems in turn, each round's own median of its runs), with ` +
        "the range of the rounds' medians in brackets; speed-up and GFLOP/s from the medians.",
      "",
      "| system | atoms | edges / slots | fast median ms | fast CPU ms | MFLOP | GFLOP/s (wall) | tfjs-wasm median ms | tfjs CPU ms | speed-up (wall) | runs fast / tfjs |",
      "|---|---|---|---|---|---|---|---|---|---|---|",
      ...rows,
      "",
      `Peak process RSS ${rss.toFixed(0)} MB (both paths loaded). CPU ms = process user + system time per ` +
        "evaluation (all threads), less sensitive than wall time to other jobs on a shared machine. FLOPs are " +
        "counted analytically (bench/fast.ts, fastFlops).",
    ].join("\n");
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(machineLine());
  console.log(await fastBenchmark.run(process.argv.slice(2)));
}
