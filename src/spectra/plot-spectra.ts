/**
 * Spectra as files: a PNG of one or more spectra on a wavenumber axis (with optional extra series, e.g.
 * harmonic sticks) and a CSV with every plotted curve, its unit in the column name.
 */
import { renderLineChart, writePng, type Series } from "../plot/chart.ts";
import { writeCurvesCsv } from "../plot/csv.ts";
import type { Spectrum } from "./fourier.ts";

/** CSV file name next to a PNG: out.png → out.csv. */
export function csvPathFor(png: string): string {
  return png.replace(/\.png$/i, "") + ".csv";
}

/** Column name with its unit, e.g. "IR (harmonic correction) [km/mol/cm-1]". */
export const columnName = (s: Spectrum) => `${s.label} [${s.unit}]`;

/** Plot spectra and write their CSV. */
export async function writeSpectraPlot(
  spectra: readonly Spectrum[],
  png: string,
  title: string,
  extra: Series[] = [],
  size: { width?: number; height?: number } = {},
): Promise<string> {
  const series: Series[] = spectra.map((s) => ({ label: s.label, x: s.wavenumber, y: s.intensity }));
  const units = [...new Set(spectra.map((s) => s.unit))];
  const buffer = await renderLineChart({
    title,
    xLabel: "wavenumber (cm⁻¹)",
    yLabel: `intensity (${units.join("; ")})`,
    series: [...series, ...extra],
    ...size,
  });
  await writePng(png, buffer);
  const csv = csvPathFor(png);
  await writeCurvesCsv(csv, [
    { name: "wavenumber [cm-1]", values: spectra[0].wavenumber },
    ...spectra.map((s) => ({ name: columnName(s), values: s.intensity })),
    ...extra.flatMap((e) => [
      { name: `${e.label} wavenumber [cm-1]`, values: e.x },
      { name: e.label, values: e.y },
    ]),
  ]);
  return csv;
}
