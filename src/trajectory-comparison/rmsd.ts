/**
 * Root-mean-square deviation after optimal superposition (the quaternion method of Horn, J. Opt. Soc.
 * Am. A 4, 629 (1987), in the form of Coutsias, Seok & Dill, J. Comput. Chem. 25, 1849 (2004) and
 * Theobald, Acta Cryst. A 61, 478 (2005)).
 *
 * For configurations A and B of the same N atoms with weights w_a (1, or the masses):
 *
 *   RMSD(A, B) = min over proper rotations R and translations t of sqrt( Σ_a w_a |a_a − R b_a − t|² / W ),
 *
 * W = Σ w_a. The best translation puts the weighted centroids on top of each other. With A and B centred,
 * let S = Σ_a w_a b_a a_aᵀ (3×3). The best rotation is the unit quaternion q that maximises qᵀ K q for
 * Horn's symmetric 4×4 key matrix K built from S; its largest eigenvalue λ_max equals max_R Σ w a·(R b),
 * so RMSD² = (Σ w|a|² + Σ w|b|² − 2 λ_max) / W (evaluated below as Σ w|a − R b|²/W with the fitted R,
 * which keeps full precision for nearly identical configurations). A quaternion is always a proper rotation (det R = +1):
 * mirror images are not superposed (a chiral molecule and its enantiomer have RMSD > 0), unlike an
 * unconstrained SVD fit.
 *
 * Units: whatever the coordinates are in (bohr inside equimd).
 */

/** Result of one superposition. */
export interface Superposition {
  /** RMSD after optimal superposition (units of the coordinates). */
  rmsd: number;
  /** Row-major 3×3 proper rotation R that maps the centred B onto the centred A. */
  rotation: Float64Array;
  /** Weighted centroids of A and B: a ≈ R (b − centroidB) + centroidA. */
  centroidA: Float64Array;
  centroidB: Float64Array;
}

function checkInputs(a: ArrayLike<number>, b: ArrayLike<number>, weights?: ArrayLike<number>): number {
  if (a.length !== b.length || a.length % 3 !== 0 || a.length === 0) {
    throw new Error(
      `RMSD needs two configurations of the same atoms, [nAtoms][3] each; got ${a.length} and ${b.length} numbers`,
    );
  }
  const n = a.length / 3;
  if (weights !== undefined) {
    if (weights.length !== n) throw new Error(`RMSD weights: ${weights.length} given for ${n} atoms`);
    for (let i = 0; i < n; i++) {
      if (!(weights[i] > 0)) throw new Error(`RMSD weights must be positive; weight ${i} is ${weights[i]}`);
    }
  }
  return n;
}

function centroid(x: ArrayLike<number>, n: number, w: (i: number) => number, total: number): Float64Array {
  const c = new Float64Array(3);
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) c[k] += w(i) * x[3 * i + k];
  for (let k = 0; k < 3; k++) c[k] /= total;
  return c;
}

/**
 * Largest eigenvalue and its eigenvector of a symmetric 4×4 matrix (row-major), by cyclic Jacobi
 * rotations: robust for the degenerate cases (linear or planar molecules) and exact to rounding.
 */
export function largestEigenpair4(matrix: ArrayLike<number>): { value: number; vector: Float64Array } {
  const m = Float64Array.from(matrix);
  const v = Float64Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < 4; p++) for (let q = p + 1; q < 4; q++) off += m[4 * p + q] ** 2;
    let scale = 0;
    for (let p = 0; p < 4; p++) scale += m[5 * p] ** 2;
    if (off <= 1e-30 * (scale + off) || off === 0) break;
    for (let p = 0; p < 4; p++) {
      for (let q = p + 1; q < 4; q++) {
        const apq = m[4 * p + q];
        if (apq === 0) continue;
        // Rotation angle that zeroes m[p][q] (Numerical Recipes' stable form).
        const theta = (m[4 * q + q] - m[4 * p + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < 4; k++) {
          const mkp = m[4 * k + p];
          const mkq = m[4 * k + q];
          m[4 * k + p] = c * mkp - s * mkq;
          m[4 * k + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < 4; k++) {
          const mpk = m[4 * p + k];
          const mqk = m[4 * q + k];
          m[4 * p + k] = c * mpk - s * mqk;
          m[4 * q + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < 4; k++) {
          const vkp = v[4 * k + p];
          const vkq = v[4 * k + q];
          v[4 * k + p] = c * vkp - s * vkq;
          v[4 * k + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  let best = 0;
  for (let p = 1; p < 4; p++) if (m[5 * p] > m[5 * best]) best = p;
  return { value: m[5 * best], vector: Float64Array.from([0, 1, 2, 3], (k) => v[4 * k + best]) };
}

/** Rotation matrix (row-major) of a unit quaternion (q0 scalar part). */
function rotationOfQuaternion(q: Float64Array): Float64Array {
  const [q0, q1, q2, q3] = q;
  return Float64Array.from([
    q0 * q0 + q1 * q1 - q2 * q2 - q3 * q3,
    2 * (q1 * q2 - q0 * q3),
    2 * (q1 * q3 + q0 * q2),
    2 * (q1 * q2 + q0 * q3),
    q0 * q0 - q1 * q1 + q2 * q2 - q3 * q3,
    2 * (q2 * q3 - q0 * q1),
    2 * (q1 * q3 - q0 * q2),
    2 * (q2 * q3 + q0 * q1),
    q0 * q0 - q1 * q1 - q2 * q2 + q3 * q3,
  ]);
}

/**
 * Optimal superposition of configuration B onto A ([nAtoms][3] each): RMSD, rotation and centroids.
 * `weights` (e.g. masses) default to 1 for every atom.
 */
export function superpose(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  weights?: ArrayLike<number>,
): Superposition {
  const n = checkInputs(a, b, weights);
  const w = weights ? (i: number) => weights[i] : () => 1;
  let total = 0;
  for (let i = 0; i < n; i++) total += w(i);
  const ca = centroid(a, n, w, total);
  const cb = centroid(b, n, w, total);
  // S[x][y] = Σ w b_x a_y over centred coordinates.
  const S = new Float64Array(9);
  for (let i = 0; i < n; i++) {
    const wi = w(i);
    for (let x = 0; x < 3; x++) {
      const bx = b[3 * i + x] - cb[x];
      for (let y = 0; y < 3; y++) S[3 * x + y] += wi * bx * (a[3 * i + y] - ca[y]);
    }
  }
  const [sxx, sxy, sxz, syx, syy, syz, szx, szy, szz] = S;
  // Horn's key matrix: qᵀ K q = Σ w a·(R(q) b) for a unit quaternion q.
  const K = [
    sxx + syy + szz, syz - szy, szx - sxz, sxy - syx,
    syz - szy, sxx - syy - szz, sxy + syx, szx + sxz,
    szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy,
    sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz,
  ]; // prettier-ignore
  const { vector } = largestEigenpair4(K);
  const rotation = rotationOfQuaternion(vector);
  // (G − 2λ_max)/W loses all digits to cancellation when the RMSD is small; summing |a − R b|² with
  // the fitted rotation does not (an error δ in R changes the sum only at second order near the minimum).
  let msd = 0;
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < 3; r++) {
      let rb = 0;
      for (let c = 0; c < 3; c++) rb += rotation[3 * r + c] * (b[3 * i + c] - cb[c]);
      msd += w(i) * (a[3 * i + r] - ca[r] - rb) ** 2;
    }
  }
  return { rmsd: Math.sqrt(msd / total), rotation, centroidA: ca, centroidB: cb };
}

/** RMSD of B against A after optimal superposition (rotation without reflection, translation). */
export function rmsdAfterSuperposition(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  weights?: ArrayLike<number>,
): number {
  return superpose(a, b, weights).rmsd;
}

/** Plain RMSD without any superposition: sqrt(Σ w |a − b|² / W). */
export function rmsdInPlace(a: ArrayLike<number>, b: ArrayLike<number>, weights?: ArrayLike<number>): number {
  const n = checkInputs(a, b, weights);
  let s = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const wi = weights ? weights[i] : 1;
    total += wi;
    for (let x = 0; x < 3; x++) s += wi * (a[3 * i + x] - b[3 * i + x]) ** 2;
  }
  return Math.sqrt(s / total);
}

/** Apply a row-major 3×3 matrix and then a translation to every atom of a configuration (new array). */
export function transformConfiguration(
  x: ArrayLike<number>,
  rotation: ArrayLike<number>,
  translation: ArrayLike<number> = [0, 0, 0],
): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i += 3) {
    for (let r = 0; r < 3; r++) {
      out[i + r] =
        rotation[3 * r] * x[i] +
        rotation[3 * r + 1] * x[i + 1] +
        rotation[3 * r + 2] * x[i + 2] +
        translation[r];
    }
  }
  return out;
}
