/**
 * PaiNN energy + forces: median wall time per evaluation of the schnetpack rMD17 ethanol model (F = 128,
 * T = 3, 20 Gaussians, r_c = 5 Å) for 1, 16 and 32 ethanol configurations batched in one call; peak memory
 * (process RSS, tensors held by tfjs, wasm heap); the backend used. Warm-up runs are excluded.
 */
import { activeBackend, useBackend } from "../potentials/tf/backend.ts";
import { peakTensorBytes, tensorMemory } from "../potentials/tf/memory.ts";
import { modelFromData } from "../potentials/message-passing/model-file.ts";
import { importSchnetpackFile } from "../potentials/message-passing/schnetpack-import.ts";
import { NeighbourList } from "../potentials/painn/neighbour-list.ts";
import { median, type Benchmark } from "./harness.ts";
import { perturbedEthanols, REFERENCE_WEIGHTS as WEIGHTS } from "./ethanol.ts";

const MB = 1024 * 1024;

async function measure(B: number, model: ReturnType<typeof modelFromData>, repeats: number) {
  const input = perturbedEthanols(B);
  const neighbourList = new NeighbourList({ cutoff: model.cutoff });
  for (let w = 0; w < 3; w++) await model.predict(input, { forces: true, neighbourList }); // warm-up
  // Peak bytes held by tensors during one evaluation (tf.profile tracks every allocation).
  const peakBytes = await peakTensorBytes(() => model.predict(input, { forces: true, neighbourList }));
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const p = await model.predict(input, { forces: true, neighbourList });
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuTimes.push((c.user + c.system) / 1000);
    if (!Number.isFinite(p.energy[0])) throw new Error("non-finite energy");
  }
  return {
    ms: median(times),
    cpuMs: median(cpuTimes),
    min: Math.min(...times),
    repeats,
    peakTensorBytes: peakBytes,
  };
}

export const painnBenchmark: Benchmark = {
  name: "painn",
  title: "PaiNN energy + forces (ethanol, F=128, T=3, 20 Gaussians, r_c = 5 Å)",
  async run(args: string[]): Promise<string> {
    const i = args.indexOf("--backend");
    const backend = await useBackend(i >= 0 ? args[i + 1] : undefined);
    const model = modelFromData(await importSchnetpackFile(WEIGHTS, { elements: ["H", "C", "O"] }));
    const rows: string[] = [];
    for (const [B, repeats] of [
      [1, 30],
      [16, 10],
      [32, 8],
    ]) {
      const r = await measure(B, model, repeats);
      const line = `| ${B} | ${B * 9} | ${r.ms.toFixed(1)} | ${r.cpuMs.toFixed(1)} | ${(r.ms / B).toFixed(2)} | ${r.min.toFixed(1)} | ${r.repeats} | ${(r.peakTensorBytes / MB).toFixed(1)} |`;
      console.log(line);
      rows.push(line);
    }
    const rss = process.resourceUsage().maxRSS / 1024; // kB → MB
    const mem = tensorMemory();
    const heap = mem.wasmHeapBytes;
    model.dispose();
    return [
      `Command: \`nice npm run bench -- painn\` · backend **${activeBackend() ?? backend}** (float32) · ` +
        `one evaluation = energies and forces of all B configurations in one batched call (neighbour list reused).`,
      "",
      "| configurations B | atoms | median ms / evaluation (wall) | median CPU ms / evaluation | wall ms per configuration | min wall ms | runs | peak tensor MB (tf.profile) |",
      "|---|---|---|---|---|---|---|---|",
      ...rows,
      "",
      `Peak process RSS ${rss.toFixed(0)} MB; tensors held after the runs: ${mem.numTensors} (model weights), ` +
        `${(mem.numBytes / MB).toFixed(1)} MB` +
        (heap !== undefined ? `; wasm heap ${(heap / MB).toFixed(0)} MB.` : "."),
      "CPU ms (process user + system time) is less sensitive to other jobs on a shared machine than wall time.",
      "Warm-up: 3 evaluations per B, excluded. Positions: equilibrium ethanol + 0.05 Å Gaussian noise.",
    ].join("\n");
  },
};
