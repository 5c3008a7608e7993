/** Statistics the physics tests share: means, standard deviations, block averages of correlated series. */

export const mean = (xs: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
};

export const std = (xs: ArrayLike<number>) => {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
};

/**
 * Mean of a correlated time series and its standard error by block averaging: the series is cut into
 * `blocks` consecutive blocks of equal length, long compared with the correlation time, whose means
 * are nearly independent (a remainder shorter than a block is left out).
 */
export function blockAverage(xs: ArrayLike<number>, blocks = 20): { mean: number; error: number } {
  const len = Math.floor(xs.length / blocks);
  const means: number[] = [];
  for (let b = 0; b < blocks; b++) {
    let s = 0;
    for (let i = b * len; i < (b + 1) * len; i++) s += xs[i];
    means.push(s / len);
  }
  return { mean: mean(means), error: std(means) / Math.sqrt(blocks) };
}
