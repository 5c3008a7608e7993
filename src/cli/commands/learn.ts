/**
 * `equimd learn <molecule.xyz> [config.yaml] [--charge q] [-o dir] [--budget-frames n] [--budget-hours h] [--reference-md]`:
 * from one structure to a committee of PaiNN models, classical and TRPMD IR spectra with error bands and
 * report.html, in resumable stages (src/learn/, docs/learn.md). Rerun the same command to continue.
 */
import type { Command } from "commander";
import { readLearnConfig, runLearn, STAGES, type StageName } from "../../learn/index.ts";
import { integer, number, oneOf } from "./spectrum.ts";

export function register(program: Command): void {
  program
    .command("learn")
    .description(
      "reference data, committee training, active learning and IR spectra for one molecule (resumable)",
    )
    .argument("<molecule>", "the molecule (xyz or extxyz, Å, one structure)")
    .argument("[config]", "learn config (YAML; docs/learn.md); default settings without it")
    .option("--charge <q>", "total charge of the molecule, e", (v: string) => {
      const q = Number(v);
      if (!Number.isInteger(q)) throw new Error(`--charge: expected an integer, got '${v}'`);
      return q;
    })
    .option("-o, --output <dir>", "output directory (rerun with the same one to continue)", "learn")
    .option("--budget-frames <n>", "labelled frames in all", integer("--budget-frames", 1))
    .option("--budget-hours <h>", "wall time of the active learning, hours", number("--budget-hours"))
    .option(
      "--reference-md",
      "also xtb reference NVE trajectories at the target temperature and the classical IR compared against them",
    )
    .option(
      "--stop-after <stage>",
      `stop after a stage: ${STAGES.join(" | ")}`,
      oneOf("--stop-after", STAGES),
    )
    .action(
      async (
        molecule: string,
        configPath: string | undefined,
        opts: {
          charge?: number;
          output: string;
          budgetFrames?: number;
          budgetHours?: number;
          stopAfter?: StageName;
          referenceMd?: boolean;
        },
      ) => {
        const config = readLearnConfig(configPath, {
          charge: opts.charge,
          budgetFrames: opts.budgetFrames,
          budgetHours: opts.budgetHours,
          referenceMd: opts.referenceMd,
        });
        const result = await runLearn({
          input: molecule,
          output: opts.output,
          config,
          stopAfter: opts.stopAfter,
          progress: true,
        });
        if (result)
          process.stderr.write(`equimd: learn: wrote ${opts.output}/05-result (${result.report}, model/)\n`);
      },
    );
}
