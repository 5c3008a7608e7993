/**
 * A periodic simulation cell: three lattice vectors and which of them are periodic (pbc flags).
 *
 * Conventions (those of ASE's `Atoms.cell`): the lattice vectors are the ROWS of the 3×3 matrix h,
 * a = h[0..2], b = h[3..5], c = h[6..8], in bohr. A point r has fractional coordinates s with
 * r = s·h (r = s₀ a + s₁ b + s₂ c), so s = r·h⁻¹. The cell may be triclinic (any non-degenerate h).
 *
 * Positions in an MDState are never wrapped: dynamics, unwrapped trajectories and spectra (dipoles,
 * diffusion) need continuous coordinates. Wrapping (`wrapPositions`) is for output only; potentials
 * use `minimumImage` or explicit image shifts (neighbour-list.ts).
 *
 * Minimum image in a triclinic cell: rounding the fractional coordinates of a displacement d gives the
 * image inside the parallelepiped centred on the origin, which is not always the shortest image when
 * the cell is skewed. It IS the shortest whenever that shortest image is shorter than half the
 * smallest perpendicular width of the cell (then every |sᵢ| < ½), which covers every displacement
 * that matters for a cutoff r_c ≤ w_min/2. `minimumImage` additionally searches the 26 neighbouring
 * images of the rounded one, so that it also returns the true shortest image for longer displacements
 * in any reasonably reduced cell (all the cells ASE and packmol produce).
 */

/** A periodic cell. Build it with `makeCell` or `orthorhombicCell`; do not mutate its arrays. */
export interface Cell {
  /** Lattice vectors as rows (a, b, c), bohr, row-major 3×3. */
  readonly matrix: Float64Array;
  /** h⁻¹ (row-major), 1/bohr: fractional s = r·h⁻¹. Its columns are the reciprocal vectors without 2π. */
  readonly inverse: Float64Array;
  /** Which lattice directions are periodic. */
  readonly pbc: readonly [boolean, boolean, boolean];
  /** Volume |det h|, bohr³. */
  readonly volume: number;
}

/** Build a cell from its lattice vectors (9 numbers, rows a, b, c, bohr). */
export function makeCell(vectors: ArrayLike<number>, pbc: readonly boolean[] = [true, true, true]): Cell {
  if (vectors.length !== 9)
    throw new Error(`a cell needs 9 numbers (3 lattice vectors), got ${vectors.length}`);
  if (pbc.length !== 3) throw new Error(`pbc needs 3 flags, got ${pbc.length}`);
  const h = Float64Array.from(vectors);
  for (let i = 0; i < 9; i++) {
    if (!Number.isFinite(h[i])) throw new Error(`cell matrix entry ${i} is not finite (${h[i]})`);
  }
  const inverse = invert3(h);
  const det =
    h[0] * (h[4] * h[8] - h[5] * h[7]) -
    h[1] * (h[3] * h[8] - h[5] * h[6]) +
    h[2] * (h[3] * h[7] - h[4] * h[6]);
  return { matrix: h, inverse, pbc: [pbc[0], pbc[1], pbc[2]], volume: Math.abs(det) };
}

/** An orthorhombic cell with edge lengths a, b, c (bohr) along x, y, z. */
export function orthorhombicCell(a: number, b: number, c: number, pbc?: readonly boolean[]): Cell {
  return makeCell([a, 0, 0, 0, b, 0, 0, 0, c], pbc);
}

/** Is any direction of the cell periodic? */
export function isPeriodic(cell: Cell | undefined): cell is Cell {
  return cell !== undefined && (cell.pbc[0] || cell.pbc[1] || cell.pbc[2]);
}

/** Inverse of a row-major 3×3 matrix; throws if it is (numerically) singular. */
function invert3(m: Float64Array): Float64Array {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  const scale = Math.max(...Array.from(m, Math.abs)) ** 3;
  if (!(Math.abs(det) > 1e-12 * scale)) {
    throw new Error(`cell vectors are linearly dependent (det = ${det}); a cell needs a non-zero volume`);
  }
  return Float64Array.from([
    A / det,
    -(b * i - c * h) / det,
    (b * f - c * e) / det,
    B / det,
    (a * i - c * g) / det,
    -(a * f - c * d) / det,
    C / det,
    -(a * h - b * g) / det,
    (a * e - b * d) / det,
  ]);
}

/** Perpendicular widths w_k = V/|a_i × a_j| of the cell (distance between opposite faces), bohr. */
export function perpendicularWidths(cell: Cell): [number, number, number] {
  // |column k of h⁻¹| = |a_i × a_j|/V, so w_k = 1/|column k of h⁻¹|.
  const inv = cell.inverse;
  const w = [0, 1, 2].map((k) => 1 / Math.hypot(inv[k], inv[3 + k], inv[6 + k]));
  return [w[0], w[1], w[2]];
}

/** Fractional coordinates of Cartesian points (any number of 3-vectors): s = r·h⁻¹. */
export function toFractional(
  cell: Cell,
  r: ArrayLike<number>,
  out = new Float64Array(r.length),
): Float64Array {
  const m = cell.inverse;
  for (let p = 0; p < r.length; p += 3) {
    const x = r[p];
    const y = r[p + 1];
    const z = r[p + 2];
    out[p] = x * m[0] + y * m[3] + z * m[6];
    out[p + 1] = x * m[1] + y * m[4] + z * m[7];
    out[p + 2] = x * m[2] + y * m[5] + z * m[8];
  }
  return out;
}

/** Cartesian coordinates of fractional points: r = s·h. */
export function toCartesian(
  cell: Cell,
  s: ArrayLike<number>,
  out = new Float64Array(s.length),
): Float64Array {
  const m = cell.matrix;
  for (let p = 0; p < s.length; p += 3) {
    const x = s[p];
    const y = s[p + 1];
    const z = s[p + 2];
    out[p] = x * m[0] + y * m[3] + z * m[6];
    out[p + 1] = x * m[1] + y * m[4] + z * m[7];
    out[p + 2] = x * m[2] + y * m[5] + z * m[8];
  }
  return out;
}

/**
 * Positions (any number of atoms and configurations) folded into the cell: fractional coordinates in
 * [0, 1) along every periodic direction; non-periodic directions are left alone. For OUTPUT only.
 */
export function wrapPositions(cell: Cell, positions: ArrayLike<number>): Float64Array {
  const s = toFractional(cell, positions);
  for (let p = 0; p < s.length; p += 3) {
    for (let k = 0; k < 3; k++) {
      if (!cell.pbc[k]) continue;
      let v = s[p + k] - Math.floor(s[p + k]);
      if (v >= 1) v = 0; // −1e-17 − floor(−1e-17) rounds to 1
      s[p + k] = v;
    }
  }
  return toCartesian(cell, s);
}

/**
 * Replace the displacement d (3 numbers, bohr; changed in place and returned) by its shortest periodic
 * image d + n·h (n integer along periodic directions): fractional rounding, then a search of the 26
 * neighbouring images (see the file comment for when that is exact).
 */
export function minimumImage(cell: Cell, d: Float64Array | number[]): Float64Array | number[] {
  const h = cell.matrix;
  const s = toFractional(cell, d);
  for (let k = 0; k < 3; k++) if (cell.pbc[k]) s[k] -= Math.round(s[k]);
  const base = toCartesian(cell, s);
  let best = [base[0], base[1], base[2]];
  let bestR2 = best[0] ** 2 + best[1] ** 2 + best[2] ** 2;
  const range = (k: number) => (cell.pbc[k] ? [-1, 0, 1] : [0]);
  for (const i of range(0)) {
    for (const j of range(1)) {
      for (const k of range(2)) {
        if (i === 0 && j === 0 && k === 0) continue;
        const x = base[0] + i * h[0] + j * h[3] + k * h[6];
        const y = base[1] + i * h[1] + j * h[4] + k * h[7];
        const z = base[2] + i * h[2] + j * h[5] + k * h[8];
        const r2 = x * x + y * y + z * z;
        if (r2 < bestR2 * (1 - 1e-14)) {
          best = [x, y, z];
          bestR2 = r2;
        }
      }
    }
  }
  d[0] = best[0];
  d[1] = best[1];
  d[2] = best[2];
  return d;
}

/** The cell strained by the deformation gradient F = 1 + ε (row-major): every vector v → F·v. */
export function strainCell(cell: Cell, deformation: ArrayLike<number>): Cell {
  const h = cell.matrix;
  const F = deformation;
  const out = new Float64Array(9);
  // Rows of h are vectors: row' = F·row.
  for (let r = 0; r < 3; r++) {
    for (let i = 0; i < 3; i++) {
      out[3 * r + i] = F[3 * i] * h[3 * r] + F[3 * i + 1] * h[3 * r + 1] + F[3 * i + 2] * h[3 * r + 2];
    }
  }
  return makeCell(out, cell.pbc);
}

/** Same lattice and flags? (exact comparison, used to decide whether a neighbour list is still valid) */
export function sameCell(a: Cell | undefined, b: Cell | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  for (let i = 0; i < 9; i++) if (a.matrix[i] !== b.matrix[i]) return false;
  return a.pbc[0] === b.pbc[0] && a.pbc[1] === b.pbc[1] && a.pbc[2] === b.pbc[2];
}
