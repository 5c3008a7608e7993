/**
 * Spectra as files: a PNG of one or more spectra on a wavenumber axis (with optional extra series, e.g.
 * harmonic sticks, and shaded confidence bands) and a CSV with every plotted curve.
 *
 * CSV convention (read by the HTML report): first column `wavenumber_cm-1`; then per curve a column
 * `<name>` whose name ends in its unit (e.g. `ir_km_mol_cm-1`), and where the curve has a statistical
 * band `<name>_lower` and `<name>_upper` (same unit). A model-uncertainty band (committee) is written as
 * its own curve `<short name>_model_<unit>` (the mean of the members' spectra) with its `_lower`/`_upper`.
 * Callers that give no short name get the label and unit as column name (the older form).
 * Extra series (sticks, on their own x values) follow as `<label> wavenumber [cm-1]` and `<label>` pairs.
 */
import { PALETTE, renderLineChart, writePng, type Band, type Series } from "../plot/chart.ts";
import { writeCurvesCsv, type CsvColumn } from "../plot/csv.ts";
import type { Spectrum } from "./fourier.ts";

/** CSV file name next to a PNG: out.png → out.csv. */
export function csvPathFor(png: string): string {
  return png.replace(/\.png$/i, "") + ".csv";
}

/** Lower-case, words joined by "_", keeping "-" (so "cm-1" stays): "km/mol/cm-1" → "km_mol_cm-1". */
export const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "_")
    .replace(/^_+|_+$/g, "");

/**
 * Column name of a spectrum: with a short name, the name and the unit ("ir" → "ir_km_mol_cm-1", the
 * report's convention); without, its label and unit as before ("IR (harmonic correction) [km/mol/cm-1]").
 */
export const columnName = (s: Spectrum, name?: string): string =>
  name === undefined
    ? `${s.label} [${s.unit}]`
    : [slug(name), slug(s.unit)].filter((p) => p !== "").join("_");

/** A band around a plotted spectrum: the statistical confidence band or the committee's model band. */
export interface SpectrumBand {
  kind: "statistical" | "model";
  /** Legend text, e.g. "95 % band (8 trajectories)". */
  label: string;
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  /** For kind "model": the curve the band is around (mean of the members' spectra); default the spectrum. */
  center?: ArrayLike<number>;
}

export interface PlottedSpectrum {
  spectrum: Spectrum;
  /** Short name for the CSV column (default the label); the unit is appended. */
  name?: string;
  bands?: SpectrumBand[];
}

const asPlotted = (s: Spectrum | PlottedSpectrum): PlottedSpectrum => ("spectrum" in s ? s : { spectrum: s });

/** Model bands are grey, so they read apart from the curve-coloured statistical band. */
const MODEL_BAND_COLOR = "#000000";

/** Plot spectra (with their bands) and write their CSV; returns the CSV path. */
export async function writeSpectraPlot(
  spectra: readonly (Spectrum | PlottedSpectrum)[],
  png: string,
  title: string,
  extra: Series[] = [],
  size: { width?: number; height?: number } = {},
): Promise<string> {
  const list = spectra.map(asPlotted);
  if (list.length === 0) throw new Error("no spectra to plot");
  const series: Series[] = list.map(({ spectrum: s, bands }, i) => ({
    label: s.label,
    x: s.wavenumber,
    y: s.intensity,
    color: PALETTE[i % PALETTE.length],
    bands: (bands ?? []).map((b): Band => ({
      label: `${s.label}: ${b.label}`,
      lower: b.lower,
      upper: b.upper,
      ...(b.kind === "model" ? { color: MODEL_BAND_COLOR, opacity: 0.15 } : {}),
    })),
  }));
  const units = [...new Set(list.map((p) => p.spectrum.unit))];
  const buffer = await renderLineChart({
    title,
    xLabel: "wavenumber (cm⁻¹)",
    yLabel: `intensity (${units.join("; ")})`,
    series: [...series, ...extra],
    ...size,
  });
  await writePng(png, buffer);
  const csv = csvPathFor(png);
  const columns: CsvColumn[] = [{ name: "wavenumber_cm-1", values: list[0].spectrum.wavenumber }];
  for (const { spectrum: s, name, bands } of list) {
    if (s.wavenumber.length !== list[0].spectrum.wavenumber.length) {
      throw new Error(
        `${s.label}: not on the wavenumber grid of ${list[0].spectrum.label}; one CSV needs one grid`,
      );
    }
    const base = columnName(s, name);
    columns.push({ name: base, values: s.intensity });
    const statistical = bands?.find((b) => b.kind === "statistical");
    if (statistical) {
      columns.push({ name: `${base}_lower`, values: statistical.lower });
      columns.push({ name: `${base}_upper`, values: statistical.upper });
    }
    const model = bands?.find((b) => b.kind === "model");
    if (model) {
      const m = columnName(s, `${name ?? s.label} model`);
      columns.push({ name: m, values: model.center ?? s.intensity });
      columns.push({ name: `${m}_lower`, values: model.lower });
      columns.push({ name: `${m}_upper`, values: model.upper });
    }
  }
  for (const e of extra) {
    columns.push({ name: `${e.label} wavenumber [cm-1]`, values: e.x });
    columns.push({ name: e.label, values: e.y });
  }
  await writeCurvesCsv(csv, columns);
  return csv;
}
