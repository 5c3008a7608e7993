import { test } from "node:test";
import assert from "node:assert/strict";
import {
  makeCell,
  orthorhombicCell,
  perpendicularWidths,
  toFractional,
  type Cell,
} from "../../src/core/cell.ts";
import { buildPairList, pairDisplacement, VerletList, type PairList } from "../../src/core/neighbour-list.ts";
import { Random } from "../../src/core/random.ts";

const rng = new Random(1618);

/** Every (i, j, n) with |r_j − r_i + n·h| < radius, by trying all images up to ±range: "i j n0 n1 n2". */
function bruteForce(
  positions: Float64Array,
  cell: Cell | undefined,
  radius: number,
  full: boolean,
): Set<string> {
  const n = positions.length / 3;
  const out = new Set<string>();
  const h = cell?.matrix ?? new Float64Array(9);
  const widths = cell ? perpendicularWidths(cell) : [1, 1, 1];
  const reach = [0, 1, 2].map((k) => (cell?.pbc[k] ? Math.ceil(radius / widths[k]) + 1 : 0));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      // images around the one nearest in fractional coordinates, ± enough to cover the radius
      const dr = [0, 1, 2].map((x) => positions[3 * j + x] - positions[3 * i + x]);
      const ds = cell ? toFractional(cell, dr) : [0, 0, 0];
      const c = [0, 1, 2].map((k) => (cell?.pbc[k] ? -Math.round(ds[k]) : 0));
      for (let a = c[0] - reach[0]; a <= c[0] + reach[0]; a++)
        for (let b = c[1] - reach[1]; b <= c[1] + reach[1]; b++)
          for (let cc = c[2] - reach[2]; cc <= c[2] + reach[2]; cc++) {
            if (i === j && a === 0 && b === 0 && cc === 0) continue;
            const d = [0, 1, 2].map((x) => dr[x] + a * h[x] + b * h[3 + x] + cc * h[6 + x]);
            if (Math.hypot(...d) >= radius) continue;
            const positive = a > 0 || (a === 0 && (b > 0 || (b === 0 && cc > 0)));
            if (!full && (j < i || (i === j && !positive))) continue;
            out.add(`${i} ${j} ${a} ${b} ${cc}`);
          }
    }
  return out;
}

const asSet = (list: PairList) =>
  new Set(
    Array.from(
      { length: list.count },
      (_, p) => `${list.first[p]} ${list.second[p]} ${list.shifts.slice(3 * p, 3 * p + 3).join(" ")}`,
    ),
  );

/** Random unwrapped positions: inside the cell, then moved by a few whole lattice vectors. */
function scattered(cell: Cell, nAtoms: number): Float64Array {
  const h = cell.matrix;
  const r = new Float64Array(3 * nAtoms);
  for (let a = 0; a < nAtoms; a++) {
    const s = [0, 1, 2].map((k) => rng.uniform() + (cell.pbc[k] ? Math.floor(5 * rng.uniform()) - 2 : 0));
    for (let x = 0; x < 3; x++) r[3 * a + x] = s[0] * h[x] + s[1] * h[3 + x] + s[2] * h[6 + x];
  }
  return r;
}

const cases: { name: string; cell: Cell; nAtoms: number; radius: number }[] = [
  { name: "large orthorhombic cell (many bins)", cell: orthorhombicCell(20, 22, 24), nAtoms: 120, radius: 5 },
  {
    name: "triclinic cell smaller than twice the cutoff (multiple images, self-images)",
    cell: makeCell([6, 0, 0, 1.8, 5.5, 0, -1.2, 1.4, 5.8]),
    nAtoms: 7,
    radius: 8.5,
  },
  {
    name: "slab: periodic in a, b only",
    cell: makeCell([9, 0, 0, 2, 8, 0, 0, 0, 15], [true, true, false]),
    nAtoms: 30,
    radius: 6,
  },
];

for (const { name, cell, nAtoms, radius } of cases) {
  test(`pair list = brute force over images: ${name}`, () => {
    const r = scattered(cell, nAtoms);
    for (const full of [false, true]) {
      const list = buildPairList(r, cell, radius, { full });
      const expected = bruteForce(r, cell, radius, full);
      assert.equal(list.count, expected.size, `${full ? "full" : "half"} list size`);
      assert.deepEqual(asSet(list), expected);
    }
    // pairDisplacement gives vectors shorter than the radius
    const list = buildPairList(r, cell, radius);
    const d = [0, 0, 0];
    for (let p = 0; p < list.count; p++) {
      pairDisplacement(list, p, r, cell, d);
      assert.ok(Math.hypot(...d) < radius);
    }
  });
}

test("gas phase: the same pairs as a double loop", () => {
  const r = Float64Array.from({ length: 150 }, () => 30 * rng.uniform());
  assert.deepEqual(asSet(buildPairList(r, undefined, 7)), bruteForce(r, undefined, 7, false));
});

test("Verlet list with a skin: rebuilt only after a move of more than skin/2, never misses a pair", () => {
  const cell = makeCell([11, 0, 0, 2, 10, 0, -1, 1.5, 10.5]);
  const cutoff = 4;
  const verlet = new VerletList(cutoff, 1.0);
  const r = scattered(cell, 60);
  // Each atom drifts with its own velocity, |v| ≤ 0.04·√3 ≈ 0.07 bohr per step.
  const v = r.map(() => 0.08 * (rng.uniform() - 0.5));
  for (let t = 0; t < 40; t++) {
    const list = verlet.update(r, cell);
    const inside = new Set<string>();
    const d = [0, 0, 0];
    for (let p = 0; p < list.count; p++) {
      pairDisplacement(list, p, r, cell, d);
      if (Math.hypot(...d) < cutoff)
        inside.add(
          asSet({
            ...list,
            count: 1,
            first: list.first.subarray(p),
            second: list.second.subarray(p),
            shifts: list.shifts.subarray(3 * p),
          })
            .values()
            .next().value!,
        );
    }
    assert.deepEqual(inside, bruteForce(r, cell, cutoff, false), `step ${t}`);
    for (let k = 0; k < r.length; k++) r[k] += v[k];
  }
  // skin/2 = 0.5 bohr is crossed after ≳ 7 steps: a few rebuilds in 40 steps, not one per step
  assert.ok(verlet.builds >= 2 && verlet.builds <= 8, `builds = ${verlet.builds}`);
  const before = verlet.builds;
  verlet.update(r, makeCell(cell.matrix.map((x) => x * 1.001)));
  assert.equal(verlet.builds, before + 1, "a changed cell forces a rebuild");
});
