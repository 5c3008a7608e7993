/**
 * Pointwise confidence band of an ensemble spectrum (ensemble.ts).
 *
 * "t" (default): mean ± t_{N−1}((1 + level)/2) · SE, SE the standard error of the weighted mean of the N
 *   units' spectra. Chosen as the default because N is small in practice (4–16 trajectories): the t
 *   quantile accounts for the scatter being estimated from N values (t_{3}(0.975) = 3.18 against 1.96),
 *   and the mean of N smoothed spectra is close to normal (each windowed spectrum already averages over
 *   many independent frequency bins). It is the interval whose coverage the tests check.
 * "percentile": the (1 ∓ level)/2 quantiles of bootstrap replicate means (bootstrap.ts). Asymmetric where
 *   the spectrum is skewed (near zero), but for small N too narrow: the bootstrap spread of a mean is
 *   √((N − 1)/N) of the true one and ignores the t tails; use it with N ≳ 20.
 * One unit gives no band (an error, never a zero-width band).
 */
import { bootstrapMeans, quantileSorted, type BootstrapOptions } from "./bootstrap.ts";
import { ensembleMean, ensembleStandardError, tooFewUnits, type SpectrumEnsemble } from "./ensemble.ts";
import { studentTQuantile } from "./student-t.ts";

export type BandMethod = "t" | "percentile";

export const BAND_METHODS: readonly BandMethod[] = ["t", "percentile"];

export interface BandOptions extends BootstrapOptions {
  /** Confidence level (default 0.95). */
  level?: number;
  /** Default "t". */
  method?: BandMethod;
}

export interface ConfidenceBand {
  wavenumber: Float64Array;
  /** Ensemble estimate (weighted mean of the units). */
  center: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** Pointwise standard error of the center. */
  standardError: Float64Array;
  level: number;
  method: BandMethod;
  /** Number of independent units behind the band. */
  units: number;
}

/** The confidence band of an ensemble. */
export function confidenceBand(e: SpectrumEnsemble, options: BandOptions = {}): ConfidenceBand {
  const n = e.members.length;
  if (n < 2) throw tooFewUnits(e);
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new Error(`confidence level must be in (0, 1), got ${level}`);
  const method = options.method ?? "t";
  const center = ensembleMean(e);
  const standardError = ensembleStandardError(e);
  const band = { wavenumber: e.wavenumber, center, standardError, level, method, units: n };
  if (method === "t") {
    const t = studentTQuantile((1 + level) / 2, n - 1);
    return {
      ...band,
      lower: center.map((c, j) => c - t * standardError[j]),
      upper: center.map((c, j) => c + t * standardError[j]),
    };
  }
  if (method !== "percentile") {
    throw new Error(`unknown band method '${method as string}'; expected one of: t, percentile`);
  }
  const replicates = [...bootstrapMeans(e, options)];
  const column = new Float64Array(replicates.length);
  const lower = new Float64Array(center.length);
  const upper = new Float64Array(center.length);
  for (let j = 0; j < center.length; j++) {
    for (let r = 0; r < replicates.length; r++) column[r] = replicates[r][j];
    column.sort();
    lower[j] = quantileSorted(column, (1 - level) / 2);
    upper[j] = quantileSorted(column, (1 + level) / 2);
  }
  return { ...band, lower, upper };
}
