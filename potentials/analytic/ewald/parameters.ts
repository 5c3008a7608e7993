/**
 * Choosing the Ewald parameters (α, r_c, k_c) from one accuracy number.
 *
 * Both neglected tails of the Ewald sum are Gaussians: the real-space terms beyond r_c are bounded by
 * erfc(α r_c) ≲ exp(−α² r_c²), the reciprocal terms beyond k_c by exp(−k_c²/4α²). equimd takes one
 * accuracy δ and sets both to it,
 *
 *   α r_c = √p,   k_c = 2 α √p,   p = −ln δ,
 *
 * so that the two truncation errors are of the same relative size (Kolafa & Perram, Mol. Simul. 9, 351
 * (1992) give the RMS force errors; measured errors against a converged sum are in docs/periodic.md).
 * What remains free is α, which only moves work between the two sums. At fixed δ the number of
 * real-space pairs grows like N²r_c³/V and the number of k vectors like V k_c³, so the total cost
 *
 *   c_r N² p^{3/2} / (V α³)  +  c_k N V α³ p^{3/2} / π³
 *
 * is smallest for α = √π (w N / V²)^{1/6} with w = c_r/c_k, the cost of a real-space pair relative to
 * one charge's share of one k vector; then r_c ∝ V^{1/3} N^{−1/6} and the cost grows as N^{3/2}
 * (Perram, Petersen & de Leeuw, Mol. Phys. 65, 875 (1988)). A fixed r_c (e.g. the Lennard-Jones
 * cutoff) may be given instead; then α = √p / r_c and the cost grows as N².
 */
import type { Cell } from "../../../src/core/cell.ts";

export interface EwaldParameters {
  /** Splitting parameter α, 1/bohr: erfc(α r)/r in real space, exp(−k²/4α²)/k² in reciprocal space. */
  readonly alpha: number;
  /** Real-space cutoff r_c, bohr. */
  readonly realCutoff: number;
  /** Reciprocal-space cutoff k_c, 1/bohr (|k| < k_c, k = 2π × reciprocal lattice vector). */
  readonly kCutoff: number;
  /** The accuracy δ they were chosen for (relative size of both neglected Gaussian tails). */
  readonly accuracy: number;
}

export interface EwaldChoice {
  /** δ, default 1e-6. */
  accuracy?: number;
  /** Fix r_c (bohr) instead of choosing the cost-optimal α. */
  realCutoff?: number;
  /** w = c_r/c_k (see the file comment); default 4, measured for this implementation (docs/periodic.md). */
  costRatio?: number;
}

/** Parameters for `nCharges` charges in `cell` at accuracy δ (see the file comment). */
export function chooseEwaldParameters(
  cell: Cell,
  nCharges: number,
  choice: EwaldChoice = {},
): EwaldParameters {
  const accuracy = choice.accuracy ?? 1e-6;
  if (!(accuracy > 0 && accuracy < 1)) throw new Error(`Ewald: accuracy must be in (0, 1), got ${accuracy}`);
  if (!(nCharges >= 1)) throw new Error(`Ewald: needs at least one charge, got ${nCharges}`);
  if (!(cell.pbc[0] && cell.pbc[1] && cell.pbc[2])) {
    throw new Error(
      `Ewald summation needs a cell periodic in all three directions, got pbc = ${cell.pbc.join(" ")}`,
    );
  }
  const p = -Math.log(accuracy);
  let alpha: number;
  if (choice.realCutoff !== undefined) {
    if (!(choice.realCutoff > 0))
      throw new Error(`Ewald: realCutoff must be positive (bohr), got ${choice.realCutoff}`);
    alpha = Math.sqrt(p) / choice.realCutoff;
  } else {
    const w = choice.costRatio ?? 4;
    alpha = Math.sqrt(Math.PI) * ((w * nCharges) / cell.volume ** 2) ** (1 / 6);
  }
  return { alpha, realCutoff: Math.sqrt(p) / alpha, kCutoff: 2 * alpha * Math.sqrt(p), accuracy };
}
