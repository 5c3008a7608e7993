/**
 * `equimd compare <a> <b>`: peak table (positions, shifts in cm⁻¹, intensity ratios) and the overlap score
 * of two spectra. Each input is a spectrum CSV (first column wavenumber in cm⁻¹, the intensity in the
 * second or in --column) or trajectory / property files, whose spectrum is computed with the same
 * options as `equimd spectrum`; several files of one side are joined by commas ("r1.csv,r2.csv") and are
 * independent trajectories. When a side has two or more units (files, or --blocks N) the overlap and each
 * shift get a bootstrap error (src/spectra/uncertainty/compare-ensembles.ts). B is compared against the
 * reference A.
 */
import type { Command } from "commander";
import { extname } from "node:path";
import { readCurvesCsv } from "../../plot/csv.ts";
import { compareSpectra, formatComparison, type Comparison } from "../../spectra/compare.ts";
import type { Spectrum } from "../../spectra/fourier.ts";
import { compareEnsembles, meanSpectrum, type SpectrumOrEnsemble } from "../../spectra/uncertainty/index.ts";
import {
  addSpectrumOptions,
  number,
  spectraWithErrorsFromFiles,
  type SpectrumCliOptions,
} from "./spectrum.ts";
import { writeSpectraPlot } from "../../spectra/plot-spectra.ts";
import { refuseEarlierOutputs } from "../../io/output-files.ts";
import { besidePng, compareRunSummary, writeRunReport } from "../../report/index.ts";
import { plotOutputs } from "../plot-outputs.ts";

/** A spectrum from a CSV file: wavenumber in column 0, intensity in `column` (name or 1-based index). */
export async function spectrumFromCsv(path: string, column?: string): Promise<Spectrum> {
  const cols = await readCurvesCsv(path);
  if (cols.length < 2) throw new Error(`${path}: expected a wavenumber column and an intensity column`);
  let k = 1;
  if (column !== undefined) {
    k = /^\d+$/.test(column) ? Number(column) - 1 : cols.findIndex((c) => c.name === column);
    if (k < 1 || k >= cols.length) {
      throw new Error(
        `${path}: no intensity column '${column}'; columns: ${cols.map((c) => c.name).join(", ")}`,
      );
    }
  }
  const n = Math.min(cols[0].values.length, cols[k].values.length);
  return {
    wavenumber: cols[0].values.subarray(0, n),
    intensity: cols[k].values.subarray(0, n),
    unit: "",
    label: `${path}: ${cols[k].name}`,
  };
}

/** One side: a spectrum CSV (fixed), or the ensemble of one or more comma-joined trajectory files. */
async function load(
  side: string,
  opts: SpectrumCliOptions & { column?: string },
  say: (line: string) => void,
): Promise<SpectrumOrEnsemble> {
  const files = side.split(",").filter((f) => f !== "");
  if (files.length === 1 && extname(files[0]).toLowerCase() === ".csv" && !(await isPropertyCsv(files[0])))
    return spectrumFromCsv(files[0], opts.column);
  const r = await spectraWithErrorsFromFiles(files, opts);
  for (const n of r.notes) say(`${side}: ${n}`);
  const c = r.curves[0];
  return { ...c.ensemble, label: `${side}: ${c.spectrum.label}` };
}

const asSpectrum = (s: SpectrumOrEnsemble): Spectrum => ("members" in s ? meanSpectrum(s) : s);

const units = (s: SpectrumOrEnsemble) => ("members" in s ? s.members.length : 0);

/**
 * A property file (PropertyRecorder or reference-MD CSV: a time series to compute the spectrum of), not a
 * spectrum CSV: its first non-comment line names dipole or polarizability columns.
 */
async function isPropertyCsv(path: string): Promise<boolean> {
  const { open } = await import("node:fs/promises");
  const f = await open(path, "r");
  try {
    const { buffer, bytesRead } = await f.read(Buffer.alloc(4096), 0, 4096, 0);
    const header = buffer
      .subarray(0, bytesRead)
      .toString("utf8")
      .split(/\r?\n/)
      .find((l) => l.trim() !== "" && !l.startsWith("#"));
    return header !== undefined && /(^|,)\s*(dipole_x|alpha_xx)\s*(,|$)/.test(header);
  } finally {
    await f.close();
  }
}

export function register(program: Command): void {
  addSpectrumOptions(
    program
      .command("compare")
      .description("compare two spectra: matched peaks (shift, intensity ratio) and overlap score")
      .argument("<a>", "reference: spectrum CSV, or trajectory / property file(s) joined by commas")
      .argument(
        "<b>",
        "spectrum to compare: spectrum CSV, or trajectory / property file(s) joined by commas",
      ),
  )
    .option("--column <name|n>", "intensity column of CSV inputs (name or 1-based index; default 2)")
    .option("--match-window <cm-1>", "largest shift of matched peaks (cm⁻¹)", number("--match-window"), 50)
    .option(
      "--threshold <fraction>",
      "smallest peak height relative to the maximum",
      number("--threshold"),
      0.05,
    )
    .option(
      "-o, --output <png>",
      "plot of both area-normalised spectra (a CSV and a summary JSON are written next to it)",
    )
    .option("--overwrite", "replace the PNG, CSV and summary of an earlier comparison of that name")
    .action(
      async (
        a: string,
        b: string,
        opts: SpectrumCliOptions & {
          column?: string;
          matchWindow: number;
          threshold: number;
          output?: string;
          overwrite?: boolean;
        },
      ) => {
        if (opts.output !== undefined) {
          refuseEarlierOutputs(plotOutputs(opts.output), {
            overwrite: opts.overwrite === true,
            elsewhere: "another --output name",
          });
        }
        const say = (line: string) => process.stderr.write(`equimd: ${line}\n`);
        const ea = await load(a, opts, say);
        const eb = await load(b, opts, say);
        const sa = asSpectrum(ea);
        const sb = asSpectrum(eb);
        const compare = {
          window: opts.matchWindow,
          threshold: opts.threshold,
          range: [opts.fmin, opts.fmax] as [number, number],
        };
        let c: Comparison;
        if (units(ea) >= 2 || units(eb) >= 2) {
          c = compareEnsembles(ea, eb, {
            ...compare,
            level: opts.level,
            replicates: Math.min(opts.replicates ?? 500, 500),
            seed: opts.seed,
          });
        } else {
          c = compareSpectra(sa, sb, compare);
          say(
            "no errors on the overlap and shifts: each side is one trajectory or a spectrum CSV (a fixed " +
              "curve); give several trajectory files (a1,a2,…) or --blocks N",
          );
        }
        process.stdout.write(formatComparison(c, "A", "B") + "\n");
        if (opts.output) {
          const norm = (y: Float64Array, label: string): Spectrum => ({
            wavenumber: c.grid,
            intensity: y,
            unit: "area-normalised, 1/cm-1",
            label,
          });
          const csv = await writeSpectraPlot(
            [norm(c.a, `A: ${sa.label}`), norm(c.b, `B: ${sb.label}`)],
            opts.output,
            `overlap ${c.overlap.toFixed(3)}`,
          );
          process.stderr.write(`equimd: wrote ${opts.output} and ${csv}\n`);
          const summary = compareRunSummary({ a, b, csv }, { a: sa.label, b: sb.label }, opts, c);
          const report = await writeRunReport(summary, besidePng(opts.output));
          process.stderr.write(`equimd: wrote ${report.join(" and ")}\n`);
        }
      },
    );
}
