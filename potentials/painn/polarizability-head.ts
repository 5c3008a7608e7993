/**
 * Polarizability head (schnetpack's Polarizability): from gated equivariant blocks each atom gets a scalar
 * α_i and a vector ν_i, and
 *
 *   α_b = Σ_{i∈b} (α_i I₃ + ν_i R_iᵀ + R_i ν_iᵀ),
 *
 * symmetric by construction. schnetpack uses absolute positions R_i, so its α changes under translation;
 * equimd evaluates it on centre-of-mass coordinates (model.ts), which makes it translation-invariant and
 * equal to schnetpack's for a centred molecule.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { PolarizabilityHeadSpec } from "./architecture.ts";
import { gatedEquivariantChain } from "./gated-equivariant-block.ts";
import type { GraphTensors } from "./graph.ts";
import type { ParameterSet } from "./parameters.ts";

/** [B, 3, 3], length unit³ of the model. `centred`: centre-of-mass coordinates [N, 3]. */
export function polarizabilityHead(
  spec: PolarizabilityHeadSpec,
  params: ParameterSet,
  s: tf.Tensor2D,
  v: tf.Tensor3D,
  centred: tf.Tensor2D,
  g: GraphTensors,
): tf.Tensor3D {
  const out = gatedEquivariantChain(params, "output_modules.2.outnet", spec.layers, s, v);
  const nu = tf.reshape(out.v, [g.nAtoms, 3, 1]);
  const outer = tf.mul(nu, tf.reshape(centred, [g.nAtoms, 1, 3])); // ν_a R_b
  const anisotropic = tf.add(outer, tf.transpose(outer, [0, 2, 1]));
  const isotropic = tf.mul(tf.reshape(out.s, [g.nAtoms, 1, 1]), tf.reshape(tf.eye(3), [1, 3, 3]));
  return tf.unsortedSegmentSum(tf.add(isotropic, anisotropic), g.configOf, g.nConfigs) as tf.Tensor3D;
}
