/** Normal-mode transform: FFT == matrix, orthonormality, i-PI's ordering and frequencies. */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  FftNormalModes,
  MatrixNormalModes,
  makeNormalModeTransform,
  normalModeMatrix,
  ringPolymerFrequencies,
} from "../../integrators/ring-polymer/normal-modes.ts";
import { Random } from "../../src/core/random.ts";

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

test("the matrix is orthonormal for P = 1..9, 16, 32", () => {
  for (const P of [1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 32]) {
    const c = normalModeMatrix(P);
    for (let k = 0; k < P; k++) {
      for (let l = 0; l < P; l++) {
        let dot = 0;
        for (let j = 0; j < P; j++) dot += c[j * P + k] * c[j * P + l];
        assert.ok(Math.abs(dot - (k === l ? 1 : 0)) < 1e-13, `P = ${P}: column ${k}·column ${l} = ${dot}`);
      }
    }
  }
});

test("the matrix follows i-PI's mk_nm_matrix entry by entry (P = 6 and 5)", () => {
  for (const P of [5, 6]) {
    const c = normalModeMatrix(P);
    for (let j = 0; j < P; j++) {
      assert.ok(Math.abs(c[j * P] - 1 / Math.sqrt(P)) < 1e-15);
      for (let k = 1; k < P; k++) {
        // i-PI: cosine rows for 1 ≤ k ≤ P/2, sine rows above; the alternating row at k = P/2 (P even)
        let expected: number;
        if (2 * k === P) expected = (j % 2 === 0 ? 1 : -1) / Math.sqrt(P);
        else if (k <= Math.floor(P / 2)) expected = Math.sqrt(2 / P) * Math.cos((2 * Math.PI * j * k) / P);
        else expected = Math.sqrt(2 / P) * Math.sin((2 * Math.PI * j * k) / P);
        assert.ok(Math.abs(c[j * P + k] - expected) < 1e-14, `P = ${P}, bead ${j}, mode ${k}`);
      }
    }
  }
  // spot values, P = 6, bead 1: cos(π/3)·√(1/3), sin(4π/3)·√(1/3) and the alternating mode
  const c6 = normalModeMatrix(6);
  assert.ok(Math.abs(c6[1 * 6 + 1] - 0.5 * Math.sqrt(1 / 3)) < 1e-15);
  assert.ok(Math.abs(c6[1 * 6 + 4] + (Math.sqrt(3) / 2) * Math.sqrt(1 / 3)) < 1e-15);
  assert.ok(Math.abs(c6[1 * 6 + 3] + 1 / Math.sqrt(6)) < 1e-15);
});

test("FFT and matrix transforms agree and invert each other (P = 2..64)", () => {
  const rng = new Random(7);
  for (const P of [2, 4, 8, 16, 32, 64]) {
    const width = 9;
    const x = rng.fillNormal(new Float64Array(P * width));
    const m = new MatrixNormalModes(P);
    const f = new FftNormalModes(P);
    const am = m.toNormalModes(x, new Float64Array(P * width), width);
    const af = f.toNormalModes(x, new Float64Array(P * width), width);
    assert.ok(maxAbsDiff(am, af) < 1e-13, `P = ${P}: forward differs by ${maxAbsDiff(am, af)}`);
    const bm = m.toBeads(am, new Float64Array(P * width), width);
    const bf = f.toBeads(af, new Float64Array(P * width), width);
    assert.ok(maxAbsDiff(bf, bm) < 1e-13, `P = ${P}: inverse differs`);
    assert.ok(maxAbsDiff(bf, x) < 1e-13, `P = ${P}: FFT round trip`);
    assert.ok(maxAbsDiff(bm, x) < 1e-13, `P = ${P}: matrix round trip`);
    // orthonormal: the norm is preserved
    const norm = (v: Float64Array) => v.reduce((s, y) => s + y * y, 0);
    assert.ok(Math.abs(norm(af) - norm(x)) < 1e-12 * norm(x));
  }
  assert.throws(() => new FftNormalModes(6), /power of two/);
  assert.equal(makeNormalModeTransform(6).method, "matrix");
  assert.equal(makeNormalModeTransform(32).method, "fft");
});

test("frequencies ω_k = 2ω_P sin(kπ/P), ω_P = P k_B T, diagonalise the springs in i-PI's mode order", () => {
  const kT = 300 * 3.1668152e-6;
  for (const P of [4, 5, 6, 8]) {
    const w = ringPolymerFrequencies(P, kT);
    const wP = P * kT;
    for (let k = 0; k < P; k++) assert.ok(Math.abs(w[k] - 2 * wP * Math.sin((k * Math.PI) / P)) < 1e-18);
    assert.ok(Math.abs(w[1] - w[P - 1]) < 1e-15, "sine mode P−1 is the partner of cosine mode 1");
    // Σ_j ½ ω_P² |q_j − q_{j+1}|² = Σ_k ½ ω_k² q̃_k² for a random path
    const rng = new Random(P);
    const q = rng.fillNormal(new Float64Array(P));
    const qt = new MatrixNormalModes(P).toNormalModes(q, new Float64Array(P), 1);
    let beadSum = 0;
    let modeSum = 0;
    for (let j = 0; j < P; j++) beadSum += 0.5 * wP * wP * (q[j] - q[(j + 1) % P]) ** 2;
    for (let k = 0; k < P; k++) modeSum += 0.5 * w[k] * w[k] * qt[k] ** 2;
    assert.ok(Math.abs(beadSum - modeSum) < 1e-12 * beadSum, `P = ${P}: ${beadSum} vs ${modeSum}`);
  }
});
