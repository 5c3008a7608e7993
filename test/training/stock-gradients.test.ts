import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { useBackend } from "../../potentials/tf/backend.ts";
import { registerGradients } from "../../potentials/tf/gradients.ts";
import { checkLossGradient } from "./gradient-check.ts";

/**
 * The gradient check of loss-gradient.test.ts with tfjs's stock gradients of Sigmoid, Exp and Tanh put
 * back: the definitions of tfjs-core 4.22 (dist/gradients/{Sigmoid,Exp,Tanh}_grad.js), which differentiate
 * through the op's saved output y. Inside a nested gradient (force training) that loses the path through
 * y, and ∂Loss/∂θ comes out wrong without any error. This test shows that the check can fail: it asserts
 * the discrepancy, then restores the patched gradients.
 */
const STOCK: tf.GradConfig[] = [
  {
    kernelName: tf.Sigmoid,
    outputsToSave: [true],
    gradFunc: (dy, [y]) => ({ x: () => tf.mul(dy as tf.Tensor, tf.mul(y, tf.sub(tf.scalar(1), y))) }),
  },
  {
    kernelName: tf.Exp,
    outputsToSave: [true],
    gradFunc: (dy, [y]) => ({ x: () => tf.mul(dy as tf.Tensor, y) }),
  },
  {
    kernelName: tf.Tanh,
    outputsToSave: [true],
    gradFunc: (dy, [y]) => ({ x: () => tf.mul(tf.sub(tf.scalar(1), tf.square(y)), dy as tf.Tensor) }),
  },
];

test("with tfjs's stock Sigmoid/Exp/Tanh gradients, dLoss/dθ of a force loss disagrees with finite differences", async () => {
  await useBackend("cpu");
  STOCK.forEach((g) => tf.registerGradient(g));
  try {
    const checks = await checkLossGradient(3, 2e-3);
    const worst = Math.max(
      ...checks.map((c) => Math.abs(c.analytic - c.finiteDifference) / Math.abs(c.finiteDifference)),
    );
    assert.ok(
      worst > 0.02,
      `expected the stock gradients to be visibly wrong, worst relative error ${worst}`,
    );
  } finally {
    registerGradients();
  }
});
