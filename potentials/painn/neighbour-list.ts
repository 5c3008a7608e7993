/**
 * Neighbour lists for a batch of configurations, built on the host in float64 and outside any gradient
 * tape: the list only says which pairs interact; distances are recomputed from the position tensor.
 *
 * Edges are all ordered pairs (i, j), i ≠ j, of the same configuration with |R_j − R_i| < r_c exactly
 * (pairs at or beyond the cutoff are dropped). Small configurations use all pairs; larger ones a cell list
 * (cells of side r_c + skin). The candidate list (pairs within r_c + skin) is kept between calls and rebuilt
 * only when some atom has moved more than skin/2 since the last build (a Verlet list), so an MD run pays
 * the O(N) build rarely and an O(candidates) filter every step.
 */

/** Where the atoms of each configuration sit in the flattened batch: config b owns [start[b], start[b]+count[b]). */
export interface BatchLayout {
  start: Int32Array;
  count: Int32Array;
}

export interface Edges {
  /** Receiving atom i of each edge (index in the flattened batch). */
  i: Int32Array;
  /** Sending atom j of each edge. */
  j: Int32Array;
}

export interface NeighbourListOptions {
  /** Interaction cutoff r_c (length unit of the positions). */
  cutoff: number;
  /** Verlet skin (same unit); default 0.2 r_c. */
  skin?: number;
  /** Configurations with fewer atoms than this use all pairs; default 64. */
  allPairsBelow?: number;
  /** Throw if two atoms are closer than this (same unit); default 0 (no check). */
  minDistance?: number;
  /** Unit name used in the too-close error message. */
  lengthUnit?: string;
}

/** Candidate pairs i<j of one configuration within `range` (all pairs). */
function allPairs(pos: Float64Array, start: number, n: number, range: number, out: number[]): void {
  const r2 = range * range;
  for (let a = start; a < start + n; a++) {
    for (let b = a + 1; b < start + n; b++) {
      const dx = pos[3 * b] - pos[3 * a];
      const dy = pos[3 * b + 1] - pos[3 * a + 1];
      const dz = pos[3 * b + 2] - pos[3 * a + 2];
      if (dx * dx + dy * dy + dz * dz < r2) out.push(a, b);
    }
  }
}

/** Candidate pairs i<j of one configuration within `range`, by a cell list over its bounding box. */
function cellListPairs(pos: Float64Array, start: number, n: number, range: number, out: number[]): void {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let a = start; a < start + n; a++) {
    for (let k = 0; k < 3; k++) {
      lo[k] = Math.min(lo[k], pos[3 * a + k]);
      hi[k] = Math.max(hi[k], pos[3 * a + k]);
    }
  }
  const dims = [0, 1, 2].map((k) => Math.max(1, Math.floor((hi[k] - lo[k]) / range)));
  const cellOf = (a: number): number[] =>
    [0, 1, 2].map((k) => Math.min(dims[k] - 1, Math.floor((pos[3 * a + k] - lo[k]) / range)));
  const cells = new Map<number, number[]>();
  const key = (c: number[]): number => (c[0] * dims[1] + c[1]) * dims[2] + c[2];
  for (let a = start; a < start + n; a++) {
    const k = key(cellOf(a));
    const list = cells.get(k);
    if (list) list.push(a);
    else cells.set(k, [a]);
  }
  const r2 = range * range;
  for (let a = start; a < start + n; a++) {
    const c = cellOf(a);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (let dz = -1; dz <= 1; dz++) {
          const nb = [c[0] + dx, c[1] + dy, c[2] + dz];
          if (nb.some((v, k) => v < 0 || v >= dims[k])) continue;
          for (const b of cells.get(key(nb)) ?? []) {
            if (b <= a) continue;
            const ex = pos[3 * b] - pos[3 * a];
            const ey = pos[3 * b + 1] - pos[3 * a + 1];
            const ez = pos[3 * b + 2] - pos[3 * a + 2];
            if (ex * ex + ey * ey + ez * ez < r2) out.push(a, b);
          }
        }
      }
    }
  }
}

export class NeighbourList {
  readonly cutoff: number;
  readonly skin: number;
  private readonly allPairsBelow: number;
  private readonly minDistance: number;
  private readonly lengthUnit: string;
  private candidates: Int32Array | null = null;
  private reference: Float64Array | null = null;
  private layoutKey = "";
  /** Number of candidate-list builds so far (for tests and diagnostics). */
  builds = 0;

  constructor(options: NeighbourListOptions) {
    if (!(options.cutoff > 0))
      throw new Error(`neighbour list: cutoff must be positive, got ${options.cutoff}`);
    this.cutoff = options.cutoff;
    this.skin = options.skin ?? 0.2 * options.cutoff;
    this.allPairsBelow = options.allPairsBelow ?? 64;
    this.minDistance = options.minDistance ?? 0;
    this.lengthUnit = options.lengthUnit ?? "length units";
  }

  /** Edges (both directions) of the batch at these positions ([nAtoms][3] flattened). */
  edges(positions: Float64Array, layout: BatchLayout): Edges {
    const key = `${Array.from(layout.start)}|${Array.from(layout.count)}`;
    if (this.candidates === null || key !== this.layoutKey || this.movedTooFar(positions)) {
      this.build(positions, layout);
      this.layoutKey = key;
    }
    return this.filter(positions, layout);
  }

  private movedTooFar(positions: Float64Array): boolean {
    const ref = this.reference!;
    if (ref.length !== positions.length) return true;
    const limit2 = (this.skin / 2) ** 2;
    for (let a = 0; a < positions.length; a += 3) {
      const dx = positions[a] - ref[a];
      const dy = positions[a + 1] - ref[a + 1];
      const dz = positions[a + 2] - ref[a + 2];
      if (dx * dx + dy * dy + dz * dz > limit2) return true;
    }
    return false;
  }

  private build(positions: Float64Array, layout: BatchLayout): void {
    const out: number[] = [];
    const range = this.cutoff + this.skin;
    for (let b = 0; b < layout.start.length; b++) {
      const n = layout.count[b];
      if (n < this.allPairsBelow) allPairs(positions, layout.start[b], n, range, out);
      else cellListPairs(positions, layout.start[b], n, range, out);
    }
    this.candidates = Int32Array.from(out);
    this.reference = positions.slice();
    this.builds++;
  }

  /** Exact cutoff: keep candidate pairs with d < r_c, in both directions; check the minimum distance. */
  private filter(positions: Float64Array, layout: BatchLayout): Edges {
    const c = this.candidates!;
    const rc2 = this.cutoff * this.cutoff;
    const min2 = this.minDistance * this.minDistance;
    const iList: number[] = [];
    const jList: number[] = [];
    for (let p = 0; p < c.length; p += 2) {
      const a = c[p];
      const b = c[p + 1];
      const dx = positions[3 * b] - positions[3 * a];
      const dy = positions[3 * b + 1] - positions[3 * a + 1];
      const dz = positions[3 * b + 2] - positions[3 * a + 2];
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 < min2) this.tooClose(a, b, Math.sqrt(d2), layout);
      if (d2 < rc2) {
        iList.push(a, b);
        jList.push(b, a);
      }
    }
    return { i: Int32Array.from(iList), j: Int32Array.from(jList) };
  }

  private tooClose(a: number, b: number, d: number, layout: BatchLayout): never {
    let conf = 0;
    while (conf + 1 < layout.start.length && layout.start[conf + 1] <= a) conf++;
    const s = layout.start[conf];
    throw new Error(
      `atoms ${a - s} and ${b - s} of configuration ${conf} are ${d.toPrecision(3)} ${this.lengthUnit} apart, ` +
        `closer than ${this.minDistance.toPrecision(3)} ${this.lengthUnit} (0.1 Å): the structure is broken`,
    );
  }
}
