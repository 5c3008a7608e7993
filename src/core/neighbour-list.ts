/**
 * Pair lists for short-ranged interactions, in gas phase or in a (triclinic, partly) periodic cell.
 *
 * A pair (i, j, n) stands for the displacement d = r_j − r_i + n·h, with n an integer image shift
 * (n = 0 along non-periodic directions). Positions are the unwrapped ones of the MD state: the list
 * folds them into the cell itself and puts the folding into n, so d is right for the positions as given.
 * When the cutoff exceeds half a perpendicular width of the cell, one atom meets several images of
 * another (and images of itself, i = j with n ≠ 0); all of them are listed.
 *
 * Construction is a cell list (linked bins in fractional coordinates): the cell is cut into
 * n_k = ⌊2 w_k / r_list⌋ bins along each direction (w_k the perpendicular width), and a bin's neighbours
 * are the bins within m_k = ⌈r_list n_k / w_k⌉ of it. Walking bin offsets over the integers, with the
 * periodic image read off from the overflow, visits every (bin, image) combination exactly once, so the
 * same code handles large cells (m_k = 1) and cells smaller than the cutoff (n_k = 1, m_k > 1).
 * Cost O(N) at fixed density.
 *
 * VerletList adds a skin: it lists pairs within r_c + skin and is rebuilt only when some atom has moved
 * more than skin/2 since the last build (then no pair can have come from beyond r_c + skin to inside
 * r_c), or when the cell has changed. Users must still test |d| < r_c themselves.
 */
import { sameCell, perpendicularWidths, toFractional, type Cell } from "./cell.ts";

/** Pairs (first[p], second[p], shifts[3p..3p+2]); see the file comment for the meaning of a pair. */
export interface PairList {
  readonly count: number;
  readonly first: Int32Array;
  readonly second: Int32Array;
  /** Integer image shifts n, 3 per pair. */
  readonly shifts: Int32Array;
  /** The list radius it was built for (bohr). */
  readonly radius: number;
  /** Half list (each unordered pair once) or full list (i→j and j→i). */
  readonly full: boolean;
}

export interface PairListOptions {
  /** List i→j and j→i (e.g. message passing); default false: each pair once. */
  full?: boolean;
}

/**
 * All pairs with |d| < radius for one configuration (positions [nAtoms][3], bohr), in `cell` if given
 * (gas phase otherwise).
 */
export function buildPairList(
  positions: ArrayLike<number>,
  cell: Cell | undefined,
  radius: number,
  options: PairListOptions = {},
): PairList {
  if (!(radius > 0) || !Number.isFinite(radius)) {
    throw new Error(`pair list radius must be a positive number of bohr, got ${radius}`);
  }
  const n = positions.length / 3;
  if (!Number.isInteger(n)) throw new Error(`positions must be [nAtoms][3], got ${positions.length} numbers`);
  const full = options.full ?? false;
  // Fractional coordinates in a real cell; in gas phase an auxiliary unit "cell" (fractional = Cartesian).
  const h = cell?.matrix ?? Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  const pbc = cell?.pbc ?? [false, false, false];
  const widths = cell ? perpendicularWidths(cell) : [1, 1, 1];
  const s = cell ? toFractional(cell, positions) : Float64Array.from(positions);
  const fold = new Int32Array(3 * n); // n_i: wrapped = unwrapped − n_i·h
  const nBins = [1, 1, 1];
  const reach = [0, 0, 0];
  const lo = [0, 0, 0];
  const binWidth = [1, 1, 1]; // fractional
  // More bins than ~2 per atom along a direction only costs memory (few atoms in a huge cell).
  const maxBins = Math.max(1, 2 * Math.ceil(Math.cbrt(n)));
  for (let k = 0; k < 3; k++) {
    if (pbc[k]) {
      for (let a = 0; a < n; a++) {
        const f = Math.floor(s[3 * a + k]);
        fold[3 * a + k] = f;
        s[3 * a + k] -= f;
      }
      // Bins of about half the radius: the searched volume is ≈ (5r/2)³ instead of (3r)³, and a cell
      // smaller than 2r is still cut into several bins.
      nBins[k] = Math.max(1, Math.min(maxBins, Math.floor((2 * widths[k]) / radius)));
      binWidth[k] = 1 / nBins[k];
      reach[k] = Math.ceil((radius * nBins[k]) / widths[k]);
    } else {
      let min = Infinity;
      let max = -Infinity;
      for (let a = 0; a < n; a++) {
        min = Math.min(min, s[3 * a + k]);
        max = Math.max(max, s[3 * a + k]);
      }
      const extent = (max - min) * widths[k];
      lo[k] = min;
      nBins[k] = Math.max(1, Math.min(maxBins, Math.floor((2 * extent) / radius)));
      binWidth[k] = Math.max((max - min) / nBins[k], Number.MIN_VALUE);
      reach[k] = Math.min(nBins[k] - 1, Math.ceil(radius / (binWidth[k] * widths[k])));
    }
  }
  // Linked bins: head[bin] → first atom, next[atom] → next atom in the same bin.
  const totalBins = nBins[0] * nBins[1] * nBins[2];
  const head = new Int32Array(totalBins).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const binOf = (a: number, k: number) =>
    Math.min(nBins[k] - 1, Math.max(0, Math.floor((s[3 * a + k] - lo[k]) / binWidth[k])));
  for (let a = n - 1; a >= 0; a--) {
    const b = (binOf(a, 0) * nBins[1] + binOf(a, 1)) * nBins[2] + binOf(a, 2);
    next[a] = head[b];
    head[b] = a;
  }
  const first: number[] = [];
  const second: number[] = [];
  const shifts: number[] = [];
  const r2max = radius * radius;
  const img = [0, 0, 0];
  const nb = [0, 0, 0];
  for (let bx = 0; bx < nBins[0]; bx++) {
    for (let by = 0; by < nBins[1]; by++) {
      for (let bz = 0; bz < nBins[2]; bz++) {
        const home = (bx * nBins[1] + by) * nBins[2] + bz;
        if (head[home] < 0) continue;
        const b = [bx, by, bz];
        for (let ox = -reach[0]; ox <= reach[0]; ox++) {
          for (let oy = -reach[1]; oy <= reach[1]; oy++) {
            for (let oz = -reach[2]; oz <= reach[2]; oz++) {
              const o = [ox, oy, oz];
              let outside = false;
              for (let k = 0; k < 3; k++) {
                const t = b[k] + o[k];
                if (pbc[k]) {
                  img[k] = Math.floor(t / nBins[k]);
                  nb[k] = t - img[k] * nBins[k];
                } else {
                  outside ||= t < 0 || t >= nBins[k];
                  img[k] = 0;
                  nb[k] = t;
                }
              }
              if (outside) continue;
              const other = (nb[0] * nBins[1] + nb[1]) * nBins[2] + nb[2];
              for (let i = head[home]; i >= 0; i = next[i]) {
                const xi = positions[3 * i];
                const yi = positions[3 * i + 1];
                const zi = positions[3 * i + 2];
                // n = image + n_i − n_j so that d = r_j − r_i + n·h for the unwrapped positions.
                const m0 = img[0] + fold[3 * i];
                const m1 = img[1] + fold[3 * i + 1];
                const m2 = img[2] + fold[3 * i + 2];
                for (let j = head[other]; j >= 0; j = next[j]) {
                  const n0 = m0 - fold[3 * j];
                  const n1 = m1 - fold[3 * j + 1];
                  const n2 = m2 - fold[3 * j + 2];
                  if (i === j && n0 === 0 && n1 === 0 && n2 === 0) continue;
                  if (!full && (j < i || (i === j && !lexPositive(n0, n1, n2)))) continue;
                  const dx = positions[3 * j] - xi + n0 * h[0] + n1 * h[3] + n2 * h[6];
                  const dy = positions[3 * j + 1] - yi + n0 * h[1] + n1 * h[4] + n2 * h[7];
                  const dz = positions[3 * j + 2] - zi + n0 * h[2] + n1 * h[5] + n2 * h[8];
                  if (dx * dx + dy * dy + dz * dz >= r2max) continue;
                  first.push(i);
                  second.push(j);
                  shifts.push(n0, n1, n2);
                }
              }
            }
          }
        }
      }
    }
  }
  return {
    count: first.length,
    first: Int32Array.from(first),
    second: Int32Array.from(second),
    shifts: Int32Array.from(shifts),
    radius,
    full,
  };
}

/** Is the image shift n lexicographically positive? (picks one of the two self-image pairs ±n) */
function lexPositive(n0: number, n1: number, n2: number): boolean {
  return n0 > 0 || (n0 === 0 && (n1 > 0 || (n1 === 0 && n2 > 0)));
}

/** Write d = r_j − r_i + n·h of pair p into out[0..2] (positions of the same configuration). */
export function pairDisplacement(
  list: PairList,
  p: number,
  positions: ArrayLike<number>,
  cell: Cell | undefined,
  out: Float64Array | number[],
): void {
  const i = list.first[p];
  const j = list.second[p];
  for (let x = 0; x < 3; x++) out[x] = positions[3 * j + x] - positions[3 * i + x];
  if (!cell) return;
  const h = cell.matrix;
  const n0 = list.shifts[3 * p];
  const n1 = list.shifts[3 * p + 1];
  const n2 = list.shifts[3 * p + 2];
  for (let x = 0; x < 3; x++) out[x] += n0 * h[x] + n1 * h[3 + x] + n2 * h[6 + x];
}

/** A pair list with a skin, rebuilt only when needed (see the file comment). One per configuration. */
export class VerletList {
  /** How many times the list has been built. */
  builds = 0;
  private list: PairList | undefined;
  private reference: Float64Array | undefined;
  private cell: Cell | undefined;

  constructor(
    /** Interaction cutoff r_c, bohr. */
    readonly cutoff: number,
    /** Extra radius r_s, bohr: the list holds pairs within r_c + r_s. */
    readonly skin: number,
    private readonly options: PairListOptions = {},
  ) {
    if (!(cutoff > 0)) throw new Error(`VerletList: cutoff must be positive (bohr), got ${cutoff}`);
    if (!(skin >= 0)) throw new Error(`VerletList: skin must be ≥ 0 (bohr), got ${skin}`);
  }

  /** The pairs for these positions ([nAtoms][3] bohr), rebuilding if an atom moved more than skin/2. */
  update(positions: ArrayLike<number>, cell: Cell | undefined): PairList {
    if (this.list && this.reference?.length === positions.length && sameCell(cell, this.cell)) {
      const limit = (this.skin / 2) ** 2;
      const r = this.reference;
      let moved = false;
      for (let a = 0; a < r.length && !moved; a += 3) {
        const dx = positions[a] - r[a];
        const dy = positions[a + 1] - r[a + 1];
        const dz = positions[a + 2] - r[a + 2];
        moved = dx * dx + dy * dy + dz * dz > limit;
      }
      if (!moved) return this.list;
    }
    this.list = buildPairList(positions, cell, this.cutoff + this.skin, this.options);
    this.reference = Float64Array.from(positions);
    this.cell = cell;
    this.builds++;
    return this.list;
  }
}
