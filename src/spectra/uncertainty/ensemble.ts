/**
 * A spectrum ensemble: the spectra of N statistically independent units (trajectories, replicas, files,
 * or blocks of one long trajectory) on one wavenumber grid, computed with the same maximum lag, window
 * and grid. The ensemble estimate is their weighted mean, with weights the number of samples of each unit
 * (equal for equal lengths).
 *
 * Why spectra of units and not one pooled correlation function: the transform (window, cosine sum,
 * prefactors) is linear in C, so the mean of the units' spectra equals the spectrum of their averaged
 * correlation functions (exactly for equal lengths; pooling lag sums weighs lag k by N_i − k instead of
 * N_i). Keeping the units apart gives their scatter, from which every error below is estimated, and lets
 * each unit carry its own prefactor (its measured temperature, measured-temperature.ts).
 */
import type { Spectrum } from "../fourier.ts";

export interface SpectrumEnsemble {
  /** Wavenumbers, cm⁻¹ (shared by every member). */
  readonly wavenumber: Float64Array;
  /** One spectrum per unit, same length as the grid. */
  readonly members: readonly Float64Array[];
  /** Weight of each unit (its number of samples). */
  readonly weights: Float64Array;
  readonly unit: string;
  readonly label: string;
  /** Names of the units, for messages (file names, "file.csv block 3/8"). */
  readonly sources: readonly string[];
}

/** Build an ensemble, checking that the members share the grid. */
export function makeEnsemble(
  spectra: readonly Spectrum[],
  weights: ArrayLike<number>,
  sources: readonly string[],
  label = spectra[0]?.label ?? "spectrum",
): SpectrumEnsemble {
  if (spectra.length === 0) throw new Error("spectrum ensemble: no spectra given");
  if (weights.length !== spectra.length || sources.length !== spectra.length) {
    throw new Error(
      `spectrum ensemble: ${spectra.length} spectra, ${weights.length} weights, ${sources.length} names`,
    );
  }
  const grid = spectra[0].wavenumber;
  spectra.forEach((s, i) => {
    if (s.wavenumber.length !== grid.length || s.wavenumber.some((x, j) => x !== grid[j])) {
      throw new Error(`spectrum ensemble: ${sources[i]} is not on the grid of ${sources[0]}`);
    }
  });
  const w = Float64Array.from(weights);
  w.forEach((x, i) => {
    if (!(x > 0)) throw new Error(`spectrum ensemble: weight of ${sources[i]} must be positive, got ${x}`);
  });
  return {
    wavenumber: grid,
    members: spectra.map((s) => s.intensity),
    weights: w,
    unit: spectra[0].unit,
    label,
    sources,
  };
}

/** Weighted mean of members picked by `indices` (default: all, once each). */
export function ensembleMean(e: SpectrumEnsemble, indices?: ArrayLike<number>): Float64Array {
  const pick = indices ?? Float64Array.from({ length: e.members.length }, (_, i) => i);
  const out = new Float64Array(e.wavenumber.length);
  let total = 0;
  for (let n = 0; n < pick.length; n++) {
    const i = pick[n];
    const w = e.weights[i];
    total += w;
    const m = e.members[i];
    for (let j = 0; j < out.length; j++) out[j] += w * m[j];
  }
  for (let j = 0; j < out.length; j++) out[j] /= total;
  return out;
}

/** The ensemble estimate as a Spectrum. */
export function meanSpectrum(e: SpectrumEnsemble): Spectrum {
  return { wavenumber: e.wavenumber, intensity: ensembleMean(e), unit: e.unit, label: e.label };
}

/**
 * Standard error of the weighted mean of N independent values x_i (weights w_i, W = Σw):
 *   SE² = N/(N − 1) · Σ (w_i/W)² (x_i − x̄)²       (= s²/N for equal weights)
 */
export function standardErrorOfMean(values: ArrayLike<number>, weights: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return NaN;
  let total = 0;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    total += weights[i];
    mean += weights[i] * values[i];
  }
  mean /= total;
  let s = 0;
  for (let i = 0; i < n; i++) s += (weights[i] / total) ** 2 * (values[i] - mean) ** 2;
  return Math.sqrt((s * n) / (n - 1));
}

/** Pointwise standard error of the ensemble mean. */
export function ensembleStandardError(e: SpectrumEnsemble): Float64Array {
  const n = e.members.length;
  const column = new Float64Array(n);
  return e.wavenumber.map((_, j) => {
    for (let i = 0; i < n; i++) column[i] = e.members[i][j];
    return standardErrorOfMean(column, e.weights);
  });
}

/** The message for an ensemble too small for an error estimate. */
export function tooFewUnits(e: Pick<SpectrumEnsemble, "members" | "sources" | "label">): Error {
  return new Error(
    `${e.label}: ${e.members.length} independent trajectory (${e.sources.join(", ") || "none"}): a statistical ` +
      `error needs at least 2; give several trajectories (replicas, segments, files) or split one long ` +
      `trajectory into blocks (--blocks N)`,
  );
}
