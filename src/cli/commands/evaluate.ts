/** `equimd evaluate --model M --data D`: test metrics and parity plots of a model (docs/training.md). */
import type { Command } from "commander";
import { runCommitteeCalibration } from "../../training/committee-calibration.ts";
import { runEvaluation } from "../../training/run-evaluation.ts";

export function register(program: Command): void {
  program
    .command("evaluate")
    .description("print MAE/RMSE of a model on a dataset and write parity plots (PNG)")
    .option("--model <file>", "model file (.json or .json.gz)")
    .option(
      "--committee <dir|files>",
      "instead: calibrate a committee (train --committee directory, or models joined by commas)",
    )
    .requiredOption("--data <file>", "dataset (.extxyz/.xyz or MD17-style .npz)")
    .option(
      "--split <file>",
      "evaluate only the test frames of this split file (split.json of a training run)",
    )
    .option("--energy-unit <unit>", "energy unit of the data", "eV")
    .option("--length-unit <unit>", "length unit of the data", "angstrom")
    .option("--forces-unit <unit>", "force unit of the data", "eV/angstrom")
    .option("--dipole-unit <unit>", "dipole unit of the data", "e*angstrom")
    .option("--polarizability-unit <unit>", "polarizability unit of the data", "angstrom^3")
    .option("-o, --output <dir>", "directory for the parity plots (parity-<property>.png)", "runs/evaluate")
    .option("--backend <name>", "wasm (default), cpu, tensorflow, tensorflow-gpu")
    .action(async (o: Record<string, string>) => {
      const units = {
        energy: o.energyUnit,
        length: o.lengthUnit,
        forces: o.forcesUnit,
        dipole: o.dipoleUnit,
        polarizability: o.polarizabilityUnit,
      };
      if (o.committee) {
        const committee = o.committee.split(",");
        return void (await runCommitteeCalibration({
          committee,
          data: o.data,
          split: o.split,
          output: o.output,
          backend: o.backend,
          units,
        }));
      }
      if (!o.model) throw new Error("evaluate: give --model <file> (or --committee <dir>)");
      await runEvaluation({
        model: o.model,
        data: o.data,
        split: o.split,
        output: o.output,
        backend: o.backend,
        units,
      });
    });
}
