/**
 * `equimd spectrum <trajectory...> --kind ir|raman|power -o out.png`: IR, Raman or power spectrum from one
 * or more trajectories (extxyz) or property files (PropertyRecorder CSV/JSON); several files are averaged
 * as independent trajectories. Writes the PNG and a CSV of every plotted curve next to it.
 */
import type { Command } from "commander";
import { kelvin } from "../../core/units.ts";
import type { Spectrum } from "../../spectra/fourier.ts";
import { irSpectrum } from "../../spectra/ir.ts";
import { powerSpectrum } from "../../spectra/power.ts";
import { QUANTUM_CORRECTIONS, type QuantumCorrection } from "../../spectra/quantum-corrections.ts";
import { ramanSpectra } from "../../spectra/raman.ts";
import { readTimeSeries } from "../../spectra/read-series.ts";
import { writeSpectraPlot } from "../../spectra/plot-spectra.ts";
import { WINDOW_KINDS, type WindowKind } from "../../spectra/windows.ts";
import { besidePng, spectrumRunSummary, writeRunReport } from "../../report/index.ts";

export type SpectrumKind = "ir" | "raman" | "power";

export interface SpectrumCliOptions {
  kind: SpectrumKind;
  dtFs?: number;
  maxLagFs?: number;
  resolution?: number;
  window: WindowKind;
  /** Kelvin. */
  temperature?: number;
  correction: QuantumCorrection;
  laserNm?: number;
  fmin: number;
  fmax: number;
  molecules: number;
  massWeighted: boolean;
}

/** The spectra of some files, as plotted (one curve for IR and power, four for Raman). */
export async function spectraFromFiles(files: readonly string[], o: SpectrumCliOptions): Promise<Spectrum[]> {
  if (files.length === 0) throw new Error("no input files");
  const property = o.kind === "ir" ? "dipole" : o.kind === "raman" ? "polarizability" : "velocities";
  const series = await Promise.all(files.map((f) => readTimeSeries(f, { property, dtFs: o.dtFs })));
  const common = {
    maxLagFs: o.maxLagFs,
    resolution: o.resolution,
    window: o.window,
    fmin: o.fmin,
    fmax: o.fmax,
  };
  if (o.kind === "power") return [powerSpectrum(series, { ...common, massWeighted: o.massWeighted })];
  if (o.temperature === undefined) {
    throw new Error(`--temperature (K) is required for ${o.kind === "ir" ? "IR" : "Raman"} spectra`);
  }
  const temperature = kelvin(o.temperature);
  if (o.kind === "ir") {
    return [irSpectrum(series, { ...common, temperature, correction: o.correction, molecules: o.molecules })];
  }
  const r = ramanSpectra(series, {
    ...common,
    temperature,
    correction: o.correction,
    laserNm: o.laserNm,
    molecules: o.molecules,
  });
  return [r.unpolarised, r.vv, r.vh, r.isotropic];
}

/** Parsers for commander options. */
export const number =
  (name: string, positive = true) =>
  (v: string): number => {
    const x = Number(v);
    if (!Number.isFinite(x) || (positive && !(x > 0))) {
      throw new Error(`${name}: expected a ${positive ? "positive " : ""}number, got '${v}'`);
    }
    return x;
  };

export const oneOf =
  <T extends string>(name: string, allowed: readonly T[]) =>
  (v: string): T => {
    if (!allowed.includes(v as T))
      throw new Error(`${name}: expected one of ${allowed.join(", ")}, got '${v}'`);
    return v as T;
  };

/** The options shared by `spectrum` and `compare`. */
export function addSpectrumOptions(command: Command): Command {
  return command
    .option("--kind <kind>", "ir | raman | power", oneOf("--kind", ["ir", "raman", "power"] as const), "ir")
    .option("--dt-fs <fs>", "time between samples (fs), if the file does not say", number("--dt-fs"))
    .option(
      "--max-lag-fs <fs>",
      "longest correlation time (fs); default half the series",
      number("--max-lag-fs"),
    )
    .option("--resolution <cm-1>", "resolution (cm⁻¹); sets the maximum lag", number("--resolution"))
    .option("--window <kind>", `window: ${WINDOW_KINDS.join(" | ")}`, oneOf("--window", WINDOW_KINDS), "hann")
    .option("--temperature <K>", "temperature in K (IR and Raman)", number("--temperature"))
    .option(
      "--correction <kind>",
      `quantum correction: ${QUANTUM_CORRECTIONS.join(" | ")} (none for RPMD/TRPMD)`,
      oneOf("--correction", QUANTUM_CORRECTIONS),
      "harmonic",
    )
    .option(
      "--laser-nm <nm>",
      "Raman: laser wavelength (nm) for intensities instead of activities",
      number("--laser-nm"),
    )
    .option("--fmin <cm-1>", "lowest wavenumber (cm⁻¹)", number("--fmin", false), 0)
    .option("--fmax <cm-1>", "highest wavenumber (cm⁻¹)", number("--fmax"), 4000)
    .option("--molecules <n>", "molecules in the system (intensities per molecule)", number("--molecules"), 1)
    .option("--no-mass-weighted", "power spectrum without mass weighting");
}

export function register(program: Command): void {
  addSpectrumOptions(
    program
      .command("spectrum")
      .description("IR, Raman or power spectrum of trajectories or property files (PNG + CSV)")
      .argument("<files...>", "extxyz trajectories or PropertyRecorder CSV/JSON files (averaged)"),
  )
    .requiredOption("-o, --output <png>", "output PNG (a CSV of the curves is written next to it)")
    .option("--title <text>", "plot title")
    .action(async (files: string[], opts: SpectrumCliOptions & { output: string; title?: string }) => {
      const spectra = await spectraFromFiles(files, opts);
      const title = opts.title ?? `${opts.kind.toUpperCase()} spectrum of ${files.join(", ")}`;
      const csv = await writeSpectraPlot(spectra, opts.output, title);
      process.stderr.write(`equimd: wrote ${opts.output} and ${csv}\n`);
      const report = await writeRunReport(
        spectrumRunSummary(files, opts, csv, title),
        besidePng(opts.output),
      );
      process.stderr.write(`equimd: wrote ${report.join(" and ")}\n`);
    });
}
