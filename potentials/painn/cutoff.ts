/**
 * Cosine cutoff f(d) = ½ (cos(π d / r_c) + 1) for d < r_c, 0 beyond. f and f' vanish at r_c, so energies
 * and forces are continuous as an atom crosses the cutoff. Pairs with d ≥ r_c are dropped by the neighbour
 * list (outside the gradient tape), so here every d < r_c and no mask is needed.
 */
import * as tf from "@tensorflow/tfjs-core";

/** f(d) for d of shape [E, 1] (all d < r_c). */
export function cosineCutoff(d: tf.Tensor2D, cutoff: number): tf.Tensor2D {
  return tf.mul(tf.add(tf.cos(tf.mul(d, Math.PI / cutoff)), 1), 0.5) as tf.Tensor2D;
}
