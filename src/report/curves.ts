/**
 * Curves of a CSV file, as the report plots them.
 *
 * The spectrum CSV convention: the first column is the wavenumber (`wavenumber_cm-1`, or the older
 * `wavenumber [cm-1]`), then one column per curve `<name>`, and where the curve has a confidence band
 * also `<name>_lower` and `<name>_upper`. A later x column (a name ending in `wavenumber_cm-1` or
 * `wavenumber [cm-1]`, e.g. the harmonic sticks of the demo) starts a new grid for the columns after it.
 * Curves whose name mentions sticks are drawn as sticks.
 */
import type { PlotSpec } from "./summary-schema.ts";

export interface Curve {
  name: string;
  x: number[];
  y: number[];
  /** Confidence band, same length as y. */
  lower?: number[];
  upper?: number[];
  style: "line" | "sticks";
}

export interface Plot {
  /** CSV file, relative to the run directory. */
  file: string;
  title: string;
  xLabel: string;
  yLabel: string;
  curves: Curve[];
}

type Column = { name: string; values: ArrayLike<number> };

const WAVENUMBER = /(^|\s|_)wavenumber(_cm-1| \[cm-1\])$/;

/** Whether a column holds wavenumbers (an x grid) by the convention. */
export const isWavenumberColumn = (name: string) => WAVENUMBER.test(name);

/** Whether a CSV (by its column names) is a spectrum CSV: the first column is a wavenumber. */
export const isSpectrumCsv = (columns: readonly Column[]) =>
  columns.length >= 2 && isWavenumberColumn(columns[0].name);

/** "IR [km/mol/cm-1]" → "km/mol/cm-1"; "ir_km_mol_cm-1" has no bracketed unit → undefined. */
function bracketUnit(name: string): string | undefined {
  return /\[([^\]]+)\]\s*$/.exec(name)?.[1];
}

/** Axis label of an x column: "wavenumber_cm-1" → "wavenumber (cm⁻¹)". */
function xLabelOf(name: string): string {
  if (isWavenumberColumn(name)) return "wavenumber (cm⁻¹)";
  const unit = bracketUnit(name);
  return unit ? `${name.replace(/\s*\[[^\]]+\]\s*$/, "")} (${unit})` : name.replace(/_/g, " ");
}

/** Finite prefix of a column, as plain numbers (empty cells end a column). */
const numbers = (v: ArrayLike<number>, n: number) => Array.from({ length: n }, (_, i) => v[i]);

/**
 * The curves of parsed CSV columns. `spec` may name the x column and the curves; otherwise every
 * column after the first that is neither an x column nor a band is a curve on the latest x column.
 */
export function plotFromColumns(columns: readonly Column[], spec: PlotSpec): Plot {
  const file = spec.file;
  if (columns.length < 2) throw new Error(`${file}: expected an x column and at least one curve`);
  const byName = new Map(columns.map((c) => [c.name, c]));
  const xIndex = spec.x === undefined ? 0 : columns.findIndex((c) => c.name === spec.x);
  if (xIndex < 0) {
    throw new Error(`${file}: no x column '${spec.x}'; columns: ${columns.map((c) => c.name).join(", ")}`);
  }
  const bandOf = (name: string) => ({
    lower: byName.get(`${name}_lower`),
    upper: byName.get(`${name}_upper`),
  });
  const isBand = (name: string) => {
    const m = /^(.*)_(lower|upper)$/.exec(name);
    return m !== null && byName.has(m[1]);
  };
  const wanted = spec.y;
  for (const name of wanted ?? []) {
    if (!byName.has(name)) {
      throw new Error(`${file}: no column '${name}'; columns: ${columns.map((c) => c.name).join(", ")}`);
    }
  }
  const curves: Curve[] = [];
  let x = columns[xIndex];
  columns.forEach((column, i) => {
    if (i === xIndex) return;
    if (spec.x === undefined && isWavenumberColumn(column.name)) {
      x = column;
      return;
    }
    if (wanted ? !wanted.includes(column.name) : isBand(column.name)) return;
    const band = bandOf(column.name);
    const n = Math.min(x.values.length, column.values.length);
    if (n === 0) return;
    const curve: Curve = {
      name: column.name,
      x: numbers(x.values, n),
      y: numbers(column.values, n),
      style: /stick/i.test(column.name) ? "sticks" : "line",
    };
    if (band.lower && band.upper) {
      if (band.lower.values.length < n || band.upper.values.length < n) {
        throw new Error(`${file}: band columns of '${column.name}' are shorter than the curve (${n} values)`);
      }
      curve.lower = numbers(band.lower.values, n);
      curve.upper = numbers(band.upper.values, n);
    }
    curves.push(curve);
  });
  if (curves.length === 0) throw new Error(`${file}: no curve to plot`);
  const units = [...new Set(curves.map((c) => bracketUnit(c.name)).filter((u) => u !== undefined))];
  return {
    file,
    title: spec.title ?? file,
    xLabel: spec.x_label ?? xLabelOf(columns[xIndex].name),
    yLabel: spec.y_label ?? (units.length > 0 ? `intensity (${units.join("; ")})` : "intensity"),
    curves,
  };
}
