/**
 * Bootstrap over independent units (trajectories or blocks): each replicate draws N of the N units with
 * replacement (seeded), averages their spectra (ensemble.ts) and evaluates a statistic of the average
 * (a peak position, an overlap score). The scatter of the statistic over replicates estimates its
 * sampling error without a formula. Assumption: the units are independent and identically distributed
 * draws of the same process (equally long, equally equilibrated trajectories).
 *
 * The bootstrap variance of a mean is (N − 1)/N · s²/N; standard errors from replicates are multiplied
 * by √(N/(N − 1)) so that for a mean they agree with s/√N (ensemble.ts), which matters for N = 4–8.
 */
import { Random } from "../../core/random.ts";
import { ensembleMean, tooFewUnits, type SpectrumEnsemble } from "./ensemble.ts";

export interface BootstrapOptions {
  /** Number of replicates (default 1000). */
  replicates?: number;
  /** Seed of the resampling (default 1): the same seed gives the same errors. */
  seed?: number;
}

/** Indices of one bootstrap draw of n units. */
export function resampleIndices(n: number, rng: Random): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(n);
  return out;
}

/** Replicate ensemble means, one per bootstrap draw. */
export function* bootstrapMeans(
  e: SpectrumEnsemble,
  options: BootstrapOptions = {},
): Generator<Float64Array> {
  const n = e.members.length;
  if (n < 2) throw tooFewUnits(e);
  const replicates = options.replicates ?? 1000;
  if (!Number.isInteger(replicates) || replicates < 10) {
    throw new Error(`bootstrap: replicates must be an integer ≥ 10, got ${replicates}`);
  }
  const rng = new Random(options.seed ?? 1);
  for (let r = 0; r < replicates; r++) yield ensembleMean(e, resampleIndices(n, rng));
}

/** Small-sample factor √(N/(N − 1)) applied to bootstrap standard deviations. */
export const bootstrapCorrection = (n: number): number => Math.sqrt(n / (n - 1));

/** Summary of a statistic over bootstrap replicates. */
export interface BootstrapSummary {
  /** The statistic on the full ensemble. */
  value: number;
  /** Standard deviation over replicates × √(N/(N − 1)). */
  standardError: number;
  /** Percentile interval of the replicates at the requested level. */
  lower: number;
  upper: number;
  /** Replicates in which the statistic existed (e.g. the peak was found), of all replicates. */
  found: number;
  replicates: number;
}

/** p-quantile (linear interpolation) of sorted values. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Summarise replicate values (NaN = not found) around the full-ensemble value. */
export function summarise(
  value: number,
  samples: readonly number[],
  units: number,
  level = 0.95,
): BootstrapSummary {
  const ok = samples.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const mean = ok.reduce((s, x) => s + x, 0) / ok.length;
  const sd = Math.sqrt(ok.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, ok.length - 1));
  return {
    value,
    standardError: sd * bootstrapCorrection(units),
    lower: quantileSorted(ok, (1 - level) / 2),
    upper: quantileSorted(ok, (1 + level) / 2),
    found: ok.length,
    replicates: samples.length,
  };
}
