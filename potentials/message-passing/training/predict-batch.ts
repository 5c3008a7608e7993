/**
 * Predictions of a model for a batch, as plain arrays in model units: energies, forces = −∂E/∂R, and the
 * dipoles/polarizabilities asked for. Used for validation metrics and parity plots.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { LabelledBatch } from "./batch.ts";
import type { BatchPredictions, TrainableModel } from "./trainable-model.ts";

export function predictBatch(
  model: TrainableModel,
  batch: LabelledBatch,
  want: readonly ("dipole" | "polarizability")[],
): BatchPredictions {
  const prepared = model.forwardFor(batch, want);
  try {
    const out = tf.tidy(() => {
      const positions = tf.tensor2d(Float32Array.from(batch.positions), [batch.numbers.length, 3]);
      let extra: tf.Tensor[] = [];
      const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => {
        const o = prepared.forward(x as tf.Tensor2D);
        extra = want.map((w) => {
          const t = o[w];
          if (t === undefined) throw new Error(`the model gave no ${w} (has it a ${w} head?)`);
          return t;
        });
        extra.forEach((t) => tf.keep(t));
        return o.energy;
      })(positions);
      return [value, tf.neg(grad), ...extra];
    });
    const arrays = out.map((t) => Float64Array.from(t.dataSync()));
    out.forEach((t) => t.dispose());
    const result: BatchPredictions = { energy: arrays[0], forces: arrays[1] };
    let k = 2;
    if (want.includes("dipole")) result.dipole = arrays[k++];
    if (want.includes("polarizability")) result.polarizability = arrays[k++];
    return result;
  } finally {
    prepared.dispose();
  }
}
