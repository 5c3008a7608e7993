/**
 * Errors of the numbers read off a spectrum: band areas (integrated intensities) and peak positions.
 *
 * Band areas are linear in the spectrum, so their error needs no bootstrap: the area of each unit's
 * spectrum is one of N independent values, and the area of the ensemble mean has the standard error of
 * their weighted mean, with a t interval (as the pointwise band, confidence-band.ts).
 * Peak positions are not linear (a maximum of a noisy curve): they are found in every bootstrap
 * replicate of the mean spectrum (bootstrap.ts) as the replicate's peak nearest to the full-ensemble
 * peak within `window`; the standard error is the replicates' scatter, and `found` says in how many
 * replicates the peak was there at all (a peak missing from many replicates is noise).
 * Bands: each peak of the mean spectrum owns the range between the lowest points separating it from its
 * neighbouring peaks (or the grid ends).
 */
import { findPeaks, type Peak, type PeakOptions } from "../compare.ts";
import { integrate } from "../fourier.ts";
import { bootstrapMeans, summarise, type BootstrapOptions, type BootstrapSummary } from "./bootstrap.ts";
import { ensembleMean, standardErrorOfMean, tooFewUnits, type SpectrumEnsemble } from "./ensemble.ts";
import { studentTQuantile } from "./student-t.ts";

export interface BandArea {
  /** Integration range, cm⁻¹. */
  from: number;
  to: number;
  /** Area of the ensemble mean (intensity unit × cm⁻¹; km/mol for IR). */
  value: number;
  standardError: number;
  /** t interval at `level`. */
  lower: number;
  upper: number;
}

/** Areas of the ensemble mean over each range, with standard errors from the units' scatter. */
export function bandAreas(
  e: SpectrumEnsemble,
  ranges: readonly (readonly [number, number])[],
  level = 0.95,
): BandArea[] {
  const n = e.members.length;
  if (n < 2) throw tooFewUnits(e);
  const t = studentTQuantile((1 + level) / 2, n - 1);
  const mean = ensembleMean(e);
  return ranges.map(([from, to]) => {
    if (!(to > from)) throw new Error(`band range must increase, got ${from}..${to} cm⁻¹`);
    const areas = e.members.map((m) => integrate(e.wavenumber, m, from, to));
    const value = integrate(e.wavenumber, mean, from, to);
    const se = standardErrorOfMean(areas, e.weights);
    return { from, to, value, standardError: se, lower: value - t * se, upper: value + t * se };
  });
}

/** The range each peak owns: from the lowest point towards its left neighbour to that towards its right. */
export function bandRanges(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  peaks: readonly Peak[],
): [number, number][] {
  const lowest = (from: number, to: number) => {
    let best = from;
    for (let i = from; i <= to; i++) if (y[i] < y[best]) best = i;
    return best;
  };
  return peaks.map((p, k) => {
    const left = k === 0 ? 0 : lowest(peaks[k - 1].index, p.index);
    const right = k === peaks.length - 1 ? x.length - 1 : lowest(p.index, peaks[k + 1].index);
    return [x[left], x[right]];
  });
}

export interface PeakStatisticsOptions extends PeakOptions, BootstrapOptions {
  /** Largest distance (cm⁻¹) at which a replicate's peak counts as the same peak (default 25). */
  window?: number;
  level?: number;
}

export interface PeakEstimate {
  peak: Peak;
  /** Position (cm⁻¹) with its bootstrap error. */
  position: BootstrapSummary;
  /** Area of the band the peak owns, with its error. */
  area: BandArea;
}

/** Peaks of the ensemble mean with position errors (bootstrap) and band areas (t interval). */
export function peakStatistics(e: SpectrumEnsemble, options: PeakStatisticsOptions = {}): PeakEstimate[] {
  const n = e.members.length;
  if (n < 2) throw tooFewUnits(e);
  const level = options.level ?? 0.95;
  const window = options.window ?? 25;
  const mean = ensembleMean(e);
  const peaks = findPeaks(e.wavenumber, mean, options);
  const samples: number[][] = peaks.map(() => []);
  for (const replicate of bootstrapMeans(e, options)) {
    const found = findPeaks(e.wavenumber, replicate, options);
    peaks.forEach((p, k) => {
      let best = NaN;
      for (const q of found) {
        const d = Math.abs(q.position - p.position);
        if (d <= window && !(Math.abs(best - p.position) <= d)) best = q.position;
      }
      samples[k].push(best);
    });
  }
  const areas = bandAreas(e, bandRanges(e.wavenumber, mean, peaks), level);
  return peaks.map((peak, k) => ({
    peak,
    position: summarise(peak.position, samples[k], n, level),
    area: areas[k],
  }));
}
