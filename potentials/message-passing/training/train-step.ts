/**
 * One optimiser step on one batch: loss and ∂L/∂θ by tf.variableGrads (with the force term as a nested
 * gradient) or by the model's own lossAndGradients (the fast path), optional clipping to a global norm, an Adam update, and an optional weight-average update.
 */
import * as tf from "@tensorflow/tfjs-core";
import { clipByGlobalNorm, type Adam } from "./adam.ts";
import type { WeightAverage } from "./ema.ts";
import type { LabelledBatch } from "./batch.ts";
import { batchLoss, outputsWanted, type LossOptions } from "./loss.ts";
import type { TrainableModel, TrainableProperty } from "./trainable-model.ts";

export interface StepResult {
  /** Weighted total loss of the batch before the update. */
  loss: number;
  /** Unweighted dimensionless MSE of each property present in the batch. */
  terms: Partial<Record<TrainableProperty, number>>;
  /** Global gradient norm before clipping. */
  gradNorm: number;
}

/** Loss value and gradients (order of model.variables) of a batch; the caller disposes the gradients. */
export function lossAndGradients(
  model: TrainableModel,
  batch: LabelledBatch,
  loss: LossOptions,
): { loss: number; terms: StepResult["terms"]; grads: tf.Tensor[] } {
  const prepared = model.forwardFor(batch, outputsWanted(batch, loss.weights));
  try {
    let kept: Partial<Record<TrainableProperty, tf.Scalar>> = {};
    const { value, grads } = tf.variableGrads(() => {
      const { total, terms } = batchLoss(prepared.forward, batch, loss);
      kept = terms;
      return total;
    }, model.variables as tf.Variable[]);
    const terms: StepResult["terms"] = {};
    for (const [p, t] of Object.entries(kept) as [TrainableProperty, tf.Scalar][]) {
      terms[p] = t.dataSync()[0];
      t.dispose();
    }
    const lossValue = value.dataSync()[0];
    value.dispose();
    // A batch without some property (e.g. no polarizability labels) leaves that head's weights out of
    // the graph: tf.variableGrads gives them no gradient, which is a zero gradient of this loss.
    return {
      loss: lossValue,
      terms,
      grads: model.variables.map((v) => grads[v.name] ?? tf.zerosLike(v)),
    };
  } finally {
    prepared.dispose();
  }
}

/** One training step with learning rate `lr`; clipNorm ≤ 0 disables clipping. */
export async function trainStep(
  model: TrainableModel,
  batch: LabelledBatch,
  loss: LossOptions,
  optimizer: Adam,
  lr: number,
  clipNorm: number,
  average?: WeightAverage,
): Promise<StepResult> {
  const {
    loss: value,
    terms,
    grads,
  } = model.lossAndGradients
    ? await model.lossAndGradients(batch, loss)
    : lossAndGradients(model, batch, loss);
  const clipped = clipByGlobalNorm(grads, clipNorm);
  grads.forEach((g) => g.dispose());
  if (!Number.isFinite(value) || !Number.isFinite(clipped.norm)) {
    clipped.grads.forEach((g) => g.dispose());
    throw new Error(
      `training diverged: loss ${value}, gradient norm ${clipped.norm} (lower the learning rate or set gradientClip)`,
    );
  }
  optimizer.apply(clipped.grads, lr);
  clipped.grads.forEach((g) => g.dispose());
  average?.update();
  return { loss: value, terms, gradNorm: clipped.norm };
}
