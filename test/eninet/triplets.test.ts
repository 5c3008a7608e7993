/**
 * The line graph: triplets k→j→i built from the directed radius graph equal a brute-force enumeration
 * (non-backtracking, k ≠ i, k→i distance below the three-body cutoff), with no cap on their number, and a
 * batch's triplets are those of its configurations, one after the other.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTriplets } from "../../potentials/eninet/triplets.ts";
import { layoutOfCounts } from "../../potentials/painn/graph.ts";
import { NeighbourList } from "../../potentials/painn/neighbour-list.ts";
import { Random } from "../../src/core/random.ts";

function randomCloud(n: number, box: number, seed: number): Float64Array {
  const rng = new Random(seed);
  return Float64Array.from({ length: 3 * n }, () => box * rng.uniform());
}

const dist = (x: Float64Array, a: number, b: number): number =>
  Math.hypot(x[3 * a] - x[3 * b], x[3 * a + 1] - x[3 * b + 1], x[3 * a + 2] - x[3 * b + 2]);

test("triplets equal the brute-force enumeration, with and without a three-body cutoff", () => {
  const n = 40;
  const x = randomCloud(n, 6, 3);
  const rc = 2.5;
  const edges = new NeighbourList({ cutoff: rc }).edges(x, layoutOfCounts([n]));
  for (const r3 of [Infinity, 3.0]) {
    const t = buildTriplets(edges, x, r3);
    // Every triplet: bond a = k→j, bond b = j→i share j, k ≠ i, d_ki < r3.
    for (let p = 0; p < t.i.length; p++) {
      const a = t.inBond[p];
      const b = t.outBond[p];
      assert.equal(edges.i[a], edges.j[b], "the sending bond ends where the receiving bond starts");
      assert.equal(edges.j[a], t.k[p]);
      assert.equal(edges.i[b], t.i[p]);
      assert.notEqual(t.k[p], t.i[p], "no backtracking");
      assert.ok(dist(x, t.k[p], t.i[p]) < r3);
    }
    // Brute force over atoms: (k, j, i) distinct, d_kj < rc, d_ji < rc, d_ki < r3.
    const expected: string[] = [];
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++)
        for (let k = 0; k < n; k++) {
          if (i === j || k === j || k === i) continue;
          if (dist(x, k, j) < rc && dist(x, j, i) < rc && dist(x, k, i) < r3) expected.push(`${k},${j},${i}`);
        }
    const got = Array.from(t.k, (k, p) => `${k},${edges.i[t.inBond[p]]},${t.i[p]}`);
    assert.deepEqual(got.sort(), expected.sort(), `r3 = ${r3}`);
    assert.equal(new Set(got).size, got.length, "no duplicates");
  }
  assert.ok(buildTriplets(edges, x).i.length > 200, "a dense cloud has many triplets (no cap)");
});

test("without a three-body cutoff each atom j contributes deg(j)·(deg(j) − 1) triplets", () => {
  const n = 25;
  const x = randomCloud(n, 5, 9);
  const edges = new NeighbourList({ cutoff: 2.2 }).edges(x, layoutOfCounts([n]));
  const deg = new Array<number>(n).fill(0);
  for (const i of edges.i) deg[i]++;
  const expected = deg.reduce((s, d) => s + d * (d - 1), 0);
  assert.equal(buildTriplets(edges, x).i.length, expected);
});

test("a batch's triplets are those of each configuration, never across configurations", () => {
  const a = randomCloud(12, 4, 1);
  const b = randomCloud(9, 4, 2);
  const both = Float64Array.from([...a, ...b]);
  const nl = () => new NeighbourList({ cutoff: 2.5 });
  const tA = buildTriplets(nl().edges(a, layoutOfCounts([12])), a, 3.5);
  const tB = buildTriplets(nl().edges(b, layoutOfCounts([9])), b, 3.5);
  const edges = nl().edges(both, layoutOfCounts([12, 9]));
  const t = buildTriplets(edges, both, 3.5);
  assert.equal(t.i.length, tA.i.length + tB.i.length);
  for (let p = 0; p < t.i.length; p++) assert.equal(t.k[p] < 12, t.i[p] < 12, "same configuration");
});
