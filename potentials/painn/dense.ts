/**
 * Building blocks: the SiLU activation and linear layers in schnetpack's convention L(x) = x Wᵀ + b with
 * W stored [out, in].
 */
import * as tf from "@tensorflow/tfjs-core";
import type { ParameterSet } from "./parameters.ts";

/** SiLU (swish): σ(x) = x · sigmoid(x). Written out so that its second derivative is exact (patches.ts). */
export function silu(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.sigmoid(x));
}

/** Linear layer `prefix.weight` ([out, in]) and, if present, `prefix.bias`, on x of shape [rows, in]. */
export function linear(x: tf.Tensor2D, params: ParameterSet, prefix: string): tf.Tensor2D {
  const y = tf.matMul(x, params.get(`${prefix}.weight`), false, true) as tf.Tensor2D;
  return params.has(`${prefix}.bias`) ? (tf.add(y, params.get(`${prefix}.bias`)) as tf.Tensor2D) : y;
}

/**
 * Multilayer perceptron `prefix.0`, `prefix.1`, … with SiLU between layers and none after the last:
 * the atomwise networks of PaiNN (L₁(σ(L₀(x))) for two layers).
 */
export function mlp(x: tf.Tensor2D, params: ParameterSet, prefix: string, nLayers: number): tf.Tensor2D {
  let h = x;
  for (let k = 0; k < nLayers; k++) {
    h = linear(h, params, `${prefix}.${k}`);
    if (k < nLayers - 1) h = silu(h) as tf.Tensor2D;
  }
  return h;
}
