/**
 * `equimd demo [config.yaml] [overrides]` (npm run demo): the main job. With the shipped PaiNN model of
 * ethanol: geometry optimisation + harmonic analysis, classical MD and TRPMD, IR and Raman spectra
 * overlaid on the GFN2-xTB reference, PNG + CSV, and a printed summary. See docs/demo.md.
 */
import type { Command } from "commander";
import { loadDemoConfig } from "../../demo/config.ts";
import { parseConvergenceTarget } from "../../spectra/uncertainty/convergence.ts";
import { demoOutputFiles, runDemo } from "../../demo/run-demo.ts";
import { refuseEarlierOutputs } from "../../io/output-files.ts";
import { demoRunSummary, reportFiles, writeRunReport } from "../../report/index.ts";
import { stoppable } from "../signal-stop.ts";

interface DemoOptions {
  config?: string;
  model?: string;
  output?: string;
  steps?: string;
  equilibrationSteps?: string;
  replicas?: string;
  beads?: string;
  trpmd?: boolean;
  seed?: string;
  temperature?: string;
  maxLagFs?: string;
  path?: string;
  overwrite?: boolean;
  progress?: boolean;
  until?: string;
  maxReplicas?: string;
  maxWallS?: string;
  temperatureSource?: string;
}

/** A finite number from an option value, or an error naming the option. */
function numberOption(name: string, value: string, integer = false): number {
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x) || (integer && !Number.isInteger(x))) {
    throw new Error(`${name}: expected ${integer ? "an integer" : "a number"}, got '${value}'`);
  }
  return x;
}

/** Command-line options as a partial demo config (applied over the config file). */
export function overridesFrom(
  o: DemoOptions,
  timesteps: { classical: number; trpmd: number },
): Record<string, unknown> {
  const classical: Record<string, unknown> = {};
  const trpmd: Record<string, unknown> = {};
  const spectra: Record<string, unknown> = {};
  const out: Record<string, unknown> = { classical, trpmd, spectra };
  if (o.model !== undefined) out.model = o.model;
  if (o.output !== undefined) out.output = o.output;
  if (o.path !== undefined) out.path = o.path;
  if (o.seed !== undefined) out.seed = numberOption("--seed", o.seed, true);
  if (o.temperature !== undefined) out.temperature_K = numberOption("--temperature", o.temperature);
  if (o.steps !== undefined) {
    const n = numberOption("--steps", o.steps, true);
    classical.production_fs = n * timesteps.classical;
    trpmd.production_fs = n * timesteps.trpmd;
  }
  if (o.equilibrationSteps !== undefined) {
    const n = numberOption("--equilibration-steps", o.equilibrationSteps, true);
    classical.equilibration_fs = n * timesteps.classical;
    trpmd.equilibration_fs = n * timesteps.trpmd;
  }
  if (o.replicas !== undefined) classical.replicas = numberOption("--replicas", o.replicas, true);
  if (o.beads !== undefined) trpmd.beads = numberOption("--beads", o.beads, true);
  if (o.trpmd === false) trpmd.enabled = false;
  if (o.maxLagFs !== undefined) spectra.max_lag_fs = numberOption("--max-lag-fs", o.maxLagFs);
  if (o.progress === false) out.progress = false;
  if (o.temperatureSource !== undefined) spectra.temperature_source = o.temperatureSource;
  const until: Record<string, unknown> = {};
  if (o.until !== undefined) {
    const t = parseConvergenceTarget(o.until);
    // the command line's target replaces the file's
    until.area = t.kind === "area" ? t.relativeError : undefined;
    until.overlap = t.kind === "overlap" ? t.error : undefined;
  }
  if (o.maxReplicas !== undefined) until.max_replicas = numberOption("--max-replicas", o.maxReplicas, true);
  if (o.maxWallS !== undefined) until.max_wall_s = numberOption("--max-wall-s", o.maxWallS);
  if (Object.keys(until).length > 0) out.until = until;
  return out;
}

export function register(program: Command): void {
  program
    .command("demo")
    .description(
      "the main job: IR and Raman of ethanol from classical MD and TRPMD with the shipped PaiNN model, against GFN2-xTB (docs/demo.md)",
    )
    .argument(
      "[config]",
      "demo config (YAML); defaults for everything not given (examples/configs/demo-converged.yaml)",
    )
    .option("--model <file>", "PaiNN model file (default models/ethanol-painn/model.json.gz)")
    .option("-o, --output <dir>", "output directory (default runs/demo)")
    .option("--steps <n>", "production steps of the classical and the TRPMD run")
    .option("--equilibration-steps <n>", "equilibration steps of both runs")
    .option("--replicas <n>", "independent classical trajectories")
    .option("--beads <n>", "ring-polymer beads")
    .option("--no-trpmd", "skip the TRPMD run")
    .option("--seed <n>", "random seed")
    .option("--temperature <K>", "temperature, K")
    .option("--max-lag-fs <fs>", "correlation length of the spectra, fs")
    .option("--path <path>", "PaiNN inference path: auto | fast | tfjs")
    .option("--overwrite", "replace the results of an earlier demo in the output directory")
    .option("--no-progress", "no progress bars")
    .option(
      "--until <target>",
      "add classical replicas until area:<relative error> (e.g. area:5%) or overlap:<error> (e.g. overlap:0.01) is met",
    )
    .option("--max-replicas <n>", "budget of --until: most classical trajectories (default 32)")
    .option("--max-wall-s <s>", "budget of --until: wall time of the classical stage, s (default 1800)")
    .option("--temperature-source <source>", "classical prefactor: nominal (default) | measured")
    .action(async (config: string | undefined, opts: DemoOptions) => {
      // --steps counts steps of the time steps in effect: read them from the config first
      const base = await loadDemoConfig(config);
      const c = await loadDemoConfig(
        config,
        overridesFrom(opts, { classical: base.classical.timestep_fs, trpmd: base.trpmd.timestep_fs }),
      );
      const report = reportFiles({ dir: c.output });
      refuseEarlierOutputs(
        [...demoOutputFiles(c), report.report].map((path) => ({ role: "demo output", path })),
        { overwrite: opts.overwrite === true, elsewhere: "another --output directory" },
      );
      await stoppable("demo", "this MD step (the files written so far are kept)", async (signal) => {
        const result = await runDemo(c, undefined, signal);
        process.stdout.write(`\n${result.summary}\n`);
        const written = await writeRunReport(await demoRunSummary(result, c), { dir: c.output });
        process.stderr.write(`equimd: wrote ${written.join(" and ")}\n`);
      });
    });
}
