/**
 * Triplets of ENINet's line graph, built on the host (float64, outside any gradient tape) from the directed
 * radius graph: every pair of bonds k→j and j→i that share the middle atom j, with k ≠ i (non-backtracking:
 * a bond does not message its own reverse). Messages flow from bond k→j to bond j→i; the triplet's geometry
 * is the k→i vector r_ki = R_k − R_i.
 *
 * With a three-body cutoff r₃ only triplets with |R_k − R_i| < r₃ are kept (exactly, as the neighbour list
 * keeps pairs); the smooth cutoff f₃(d_ki) in the network makes the energy continuous as a triplet enters or
 * leaves. Bonds come from the batch's neighbour list, so triplets never cross configurations: a batch of B
 * configurations batches its line graph the same way. Nothing caps the number of neighbours or triplets.
 */
import type { Triplets } from "../painn/graph.ts";
import type { Edges } from "../painn/neighbour-list.ts";

export type { Triplets } from "../painn/graph.ts";

/**
 * All non-backtracking triplets of the bonds `edges` (bond e goes from edges.j[e] to edges.i[e], as in the
 * PaiNN graph) whose k→i distance is below `cutoff` (Infinity: no three-body cutoff).
 * @param positions [nAtoms][3] flattened, same length unit as `cutoff`
 */
export function buildTriplets(edges: Edges, positions: Float64Array, cutoff = Infinity): Triplets {
  const nAtoms = positions.length / 3;
  const nBonds = edges.i.length;
  // Bonds grouped by receiving atom (compressed rows): incoming[first[a] .. first[a+1]) end at atom a.
  const first = new Int32Array(nAtoms + 1);
  for (let e = 0; e < nBonds; e++) first[edges.i[e] + 1]++;
  for (let a = 0; a < nAtoms; a++) first[a + 1] += first[a];
  const incoming = new Int32Array(nBonds);
  const fill = first.slice(0, nAtoms);
  for (let e = 0; e < nBonds; e++) incoming[fill[edges.i[e]]++] = e;

  const r2 = cutoff * cutoff;
  const inBond: number[] = [];
  const outBond: number[] = [];
  const kList: number[] = [];
  const iList: number[] = [];
  for (let b = 0; b < nBonds; b++) {
    const i = edges.i[b];
    const j = edges.j[b];
    for (let p = first[j]; p < first[j + 1]; p++) {
      const a = incoming[p];
      const k = edges.j[a];
      if (k === i) continue; // backtracking i→j→i
      const dx = positions[3 * k] - positions[3 * i];
      const dy = positions[3 * k + 1] - positions[3 * i + 1];
      const dz = positions[3 * k + 2] - positions[3 * i + 2];
      if (dx * dx + dy * dy + dz * dz >= r2) continue;
      inBond.push(a);
      outBond.push(b);
      kList.push(k);
      iList.push(i);
    }
  }
  return {
    inBond: Int32Array.from(inBond),
    outBond: Int32Array.from(outBond),
    k: Int32Array.from(kList),
    i: Int32Array.from(iList),
  };
}
