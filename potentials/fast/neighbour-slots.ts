/**
 * Edges in neighbour slots, the layout of the fast graph: atom i owns M slots (M = its batch's largest
 * number of neighbours), so a sum over an atom's incoming edges is a reshape to [N, M, …] and a reduction,
 * and a sum over outgoing edges (j = k) is the same over the reverse edges. Unused slots point at their own
 * atom and carry zero features (hence zero messages).
 */

export interface NeighbourSlots {
  /** Neighbour slots per atom. */
  M: number;
  /** Slot of each real edge e (index into the N·M slots). */
  slot: Int32Array;
  /** Receiving atom of each slot [N·M]. */
  ei: Int32Array;
  /** Sending atom of each slot (the atom itself for an unused slot). */
  ej: Int32Array;
  /** Slot of the reverse edge (j → i) of each slot; an unused slot points at itself. */
  rev: Int32Array;
}

/** Slots for the edges (i[e] ← j[e]) of nAtoms atoms; every edge's reverse must be an edge too. */
export function neighbourSlots(nAtoms: number, i: Int32Array, j: Int32Array): NeighbourSlots {
  const count = new Int32Array(nAtoms);
  for (let e = 0; e < i.length; e++) count[i[e]]++;
  let M = 1;
  for (let a = 0; a < nAtoms; a++) M = Math.max(M, count[a]);
  const S = nAtoms * M;
  const ei = new Int32Array(S);
  const ej = new Int32Array(S);
  const rev = new Int32Array(S);
  for (let s = 0; s < S; s++) {
    ei[s] = ej[s] = Math.floor(s / M);
    rev[s] = s;
  }
  const slot = new Int32Array(i.length);
  count.fill(0);
  for (let e = 0; e < i.length; e++) {
    const s = i[e] * M + count[i[e]]++;
    slot[e] = s;
    ej[s] = j[e];
  }
  // Reverse edges: the neighbour list emits (a, b) and (b, a) side by side; otherwise look them up.
  let paired = i.length % 2 === 0;
  for (let e = 0; paired && e < i.length; e++) paired = i[e ^ 1] === j[e] && j[e ^ 1] === i[e];
  if (paired) {
    for (let e = 0; e < i.length; e++) rev[slot[e]] = slot[e ^ 1];
  } else {
    const byPair = new Map<number, number>();
    for (let e = 0; e < i.length; e++) byPair.set(i[e] * nAtoms + j[e], e);
    for (let e = 0; e < i.length; e++) {
      const r = byPair.get(j[e] * nAtoms + i[e]);
      if (r === undefined)
        throw new Error(`edge ${i[e]} ← ${j[e]} has no reverse edge in the neighbour list`);
      rev[slot[e]] = slot[r];
    }
  }
  return { M, slot, ei, ej, rev };
}
