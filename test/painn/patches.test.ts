/**
 * Every fix of potentials/tf/patches.ts against finite differences or exact formulas, on wasm and cpu:
 * second derivatives through sigmoid/SiLU, exp and tanh; segment sum and gather, forward and gradients of
 * first and second order; the parameter gradient of a force-matching loss (the path tfjs got 36 % wrong).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { useBackend } from "../../potentials/tf/backend.ts";
import { applyPatches, patchesApplied } from "../../potentials/tf/patches.ts";
import { silu } from "../../potentials/painn/dense.ts";

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** d²f/dx² by nesting tf.grad, at each x. */
function secondDerivative(f: (x: tf.Tensor) => tf.Tensor, xs: number[]): Float32Array {
  const d2 = tf.grad((x: tf.Tensor) => tf.sum(tf.grad((y: tf.Tensor) => tf.sum(f(y)))(x)));
  return d2(tf.tensor1d(xs)).dataSync() as Float32Array;
}

const XS = [-2.5, -0.7, 0, 0.4, 1.9];

for (const backend of ["wasm", "cpu"]) {
  test(`${backend}: patches apply once and are idempotent`, async () => {
    await useBackend(backend);
    assert.ok(patchesApplied());
    applyPatches(); // a second call changes nothing
    assert.ok(patchesApplied());
  });

  test(`${backend}: second derivatives of SiLU, exp and tanh are exact`, async () => {
    await useBackend(backend);
    const exact: Record<string, (x: number) => number> = {
      silu: (x) => {
        const s = sigmoid(x);
        return s * (1 - s) * (2 + x * (1 - 2 * s));
      },
      exp: (x) => Math.exp(x),
      tanh: (x) => {
        const t = Math.tanh(x);
        return -2 * t * (1 - t * t);
      },
    };
    const fns: Record<string, (x: tf.Tensor) => tf.Tensor> = { silu, exp: tf.exp, tanh: tf.tanh };
    for (const name of Object.keys(fns)) {
      const got = secondDerivative(fns[name], XS);
      XS.forEach((x, i) => {
        const want = exact[name](x);
        assert.ok(
          Math.abs(got[i] - want) < 1e-5 * Math.max(1, Math.abs(want)),
          `${name}''(${x}) = ${got[i]}, exact ${want}`,
        );
      });
    }
  });

  test(`${backend}: segment sum and gather agree with plain loops, gradients with finite differences`, async () => {
    await useBackend(backend);
    const ids = [2, 0, 2, 1, 0, 2];
    const x = Array.from({ length: 6 * 4 }, (_, k) => Math.sin(1.3 * k) + 0.1 * k);
    const out = tf.unsortedSegmentSum(tf.tensor2d(x, [6, 4]), tf.tensor1d(ids, "int32"), 3).dataSync();
    const want = new Float64Array(12);
    ids.forEach((s, e) => {
      for (let k = 0; k < 4; k++) want[4 * s + k] += x[4 * e + k];
    });
    want.forEach((w, i) => assert.ok(Math.abs(out[i] - w) < 1e-5, `segment sum [${i}]`));
    // Row-copy gather (axis 0) of a rank-3 tensor, and a gather along axis 1 (the backend's own kernel).
    const x3 = tf.tensor3d(x, [3, 2, 4]);
    const g3 = tf.gather(x3, tf.tensor1d([2, 0, 2, 1], "int32")).dataSync();
    [2, 0, 2, 1].forEach((r, e) => {
      for (let k = 0; k < 8; k++)
        assert.equal(g3[8 * e + k], Math.fround(x[8 * r + k]), `gather [${e}, ${k}]`);
    });
    const gAxis1 = tf.gather(x3, tf.tensor1d([1], "int32"), 1).dataSync();
    for (let r = 0; r < 3; r++) {
      for (let k = 0; k < 4; k++)
        assert.equal(gAxis1[4 * r + k], Math.fround(x[8 * r + 4 + k]), "gather axis 1");
    }

    // A scalar through gather and segment sum, nonlinear so that second derivatives are non-trivial:
    // L(p) = Σ w ∘ segsum(gather(p, ids)², ids)·… ; check ∂L/∂p and ∂/∂p Σ(∂L/∂p)² by central differences.
    const idsT = tf.tensor1d(ids, "int32");
    const w = tf.tensor2d(
      Array.from({ length: 12 }, (_, k) => Math.cos(0.7 * k)),
      [3, 4],
    );
    const L = (p: tf.Tensor): tf.Tensor => {
      const g = tf.gather(p, idsT);
      return tf.sum(tf.mul(w, tf.unsortedSegmentSum(tf.mul(g, tf.sigmoid(g)), idsT, 3)));
    };
    const gradL = tf.grad(L);
    const G = (p: tf.Tensor): tf.Tensor => tf.sum(tf.square(gradL(p)));
    const gradG = tf.grad(G);
    const p0 = Array.from({ length: 12 }, (_, k) => 0.3 * Math.sin(2.1 * k));
    const P = (v: number[]): tf.Tensor => tf.tensor2d(v, [3, 4]);
    const g1 = gradL(P(p0)).dataSync();
    const g2 = gradG(P(p0)).dataSync();
    const h = 1e-2;
    for (let k = 0; k < 12; k++) {
      const plus = p0.slice();
      const minus = p0.slice();
      plus[k] += h;
      minus[k] -= h;
      const fd1 = (L(P(plus)).dataSync()[0] - L(P(minus)).dataSync()[0]) / (2 * h);
      const fd2 = (G(P(plus)).dataSync()[0] - G(P(minus)).dataSync()[0]) / (2 * h);
      assert.ok(Math.abs(g1[k] - fd1) < 2e-3, `∂L/∂p[${k}] ${g1[k]} vs FD ${fd1}`);
      assert.ok(
        Math.abs(g2[k] - fd2) < 2e-3 * Math.max(1, Math.abs(fd2)),
        `∂G/∂p[${k}] ${g2[k]} vs FD ${fd2}`,
      );
    }
  });

  test(`${backend}: parameter gradient of a force-matching loss equals finite differences`, async () => {
    await useBackend(backend);
    // A small pair potential with a SiLU network: E(R; θ) = Σ_pairs Σ_k c_k silu(a_k d + b_k).
    // Forces F = −∂E/∂R; loss = Σ F²; check ∂loss/∂θ (a second-order gradient) against differences.
    const R = tf.tensor2d([0, 0, 0, 1.1, 0.2, -0.1, -0.3, 0.9, 0.4, 0.5, -0.6, 0.8], [4, 3]);
    const I = tf.tensor1d([0, 0, 0, 1, 1, 2], "int32");
    const J = tf.tensor1d([1, 2, 3, 2, 3, 3], "int32");
    const energy = (r: tf.Tensor, theta: tf.Tensor): tf.Tensor => {
      const diff = tf.sub(tf.gather(r, J), tf.gather(r, I));
      const d = tf.sqrt(tf.sum(tf.square(diff), 1, true)); // [6, 1]
      const [a, b, c] = tf.split(theta, 3, 0);
      return tf.sum(tf.mul(silu(tf.add(tf.mul(d, a), b)), c));
    };
    const loss = (theta: tf.Tensor): tf.Tensor => {
      const forces = tf.neg(tf.grad((r: tf.Tensor) => energy(r, theta))(R));
      return tf.sum(tf.square(forces));
    };
    const theta0 = [0.8, -1.2, 1.5, 0.3, -0.5, 0.1, 0.7, -0.9, 1.1];
    const grad = tf.grad(loss)(tf.tensor1d(theta0)).dataSync();
    const h = 1e-2;
    for (let k = 0; k < theta0.length; k++) {
      const plus = theta0.slice();
      const minus = theta0.slice();
      plus[k] += h;
      minus[k] -= h;
      const fd = (loss(tf.tensor1d(plus)).dataSync()[0] - loss(tf.tensor1d(minus)).dataSync()[0]) / (2 * h);
      assert.ok(
        Math.abs(grad[k] - fd) < 2e-3 * Math.max(1, Math.abs(fd)),
        `∂loss/∂θ[${k}] ${grad[k]} vs FD ${fd}`,
      );
    }
  });
}
