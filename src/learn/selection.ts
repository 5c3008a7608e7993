/**
 * Choosing the frames to label in an active-learning iteration: the frames where the committee
 * disagrees most, but not all from one region. Among the `pool` candidates of highest disagreement,
 * the first pick is the one of highest disagreement; each further pick is the candidate farthest (in
 * descriptor space, descriptor.ts) from everything picked so far, ties going to the higher
 * disagreement (greedy farthest-point sampling). A run of near-identical frames from one bad region
 * then gives one frame, and the batch spreads over the regions where the model is unsure. Candidates
 * of infinite disagreement (the frames just before a blow-up) are taken first, unconditionally.
 */
import { descriptorDistance } from "./descriptor.ts";

export interface Candidate {
  /** Committee disagreement (e.g. the largest per-atom force spread). */
  disagreement: number;
  descriptor: ArrayLike<number>;
}

/** Indices (into `candidates`) of up to `count` frames, in the order picked. */
export function selectDiverse(candidates: readonly Candidate[], count: number, pool: number): number[] {
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`selection: count must be an integer ≥ 0, got ${count}`);
  const ranked = candidates
    .map((c, i) => i)
    .filter((i) => !Number.isNaN(candidates[i].disagreement))
    .sort((a, b) => candidates[b].disagreement - candidates[a].disagreement || a - b)
    .slice(0, Math.max(count, Math.floor(pool)));
  if (ranked.length === 0 || count === 0) return [];
  // Infinite disagreement marks the frames just before a blow-up: they are taken unconditionally.
  const forced = ranked.filter((i) => candidates[i].disagreement === Infinity).slice(0, count);
  const picked = forced.length > 0 ? forced : [ranked[0]];
  const nearest = ranked.map((i) =>
    Math.min(...picked.map((p) => descriptorDistance(candidates[i].descriptor, candidates[p].descriptor))),
  );
  while (picked.length < Math.min(count, ranked.length)) {
    let best = -1;
    for (let k = 0; k < ranked.length; k++) {
      // ranked is in descending disagreement: a strict > keeps the higher disagreement on ties
      if (nearest[k] > 0 && (best < 0 || nearest[k] > nearest[best])) best = k;
    }
    if (best < 0) break; // everything left duplicates a picked frame
    picked.push(ranked[best]);
    const d = candidates[ranked[best]].descriptor;
    for (let k = 0; k < ranked.length; k++)
      nearest[k] = Math.min(nearest[k], descriptorDistance(candidates[ranked[k]].descriptor, d));
  }
  return picked;
}
