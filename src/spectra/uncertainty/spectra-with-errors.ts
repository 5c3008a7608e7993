/**
 * One call from time series to plotted spectra with their errors, for the `spectrum` command, the demo
 * and anything else that draws spectra: the units (trajectories or blocks) → ensembles → the mean
 * spectrum of each curve (IR; Raman unpolarised, VV, VH, isotropic; power), its confidence band, its
 * peaks with position errors and band areas with errors, and the total area. With one unit the curves
 * come without band and `note` says why (never a zero-width band).
 */
import type { Spectrum } from "../fourier.ts";
import type { IrOptions } from "../ir.ts";
import type { PlottedSpectrum, SpectrumBand } from "../plot-spectra.ts";
import type { PowerOptions } from "../power.ts";
import type { RamanOptions } from "../raman.ts";
import type { TimeSeries } from "../time-series.ts";
import {
  bandAreas,
  peakStatistics,
  type BandArea,
  type PeakEstimate,
  type PeakStatisticsOptions,
} from "./band-statistics.ts";
import { confidenceBand, type BandOptions, type ConfidenceBand } from "./confidence-band.ts";
import { meanSpectrum, tooFewUnits, type SpectrumEnsemble } from "./ensemble.ts";
import type { ModelBand } from "./model-band.ts";
import {
  irEnsemble,
  powerEnsemble,
  ramanEnsembles,
  type MeasuredTemperatures,
} from "./spectrum-ensembles.ts";

export type SpectrumKind = "ir" | "raman" | "power";

export type SpectraWithErrorsOptions =
  | ({ kind: "ir" } & IrOptions & MeasuredTemperatures & ErrorOptions)
  | ({ kind: "raman" } & RamanOptions & MeasuredTemperatures & ErrorOptions)
  | ({ kind: "power" } & PowerOptions & ErrorOptions);

export interface ErrorOptions {
  band?: BandOptions;
  peaks?: PeakStatisticsOptions;
}

export interface CurveWithErrors {
  /** Short name: "ir", "raman_unpolarised", "raman_vv", "raman_vh", "raman_isotropic", "power". */
  name: string;
  /** The ensemble mean. */
  spectrum: Spectrum;
  ensemble: SpectrumEnsemble;
  /** Absent with one unit. */
  band?: ConfidenceBand;
  peaks?: PeakEstimate[];
  /** Area over the whole grid with its error. */
  total?: BandArea;
  /** Why there are no errors (one unit). */
  note?: string;
}

/** Ensembles of the requested kind, one per plotted curve. */
function ensembles(units: readonly TimeSeries[], o: SpectraWithErrorsOptions): [string, SpectrumEnsemble][] {
  if (o.kind === "ir") return [["ir", irEnsemble(units, o)]];
  if (o.kind === "power") return [["power", powerEnsemble(units, o)]];
  const r = ramanEnsembles(units, o);
  return [
    ["raman_unpolarised", r.unpolarised],
    ["raman_vv", r.vv],
    ["raman_vh", r.vh],
    ["raman_isotropic", r.isotropic],
  ];
}

/** Spectra with confidence bands, peak and area errors from independent units. */
export function spectraWithErrors(
  units: readonly TimeSeries[],
  options: SpectraWithErrorsOptions,
): CurveWithErrors[] {
  return ensembles(units, options).map(([name, ensemble]) => {
    const spectrum = meanSpectrum(ensemble);
    if (ensemble.members.length < 2) return { name, spectrum, ensemble, note: tooFewUnits(ensemble).message };
    const band = confidenceBand(ensemble, options.band);
    const grid = ensemble.wavenumber;
    return {
      name,
      spectrum,
      ensemble,
      band,
      peaks: peakStatistics(ensemble, { ...options.peaks, level: band.level }),
      total: bandAreas(ensemble, [[grid[0], grid[grid.length - 1]]], band.level)[0],
    };
  });
}

/**
 * Curves as the plot writer takes them: the statistical band labelled with its level, method and unit
 * count, and, where given (same order as the curves), the committee's model band (model-band.ts).
 */
export function plottedWithBands(
  curves: readonly CurveWithErrors[],
  modelBands: readonly (ModelBand | undefined)[] = [],
): PlottedSpectrum[] {
  return curves.map((c, i) => {
    const bands: SpectrumBand[] = [];
    if (c.band) {
      bands.push({
        kind: "statistical",
        label: `${Math.round(c.band.level * 100)} % band (${c.band.method}, ${c.band.units} units)`,
        lower: c.band.lower,
        upper: c.band.upper,
      });
    }
    const m = modelBands[i];
    if (m) {
      bands.push({
        kind: "model",
        label: `committee ±${m.scale === 1 ? "" : `${m.scale.toPrecision(3)}·`}σ (${m.members} members)`,
        lower: m.lower,
        upper: m.upper,
        center: m.center,
      });
    }
    return { spectrum: c.spectrum, name: c.name, bands };
  });
}

/** Text: the peaks with position ± s.e., band areas ± s.e. and the total area of one curve. */
export function formatCurveErrors(c: CurveWithErrors): string {
  if (!c.band || !c.peaks || !c.total) return `${c.spectrum.label}: ${c.note ?? "no errors"}`;
  const unit = c.spectrum.unit.replace(/\/cm-1$/, "");
  const f = (x: number, d: number, w: number) => x.toFixed(d).padStart(w);
  const lines = [
    `${c.spectrum.label}: ${c.band.units} independent units, ${Math.round(c.band.level * 100)} % ${c.band.method} band`,
    `${"peak (cm-1)".padStart(12)}${"± s.e.".padStart(9)}${"found".padStart(8)}${"band (cm-1)".padStart(16)}` +
      `${`area (${unit})`.padStart(22)}${"± s.e.".padStart(12)}`,
  ];
  for (const p of c.peaks) {
    lines.push(
      f(p.position.value, 1, 12) +
        f(p.position.standardError, 1, 9) +
        `${Math.round((100 * p.position.found) / p.position.replicates)}%`.padStart(8) +
        `${p.area.from.toFixed(0)}–${p.area.to.toFixed(0)}`.padStart(16) +
        f(p.area.value, 4, 22) +
        f(p.area.standardError, 4, 12),
    );
  }
  const t = c.total;
  const rel = t.value !== 0 ? ` (${((100 * t.standardError) / Math.abs(t.value)).toFixed(1)} %)` : "";
  lines.push(
    `total area ${t.from.toFixed(0)}–${t.to.toFixed(0)} cm-1: ${t.value.toPrecision(5)} ± ` +
      `${t.standardError.toPrecision(2)}${rel} ${unit}`,
  );
  return lines.join("\n");
}
