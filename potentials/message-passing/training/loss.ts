/**
 * The training loss: a weighted sum of mean squared errors of energy, forces, dipole and polarizability,
 * each made dimensionless by a scale of that property (so the weights compare like with like):
 *
 *   L = Σ_p w_p · (1 / n_p) Σ_{labelled components} (ŷ − y)² / s_p²
 *
 * n_p counts the labelled components in the batch (a configuration without a label of p contributes
 * nothing: masks), s_p is the property's scale (model units). Forces are F̂ = −∂Ê/∂R taken inside the
 * tape, so ∂L/∂θ of the force term is a second-order derivative.
 */
import * as tf from "@tensorflow/tfjs-core";
import { labelCounts, type LabelledBatch } from "./batch.ts";
import type { LossOptions, ModelOutputs, PropertyNumbers, TrainableProperty } from "./trainable-model.ts";

export type { LossOptions, PropertyNumbers } from "./trainable-model.ts";

export interface LossTensors {
  total: tf.Scalar;
  /** The dimensionless mean squared error of each property present (before weighting). */
  terms: Partial<Record<TrainableProperty, tf.Scalar>>;
}

function maskedMse(
  pred: tf.Tensor,
  ref: Float64Array,
  mask: Float64Array,
  width: number,
  count: number,
  scale: number,
) {
  const r = tf.tensor(Float32Array.from(ref), pred.shape);
  const m = tf.tensor(Float32Array.from(mask), [mask.length, 1]);
  const d = tf.mul(tf.sub(tf.reshape(pred, [mask.length, width]), tf.reshape(r, [mask.length, width])), m);
  return tf.div(tf.sum(tf.square(d)), count * width * scale * scale) as tf.Scalar;
}

/**
 * Loss of a batch for the forward function of the model. Call inside tf.variableGrads (or tf.tidy);
 * the returned term tensors are kept so that the caller can read them afterwards.
 */
export function batchLoss(
  forward: (positions: tf.Tensor2D) => ModelOutputs,
  batch: LabelledBatch,
  options: LossOptions,
): LossTensors {
  const { weights, scales } = options;
  const counts = labelCounts(batch);
  const use = (p: TrainableProperty) => weights[p] > 0 && counts[p] > 0;
  const positions = tf.tensor2d(Float32Array.from(batch.positions), [batch.numbers.length, 3]);
  let outputs: ModelOutputs;
  let forces: tf.Tensor2D | undefined;
  if (use("forces")) {
    // F = −∂E/∂R for every configuration at once (configurations are independent: ∂(ΣE)/∂R_b = ∂E_b/∂R_b).
    let captured: ModelOutputs | undefined;
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => {
      captured = forward(x as tf.Tensor2D);
      if (captured.dipole) tf.keep(captured.dipole);
      if (captured.polarizability) tf.keep(captured.polarizability);
      return captured.energy;
    })(positions);
    outputs = { ...captured!, energy: value as tf.Tensor1D };
    forces = tf.neg(grad) as tf.Tensor2D;
  } else {
    outputs = forward(positions);
  }
  const terms: LossTensors["terms"] = {};
  if (use("energy")) {
    terms.energy = maskedMse(outputs.energy, batch.energy, batch.energyMask, 1, counts.energy, scales.energy);
  }
  if (forces)
    terms.forces = maskedMse(forces, batch.forces, batch.forcesMask, 3, counts.forces, scales.forces);
  if (use("dipole")) {
    if (!outputs.dipole)
      throw new Error("the loss needs a dipole but the model gave none (has it a dipole head?)");
    terms.dipole = maskedMse(outputs.dipole, batch.dipole, batch.dipoleMask, 3, counts.dipole, scales.dipole);
  }
  if (use("polarizability")) {
    if (!outputs.polarizability) {
      throw new Error(
        "the loss needs a polarizability but the model gave none (has it a polarizability head?)",
      );
    }
    terms.polarizability = maskedMse(
      outputs.polarizability,
      batch.polarizability,
      batch.polarizabilityMask,
      9,
      counts.polarizability,
      scales.polarizability,
    );
  }
  let total: tf.Scalar = tf.scalar(0);
  for (const [p, t] of Object.entries(terms) as [TrainableProperty, tf.Scalar][]) {
    total = tf.add(total, tf.mul(t, weights[p]));
    tf.keep(t);
  }
  return { total, terms };
}

/** Which non-energy outputs the loss needs from the model for this batch. */
export function outputsWanted(
  batch: LabelledBatch,
  weights: PropertyNumbers,
): ("dipole" | "polarizability")[] {
  const counts = labelCounts(batch);
  const want: ("dipole" | "polarizability")[] = [];
  if (weights.dipole > 0 && counts.dipole > 0) want.push("dipole");
  if (weights.polarizability > 0 && counts.polarizability > 0) want.push("polarizability");
  return want;
}
