/**
 * `equimd compare <a> <b>`: peak table (positions, shifts in cm⁻¹, intensity ratios) and the overlap score
 * of two spectra. Each input is a spectrum CSV (first column wavenumber in cm⁻¹, the intensity in the
 * second or in --column) or a trajectory / property file, whose spectrum is computed with the same
 * options as `equimd spectrum`. B is compared against the reference A.
 */
import type { Command } from "commander";
import { extname } from "node:path";
import { readCurvesCsv } from "../../plot/csv.ts";
import { compareSpectra, formatComparison } from "../../spectra/compare.ts";
import type { Spectrum } from "../../spectra/fourier.ts";
import { addSpectrumOptions, number, spectraFromFiles, type SpectrumCliOptions } from "./spectrum.ts";
import { writeSpectraPlot } from "../../spectra/plot-spectra.ts";
import { besidePng, compareRunSummary, writeRunReport } from "../../report/index.ts";

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

async function load(path: string, opts: SpectrumCliOptions & { column?: string }): Promise<Spectrum> {
  if (extname(path).toLowerCase() === ".csv" && !(await isPropertyCsv(path)))
    return spectrumFromCsv(path, opts.column);
  const [s] = await spectraFromFiles([path], opts);
  return { ...s, label: `${path}: ${s.label}` };
}

/** A PropertyRecorder CSV starts with its '# equimd properties:' line. */
async function isPropertyCsv(path: string): Promise<boolean> {
  const { open } = await import("node:fs/promises");
  const f = await open(path, "r");
  try {
    const { buffer, bytesRead } = await f.read(Buffer.alloc(64), 0, 64, 0);
    return buffer.subarray(0, bytesRead).toString("utf8").startsWith("# equimd properties");
  } finally {
    await f.close();
  }
}

export function register(program: Command): void {
  addSpectrumOptions(
    program
      .command("compare")
      .description("compare two spectra: matched peaks (shift, intensity ratio) and overlap score")
      .argument("<a>", "reference: spectrum CSV, trajectory or property file")
      .argument("<b>", "spectrum to compare: spectrum CSV, trajectory or property file"),
  )
    .option("--column <name|n>", "intensity column of CSV inputs (name or 1-based index; default 2)")
    .option("--match-window <cm-1>", "largest shift of matched peaks (cm⁻¹)", number("--match-window"), 50)
    .option(
      "--threshold <fraction>",
      "smallest peak height relative to the maximum",
      number("--threshold"),
      0.05,
    )
    .option("-o, --output <png>", "plot of both area-normalised spectra (a CSV is written next to it)")
    .action(
      async (
        a: string,
        b: string,
        opts: SpectrumCliOptions & {
          column?: string;
          matchWindow: number;
          threshold: number;
          output?: string;
        },
      ) => {
        const sa = await load(a, opts);
        const sb = await load(b, opts);
        const c = compareSpectra(sa, sb, {
          window: opts.matchWindow,
          threshold: opts.threshold,
          range: [opts.fmin, opts.fmax],
        });
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
