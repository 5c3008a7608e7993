/**
 * Gradients that second-order differentiation needs but potentials/tf/gradients.ts does not register yet:
 * OnesLike and ZerosLike (constant in their input, so zero gradient). The Sum gradient there builds
 * tf.onesLike(x); in force training the backward pass of ∂E/∂R is itself differentiated (∂Loss/∂θ), and
 * tfjs then stops with "gradient function not found for OnesLike". Workaround owned by the training code
 * until the fix moves into potentials/tf/patches.ts (reported to the painn helper); registering twice is
 * harmless.
 */
import * as tf from "@tensorflow/tfjs-core";

let registered = false;

export function registerTrainingGradients(): void {
  if (registered) return;
  for (const kernelName of [tf.OnesLike, tf.ZerosLike]) {
    tf.registerGradient({
      kernelName,
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => ({ x: () => tf.zerosLike(dy as tf.Tensor) }),
    });
  }
  registered = true;
}
