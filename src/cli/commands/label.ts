/**
 * `equimd label`: label the frames of an extxyz file with reference calculators (psi4, xtb), appending
 * to the output; resumable (frames already in the output are skipped).
 */
import type { Command } from "commander";
import { makeLabeller } from "../../labelling/calculators.ts";
import { labelFile, parseSlice } from "../../labelling/label-file.ts";
import { progressBar } from "../../labelling/progress.ts";
import { addCalculatorOptions, calculatorOptionsFrom } from "./calculator-options.ts";
import { stoppable } from "../signal-stop.ts";
import { collect, positiveInteger } from "./options.ts";

export function register(program: Command): void {
  const command = program
    .command("label")
    .description("label extxyz frames with reference calculators; resumable, flushed after every frame")
    .requiredOption("--input <file>", "frames to label (.extxyz or .extxyz.gz, Å)")
    .requiredOption("-o, --output <file>", "labelled frames (plain .extxyz, appended to)")
    .requiredOption("--calculator <name>", "xtb or psi4 (repeatable; applied in order)", collect, [])
    .option("--select <start:stop:step>", "which input frames (Python slice), e.g. 0:1000 or ::2")
    .option("--limit <n>", "label at most n new frames now, then stop", positiveInteger("--limit"))
    .option("--no-progress", "no progress bar");
  addCalculatorOptions(command).action(async (raw) => {
    const options = calculatorOptionsFrom(raw);
    const labellers = (raw.calculator as string[]).map((name) => makeLabeller(name, options));
    await stoppable("label", "the current frame", async (signal) => {
      const bar = progressBar("label", raw.progress);
      try {
        const result = await labelFile({
          input: raw.input,
          output: raw.output,
          labellers,
          select: raw.select ? parseSlice(raw.select) : undefined,
          limit: raw.limit,
          signal,
          onStart: (already, todo) => bar.start(already + todo, already),
          onProgress: (done) => bar.update(done),
        });
        bar.stop();
        const repaired =
          result.repairedBytes > 0 ? `, cut a partial last frame (${result.repairedBytes} bytes)` : "";
        console.error(
          `label: ${result.labelled} frames labelled, ${result.skipped} already present${repaired}; ` +
            `${result.total - result.skipped - result.labelled} left of ${result.total} selected`,
        );
      } finally {
        bar.stop();
        for (const l of labellers) await l.dispose();
      }
    });
  });
}
