/**
 * `equimd evaluate --model M --data D`: test metrics and parity plots of a model (docs/training.md),
 * through the Potential boundary (fast path where supported). Frames without any label are an error.
 */
import { join } from "node:path";
import type { Command } from "commander";
import { refuseEarlierOutputs } from "../../io/output-files.ts";
import type { PainnPath } from "../../../potentials/fast/choose-potential.ts";

/** The properties with a parity plot, and those a committee calibration plots. */
const LABELS = ["energy", "forces", "dipole", "polarizability"] as const;
const CALIBRATED = ["energy", "forces", "dipole"] as const;

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
    .option("--path <auto|fast|tfjs>", "inference path: fast (onnxruntime) where possible, or tfjs", "auto")
    .option("--backend <name>", "tfjs path: wasm (default), cpu, tensorflow, tensorflow-gpu")
    .option("--overwrite", "replace the plots (and calibration.json) of an earlier evaluation there")
    .action(async (o: Record<string, string>) => {
      if (!["auto", "fast", "tfjs"].includes(o.path)) {
        throw new Error(`--path must be auto, fast or tfjs, got '${o.path}'`);
      }
      const units = {
        energy: o.energyUnit,
        length: o.lengthUnit,
        forces: o.forcesUnit,
        dipole: o.dipoleUnit,
        polarizability: o.polarizabilityUnit,
      };
      const written = o.committee
        ? ["calibration.json", ...CALIBRATED.map((k) => `calibration-${k}.png`)]
        : LABELS.map((l) => `parity-${l}.png`);
      refuseEarlierOutputs(
        written.map((f) => ({ role: "--output", path: join(o.output, f) })),
        { overwrite: Boolean(o.overwrite), elsewhere: "another --output directory" },
      );
      // loaded here, not at start-up: evaluation brings TensorFlow.js (≈ 170 MB) into the process
      if (o.committee) {
        const { runCommitteeCalibration } = await import("../../training/committee-calibration.ts");
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
      const { runEvaluation } = await import("../../training/run-evaluation.ts");
      await runEvaluation({
        path: o.path as PainnPath,
        model: o.model,
        data: o.data,
        split: o.split,
        output: o.output,
        backend: o.backend,
        units,
      });
    });
}
