/**
 * `equimd train <config.yaml> [--resume | --overwrite] [--committee M]`: train a PaiNN model, or M of
 * them (see docs/training.md). An earlier training's outputs are refused unless --resume or --overwrite;
 * SIGINT/SIGTERM stop after the current epoch with a checkpoint and exit 130/143.
 */
import type { Command } from "commander";
import { stoppable } from "../signal-stop.ts";

export function register(program: Command): void {
  program
    .command("train")
    .description(
      "train a PaiNN model on energies, forces, dipoles and polarizabilities (config: docs/training.md)",
    )
    .argument("<config>", "training config (YAML)")
    .option("--resume", "continue from the checkpoint in the output directory")
    .option("--overwrite", "replace the model, checkpoint and curves of an earlier training there")
    .option(
      "--committee <M>",
      "train M models differing by seed, each in output.directory/member-<k>/",
      (v) => {
        const m = Number(v);
        if (!Number.isInteger(m) || m < 2)
          throw new Error(`--committee: expected an integer ≥ 2, got '${v}'`);
        return m;
      },
    )
    .option("--split-per-member", "with --committee: a different train/validation split for each member")
    .action(
      async (
        config: string,
        opts: { resume?: boolean; overwrite?: boolean; committee?: number; splitPerMember?: boolean },
      ) =>
        stoppable("train", "this epoch (a checkpoint is saved)", async (signal) => {
          // loaded here, not at start-up: training brings TensorFlow.js (≈ 170 MB) into the process
          const { runTraining } = await import("../../training/run-training.ts");
          const { runCommitteeTraining } = await import("../../training/committee-training.ts");
          const common = { resume: opts.resume === true, overwrite: opts.overwrite === true, signal };
          if (opts.committee !== undefined) {
            await runCommitteeTraining(config, opts.committee, {
              ...common,
              splitPerMember: opts.splitPerMember === true,
            });
          } else await runTraining(config, common);
        }),
    );
}
