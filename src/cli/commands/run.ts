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
import type { Command } from "commander";
import { runFromConfig } from "../../simulation/index.ts";
import { nonNegativeInteger } from "./options.ts";

/** Exit status of a run stopped by a signal: 128 + the signal's number. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

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
      ) => {
        const controller = new AbortController();
        let received: keyof typeof SIGNAL_EXIT | undefined;
        const stop = (signal: keyof typeof SIGNAL_EXIT) => {
          if (received) return;
          received = signal;
          process.stderr.write(
            `\nequimd: ${signal}: stopping after this step (a checkpoint is saved if configured)\n`,
          );
          controller.abort();
        };
        const onInt = () => stop("SIGINT");
        const onTerm = () => stop("SIGTERM");
        process.on("SIGINT", onInt);
        process.on("SIGTERM", onTerm);
        try {
          const { state, files } = await runFromConfig(config, {
            resume: opts.resume,
            overwrite: opts.overwrite,
            steps: opts.steps,
            warn: (message) => process.stderr.write(`equimd: warning: ${message}\n`),
            progress: opts.progress === false ? false : undefined,
            signal: controller.signal,
          });
          const written = Object.values(files).filter(Boolean).join(", ");
          process.stderr.write(
            `equimd: run ${received ? `stopped by ${received}` : "ended"} at step ${state.step}` +
              `${written ? `; wrote ${written}` : ""}\n`,
          );
          // Everything is flushed and closed: end now with the signal's status, as the sender asked.
          if (received) process.exit(SIGNAL_EXIT[received]);
        } finally {
          process.off("SIGINT", onInt);
          process.off("SIGTERM", onTerm);
        }
      },
    );
}
