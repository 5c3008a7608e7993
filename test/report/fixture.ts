/**
 * A run directory for the report tests: an IR-like spectrum of a "model" with a 95 % band and a
 * "reference" spectrum (Lorentzian bands, the model shifted by a few cm⁻¹ and one band missing),
 * their real comparison (src/spectra/compare.ts), a Raman-like CSV with sticks in the older column
 * names, and the summary and page written by writeRunReport.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeCurvesCsv } from "../../src/plot/csv.ts";
import { compareSpectra, type Comparison } from "../../src/spectra/compare.ts";
import { comparisonSummary } from "../../src/report/comparison-summary.ts";
import { writeRunReport } from "../../src/report/run-report.ts";

/** Text that would run script if the page inserted it unescaped. */
export const HOSTILE = `<img src=x onerror="window.__pwned=1">&</script>`;

const lorentzian = (x: number, centre: number, width: number, area: number) =>
  (area * width) / (Math.PI * ((x - centre) ** 2 + width ** 2));

export interface Fixture {
  dir: string;
  report: string;
  comparison: Comparison;
}

export async function writeFixtureRun(): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), "equimd-report-"));
  const x = Float64Array.from({ length: 1801 }, (_, i) => 400 + 2 * i);
  const bands = [
    [880, 12, 30],
    [1060, 14, 60],
    [1380, 10, 20],
    [2950, 20, 90],
    [3650, 15, 40],
  ];
  const reference = x.map((v) => bands.reduce((s, [c, w, a]) => s + lorentzian(v, c, w, a), 0));
  // the model: shifted bands, no 1380 band, a band at 1700 the reference lacks
  const modelBands = [
    [872, 12, 28],
    [1068, 16, 55],
    [1700, 10, 15],
    [2935, 22, 95],
    [3660, 14, 42],
  ];
  const model = x.map((v) => modelBands.reduce((s, [c, w, a]) => s + lorentzian(v, c, w, a), 0));
  const lower = model.map((v) => 0.8 * v);
  const upper = model.map((v) => 1.25 * v);
  const unit = "km/mol/cm-1";
  await writeCurvesCsv(join(dir, "ir.csv"), [
    { name: "wavenumber_cm-1", values: x },
    { name: `model [${unit}]`, values: model },
    { name: `model [${unit}]_lower`, values: lower },
    { name: `model [${unit}]_upper`, values: upper },
    { name: `reference [${unit}]`, values: reference },
  ]);
  // a second plot in the older column names, with harmonic sticks on their own grid
  await writeCurvesCsv(join(dir, "raman.csv"), [
    { name: "wavenumber [cm-1]", values: x },
    { name: "unpolarised [A^4/amu/cm-1]", values: model.map((v) => 2 * v) },
    { name: "harmonic sticks (scaled) wavenumber [cm-1]", values: [880, 1060, 2950] },
    { name: "harmonic sticks (scaled)", values: [1, 2, 3] },
  ]);
  const comparison = compareSpectra(
    { wavenumber: x, intensity: reference, unit, label: "reference" },
    { wavenumber: x, intensity: model, unit, label: "model" },
    { window: 30 },
  );
  const [, report] = await writeRunReport(
    {
      command: "compare",
      title: `Test run ${HOSTILE}`,
      settings: { temperature_K: 300, window: "hann", label: HOSTILE, nested: { a: 1, b: [1, 2] } },
      model: "models/test.json",
      data: ["a.extxyz", "b.extxyz"],
      seed: 7,
      commandLine: ["equimd", "compare", "a.extxyz", "b.extxyz"],
      comparisons: [
        comparisonSummary(comparison, {
          name: "model vs reference",
          reference: "reference",
          model: HOSTILE,
          matchWindowCm: 30,
          overlapError: { error: 0.0043, method: "bootstrap over 8 trajectories" },
        }),
      ],
      plots: [
        { file: "ir.csv", title: "IR: model (95 % band) and reference" },
        { file: "raman.csv", title: "Raman with harmonic sticks" },
      ],
    },
    { dir },
  );
  return { dir, report, comparison };
}
