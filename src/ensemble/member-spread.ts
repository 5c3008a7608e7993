/**
 * The error band of an ensemble estimate from the spread of its members: the estimate ± one standard
 * error of the mean over the M members, s/√M with the sample standard deviation s (M − 1 in the
 * denominator). The members are independent trajectories, so this is the statistical error of the
 * average (about a 68 % interval for a normal spread; it takes no account of correlation inside a
 * trajectory, which the averaging over members already absorbs).
 *
 * This is the one place that decides the band: swap it for src/spectra/uncertainty/ when that exists.
 */

export interface Band {
  lower: Float64Array;
  upper: Float64Array;
  /** How the band was obtained, for summary.json. */
  description: string;
}

/**
 * Band around `center` (the ensemble estimate on some grid) from the same quantity computed for each
 * member on the same grid. Needs at least two members.
 */
export function memberBand(center: ArrayLike<number>, perMember: readonly ArrayLike<number>[]): Band {
  const m = perMember.length;
  if (m < 2) throw new Error(`an error band needs at least 2 members, got ${m}`);
  const n = center.length;
  for (const [i, values] of perMember.entries()) {
    if (values.length !== n) throw new Error(`member ${i}: ${values.length} values, expected ${n}`);
  }
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let mean = 0;
    for (const values of perMember) mean += values[j];
    mean /= m;
    let ss = 0;
    for (const values of perMember) ss += (values[j] - mean) ** 2;
    const standardError = Math.sqrt(ss / (m - 1) / m);
    lower[j] = center[j] - standardError;
    upper[j] = center[j] + standardError;
  }
  return {
    lower,
    upper,
    description: `estimate ± one standard error of the mean over ${m} members (s/√M)`,
  };
}
