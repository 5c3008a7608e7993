/** Neighbour lists: cell list = all pairs, exact cutoff, Verlet-skin reuse that stays exact. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NeighbourList } from "../../potentials/painn/neighbour-list.ts";
import { layoutOfCounts } from "../../potentials/painn/graph.ts";
import { Random } from "../../src/core/random.ts";

const pairSet = (e: { i: Int32Array; j: Int32Array }): string[] =>
  Array.from(e.i, (i, k) => `${i}-${e.j[k]}`).sort();

/** Brute-force edges with d < rc of a layout. */
function brute(x: Float64Array, counts: number[], rc: number): string[] {
  const out: string[] = [];
  let start = 0;
  for (const n of counts) {
    for (let a = start; a < start + n; a++) {
      for (let b = start; b < start + n; b++) {
        if (a === b) continue;
        const d = Math.hypot(x[3 * b] - x[3 * a], x[3 * b + 1] - x[3 * a + 1], x[3 * b + 2] - x[3 * a + 2]);
        if (d < rc) out.push(`${a}-${b}`);
      }
    }
    start += n;
  }
  return out.sort();
}

test("cell list and all pairs give the brute-force edges for a batch of clusters", () => {
  const rng = new Random(7);
  const counts = [150, 90, 5];
  const n = counts.reduce((a, b) => a + b, 0);
  const x = Float64Array.from({ length: 3 * n }, () => 14 * rng.uniform());
  const layout = layoutOfCounts(counts);
  const cell = new NeighbourList({ cutoff: 3, allPairsBelow: 10 }).edges(x, layout);
  const all = new NeighbourList({ cutoff: 3, allPairsBelow: 1000 }).edges(x, layout);
  const expected = brute(x, counts, 3);
  assert.ok(expected.length > 500, `${expected.length} edges`);
  assert.deepEqual(pairSet(cell), expected);
  assert.deepEqual(pairSet(all), expected);
});

test("exact cutoff: a pair at d = r_c is dropped, just inside is kept", () => {
  const nl = new NeighbourList({ cutoff: 2 });
  const layout = layoutOfCounts([2]);
  assert.equal(nl.edges(Float64Array.from([0, 0, 0, 2, 0, 0]), layout).i.length, 0);
  assert.equal(nl.edges(Float64Array.from([0, 0, 0, 1.999999, 0, 0]), layout).i.length, 2);
});

test("the skin avoids rebuilds for small moves and the result stays exact", () => {
  const rng = new Random(3);
  const counts = [120];
  const x = Float64Array.from({ length: 360 }, () => 12 * rng.uniform());
  const nl = new NeighbourList({ cutoff: 3, skin: 0.6, allPairsBelow: 10 });
  const layout = layoutOfCounts(counts);
  nl.edges(x, layout);
  assert.equal(nl.builds, 1);
  const moved = x.map((v) => v + 0.1 * (rng.uniform() - 0.5)); // every atom moves < 0.3 = skin/2
  assert.deepEqual(pairSet(nl.edges(moved, layout)), brute(moved, counts, 3));
  assert.equal(nl.builds, 1, "no rebuild within skin/2");
  const far = moved.slice();
  far[0] += 1;
  assert.deepEqual(pairSet(nl.edges(far, layout)), brute(far, counts, 3));
  assert.equal(nl.builds, 2, "rebuilt after a move beyond skin/2");
});
