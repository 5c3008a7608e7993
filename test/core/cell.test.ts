import { test } from "node:test";
import assert from "node:assert/strict";
import {
  makeCell,
  minimumImage,
  orthorhombicCell,
  perpendicularWidths,
  strainCell,
  toCartesian,
  toFractional,
  wrapPositions,
} from "../../src/core/cell.ts";
import { Random } from "../../src/core/random.ts";
import { makeSystem, withCell } from "../../src/core/system.ts";

/** A skewed (but reduced) triclinic cell, bohr. */
const triclinic = makeCell([10, 0, 0, 3.1, 9.2, 0, -2.4, 2.7, 8.5]);
const rng = new Random(2718);

test("fractional ↔ Cartesian round trip, and lattice vectors have unit fractional coordinates", () => {
  const r = Float64Array.from({ length: 30 }, () => 40 * (rng.uniform() - 0.5));
  const back = toCartesian(triclinic, toFractional(triclinic, r));
  r.forEach((x, i) => assert.ok(Math.abs(back[i] - x) < 1e-12));
  const s = toFractional(triclinic, triclinic.matrix);
  [1, 0, 0, 0, 1, 0, 0, 0, 1].forEach((x, i) => assert.ok(Math.abs(s[i] - x) < 1e-14));
  const det = 10 * 9.2 * 8.5; // lower-triangular h
  assert.ok(Math.abs(triclinic.volume - det) < 1e-10);
});

test("perpendicular widths: V / |a_i × a_j| (orthorhombic: the edge lengths)", () => {
  assert.deepEqual(
    perpendicularWidths(orthorhombicCell(3, 4, 5)).map((w) => +w.toFixed(12)),
    [3, 4, 5],
  );
  const [a, b, c] = [0, 3, 6].map((o) => Array.from(triclinic.matrix.slice(o, o + 3)));
  const cross = (u: number[], v: number[]) => [
    u[1] * v[2] - u[2] * v[1],
    u[2] * v[0] - u[0] * v[2],
    u[0] * v[1] - u[1] * v[0],
  ];
  const w = perpendicularWidths(triclinic);
  assert.ok(Math.abs(w[0] - triclinic.volume / Math.hypot(...cross(b, c))) < 1e-12);
  assert.ok(Math.abs(w[2] - triclinic.volume / Math.hypot(...cross(a, b))) < 1e-12);
});

test("wrapping folds into [0,1) along periodic directions only, moving atoms by lattice vectors", () => {
  const cell = makeCell(triclinic.matrix, [true, false, true]);
  const r = Float64Array.from({ length: 60 }, () => 60 * (rng.uniform() - 0.5));
  const w = wrapPositions(cell, r);
  const s = toFractional(cell, w);
  const n = toFractional(
    cell,
    r.map((x, i) => x - w[i]),
  );
  for (let p = 0; p < s.length; p += 3) {
    for (const k of [0, 2]) {
      assert.ok(s[p + k] >= 0 && s[p + k] < 1);
      assert.ok(Math.abs(n[p + k] - Math.round(n[p + k])) < 1e-10, "moved by a whole lattice vector");
    }
    assert.ok(Math.abs(n[p + 1]) < 1e-12, "the non-periodic direction is untouched");
  }
});

test("minimum image in a triclinic cell = brute-force shortest image over ±6 cells", () => {
  const h = triclinic.matrix;
  let roundingWrong = 0;
  for (let t = 0; t < 400; t++) {
    const d = [0, 1, 2].map(() => 30 * (rng.uniform() - 0.5));
    let best = Infinity;
    for (let i = -6; i <= 6; i++)
      for (let j = -6; j <= 6; j++)
        for (let k = -6; k <= 6; k++) {
          const x = [0, 1, 2].map((c) => d[c] + i * h[c] + j * h[3 + c] + k * h[6 + c]);
          best = Math.min(best, Math.hypot(...x));
        }
    const m = minimumImage(triclinic, d.slice());
    assert.ok(Math.abs(Math.hypot(...m) - best) < 1e-10, `trial ${t}: ${Math.hypot(...m)} vs ${best}`);
    // Plain rounding of fractional coordinates is not enough in this skewed cell …
    const s = toFractional(triclinic, d).map((x) => x - Math.round(x));
    const rounded = Math.hypot(...toCartesian(triclinic, s));
    if (rounded > best + 1e-10) {
      roundingWrong++;
      // … but only ever for images longer than half the smallest width (the stated validity condition).
      assert.ok(best >= Math.min(...perpendicularWidths(triclinic)) / 2);
    }
  }
  assert.ok(roundingWrong > 0, "the test cell is skewed enough to need the neighbour search");
});

test("non-periodic directions are never imaged; strain maps lattice vectors; withCell keeps the rest", () => {
  const slab = makeCell([6, 0, 0, 0, 6, 0, 0, 0, 6], [true, true, false]);
  const m = minimumImage(slab, [5, -5, 5]);
  [-1, 1, 5].forEach((x, i) => assert.ok(Math.abs(m[i] - x) < 1e-12));
  const F = [1.01, 0.002, 0, 0.002, 0.99, 0, 0, 0, 1];
  const strained = strainCell(triclinic, F);
  const a = Array.from(triclinic.matrix.slice(3, 6));
  const expected = [0, 1, 2].map((i) => F[3 * i] * a[0] + F[3 * i + 1] * a[1] + F[3 * i + 2] * a[2]);
  expected.forEach((x, i) => assert.ok(Math.abs(strained.matrix[3 + i] - x) < 1e-14));
  const gas = makeSystem(["O", "H", "H"]);
  assert.equal(gas.cell, undefined);
  const box = withCell(gas, slab);
  assert.equal(box.cell, slab);
  assert.deepEqual(box.symbols, gas.symbols);
  assert.equal(withCell(box, undefined).cell, undefined);
  assert.throws(() => makeCell([1, 0, 0, 2, 0, 0, 0, 0, 1]), /linearly dependent/);
});
