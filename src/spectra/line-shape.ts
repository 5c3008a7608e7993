/**
 * The common path of every spectrum: correlation function by FFT → window → cosine transform onto a
 * wavenumber grid. Checks that the series is long enough for the requested resolution and maximum lag.
 */
import { ATOMIC_TIME_IN_FS } from "../core/index.ts";
import { autocorrelation, type CorrelationFunction, type CorrelationOptions } from "./correlation.ts";
import {
  maxLagForResolution,
  omegaOf,
  cosineTransform,
  wavenumberGrid,
  type GridOptions,
} from "./fourier.ts";
import type { TimeSeries } from "./time-series.ts";
import { applyWindow, type WindowKind, type WindowOptions } from "./windows.ts";

export interface LineShapeOptions extends GridOptions, WindowOptions {
  /** Maximum lag in steps; or give maxLagFs, or resolution. Default: half the series. */
  maxLag?: number;
  /** Maximum lag in fs. */
  maxLagFs?: number;
  /** Requested resolution in cm⁻¹ (sets the maximum lag to 1/(c·Δν̃) when maxLag is not given). */
  resolution?: number;
  /** Window over the lag range (default "hann"). */
  window?: WindowKind;
  normalisation?: CorrelationOptions["normalisation"];
}

export interface LineShape {
  /** Wavenumbers, cm⁻¹. */
  wavenumber: Float64Array;
  /** Angular frequencies, atomic units. */
  omega: Float64Array;
  /** S(ω) = ∫ C(t) e^{−iωt} dt (units of C × atomic time). */
  values: Float64Array;
  /** The windowed correlation function that was transformed. */
  correlation: CorrelationFunction;
}

/** Maximum lag in steps from the options; errors name the series and what would be needed. */
export function chooseMaxLag(series: readonly TimeSeries[], options: LineShapeOptions): number | undefined {
  const dt = series[0].dt;
  const shortest = Math.min(...series.map((s) => s.nSteps));
  const name = series[0].meta.source ?? series[0].meta.quantity ?? "series";
  let maxLag = options.maxLag;
  let why = "";
  if (maxLag === undefined && options.maxLagFs !== undefined) {
    if (!(options.maxLagFs > 0)) throw new Error(`maximum lag must be positive, got ${options.maxLagFs} fs`);
    maxLag = Math.round(options.maxLagFs / ATOMIC_TIME_IN_FS / dt);
    why = ` (${options.maxLagFs} fs)`;
  }
  if (maxLag === undefined && options.resolution !== undefined) {
    maxLag = maxLagForResolution(options.resolution, dt);
    why = ` (for a resolution of ${options.resolution} cm⁻¹)`;
  }
  if (maxLag !== undefined && maxLag > shortest - 1) {
    const needFs = (maxLag + 1) * dt * ATOMIC_TIME_IN_FS;
    const haveFs = shortest * dt * ATOMIC_TIME_IN_FS;
    throw new Error(
      `${name}: series too short: a maximum lag of ${maxLag} steps${why} needs at least ${maxLag + 1} ` +
        `samples (${needFs.toFixed(1)} fs), the series has ${shortest} (${haveFs.toFixed(1)} fs)`,
    );
  }
  return maxLag;
}

/** Correlate, window and transform a series (or several trajectories of it). */
export function lineShape(
  series: TimeSeries | readonly TimeSeries[],
  options: LineShapeOptions,
  correlation: Omit<CorrelationOptions, "maxLag" | "normalisation"> = {},
): LineShape {
  const list = Array.isArray(series) ? (series as readonly TimeSeries[]) : [series as TimeSeries];
  if (list.length === 0) throw new Error("no time series given");
  const maxLag = chooseMaxLag(list, options);
  const raw = autocorrelation(list, { ...correlation, maxLag, normalisation: options.normalisation });
  return lineShapeOfCorrelation(raw, options);
}

/** Window and transform a correlation function (e.g. an average over an ensemble's members). */
export function lineShapeOfCorrelation(raw: CorrelationFunction, options: LineShapeOptions): LineShape {
  const cf = applyWindow(raw, options.window ?? "hann", options);
  const wavenumber = wavenumberGrid(cf.dt, cf.values.length - 1, options);
  const omega = wavenumber.map(omegaOf);
  return { wavenumber, omega, values: cosineTransform(cf, omega), correlation: cf };
}
