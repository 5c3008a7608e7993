/**
 * The `equimd` command line: builds the commander program from the list of subcommands (each in
 * src/cli/commands/<name>.ts exporting `register(program)`) and runs it. Errors are printed as one
 * clear message (no stack trace, no raw system-error codes: src/cli/error-message.ts) with exit status 1.
 */
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { register as registerRun } from "./commands/run.ts";
import { register as registerPredict } from "./commands/predict.ts";
import { register as registerImportSchnetpack } from "./commands/import-schnetpack.ts";
import { register as registerTrain } from "./commands/train.ts";
import { register as registerSample } from "./commands/sample.ts";
import { register as registerLabel } from "./commands/label.ts";
import { register as registerReferenceMd } from "./commands/reference-md.ts";
import { register as registerEvaluate } from "./commands/evaluate.ts";
import { register as registerSpectrum } from "./commands/spectrum.ts";
import { register as registerBoxSpectrum } from "./commands/box-spectrum.ts";
import { register as registerCompare } from "./commands/compare.ts";
import { register as registerNormalModes } from "./commands/normal-modes.ts";
import { register as registerCompareTrajectories } from "./commands/compare-trajectories.ts";
import { register as registerMergeLabels } from "./commands/merge-labels.ts";
import { register as registerDemo } from "./commands/demo.ts";
import { register as registerReport } from "./commands/report.ts";
import { register as registerOptimize } from "./commands/optimize.ts";
import { register as registerLearn } from "./commands/learn.ts";
import { formatError } from "./error-message.ts";
import { register as registerEnsemble } from "./commands/ensemble.ts";

/** Subcommands, in the order `equimd --help` lists them. Add one line per new command. */
const COMMANDS: ((program: Command) => void)[] = [
  registerDemo,
  registerRun,
  registerEnsemble,
  registerSpectrum,
  registerBoxSpectrum,
  registerCompare,
  registerOptimize,
  registerNormalModes,
  registerCompareTrajectories,
  registerReport,
  registerSample,
  registerLabel,
  registerReferenceMd,
  registerTrain,
  registerEvaluate,
  registerMergeLabels,
  registerPredict,
  registerImportSchnetpack,
  registerLearn,
];

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

export function buildProgram(): Command {
  const program = new Command()
    .name("equimd")
    .description(
      "Molecular dynamics and ring-polymer MD with an equivariant neural-network potential, for IR and Raman spectra",
    )
    .version(version(), "-V, --version")
    .showHelpAfterError();
  for (const register of COMMANDS) register(program);
  return program;
}

/** Run the CLI with `argv` (as process.argv); returns the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
    return 0;
  } catch (e) {
    process.stderr.write(`equimd: error: ${formatError(e)}\n`);
    return 1;
  }
}

const entry = process.argv[1] ? realpathSync(process.argv[1]) : "";
if (entry === fileURLToPath(import.meta.url) || /[\\/]bin[\\/]equimd\.js$/.test(entry)) {
  process.exitCode = await main(process.argv);
}
