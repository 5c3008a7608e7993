/**
 * `equimd run <config.yaml> [--resume] [--steps N] [--overwrite]`: an MD run described by a config
 * file (src/config/run-config.ts), carried out by the simulation layer (src/simulation/).
 *
 * --resume continues from the checkpoint file: the state and the integrator's state (random
 * generator included) are restored, the output files are cut back to the checkpoint's step, checked
 * to reach it, and then appended to, so the result equals an uninterrupted run with the same seed,
 * bit for bit. A fresh run refuses to replace the files of an earlier one unless --overwrite is given.
 * Ctrl-C (SIGINT) or SIGTERM stops the run after the current step, saves a checkpoint there and exits
 * with 130 or 143.
 */
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { runFromConfig } from "../../simulation/index.ts";
import { stoppable, stoppedBy } from "../signal-stop.ts";
import { nonNegativeInteger } from "./options.ts";

export function register(program: Command): void {
  program
    .command("run")
    .description("run molecular dynamics described by a YAML config file (see docs/cli.md)")
    .argument("<config>", "run configuration (YAML)")
    .option(
      "--resume",
      "continue from the checkpoint file of the config (same trajectory as an uninterrupted run)",
    )
    .option("--overwrite", "replace the output files of an earlier run in the output directory")
    .option(
      "--steps <n>",
      "total number of steps, e.g. 20000 or 2e4 (overrides the config's steps)",
      nonNegativeInteger("--steps"),
    )
    .option("--no-progress", "no progress bar")
    .action(
      async (
        config: string,
        opts: { resume?: boolean; overwrite?: boolean; steps?: number; progress: boolean },
      ) =>
        stoppable("equimd", "this step (a checkpoint is saved if configured)", async (signal) => {
          const { state, files, leg } = await runFromConfig(config, {
            resume: opts.resume,
            overwrite: opts.overwrite,
            steps: opts.steps,
            warn: (message) => process.stderr.write(`equimd: warning: ${message}\n`),
            progress: opts.progress === false ? false : undefined,
            signal,
          });
          const written = Object.values(files)
            .filter((f) => f && existsSync(f))
            .join(", ");
          const received = stoppedBy(signal);
          process.stderr.write(
            `equimd: run ${received ? `stopped by ${received}` : "ended"} at ${leg === "equilibration" ? "equilibration " : ""}step ${state.step}` +
              `${written ? `; wrote ${written}` : ""}\n`,
          );
        }),
    );
}
