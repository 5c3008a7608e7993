/** `equimd train <config.yaml> [--resume] [--committee M]`: train a PaiNN model, or M of them (see docs/training.md). */
import type { Command } from "commander";
import { runCommitteeTraining } from "../../training/committee-training.ts";
import { runTraining } from "../../training/run-training.ts";

export function register(program: Command): void {
  program
    .command("train")
    .description(
      "train a PaiNN model on energies, forces, dipoles and polarizabilities (config: docs/training.md)",
    )
    .argument("<config>", "training config (YAML)")
    .option("--resume", "continue from the checkpoint in the output directory")
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
      async (config: string, opts: { resume?: boolean; committee?: number; splitPerMember?: boolean }) => {
        if (opts.committee !== undefined) {
          await runCommitteeTraining(config, opts.committee, {
            resume: opts.resume === true,
            splitPerMember: opts.splitPerMember === true,
          });
        } else await runTraining(config, { resume: opts.resume === true });
      },
    );
}
