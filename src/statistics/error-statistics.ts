/**
 * Summary statistics of errors e_i = model_i − reference_i: mean absolute error, root-mean-square
 * error, largest absolute error and the signed mean (a systematic offset shows up there).
 * Units are those of the errors. Used by training metrics (src/training/metrics.ts) and the trajectory
 * comparison (src/trajectory-comparison/).
 */
export interface ErrorStats {
  count: number;
  /** Σ|e| / n */
  mae: number;
  /** sqrt(Σe² / n) */
  rmse: number;
  /** max |e| */
  max: number;
  /** Σe / n */
  mean: number;
}

/** Accumulates errors one by one (or in arrays) without keeping them. */
export class ErrorAccumulator {
  private n = 0;
  private sumAbs = 0;
  private sumSq = 0;
  private sum = 0;
  private maxAbs = 0;

  add(e: number): void {
    const a = Math.abs(e);
    this.n++;
    this.sumAbs += a;
    this.sumSq += e * e;
    this.sum += e;
    // NaN propagates into max so that a broken model is not reported as perfect.
    if (!(a <= this.maxAbs)) this.maxAbs = a;
  }

  /** The errors predicted[offsetP + k] − reference[offsetR + k] for k < length (default: all of reference). */
  addDifferences(
    predicted: ArrayLike<number>,
    reference: ArrayLike<number>,
    offsetP = 0,
    offsetR = 0,
    length = reference.length,
  ): void {
    for (let k = 0; k < length; k++) this.add(predicted[offsetP + k] - reference[offsetR + k]);
  }

  stats(): ErrorStats {
    const n = this.n;
    if (n === 0) return { count: 0, mae: NaN, rmse: NaN, max: NaN, mean: NaN };
    return {
      count: n,
      mae: this.sumAbs / n,
      rmse: Math.sqrt(this.sumSq / n),
      max: this.maxAbs,
      mean: this.sum / n,
    };
  }
}

/** Statistics of an array of errors. */
export function errorStats(errors: ArrayLike<number>): ErrorStats {
  const acc = new ErrorAccumulator();
  for (let i = 0; i < errors.length; i++) acc.add(errors[i]);
  return acc.stats();
}

/** Statistics with every error multiplied by `factor` (a unit conversion; the count is kept). */
export function scaleStats(stats: ErrorStats, factor: number): ErrorStats {
  const f = Math.abs(factor);
  return {
    count: stats.count,
    mae: stats.mae * f,
    rmse: stats.rmse * f,
    max: stats.max * f,
    mean: stats.mean * factor,
  };
}
