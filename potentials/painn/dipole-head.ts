/**
 * Dipole head: latent partial charges q_i (and, optionally, atomic dipoles μ_i from gated equivariant
 * blocks), shifted so that each configuration carries its total charge Q:
 *
 *   q_i ← q_i + (Q − Σ_{j∈b} q_j)/N_b,    μ_b = Σ_{i∈b} (q_i R_i + μ_i).
 *
 * R_i are centre-of-mass coordinates (model.ts): for a neutral molecule that changes nothing; for an ion it
 * fixes the origin of the dipole at the centre of mass (the usual convention for rotational spectroscopy).
 */
import * as tf from "@tensorflow/tfjs-core";
import type { DipoleHeadSpec } from "./architecture.ts";
import { mlp } from "./dense.ts";
import { gatedEquivariantChain } from "./gated-equivariant-block.ts";
import type { GraphTensors } from "./graph.ts";
import type { ParameterSet } from "./parameters.ts";

export interface DipoleOutput {
  /** [B, 3], charge × length unit of the model. */
  dipole: tf.Tensor2D;
  /** [N] partial charges (e), after the total-charge correction. */
  charges: tf.Tensor1D;
}

/**
 * @param centred positions relative to each configuration's centre of mass [N, 3]
 * @param totalCharge Q of each configuration [B, 1]
 */
export function dipoleHead(
  spec: DipoleHeadSpec,
  params: ParameterSet,
  s: tf.Tensor2D,
  v: tf.Tensor3D,
  centred: tf.Tensor2D,
  totalCharge: tf.Tensor2D,
  g: GraphTensors,
): DipoleOutput {
  const prefix = "output_modules.1.outnet";
  let q: tf.Tensor2D;
  let atomic: tf.Tensor2D | null = null;
  if (spec.type === "charges") {
    q = mlp(s, params, prefix, spec.layers.length - 1);
  } else {
    const out = gatedEquivariantChain(params, prefix, spec.layers, s, v);
    q = out.s;
    atomic = tf.reshape(out.v, [g.nAtoms, 3]);
  }
  if (spec.correctCharges) {
    const sum = tf.unsortedSegmentSum(q, g.configOf, g.nConfigs);
    const correction = tf.div(tf.sub(totalCharge, sum), g.counts);
    q = tf.add(q, tf.gather(correction, g.configOf));
  }
  let mu = tf.mul(q, centred);
  if (atomic !== null) mu = tf.add(mu, atomic);
  return {
    dipole: tf.unsortedSegmentSum(mu, g.configOf, g.nConfigs) as tf.Tensor2D,
    charges: tf.reshape(q, [g.nAtoms]) as tf.Tensor1D,
  };
}
