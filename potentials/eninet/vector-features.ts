/**
 * Operations on l = 1 (vector) features of shape [rows, 3, C] (xyz before channels, as PaiNN): channel
 * mixing by a bias-free linear layer (equivariant under any orthogonal transformation of xyz), the smooth
 * norm √(Σ_xyz V² + ε), and outer products c ⊗ u of channel scalars with a geometric vector.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { ParameterSet } from "../painn/parameters.ts";

/** v Wᵀ over the channels, W = `${name}.weight` [out, in] (no bias): [rows, 3, in] → [rows, 3, out]. */
export function mixChannels(v: tf.Tensor3D, params: ParameterSet, name: string): tf.Tensor3D {
  const [rows, , nIn] = v.shape;
  const w = params.get(`${name}.weight`);
  const out = tf.matMul(tf.reshape(v, [rows * 3, nIn]), w, false, true);
  return tf.reshape(out, [rows, 3, w.shape[0]]) as tf.Tensor3D;
}

/**
 * √(Σ_xyz V² + ε): [rows, 3, C] → [rows, C]. The ε keeps the gradient finite (and the forces continuous)
 * where a vector feature vanishes.
 */
export function smoothNorm(v: tf.Tensor3D, epsilon: number): tf.Tensor2D {
  return tf.sqrt(tf.add(tf.sum(tf.square(v), 1), epsilon)) as tf.Tensor2D;
}

/** c ⊗ u: channel scalars c [rows, C] times a vector u [rows, 3] → [rows, 3, C]. */
export function outer(c: tf.Tensor2D, u: tf.Tensor2D): tf.Tensor3D {
  return tf.mul(tf.expandDims(c, 1), tf.expandDims(u, 2)) as tf.Tensor3D;
}

/** Channel scalars c [rows, C] times vector features v [rows, 3, C], channel by channel. */
export function scaleChannels(c: tf.Tensor2D, v: tf.Tensor3D): tf.Tensor3D {
  return tf.mul(tf.expandDims(c, 1), v) as tf.Tensor3D;
}
