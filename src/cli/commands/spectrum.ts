/**
 * `equimd spectrum <files...> --kind ir|raman|power -o out.png`: IR, Raman or power spectrum from one
 * or more trajectories (extxyz) or property files (PropertyRecorder CSV/JSON). Several files are
 * independent trajectories (their spectra are averaged), `--blocks N` cuts each into N blocks; with two
 * or more such units the plot carries a confidence band, the CSV its `<name>_lower/_upper` columns, and
 * the peaks, band areas and total area are printed with standard errors (src/spectra/uncertainty/).
 * Writes the PNG, a CSV of every plotted curve and `<out>.summary.json` next to it.
 *
 * Defaults and checks (src/spectra/lag-choice.ts): maximum lag min(¼ series, 2 ps); the resolution is
 * always printed, and warned about above 50 cm⁻¹; series that cannot be a spectrum are refused.
 * `--dt-fs` is only for files that do not say their sampling interval; a contradicting value is refused.
 * `--temperature-source measured` puts each unit's kinetic temperature in the prefactor (opt-in; when it
 * helps: docs/spectra.md); `--committee-spread` adds a committee's model-uncertainty band.
 */
import type { Command } from "commander";
import { ATOMIC_TIME_IN_FS, KB_HARTREE_PER_K, kelvin } from "../../core/units.ts";
import type { Spectrum } from "../../spectra/fourier.ts";
import { chooseLag, type LagChoice } from "../../spectra/lag-choice.ts";
import { chooseMaxLag } from "../../spectra/line-shape.ts";
import { writeSpectraPlot } from "../../spectra/plot-spectra.ts";
import { QUANTUM_CORRECTIONS, type QuantumCorrection } from "../../spectra/quantum-corrections.ts";
import { readTimeSeries } from "../../spectra/read-series.ts";
import type { SeriesProperty, TimeSeries } from "../../spectra/time-series.ts";
import {
  BAND_METHODS,
  blockTemperatures,
  committeeIrEnsemble,
  committeeRamanEnsembles,
  ensembleUnits,
  formatCurveErrors,
  kineticTemperature,
  modelBand,
  plottedWithBands,
  readCommitteeMembers,
  readKineticEnergies,
  spectraWithErrors,
  type BandMethod,
  type CurveWithErrors,
  type ModelBand,
} from "../../spectra/uncertainty/index.ts";
import { WINDOW_KINDS, type WindowKind } from "../../spectra/windows.ts";
import { refuseEarlierOutputs } from "../../io/output-files.ts";
import { besidePng, spectrumRunSummary, writeRunReport } from "../../report/index.ts";
import { plotOutputs } from "../plot-outputs.ts";

export type SpectrumKind = "ir" | "raman" | "power";

/** IR/Raman prefactor temperature: the nominal one (default) or each unit's measured kinetic one. */
export type TemperatureSource = "measured" | "nominal";

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
  /** Cut each file into this many blocks (units of the error estimate). */
  blocks?: number;
  /** Confidence level of bands and intervals. */
  level?: number;
  band?: BandMethod;
  replicates?: number;
  seed?: number;
  temperatureSource?: TemperatureSource;
  degreesOfFreedom?: number;
  /** CommitteeSpreadRecorder CSVs of the same run(s): a model-uncertainty band per curve. */
  committeeSpread?: string;
}

/**
 * Read one file's series. `--dt-fs` is used only when the file has no sampling interval of its own
 * (the readers then stop with their "time step missing" error); when the file has one, a different
 * --dt-fs is refused instead of silently rescaling every wavenumber.
 */
export async function readSeriesWithInterval(
  path: string,
  property: SeriesProperty,
  dtFs: number | undefined,
): Promise<TimeSeries> {
  let own: TimeSeries;
  try {
    own = await readTimeSeries(path, { property });
  } catch (e) {
    if (dtFs !== undefined && /time step missing/.test((e as Error).message)) {
      return readTimeSeries(path, { property, dtFs });
    }
    throw e;
  }
  const fileFs = own.dt * ATOMIC_TIME_IN_FS;
  if (dtFs !== undefined && Math.abs(fileFs - dtFs) > 1e-6 * Math.max(fileFs, dtFs)) {
    throw new Error(
      `${path}: --dt-fs ${dtFs} fs contradicts the file's own sampling interval of ${+fileFs.toPrecision(10)} fs ` +
        `(it would scale every wavenumber by ${(fileFs / dtFs).toPrecision(4)}); drop --dt-fs, it is only ` +
        `for files that do not say`,
    );
  }
  return own;
}

export interface SpectraResult {
  curves: CurveWithErrors[];
  lag: LagChoice;
  /** Number of files and units (files × blocks). */
  files: number;
  units: number;
  /** Per-unit kinetic temperatures in K when the measured-temperature prefactor was used. */
  measuredKelvin?: number[];
  /** Lines for the user (resolution, warnings, temperature source, missing errors). */
  notes: string[];
  /** The committee's model bands, one per curve, when committee spread files were given. */
  modelBands?: ModelBand[];
}

/** Measured kinetic temperatures of every unit, or a reason why there are none. */
async function measuredTemperatures(
  files: readonly string[],
  o: SpectrumCliOptions,
): Promise<number[] | string> {
  const temps: number[] = [];
  for (const f of files) {
    let v: TimeSeries;
    try {
      v = await readSeriesWithInterval(f, "velocities", o.dtFs);
    } catch (e) {
      // no velocities: a kinetic_energy column (reference-MD CSVs) with the degrees of freedom given
      const kinetic = /\.csv(\.gz)?$/i.test(f) ? await readKineticEnergies(f) : undefined;
      if (kinetic !== undefined && o.degreesOfFreedom !== undefined) {
        temps.push(...blockTemperatures(kinetic, o.degreesOfFreedom, o.blocks ?? 1));
        continue;
      }
      if (kinetic !== undefined)
        return `${f} has a kinetic_energy column; give --degrees-of-freedom (3 × atoms) to use it`;
      return `${f} has no velocities (${(e as Error).message.replace(`${f}: `, "")})`;
    }
    for (const u of ensembleUnits([v], o.blocks)) {
      temps.push(kineticTemperature(u, { degreesOfFreedom: o.degreesOfFreedom }));
    }
  }
  return temps;
}

/** Spectra with errors from files, as plotted (one curve for IR and power, four for Raman). */
export async function spectraWithErrorsFromFiles(
  files: readonly string[],
  o: SpectrumCliOptions,
): Promise<SpectraResult> {
  if (files.length === 0) throw new Error("no input files");
  const property = o.kind === "ir" ? "dipole" : o.kind === "raman" ? "polarizability" : "velocities";
  const series = await Promise.all(files.map((f) => readSeriesWithInterval(f, property, o.dtFs)));
  const units = ensembleUnits(series, o.blocks);
  const shortest = units.reduce((a, b) => (b.nSteps < a.nSteps ? b : a));
  const requested = chooseMaxLag(units, { maxLagFs: o.maxLagFs, resolution: o.resolution });
  const lag = chooseLag(shortest.meta.source ?? files[0], shortest.nSteps, shortest.dt, requested, [
    o.fmin,
    o.fmax,
  ]);
  const notes = [
    `${files.length} file(s), ${units.length} unit(s) for the errors; maximum lag ` +
      `${(lag.maxLag * shortest.dt * ATOMIC_TIME_IN_FS).toFixed(1)} fs` +
      `${requested === undefined ? " (default: min(¼ series, 2 ps))" : ""}, resolution ${lag.resolution.toFixed(1)} cm⁻¹`,
    ...lag.warnings.map((w) => `warning: ${w}`),
  ];
  const common = {
    maxLag: lag.maxLag,
    window: o.window,
    fmin: o.fmin,
    fmax: o.fmax,
    band: { level: o.level, method: o.band, replicates: o.replicates, seed: o.seed },
    peaks: { replicates: Math.min(o.replicates ?? 500, 500), seed: o.seed },
  };
  if (o.kind === "power") {
    if (o.committeeSpread !== undefined)
      throw new Error("--committee-spread: a model band needs --kind ir or raman");
    const curves = spectraWithErrors(units, { kind: "power", ...common, massWeighted: o.massWeighted });
    return { curves, lag, files: files.length, units: units.length, notes: [...notes, ...missing(curves)] };
  }
  if (o.temperature === undefined) {
    throw new Error(`--temperature (K) is required for ${o.kind === "ir" ? "IR" : "Raman"} spectra`);
  }
  const temperature = kelvin(o.temperature);
  const source = o.temperatureSource ?? "nominal";
  let measured: number[] | undefined;
  if (source === "measured") {
    const m = await measuredTemperatures(files, o);
    if (typeof m === "string") throw new Error(`--temperature-source measured: ${m}`);
    else {
      measured = m;
      const k = m.map((t) => t / KB_HARTREE_PER_K);
      const mean = k.reduce((s, x) => s + x, 0) / k.length;
      const sd = Math.sqrt(k.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, k.length - 1));
      notes.push(
        `prefactor at each unit's measured kinetic temperature (mean ${mean.toFixed(1)} K, spread ` +
          `${sd.toFixed(1)} K over ${k.length}) instead of the nominal ${o.temperature} K`,
      );
    }
  } else notes.push(`prefactor at the nominal ${o.temperature} K`);
  const physics = {
    temperature,
    correction: o.correction,
    molecules: o.molecules,
    measuredTemperatures: measured,
  };
  const curves =
    o.kind === "ir"
      ? spectraWithErrors(units, { kind: "ir", ...common, ...physics })
      : spectraWithErrors(units, { kind: "raman", ...common, ...physics, laserNm: o.laserNm });
  let modelBands: ModelBand[] | undefined;
  if (o.committeeSpread !== undefined) {
    const spreadFiles = o.committeeSpread.split(",").filter((f) => f !== "");
    const property = o.kind === "ir" ? "dipole" : "polarizability";
    const read = await Promise.all(spreadFiles.map((f) => readCommitteeMembers(f, property)));
    const size = read[0].length;
    read.forEach((r, i) => {
      if (r.length !== size)
        throw new Error(`${spreadFiles[i]}: ${r.length} members, ${spreadFiles[0]} has ${size}`);
    });
    const perMember = Array.from({ length: size }, (_, k) => read.flatMap((r) => r[k]));
    // each file's measured temperature (the mean over its blocks) when the spread files match the inputs
    let perFile: number[] | undefined;
    if (measured && perMember[0].length === files.length) {
      const b = units.length / files.length;
      perFile = files.map((_, i) => measured!.slice(i * b, (i + 1) * b).reduce((s, t) => s + t, 0) / b);
    } else if (measured) {
      notes.push(
        `model band at the nominal ${o.temperature} K: ${perMember[0].length} committee series for ${files.length} input file(s)`,
      );
    }
    const grid = curves[0].spectrum.wavenumber;
    const bandOptions = {
      temperature,
      correction: o.correction,
      molecules: o.molecules,
      maxLagFs: lag.maxLag * shortest.dt * ATOMIC_TIME_IN_FS,
      window: o.window,
      fmin: grid[0],
      fmax: grid[grid.length - 1],
      spacing: grid.length > 1 ? grid[1] - grid[0] : undefined,
      measuredTemperatures: perFile,
    };
    if (o.kind === "ir") modelBands = [modelBand(committeeIrEnsemble(perMember, bandOptions))];
    else {
      const r = committeeRamanEnsembles(perMember, { ...bandOptions, laserNm: o.laserNm });
      modelBands = [r.unpolarised, r.vv, r.vh, r.isotropic].map((e) => modelBand(e));
    }
    notes.push(
      `model band: ±1σ over ${size} committee members along the same trajectories (${spreadFiles.join(", ")})`,
    );
  }
  return {
    curves,
    modelBands,
    lag,
    files: files.length,
    units: units.length,
    measuredKelvin: measured?.map((t) => t / KB_HARTREE_PER_K),
    notes: [...notes, ...missing(curves)],
  };
}

function missing(curves: readonly CurveWithErrors[]): string[] {
  const n = curves.find((c) => c.note)?.note;
  return n ? [`no error bars: ${n}`] : [];
}

/** The spectra of some files, as plotted (the ensemble means). */
export async function spectraFromFiles(files: readonly string[], o: SpectrumCliOptions): Promise<Spectrum[]> {
  return (await spectraWithErrorsFromFiles(files, o)).curves.map((c) => c.spectrum);
}

/** The summary written next to the CSV (read by the HTML report). */
export function spectrumSummary(
  files: readonly string[],
  o: SpectrumCliOptions,
  r: SpectraResult,
): { inputs: readonly string[]; settings: object; notes: string[]; curves: object[] } {
  return {
    inputs: files,
    settings: {
      kind: o.kind,
      temperature_K: o.temperature,
      correction: o.kind === "power" ? undefined : o.correction,
      window: o.window,
      max_lag_steps: r.lag.maxLag,
      resolution_cm: r.lag.resolution,
      blocks: o.blocks ?? 1,
      units: r.units,
      level: r.curves[0].band?.level,
      band_method: r.curves[0].band?.method,
      measured_temperatures_K: r.measuredKelvin,
    },
    notes: r.notes,
    curves: r.curves.map((c, i) => ({
      model_band: r.modelBands?.[i] && {
        members: r.modelBands[i].members,
        sigma_scale: r.modelBands[i].scale,
        max_sigma: Math.max(...r.modelBands[i].sigma),
      },
      name: c.name,
      label: c.spectrum.label,
      unit: c.spectrum.unit,
      total_area: c.total && {
        value: c.total.value,
        standard_error: c.total.standardError,
        from: c.total.from,
        to: c.total.to,
      },
      peaks: c.peaks?.map((p) => ({
        position_cm: p.position.value,
        position_standard_error_cm: p.position.standardError,
        found_fraction: p.position.found / p.position.replicates,
        band_cm: [p.area.from, p.area.to],
        area: p.area.value,
        area_standard_error: p.area.standardError,
      })),
      note: c.note,
    })),
  };
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

export const integer = (name: string, min: number) => (v: string) => {
  const x = Number(v);
  if (!Number.isInteger(x) || x < min) throw new Error(`${name}: expected an integer ≥ ${min}, got '${v}'`);
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
    .option("--dt-fs <fs>", "time between samples (fs), only for files that do not say", number("--dt-fs"))
    .option(
      "--max-lag-fs <fs>",
      "longest correlation time (fs); default min(¼ series, 2000 fs)",
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
    .option("--no-mass-weighted", "power spectrum without mass weighting")
    .option("--blocks <n>", "cut each file into n blocks for the error estimate", integer("--blocks", 2))
    .option("--level <p>", "confidence level of bands and intervals", number("--level"), 0.95)
    .option(
      "--band <method>",
      "confidence band: t (mean ± t·s.e., default) | percentile (bootstrap; for ≳ 20 units)",
      oneOf("--band", BAND_METHODS),
      "t",
    )
    .option("--replicates <n>", "bootstrap replicates", integer("--replicates", 10), 1000)
    .option("--seed <n>", "seed of the bootstrap", integer("--seed", 0), 1)
    .option(
      "--temperature-source <src>",
      "IR/Raman prefactor: nominal (--temperature) | measured (each file's or block's kinetic temperature, " +
        "from velocities, or a kinetic_energy column with --degrees-of-freedom; see docs/spectra.md for when it helps)",
      oneOf("--temperature-source", ["measured", "nominal"] as const),
      "nominal",
    )
    .option(
      "--committee-spread <files>",
      "committee-spread CSV(s) of the same run(s), joined by commas: adds the model-uncertainty band",
    )
    .option(
      "--degrees-of-freedom <n>",
      "for the measured temperature (default 3 × atoms)",
      integer("--degrees-of-freedom", 1),
    );
}

export function register(program: Command): void {
  addSpectrumOptions(
    program
      .command("spectrum")
      .description(
        "IR, Raman or power spectrum of trajectories or property files, with error bars (PNG + CSV)",
      )
      .argument(
        "<files...>",
        "extxyz trajectories or PropertyRecorder CSV/JSON files (independent, averaged)",
      ),
  )
    .requiredOption(
      "-o, --output <png>",
      "output PNG (a CSV of the curves and a summary JSON are written next to it)",
    )
    .option("--title <text>", "plot title")
    .option("--overwrite", "replace the PNG, CSV and summary of an earlier spectrum of that name")
    .action(
      async (
        files: string[],
        opts: SpectrumCliOptions & { output: string; title?: string; overwrite?: boolean },
      ) => {
        refuseEarlierOutputs(plotOutputs(opts.output), {
          overwrite: opts.overwrite === true,
          elsewhere: "another --output name",
        });
        const r = await spectraWithErrorsFromFiles(files, opts);
        for (const n of r.notes) process.stderr.write(`equimd: ${n}\n`);
        for (const c of r.curves) if (c.band) process.stdout.write(formatCurveErrors(c) + "\n\n");
        const title = opts.title ?? `${opts.kind.toUpperCase()} spectrum of ${files.join(", ")}`;
        const csv = await writeSpectraPlot(plottedWithBands(r.curves, r.modelBands), opts.output, title);
        const run = spectrumRunSummary(files, opts, csv, title);
        const found = spectrumSummary(files, opts, r);
        const written = await writeRunReport(
          {
            ...run,
            settings: { ...run.settings, ...found.settings },
            notes: found.notes,
            extra: { inputs: found.inputs, curves: found.curves },
          },
          besidePng(opts.output),
        );
        process.stderr.write(`equimd: wrote ${opts.output}, ${csv} and ${written.join(" and ")}
`);
      },
    );
}
