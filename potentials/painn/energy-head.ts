/**
 * Energy head: an atomwise MLP y_i = L₁(σ(L₀(s_i))) scaled by the normalisation scale, summed per
 * configuration. The constant parts of the energy (per-atom shift and per-element reference energies) do not
 * depend on positions; the model adds them in float64 on the host (model.ts), which keeps float32 round-off
 * off large absolute energies.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { EnergyHeadSpec } from "./architecture.ts";
import { mlp } from "./dense.ts";
import type { GraphTensors } from "./graph.ts";
import type { ParameterSet } from "./parameters.ts";

/** Σ_{i ∈ b} scale · y_i for every configuration b: [B]. */
export function energyHead(
  spec: EnergyHeadSpec,
  params: ParameterSet,
  s: tf.Tensor2D,
  g: GraphTensors,
  scale: number,
): tf.Tensor1D {
  const y = mlp(s, params, "output_modules.0.outnet", spec.layers.length - 1);
  const yScaled = scale === 1 ? y : tf.mul(y, scale);
  return tf.reshape(tf.unsortedSegmentSum(yScaled, g.configOf, g.nConfigs), [g.nConfigs]) as tf.Tensor1D;
}
