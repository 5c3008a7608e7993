/**
 * TRPMD end to end: `equimd run` (runFromConfig, the code path of the CLI) of 16-bead thermostatted
 * ring-polymer MD of ethanol with the reference-size PaiNN (F = 128, T = 3) on the fast path, writing what a
 * spectrum run writes: the centroid trajectory and the estimator log every 10 steps, the bead-averaged
 * energy every step. Reports the steady-state rate (median step time after 50 steps) and the whole run's wall
 * and CPU time. Alone: `npx tsx bench/trpmd.ts [--quick]`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { importSchnetpackFile } from "../potentials/message-passing/schnetpack-import.ts";
import { writeModelFile } from "../potentials/message-passing/model-file.ts";
import { runFromConfig } from "../src/simulation/index.ts";
import { elementSymbol } from "../src/core/elements.ts";
import { ETHANOL_X, ETHANOL_Z, REFERENCE_WEIGHTS } from "./ethanol.ts";
import { machineLine, median, type Benchmark } from "./harness.ts";

const BEADS = 16;

/** The run config (YAML) of the benchmark, in `dir`. */
function config(dir: string, steps: number): string {
  return [
    "system: { file: ethanol.xyz }",
    "potential: { type: painn, parameters: { model: model.json.gz, path: fast } }",
    "integrator:",
    `  { type: rpmd, beads: ${BEADS}, timestep_fs: 0.25, temperature_K: 300, thermostat: trpmd }`,
    "initial_velocities: { temperature_K: 300, remove_com: true }",
    `steps: ${steps}`,
    "seed: 1",
    "outputs:",
    `  directory: ${dir}`,
    "  trajectory: { file: centroid.extxyz, every: 10 }",
    "  log: { file: energy.log, every: 10 }",
    "  properties: { file: dipole.csv, every: 1, quantities: [energy], estimator: bead_average }",
  ].join("\n");
}

export const trpmdBenchmark: Benchmark = {
  name: "trpmd",
  title: `TRPMD end to end: ${BEADS} beads of ethanol with the reference-size PaiNN (F=128, T=3)`,
  async run(args: string[]): Promise<string> {
    const steps = args.includes("--quick") ? 100 : 600;
    const dir = mkdtempSync(join(tmpdir(), "equimd-bench-trpmd-"));
    try {
      const data = await importSchnetpackFile(REFERENCE_WEIGHTS, { elements: ["H", "C", "O"] });
      await writeModelFile(join(dir, "model.json.gz"), data);
      const xyz = ETHANOL_X.map((x, a) => `${elementSymbol(ETHANOL_Z[a])} ${x.join(" ")}`);
      writeFileSync(join(dir, "ethanol.xyz"), `${ETHANOL_Z.length}\nethanol\n${xyz.join("\n")}\n`);
      writeFileSync(join(dir, "trpmd.yaml"), config(dir, steps));

      const stepTimes: number[] = [];
      let last = 0;
      const clock = {
        every: 1,
        observe(): void {
          const now = performance.now();
          if (last > 0) stepTimes.push(now - last);
          last = now;
        },
      };
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await runFromConfig(join(dir, "trpmd.yaml"), { progress: false, observers: [clock] });
      const wall = (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      const cpu = (c.user + c.system) / 1e6;
      const msPerStep = median(stepTimes.slice(50));
      const rss = process.resourceUsage().maxRSS / 1024;
      return [
        `Command: \`npm run bench -- trpmd\` (bench/trpmd.ts): \`runFromConfig\` (what \`equimd run\` calls) of ` +
          `${BEADS}-bead TRPMD (λ = ½, free centroid), 0.25 fs, 300 K, \`potential: {type: painn, path: fast}\` ` +
          `(onnxruntime, float32), writing the centroid trajectory and the estimator log every 10 steps and the ` +
          `bead-averaged energy every step (this model has no dipole head); ${steps} steps.`,
        "",
        "| | value |",
        "|---|---|",
        `| steady-state rate (median step after 50 steps) | **${(1000 / msPerStep).toFixed(0)} steps/s** (${msPerStep.toFixed(1)} ms per step) |`,
        `| whole run, ${steps} steps including model load and session build | ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU |`,
        `| peak RSS | ${rss.toFixed(0)} MB |`,
        "",
        "Compare the step time with the 16-ethanol evaluation of the `fast` section: the difference is the " +
          "integrator, the estimators and the I/O.",
      ].join("\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(machineLine());
  console.log(await trpmdBenchmark.run(process.argv.slice(2)));
}
