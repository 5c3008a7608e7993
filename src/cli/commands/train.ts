/** `equimd train <config.yaml> [--resume]`: train a PaiNN model (see docs/training.md). */
import type { Command } from "commander";
import { runTraining } from "../../training/run-training.ts";

export function register(program: Command): void {
  program
    .command("train")
    .description(
      "train a PaiNN model on energies, forces, dipoles and polarizabilities (config: docs/training.md)",
    )
    .argument("<config>", "training config (YAML)")
    .option("--resume", "continue from the checkpoint in the output directory")
    .action(async (config: string, opts: { resume?: boolean }) => {
      await runTraining(config, { resume: opts.resume === true });
    });
}
