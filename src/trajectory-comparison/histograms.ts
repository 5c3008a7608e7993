/**
 * Histograms of two sample sets on one common grid, so that they can be overlaid and compared bin by
 * bin (divergence.ts). A grid is either an interval [lo, hi] that covers both sample sets (bond lengths,
 * angles, energies, temperatures), or a periodic interval (dihedral angles on (−π, π]) into which every
 * sample is wrapped, so that −179° and +179° are neighbours and not the two ends of the axis.
 */

/** Equal-width bins on [lo, hi]; `periodic` grids wrap samples into [lo, hi) first. */
export interface HistogramGrid {
  lo: number;
  hi: number;
  nBins: number;
  periodic: boolean;
}

export interface Histogram {
  grid: HistogramGrid;
  /** Samples per bin. */
  counts: Float64Array;
  /** Probability per bin, Σ p = 1 (all zero for an empty sample set). */
  probability: Float64Array;
  /** Probability density p / bin width (units: 1 / units of the samples). */
  density: Float64Array;
  /** Number of samples binned. */
  total: number;
}

/** Bin width of a grid. */
export function binWidth(grid: HistogramGrid): number {
  return (grid.hi - grid.lo) / grid.nBins;
}

/** Bin centres of a grid. */
export function binCentres(grid: HistogramGrid): Float64Array {
  const w = binWidth(grid);
  return Float64Array.from({ length: grid.nBins }, (_, i) => grid.lo + (i + 0.5) * w);
}

function checkBins(nBins: number): void {
  if (!Number.isInteger(nBins) || nBins < 1) {
    throw new Error(`histogram: number of bins must be a positive integer, got ${nBins}`);
  }
}

/**
 * A grid that covers every finite sample of all the sets given: [min, max] widened by half a bin on
 * each side (so that the extreme samples sit inside a bin, not on its edge). A single value gets a
 * grid of width 1e-6·max(1, |value|) around it.
 */
export function commonGrid(sampleSets: readonly ArrayLike<number>[], nBins: number): HistogramGrid {
  checkBins(nBins);
  let min = Infinity;
  let max = -Infinity;
  for (const set of sampleSets) {
    for (let i = 0; i < set.length; i++) {
      if (!Number.isFinite(set[i])) continue;
      min = Math.min(min, set[i]);
      max = Math.max(max, set[i]);
    }
  }
  if (min > max) throw new Error("histogram: no finite samples to build a grid from");
  if (max - min < 1e-12 * Math.max(1, Math.abs(max))) {
    const h = 0.5e-6 * Math.max(1, Math.abs(max));
    return { lo: min - h, hi: max + h, nBins, periodic: false };
  }
  const half = (max - min) / (nBins - 1) / 2;
  return { lo: min - half, hi: max + half, nBins, periodic: false };
}

/** A periodic grid on [lo, lo + period), default (−π, π] for dihedral angles in radians. */
export function periodicGrid(nBins: number, lo = -Math.PI, period = 2 * Math.PI): HistogramGrid {
  checkBins(nBins);
  if (!(period > 0)) throw new Error(`histogram: period must be positive, got ${period}`);
  return { lo, hi: lo + period, nBins, periodic: true };
}

/**
 * Histogram of samples on a grid. Samples outside a non-periodic grid, and non-finite samples, are an
 * error (a common grid covers them all by construction); on a periodic grid they are wrapped.
 */
export function histogram(samples: ArrayLike<number>, grid: HistogramGrid): Histogram {
  const { lo, hi, nBins, periodic } = grid;
  const period = hi - lo;
  const width = binWidth(grid);
  const counts = new Float64Array(nBins);
  for (let i = 0; i < samples.length; i++) {
    let x = samples[i];
    if (!Number.isFinite(x)) throw new Error(`histogram: sample ${i} is not finite (${x})`);
    if (periodic) x = lo + ((((x - lo) % period) + period) % period);
    else if (x < lo || x > hi) {
      throw new Error(`histogram: sample ${i} = ${x} lies outside the grid [${lo}, ${hi}]`);
    }
    const k = Math.min(nBins - 1, Math.max(0, Math.floor((x - lo) / width)));
    counts[k] += 1;
  }
  const total = samples.length;
  const probability = Float64Array.from(counts, (c) => (total > 0 ? c / total : 0));
  const density = Float64Array.from(probability, (p) => p / width);
  return { grid, counts, probability, density, total };
}

/** Histograms of several sample sets on one grid (periodic when asked), ready to compare bin by bin. */
export function histogramsOnCommonGrid(
  sampleSets: readonly ArrayLike<number>[],
  options: { nBins: number; periodic?: { lo: number; period: number } },
): Histogram[] {
  const grid = options.periodic
    ? periodicGrid(options.nBins, options.periodic.lo, options.periodic.period)
    : commonGrid(sampleSets, options.nBins);
  return sampleSets.map((s) => histogram(s, grid));
}
