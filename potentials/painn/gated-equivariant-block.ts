/**
 * Gated equivariant blocks (PaiNN paper, Fig. 3; schnetpack's GatedEquivariantBlock): map (s, v) with
 * n_in features to n_out features, keeping v equivariant:
 *
 *   [V, W] = split(v · Mᵀ, n_out)           (M = mix_vectors.weight, no bias)
 *   [s', g] = split(L₁(σ(L₀([s, |V|]))), n_out)   (|V|: norm over xyz, no ε)
 *   v' = g ∘ W;  s' → σ(s') on every block but the last.
 *
 * A chain F → F/2 → … → 1 gives per-atom scalars (charges, isotropic polarisabilities) and vectors
 * (atomic dipoles, the ν_i of the polarizability).
 */
import * as tf from "@tensorflow/tfjs-core";
import { mlp, silu } from "./dense.ts";
import type { ParameterSet } from "./parameters.ts";

/** One block; s [N, n_in], v [N, 3, n_in] → s' [N, n_out], v' [N, 3, n_out]. */
export function gatedEquivariantBlock(
  params: ParameterSet,
  prefix: string,
  s: tf.Tensor2D,
  v: tf.Tensor3D,
  nOut: number,
  activateScalars: boolean,
): { s: tf.Tensor2D; v: tf.Tensor3D } {
  const [N, , nIn] = v.shape;
  const mix = tf.matMul(tf.reshape(v, [N * 3, nIn]), params.get(`${prefix}.mix_vectors.weight`), false, true);
  const [V, W] = tf.split(tf.reshape(mix, [N, 3, 2 * nOut]), 2, 2) as tf.Tensor3D[];
  const norm = tf.sqrt(tf.sum(tf.square(V), 1)) as tf.Tensor2D;
  const y = mlp(tf.concat([s, norm], 1), params, `${prefix}.scalar_net`, 2);
  const [sOut, gate] = tf.split(y, 2, 1) as tf.Tensor2D[];
  return {
    s: activateScalars ? (silu(sOut) as tf.Tensor2D) : sOut,
    v: tf.mul(tf.expandDims(gate, 1), W) as tf.Tensor3D,
  };
}

/** A chain of blocks `prefix.0`, `prefix.1`, … with widths `layers` = [n_in, …, n_out]. */
export function gatedEquivariantChain(
  params: ParameterSet,
  prefix: string,
  layers: number[],
  s: tf.Tensor2D,
  v: tf.Tensor3D,
): { s: tf.Tensor2D; v: tf.Tensor3D } {
  let out = { s, v };
  const nBlocks = layers.length - 1;
  for (let k = 0; k < nBlocks; k++) {
    out = gatedEquivariantBlock(params, `${prefix}.${k}`, out.s, out.v, layers[k + 1], k < nBlocks - 1);
  }
  return out;
}
