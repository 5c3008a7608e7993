/**
 * How different two distributions are, from their probabilities p_i and q_i on one common grid
 * (histograms.ts):
 *
 * - overlap coefficient OVL = Σ_i min(p_i, q_i): 1 for identical histograms, 0 for disjoint ones;
 * - Jensen–Shannon divergence JS = ½ KL(p‖m) + ½ KL(q‖m), m = (p + q)/2, KL(p‖m) = Σ p_i log₂(p_i/m_i),
 *   in bits: 0 for identical histograms, 1 for disjoint ones (the log₂ makes its range [0, 1]).
 *   Its square root is a metric (Endres & Schindelin, IEEE Trans. Inf. Theory 49, 1858 (2003)).
 *
 * Both depend on the grid (bin width) for finite samples: compare values computed on the same grid.
 */

function checkSameGrid(p: ArrayLike<number>, q: ArrayLike<number>, what: string): void {
  if (p.length !== q.length || p.length === 0) {
    throw new Error(
      `${what}: the two distributions must be on the same grid; got ${p.length} and ${q.length} bins`,
    );
  }
  for (const [name, d] of [
    ["first", p],
    ["second", q],
  ] as const) {
    let sum = 0;
    for (let i = 0; i < d.length; i++) {
      if (!(d[i] >= 0))
        throw new Error(`${what}: ${name} distribution has a negative or NaN entry at bin ${i}`);
      sum += d[i];
    }
    if (Math.abs(sum - 1) > 1e-9) {
      throw new Error(`${what}: ${name} distribution sums to ${sum}, expected probabilities summing to 1`);
    }
  }
}

/** Overlap coefficient Σ min(p_i, q_i) of two probability vectors on the same grid, in [0, 1]. */
export function overlapCoefficient(p: ArrayLike<number>, q: ArrayLike<number>): number {
  checkSameGrid(p, q, "overlap coefficient");
  let s = 0;
  for (let i = 0; i < p.length; i++) s += Math.min(p[i], q[i]);
  return Math.min(1, s);
}

/** Jensen–Shannon divergence of two probability vectors on the same grid, in bits, in [0, 1]. */
export function jensenShannonDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  checkSameGrid(p, q, "Jensen–Shannon divergence");
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i] + q[i]) / 2;
    if (p[i] > 0) js += 0.5 * p[i] * Math.log2(p[i] / m);
    if (q[i] > 0) js += 0.5 * q[i] * Math.log2(q[i] / m);
  }
  return Math.min(1, Math.max(0, js));
}
