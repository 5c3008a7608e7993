/**
 * Time-correlation functions by FFT (fft.js).
 *
 *   C(k·Δt) = ⟨x(0) y(kΔt)⟩ ≈ 1/(N − k) · Σ_{n=0}^{N−1−k} x_n y_{n+k}       (unbiased)
 *                           or 1/N     · Σ …                              (biased)
 *
 * The signals are zero-padded to a power of two L ≥ 2N, so the circular correlation the FFT computes
 * has no wrap-around for lags k < N. Averaging: components inside an "item" (the x, y, z of a dipole, the
 * 9 entries of a tensor, the 3N velocities of a molecule) are summed, i.e. a dot product; items (beads,
 * molecules) are averaged; trajectories are pooled (their lag sums and counts added), so that trajectories
 * of different length weigh by how many pairs they contribute.
 */
import FFT from "fft.js";
import type { TimeSeries } from "./time-series.ts";

export type Normalisation = "unbiased" | "biased";

export interface CorrelationOptions {
  /** Largest lag in steps; default: half the shortest series (at most nSteps − 1). */
  maxLag?: number;
  /** Divide lag k by N − k ("unbiased", default) or by N ("biased"). */
  normalisation?: Normalisation;
  /** Subtract each component's mean over the series first (default false). */
  removeMean?: boolean;
  /** Components summed into one item (dot product); items are averaged. Default: all components. */
  componentsPerItem?: number;
  /** Weight of each component inside an item (e.g. masses for a mass-weighted VACF); default 1. */
  weights?: ArrayLike<number>;
}

/** A correlation function on lags 0..maxLag. */
export interface CorrelationFunction {
  /** Lag spacing, atomic time. */
  readonly dt: number;
  /** C at lags 0..maxLag. */
  readonly values: Float64Array;
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Default and checked maximum lag for series of (shortest) length n. */
export function resolveMaxLag(n: number, maxLag: number | undefined, what = "series"): number {
  if (n < 2) throw new Error(`${what}: a correlation needs at least 2 samples, got ${n}`);
  const m = maxLag ?? Math.floor(n / 2);
  if (!Number.isInteger(m) || m < 1)
    throw new Error(`${what}: maximum lag must be a positive integer, got ${m}`);
  if (m > n - 1) {
    throw new Error(`${what}: maximum lag ${m} steps needs a series longer than ${m} samples; it has ${n}`);
  }
  return m;
}

/** Reusable FFT workspace for one padded length. */
class Correlator {
  readonly fft: FFT;
  readonly input: number[];
  readonly spectrumA: number[];
  readonly spectrumB: number[];
  readonly accumulated: number[];
  readonly output: number[];

  constructor(readonly length: number) {
    this.fft = new FFT(length);
    this.input = new Array<number>(length).fill(0);
    this.spectrumA = this.fft.createComplexArray();
    this.spectrumB = this.fft.createComplexArray();
    this.accumulated = this.fft.createComplexArray().fill(0);
    this.output = this.fft.createComplexArray();
  }

  private transform(signal: ArrayLike<number>, out: number[]): void {
    this.input.fill(0);
    for (let i = 0; i < signal.length; i++) this.input[i] = signal[i];
    this.fft.realTransform(out, this.input);
    this.fft.completeSpectrum(out);
  }

  /** Accumulate w · conj(X)·Y (Y = X when y is omitted). */
  add(x: ArrayLike<number>, y: ArrayLike<number> | undefined, w: number): void {
    this.transform(x, this.spectrumA);
    if (y !== undefined) this.transform(y, this.spectrumB);
    const a = this.spectrumA;
    const b = y !== undefined ? this.spectrumB : this.spectrumA;
    const acc = this.accumulated;
    for (let j = 0; j < 2 * this.length; j += 2) {
      // conj(a)·b = (ar − i ai)(br + i bi)
      acc[j] += w * (a[j] * b[j] + a[j + 1] * b[j + 1]);
      acc[j + 1] += w * (a[j] * b[j + 1] - a[j + 1] * b[j]);
    }
  }

  /** Raw lag sums Σ_n x_n y_{n+k} (weighted, accumulated) for k = 0..maxLag; resets the accumulator. */
  lagSums(maxLag: number): Float64Array {
    this.fft.inverseTransform(this.output, this.accumulated); // fft.js divides by the length
    this.accumulated.fill(0);
    const out = new Float64Array(maxLag + 1);
    for (let k = 0; k <= maxLag; k++) out[k] = this.output[2 * k];
    return out;
  }
}

function columnOf(series: TimeSeries, c: number, mean: boolean): Float64Array {
  const out = new Float64Array(series.nSteps);
  let m = 0;
  for (let n = 0; n < series.nSteps; n++) {
    out[n] = series.values[n * series.nComponents + c];
    m += out[n];
  }
  if (mean) {
    m /= series.nSteps;
    for (let n = 0; n < series.nSteps; n++) out[n] -= m;
  }
  return out;
}

/**
 * Cross-correlation ⟨a(0)·b(t)⟩ of two series with the same shape (b = a gives the autocorrelation),
 * averaged as described in the module comment over items and over the list of trajectories.
 */
export function crossCorrelation(
  a: TimeSeries | readonly TimeSeries[],
  b: TimeSeries | readonly TimeSeries[] | undefined,
  options: CorrelationOptions = {},
): CorrelationFunction {
  const as = Array.isArray(a) ? (a as readonly TimeSeries[]) : [a as TimeSeries];
  const bs =
    b === undefined ? undefined : Array.isArray(b) ? (b as readonly TimeSeries[]) : [b as TimeSeries];
  if (as.length === 0) throw new Error("correlation: no time series given");
  if (bs !== undefined && bs.length !== as.length) {
    throw new Error(`correlation: ${as.length} series correlated with ${bs.length}; expected equal counts`);
  }
  const first = as[0];
  const nc = first.nComponents;
  const perItem = options.componentsPerItem ?? nc;
  if (!Number.isInteger(perItem) || perItem < 1 || nc % perItem !== 0) {
    throw new Error(`correlation: ${nc} components do not split into items of ${perItem}`);
  }
  const nItems = nc / perItem;
  const weights = options.weights;
  if (weights !== undefined && weights.length !== perItem && weights.length !== nc) {
    throw new Error(
      `correlation: ${weights.length} weights given for items of ${perItem} (or ${nc}) components`,
    );
  }
  as.forEach((s, i) => {
    const other = bs?.[i];
    const label = s.meta.source ?? `series ${i}`;
    if (s.nComponents !== nc) throw new Error(`${label}: ${s.nComponents} components, series 0 has ${nc}`);
    if (Math.abs(s.dt - first.dt) > 1e-9 * first.dt) {
      throw new Error(`${label}: time step ${s.dt} differs from series 0 (${first.dt}) (atomic time)`);
    }
    if (other && (other.nSteps !== s.nSteps || other.nComponents !== nc)) {
      throw new Error(`${label}: the two series of a cross-correlation must have the same shape`);
    }
  });
  const shortest = Math.min(...as.map((s) => s.nSteps));
  const maxLag = resolveMaxLag(
    shortest,
    options.maxLag,
    first.meta.source ?? first.meta.quantity ?? "series",
  );
  const unbiased = (options.normalisation ?? "unbiased") === "unbiased";

  const sums = new Float64Array(maxLag + 1);
  const counts = new Float64Array(maxLag + 1);
  const correlators = new Map<number, Correlator>();
  as.forEach((s, i) => {
    const n = s.nSteps;
    const length = nextPowerOfTwo(2 * n);
    let corr = correlators.get(length);
    if (!corr) correlators.set(length, (corr = new Correlator(length)));
    for (let c = 0; c < nc; c++) {
      const w = weights === undefined ? 1 : weights.length === nc ? weights[c] : weights[c % perItem];
      const x = columnOf(s, c, options.removeMean ?? false);
      const y = bs ? columnOf(bs[i], c, options.removeMean ?? false) : undefined;
      corr.add(x, y, w);
    }
    const lagSums = corr.lagSums(maxLag);
    for (let k = 0; k <= maxLag; k++) {
      sums[k] += lagSums[k];
      counts[k] += unbiased ? n - k : n;
    }
  });
  const values = new Float64Array(maxLag + 1);
  for (let k = 0; k <= maxLag; k++) values[k] = sums[k] / counts[k] / nItems;
  return { dt: first.dt, values };
}

/** Autocorrelation ⟨x(0)·x(t)⟩ (see crossCorrelation). */
export function autocorrelation(
  series: TimeSeries | readonly TimeSeries[],
  options: CorrelationOptions = {},
): CorrelationFunction {
  return crossCorrelation(series, undefined, options);
}

/**
 * The same lag sums by the direct O(N·maxLag) double loop, for one pair of 1-D signals:
 * c_k = Σ_{n=0}^{N−1−k} x_n y_{n+k} divided by N − k (unbiased) or N. A reference for tests.
 */
export function directCorrelation(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  maxLag: number,
  normalisation: Normalisation = "unbiased",
): Float64Array {
  const n = x.length;
  const out = new Float64Array(maxLag + 1);
  for (let k = 0; k <= maxLag; k++) {
    let s = 0;
    for (let i = 0; i + k < n; i++) s += x[i] * y[i + k];
    out[k] = s / (normalisation === "unbiased" ? n - k : n);
  }
  return out;
}
