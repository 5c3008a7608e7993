/**
 * What the training code needs from a network: its trainable variables, and for a batch a differentiable
 * function of the positions that returns the per-configuration outputs. Forces are not asked of the
 * model: the loss takes F = −∂E/∂R itself, inside the tape, so that ∂Loss/∂θ includes the force term
 * (a second-order gradient; this needs the patched gradients of potentials/tf/patches.ts).
 */
import type * as tf from "@tensorflow/tfjs-core";
import type { LabelledBatch } from "./batch.ts";

export type TrainableProperty = "energy" | "forces" | "dipole" | "polarizability";

export type PropertyNumbers = Record<TrainableProperty, number>;

/** The loss of loss.ts: weights and scales of its terms. */
export interface LossOptions {
  /** Weight w_p of each term; a weight of 0 leaves the property out (it is not even computed). */
  weights: PropertyNumbers;
  /** Scale s_p of each property in model units (energy scale, force scale, …). */
  scales: PropertyNumbers;
}

export interface ModelOutputs {
  /**
   * [B] energies (model energy unit) WITHOUT the per-element reference energies Σ_i e_ref(Z_i): the labels
   * are packed as residuals in float64 (src/training/batching.ts), so the float32 network never has to
   * carry a total molecular energy.
   */
  energy: tf.Tensor1D;
  /** [B, 3] dipoles, when asked for. */
  dipole?: tf.Tensor2D;
  /** [B, 9] polarizabilities (row-major 3×3), when asked for. */
  polarizability?: tf.Tensor2D;
}

/** Predictions for a batch in model units: energies (without reference energies), forces = −∂E/∂R, … */
export interface BatchPredictions {
  energy: Float64Array;
  forces: Float64Array;
  dipole?: Float64Array;
  polarizability?: Float64Array;
}

/** Predictions with the weights as they were when the predictor was made (validation on the fast path). */
export interface BatchPredictor {
  predict(batch: LabelledBatch, want: readonly ("dipole" | "polarizability")[]): Promise<BatchPredictions>;
  dispose(): Promise<void>;
}

/** A batch's loss, its unweighted terms and ∂L/∂θ in the order of the variables (caller disposes). */
export interface GradientResult {
  loss: number;
  terms: Partial<Record<TrainableProperty, number>>;
  grads: tf.Tensor[];
}

export interface TrainableModel {
  /** The parameters the optimiser updates, in a fixed order (checkpoints rely on it). */
  readonly variables: readonly tf.Variable[];
  /**
   * Prepare a batch (neighbour list and other index arrays, built outside any tape) and return the
   * forward function of positions [N, 3] (model length unit) for it. `want` names the outputs needed
   * besides the energy.
   */
  forwardFor(
    batch: LabelledBatch,
    want: readonly ("dipole" | "polarizability")[],
  ): { forward: (positions: tf.Tensor2D) => ModelOutputs; dispose(): void };
  /**
   * The loss and its gradients computed by the model itself (the onnxruntime fast path); absent: the
   * trainer differentiates forwardFor's function with tf.variableGrads.
   */
  lossAndGradients?(batch: LabelledBatch, loss: LossOptions): Promise<GradientResult>;
  /** A predictor for the current weights (absent: predictions by the tfjs forward of forwardFor). */
  predictor?(): Promise<BatchPredictor>;
}
