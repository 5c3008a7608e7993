/**
 * Mean and spread of a committee's predictions, elementwise over M members:
 *
 *   x̄ = (1/M) Σ_k x_k,     s² = 1/(M − 1) · Σ_k (x_k − x̄)²      (unbiased sample variance)
 *
 * The 1/(M − 1) matters for the small committees used in practice: with M = 2 the population variance
 * (1/M) would halve s², and a committee's spread would claim twice the confidence it has. Test: two
 * members E and sE give s = |1 − s|·|E|/√2 exactly.
 */

/** Elementwise mean and unbiased variance of M ≥ 2 equally long arrays. */
export function meanAndVariance(values: readonly ArrayLike<number>[]): {
  mean: Float64Array;
  variance: Float64Array;
} {
  const m = values.length;
  if (m < 2) throw new Error(`a committee needs at least 2 members for a spread, got ${m}`);
  const n = values[0].length;
  values.forEach((v, k) => {
    if (v.length !== n) throw new Error(`committee member ${k}: ${v.length} values, member 0 has ${n}`);
  });
  const mean = new Float64Array(n);
  for (const v of values) for (let i = 0; i < n; i++) mean[i] += v[i] / m;
  const variance = new Float64Array(n);
  for (const v of values) for (let i = 0; i < n; i++) variance[i] += (v[i] - mean[i]) ** 2 / (m - 1);
  return { mean, variance };
}

/** √ of the sum of variances over consecutive groups of `width` components (e.g. 3 per dipole). */
export function groupedSpread(variance: ArrayLike<number>, width: number): Float64Array {
  const groups = variance.length / width;
  const out = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    let s = 0;
    for (let c = 0; c < width; c++) s += variance[g * width + c];
    out[g] = Math.sqrt(s);
  }
  return out;
}
