/**
 * Comparing two spectra: peak picking, matching of peaks, and an overlap score.
 *
 * Peaks: local maxima with height ≥ threshold · max(y) and topographic prominence ≥ minProminence ·
 * max(y) (prominence: height above the higher of the two lowest points reached before a higher peak, or
 * the end, on each side); positions refined by a parabola through the three top points.
 * Matching: peaks of A and B are paired greedily by distance, nearest first, each at most once and only
 * within `window` cm⁻¹. Table rows: position in A and B, shift B − A (cm⁻¹), height ratio B/A (after
 * each spectrum is area-normalised on the common range, so the ratio compares band shapes, not scales).
 * Overlap: both spectra linearly interpolated onto a common grid (their overlapping range, the finer of
 * the two spacings), area-normalised, cosine similarity Σab / √(Σa² Σb²) (1 = identical shape; cosine
 * similarity is scale-invariant, so the normalisation affects only the returned curves).
 */
import type { Spectrum } from "./fourier.ts";

export interface Peak {
  /** Refined position, cm⁻¹. */
  position: number;
  height: number;
  prominence: number;
  /** Grid index of the maximum. */
  index: number;
}

export interface PeakOptions {
  /** Minimal height relative to the maximum (default 0.05). */
  threshold?: number;
  /** Minimal prominence relative to the maximum (default 0.02). */
  minProminence?: number;
}

/** Peaks of y(x), sorted by position. */
export function findPeaks(x: ArrayLike<number>, y: ArrayLike<number>, options: PeakOptions = {}): Peak[] {
  if (x.length !== y.length) throw new Error(`peaks: x has ${x.length} values, y ${y.length}`);
  const n = y.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, y[i]);
  if (!(max > 0)) return [];
  const minHeight = (options.threshold ?? 0.05) * max;
  const minProm = (options.minProminence ?? 0.02) * max;
  const peaks: Peak[] = [];
  for (let i = 1; i < n - 1; i++) {
    if (!(y[i] > y[i - 1] && y[i] >= y[i + 1]) || y[i] < minHeight) continue;
    let leftMin = y[i];
    for (let j = i - 1; j >= 0 && y[j] <= y[i]; j--) leftMin = Math.min(leftMin, y[j]);
    let rightMin = y[i];
    for (let j = i + 1; j < n && y[j] <= y[i]; j++) rightMin = Math.min(rightMin, y[j]);
    const prominence = y[i] - Math.max(leftMin, rightMin);
    if (prominence < minProm) continue;
    // parabola through (i−1, i, i+1)
    const denom = y[i - 1] - 2 * y[i] + y[i + 1];
    const shift = denom !== 0 ? (0.5 * (y[i - 1] - y[i + 1])) / denom : 0;
    const step = x[i + 1] - x[i];
    peaks.push({ position: x[i] + shift * step, height: y[i], prominence, index: i });
  }
  return peaks;
}

export interface PeakMatch {
  a: Peak;
  b: Peak;
  /** b.position − a.position, cm⁻¹. */
  shift: number;
  /** Height ratio B/A of the area-normalised spectra. */
  ratio: number;
  /** Sampling error of the shift, when the spectra came with their ensembles (uncertainty/). */
  shiftError?: Uncertainty;
}

/** A statistical error attached to a number of a comparison (filled in by spectra/uncertainty/). */
export interface Uncertainty {
  standardError: number;
  /** Interval at the stated level. */
  lower: number;
  upper: number;
  level: number;
  /** How the interval was obtained, e.g. "bootstrap percentile over 8 + 8 trajectories". */
  method: string;
  /** The value corrected for the bias of finite sampling, where the method estimates it. */
  corrected?: number;
}

export interface Comparison {
  matches: PeakMatch[];
  unmatchedA: Peak[];
  unmatchedB: Peak[];
  /** Cosine similarity of the area-normalised spectra on the common grid, in [−1, 1]. */
  overlap: number;
  /** Sampling error of the overlap, when the spectra came with their ensembles (uncertainty/). */
  overlapError?: Uncertainty;
  /** The common grid and the area-normalised curves (1/cm⁻¹). */
  grid: Float64Array;
  a: Float64Array;
  b: Float64Array;
}

/** Linear interpolation of y(x) (x ascending) at t; 0 outside. */
function interpolate(x: ArrayLike<number>, y: ArrayLike<number>, t: number): number {
  if (t < x[0] || t > x[x.length - 1]) return 0;
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= t) lo = mid;
    else hi = mid;
  }
  const f = x[hi] === x[lo] ? 0 : (t - x[lo]) / (x[hi] - x[lo]);
  return y[lo] + f * (y[hi] - y[lo]);
}

function checkSpectrum(s: Spectrum, name: string): void {
  const x = s.wavenumber;
  if (x.length < 3 || x.length !== s.intensity.length) {
    throw new Error(`${name}: a spectrum needs ≥ 3 points with as many intensities as wavenumbers`);
  }
  for (let i = 1; i < x.length; i++) {
    if (!(x[i] > x[i - 1])) throw new Error(`${name}: wavenumbers must increase (row ${i})`);
  }
  s.intensity.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new Error(`${name}: intensity at row ${i} is not finite`);
  });
}

export interface CompareOptions extends PeakOptions {
  /** Largest distance of matched peaks, cm⁻¹ (default 50). */
  window?: number;
  /** Range compared, cm⁻¹ (default: the overlap of both grids). */
  range?: [number, number];
}

/** Compare spectrum B against reference A. */
export function compareSpectra(a: Spectrum, b: Spectrum, options: CompareOptions = {}): Comparison {
  checkSpectrum(a, a.label || "spectrum A");
  checkSpectrum(b, b.label || "spectrum B");
  const lo = Math.max(a.wavenumber[0], b.wavenumber[0], options.range?.[0] ?? -Infinity);
  const hi = Math.min(a.wavenumber.at(-1)!, b.wavenumber.at(-1)!, options.range?.[1] ?? Infinity);
  if (!(hi > lo)) throw new Error(`the two spectra do not overlap in wavenumber (${lo}..${hi} cm⁻¹)`);
  const spacing = Math.min(a.wavenumber[1] - a.wavenumber[0], b.wavenumber[1] - b.wavenumber[0]);
  const n = Math.floor((hi - lo) / spacing + 1e-9) + 1;
  const grid = Float64Array.from({ length: n }, (_, i) => lo + i * spacing);
  const ya = grid.map((t) => interpolate(a.wavenumber, a.intensity, t));
  const yb = grid.map((t) => interpolate(b.wavenumber, b.intensity, t));
  const area = (y: Float64Array) => {
    let s = 0;
    for (let i = 1; i < y.length; i++) s += 0.5 * spacing * (y[i] + y[i - 1]);
    return s;
  };
  const areaA = area(ya);
  const areaB = area(yb);
  if (!(areaA > 0) || !(areaB > 0)) throw new Error("a spectrum has no positive area on the common range");
  ya.forEach((v, i) => (ya[i] = v / areaA));
  yb.forEach((v, i) => (yb[i] = v / areaB));
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += ya[i] * yb[i];
    aa += ya[i] ** 2;
    bb += yb[i] ** 2;
  }
  const overlap = ab / Math.sqrt(aa * bb);

  const peaksA = findPeaks(grid, ya, options);
  const peaksB = findPeaks(grid, yb, options);
  const window = options.window ?? 50;
  const candidates: [number, number, number][] = [];
  peaksA.forEach((p, i) =>
    peaksB.forEach((q, j) => {
      const d = Math.abs(q.position - p.position);
      if (d <= window) candidates.push([d, i, j]);
    }),
  );
  candidates.sort((u, v) => u[0] - v[0]);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const matches: PeakMatch[] = [];
  for (const [, i, j] of candidates) {
    if (usedA.has(i) || usedB.has(j)) continue;
    usedA.add(i);
    usedB.add(j);
    const p = peaksA[i];
    const q = peaksB[j];
    matches.push({ a: p, b: q, shift: q.position - p.position, ratio: q.height / p.height });
  }
  matches.sort((u, v) => u.a.position - v.a.position);
  return {
    matches,
    unmatchedA: peaksA.filter((_, i) => !usedA.has(i)),
    unmatchedB: peaksB.filter((_, j) => !usedB.has(j)),
    overlap,
    grid,
    a: ya,
    b: yb,
  };
}

/** A plain-text table of a comparison (with ± standard errors where the comparison has them). */
export function formatComparison(c: Comparison, nameA = "A", nameB = "B"): string {
  const f = (x: number, d = 1) => x.toFixed(d).padStart(10);
  const withErrors = c.matches.some((m) => m.shiftError !== undefined);
  const lines = [
    `${"peak " + nameA + " (cm-1)".padStart(4)}`.padStart(16) +
      `${"peak " + nameB + " (cm-1)"}`.padStart(18) +
      "shift (cm-1)".padStart(14) +
      "ratio B/A".padStart(12) +
      (withErrors ? "± shift (1 s.e.)".padStart(18) : ""),
  ];
  for (const m of c.matches) {
    lines.push(
      f(m.a.position).padStart(16) +
        f(m.b.position).padStart(18) +
        f(m.shift).padStart(14) +
        f(m.ratio, 3).padStart(12) +
        (m.shiftError ? f(m.shiftError.standardError).padStart(18) : ""),
    );
  }
  for (const p of c.unmatchedA) lines.push(`${f(p.position).padStart(16)}${"—".padStart(18)}`);
  for (const p of c.unmatchedB) lines.push(`${"—".padStart(16)}${f(p.position).padStart(18)}`);
  const e = c.overlapError;
  lines.push(
    `overlap (cosine similarity of area-normalised spectra): ${c.overlap.toFixed(4)}` +
      (e
        ? ` ± ${e.standardError.toFixed(4)}` +
          (e.corrected !== undefined ? `; bias-corrected ${e.corrected.toFixed(4)}` : "") +
          ` (${Math.round(e.level * 100)} % interval ${e.lower.toFixed(4)}..${e.upper.toFixed(4)}, ${e.method})`
        : ""),
  );
  if (withErrors) {
    const m = c.matches.find((x) => x.shiftError)!.shiftError!;
    lines.push(`shift errors: ${m.method}`);
  }
  return lines.join("\n");
}
