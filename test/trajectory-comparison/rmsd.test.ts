import { test } from "node:test";
import assert from "node:assert/strict";
import { Random } from "../../src/core/random.ts";
import {
  largestEigenpair4,
  rmsdAfterSuperposition,
  rmsdInPlace,
  superpose,
  transformConfiguration,
} from "../../src/trajectory-comparison/rmsd.ts";

/** A random proper rotation (from a random unit quaternion). */
function randomRotation(rng: Random): Float64Array {
  const q = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
  const n = Math.hypot(...q);
  const [a, b, c, d] = q.map((x) => x / n);
  return Float64Array.from([
    a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c),
    2 * (b * c + a * d), a * a - b * b + c * c - d * d, 2 * (c * d - a * b),
    2 * (b * d - a * c), 2 * (c * d + a * b), a * a - b * b - c * c + d * d,
  ]); // prettier-ignore
}

function randomConfiguration(rng: Random, n: number): Float64Array {
  return Float64Array.from({ length: 3 * n }, () => 2 * rng.normal());
}

test("a rotated and translated copy has RMSD 0, and the returned rotation undoes it", () => {
  const rng = new Random(7);
  for (let trial = 0; trial < 20; trial++) {
    const a = randomConfiguration(rng, 2 + trial);
    const R = randomRotation(rng);
    const b = transformConfiguration(a, R, [rng.normal() * 5, rng.normal() * 5, rng.normal() * 5]);
    const fit = superpose(a, b);
    assert.ok(fit.rmsd < 1e-13, `trial ${trial}: rmsd ${fit.rmsd}`);
    // R_fit (b − cb) + ca reproduces a
    const centred = Float64Array.from(b, (x, i) => x - fit.centroidB[i % 3]);
    const back = transformConfiguration(centred, fit.rotation, fit.centroidA);
    back.forEach((x, i) => assert.ok(Math.abs(x - a[i]) < 1e-9, `trial ${trial}: coordinate ${i}`));
  }
});

test("RMSD is invariant to rotating and translating either configuration", () => {
  const rng = new Random(11);
  const a = randomConfiguration(rng, 9);
  const b = Float64Array.from(a, (x) => x + 0.3 * rng.normal());
  const weights = Float64Array.from({ length: 9 }, () => 1 + 15 * rng.uniform());
  const reference = rmsdAfterSuperposition(a, b);
  const referenceWeighted = rmsdAfterSuperposition(a, b, weights);
  assert.ok(reference > 0.1);
  for (let trial = 0; trial < 10; trial++) {
    const b2 = transformConfiguration(b, randomRotation(rng), [rng.normal(), rng.normal(), rng.normal()]);
    const a2 = transformConfiguration(a, randomRotation(rng), [rng.normal(), 3, -2]);
    assert.ok(Math.abs(rmsdAfterSuperposition(a, b2) - reference) < 1e-10);
    assert.ok(Math.abs(rmsdAfterSuperposition(a2, b) - reference) < 1e-10);
    assert.ok(Math.abs(rmsdAfterSuperposition(a2, b2, weights) - referenceWeighted) < 1e-10);
  }
});

test("the RMSD is the minimum: the fitted rotation gives it, and no random rotation does better", () => {
  const rng = new Random(3);
  const a = randomConfiguration(rng, 6);
  const b = Float64Array.from(a, (x) => x + 0.5 * rng.normal());
  const fit = superpose(a, b);
  const centred = Float64Array.from(b, (x, i) => x - fit.centroidB[i % 3]);
  assert.ok(
    Math.abs(rmsdInPlace(a, transformConfiguration(centred, fit.rotation, fit.centroidA)) - fit.rmsd) < 1e-12,
  );
  for (let trial = 0; trial < 200; trial++) {
    const other = transformConfiguration(centred, randomRotation(rng), fit.centroidA);
    assert.ok(rmsdInPlace(a, other) >= fit.rmsd - 1e-12);
  }
});

test("hand-computed cases: a stretched square, a stretched diatomic with masses", () => {
  // Square (±1, ±1, 0) against rectangle (±a, ±b, 0): S = diag(4a, 4b, 0), the best rotation is the
  // identity, every atom is off by (1−a, 1−b): RMSD = sqrt((1−a)² + (1−b)²).
  const square = [1, 1, 0, -1, 1, 0, -1, -1, 0, 1, -1, 0];
  const [ra, rb] = [1.3, 0.8];
  const rectangle = [ra, rb, 0, -ra, rb, 0, -ra, -rb, 0, ra, -rb, 0];
  const expected = Math.hypot(1 - ra, 1 - rb);
  assert.ok(Math.abs(rmsdAfterSuperposition(square, rectangle) - expected) < 1e-14);
  // Two atoms with masses m1, m2 at distances d and d': centred on the centre of mass they are off by
  // m2Δ/M and m1Δ/M; mass-weighted RMSD = Δ sqrt(m1 m2)/M, unweighted Δ/2.
  const [m1, m2, d, d2] = [16, 1, 1.8, 2.1];
  const one = [0, 0, 0, 0, 0, d];
  const two = [5, 5, 5, 5 + d2, 5, 5];
  assert.ok(
    Math.abs(rmsdAfterSuperposition(one, two, [m1, m2]) - ((d2 - d) * Math.sqrt(m1 * m2)) / (m1 + m2)) <
      1e-14,
  );
  assert.ok(Math.abs(rmsdAfterSuperposition(one, two) - (d2 - d) / 2) < 1e-14);
});

test("mirror images are not superposed (no reflections)", () => {
  // A chiral tetrahedron and its mirror image z → −z.
  const a = [0, 0, 0, 1, 0, 0, 0, 1.5, 0, 0, 0, 2];
  const mirror = a.map((x, i) => (i % 3 === 2 ? -x : x));
  const fit = superpose(a, mirror);
  assert.ok(fit.rmsd > 0.1, `rmsd ${fit.rmsd}`);
  const R = fit.rotation;
  const det =
    R[0] * (R[4] * R[8] - R[5] * R[7]) -
    R[1] * (R[3] * R[8] - R[5] * R[6]) +
    R[2] * (R[3] * R[7] - R[4] * R[6]);
  assert.ok(Math.abs(det - 1) < 1e-12, `det ${det}`);
});

test("Jacobi eigen-solver: largest eigenpair of a known symmetric matrix", () => {
  // Q diag(3, -1, 0.5, 7) Qᵀ with Q a rotation in the (0,3) and (1,2) planes.
  const c = Math.cos(0.4);
  const s = Math.sin(0.4);
  const Q = [c, 0, 0, -s, 0, c, -s, 0, 0, s, c, 0, s, 0, 0, c];
  const d = [3, -1, 0.5, 7];
  const M = new Float64Array(16);
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++)
      for (let k = 0; k < 4; k++) M[4 * i + j] += Q[4 * i + k] * d[k] * Q[4 * j + k];
  const { value, vector } = largestEigenpair4(M);
  assert.ok(Math.abs(value - 7) < 1e-13);
  const overlap = Math.abs(vector[0] * Q[3] + vector[1] * Q[7] + vector[2] * Q[11] + vector[3] * Q[15]);
  assert.ok(Math.abs(overlap - 1) < 1e-13);
});

test("bad input: different atom counts and non-positive weights", () => {
  assert.throws(() => rmsdAfterSuperposition([0, 0, 0], [0, 0, 0, 1, 1, 1]), /same atoms.*3 and 6/);
  assert.throws(
    () => rmsdAfterSuperposition([0, 0, 0, 1, 0, 0], [0, 0, 0, 1, 0, 0], [1, 0]),
    /weight 1 is 0/,
  );
});
