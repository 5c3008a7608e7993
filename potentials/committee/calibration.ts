/**
 * How well a committee's spread predicts its true error, on a labelled test set.
 *
 * - Rank correlation (Spearman's ρ, ties ranked by their mean rank) between the predicted spread and the
 *   observed error per frame: does a larger spread mean a larger error? (1: perfectly ordered.)
 * - Calibration curve: frames sorted by predicted spread and cut into bins of equal count; per bin the
 *   RMS predicted spread against the RMS observed error. A calibrated committee lies on the diagonal
 *   (for Gaussian errors of standard deviation σ, E[e²] = σ²).
 * - Scale α = √(mean(e²/σ²)): the factor by which the spread must be multiplied to be calibrated on
 *   average (α > 1: over-confident, the usual case for committees differing only by seed).
 * Both numbers compare squared quantities in the same sense: a per-frame energy error with the energy
 * spread, the RMS force error with the RMS force spread, |Δμ| with √(Σ_α s²(μ_α)).
 */

/** Ranks 1..n, ties given their mean rank. */
export function ranks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const r = new Float64Array(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    for (let k = i; k <= j; k++) r[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

/** Spearman's rank correlation of two equally long series. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length || x.length < 2) {
    throw new Error(`rank correlation needs two series of equal length ≥ 2, got ${x.length} and ${y.length}`);
  }
  const rx = ranks(x);
  const ry = ranks(y);
  const n = x.length;
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) ** 2;
    syy += (ry[i] - mean) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

export interface CalibrationBin {
  /** RMS predicted spread in the bin. */
  predicted: number;
  /** RMS observed error in the bin. */
  observed: number;
  count: number;
}

export interface Calibration {
  count: number;
  spearman: number;
  /** α = √(mean(e²/σ²)) (frames with σ = 0 left out). */
  scale: number;
  curve: CalibrationBin[];
  /** RMS of the spread and of the error over all frames. */
  rmsSpread: number;
  rmsError: number;
}

/** Calibration of spreads σ_i against observed errors e_i (same unit). */
export function calibrate(spread: ArrayLike<number>, error: ArrayLike<number>, bins = 10): Calibration {
  const n = spread.length;
  if (error.length !== n) throw new Error(`calibration: ${n} spreads but ${error.length} errors`);
  if (n < 2) throw new Error(`calibration needs at least 2 labelled frames, got ${n}`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => spread[a] - spread[b]);
  const nb = Math.max(1, Math.min(bins, n));
  const curve: CalibrationBin[] = [];
  for (let b = 0; b < nb; b++) {
    const idx = order.slice(Math.floor((b * n) / nb), Math.floor(((b + 1) * n) / nb));
    const rms = (f: (i: number) => number) => Math.sqrt(idx.reduce((s, i) => s + f(i) ** 2, 0) / idx.length);
    curve.push({ predicted: rms((i) => spread[i]), observed: rms((i) => error[i]), count: idx.length });
  }
  let ratio = 0;
  let used = 0;
  for (let i = 0; i < n; i++) {
    if (spread[i] > 0) {
      ratio += (error[i] / spread[i]) ** 2;
      used++;
    }
  }
  const rms = (a: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, x) => s + x * x, 0) / n);
  return {
    count: n,
    spearman: spearman(spread, error),
    scale: used > 0 ? Math.sqrt(ratio / used) : NaN,
    curve,
    rmsSpread: rms(spread),
    rmsError: rms(error),
  };
}
