// Ops with one output (a split into one part, an unstack of a length-1 axis) get dy as a tensor, not a
// list; their gradients must handle both (a PaiNN with T = 1 and a dipole head used to fail to train).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { useBackend } from "../../potentials/tf/backend.ts";

test("gradients through a one-part split and a length-1 unstack", async () => {
  await useBackend("cpu");
  const x = tf.tensor2d([[0.5, -1.5, 2.0]]);
  // d/dx Σ split(x)² = 2x
  const g1 = tf.grad((v: tf.Tensor) => tf.sum(tf.square(tf.split(v, [3], 1)[0])))(x);
  assert.deepEqual(Array.from(g1.dataSync()), [1, -3, 4]);
  // d/dx Σ unstack(x)[0]³ = 3x² (cube written as products: equimd registers gradients only for kernels it uses)
  const g2 = tf.grad((v: tf.Tensor) => {
    const u = tf.unstack(v, 0)[0];
    return tf.sum(tf.mul(u, tf.mul(u, u)));
  })(x);
  Array.from(g2.dataSync()).forEach((g, k) => assert.ok(Math.abs(g - 3 * [0.5, -1.5, 2.0][k] ** 2) < 1e-5));
  tf.dispose([x, g1, g2]);
});
