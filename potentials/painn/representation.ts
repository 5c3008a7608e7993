/**
 * The PaiNN representation (Schütt, Unke, Gastegger 2021) exactly as schnetpack 2 computes it.
 * Atoms carry scalar features s_i (F) and vector features v_i (3×F); T blocks of message + update:
 *
 *   edges: r_ij = R_j − R_i, d_ij = |r_ij|, u_ij = r_ij/d_ij
 *   filters W_ij = L(φ(d_ij))·f(d_ij), split into T chunks of 3F (or one chunk, shared)
 *   s_i = embedding[Z_i], v_i = 0
 *   message:  x_j = L₁(σ(L₀(s_j)));  [a, b, c] = split(W_ij ∘ x_j)
 *             s_i += Σ_j a_ij;  v_i += Σ_j (b_ij ⊗ u_ij + c_ij ∘ v_j)
 *   update:   [V, U] = split(v_i Mᵀ);  n = √(Σ_xyz V² + ε)
 *             [a_ss, a_vv, a_sv] = split(L₁(σ(L₀([s_i, n]))))
 *             v_i += a_vv ∘ U;  s_i += a_ss + a_sv ∘ Σ_xyz V ∘ U
 *
 * Layout: s [N, F], v [N, 3, F] (xyz before features, as schnetpack).
 */
import * as tf from "@tensorflow/tfjs-core";
import type { PainnArchitecture } from "./architecture.ts";
import { cosineCutoff } from "./cutoff.ts";
import { linear, mlp } from "./dense.ts";
import type { GraphTensors } from "./graph.ts";
import type { ParameterSet } from "./parameters.ts";
import { radialBasis } from "./radial-basis.ts";

export interface Representation {
  /** Scalar features [N, F]. */
  s: tf.Tensor2D;
  /** Vector features [N, 3, F]. */
  v: tf.Tensor3D;
}

/** Geometry of the edges: unit vectors u_ij [E, 3] and distances d_ij [E, 1]. */
export function edgeGeometry(R: tf.Tensor2D, g: GraphTensors): { u: tf.Tensor2D; d: tf.Tensor2D } {
  const r = tf.sub(tf.gather(R, g.idxJ), tf.gather(R, g.idxI)) as tf.Tensor2D;
  const d = tf.sqrt(tf.sum(tf.square(r), 1, true)) as tf.Tensor2D;
  return { u: tf.div(r, d) as tf.Tensor2D, d };
}

/** Features of every atom of the batch at positions R [N, 3] (model length unit). */
export function painnRepresentation(
  arch: PainnArchitecture,
  params: ParameterSet,
  R: tf.Tensor2D,
  g: GraphTensors,
): Representation {
  const F = arch.nAtomBasis;
  const N = g.nAtoms;
  const { u, d } = edgeGeometry(R, g);
  const phi = radialBasis(arch.radialBasis, params, d);
  const filters = tf.mul(linear(phi, params, "representation.filter_net"), cosineCutoff(d, arch.cutoff));
  const filterList = arch.sharedFilters
    ? Array.from({ length: arch.nInteractions }, () => filters)
    : tf.split(filters, arch.nInteractions, 1);

  let s = tf.gather(params.get("representation.embedding.weight"), g.numbers) as tf.Tensor2D;
  let v: tf.Tensor3D | null = null; // v = 0 before the first message
  const u3 = tf.expandDims(u, 2); // [E, 3, 1]

  for (let t = 0; t < arch.nInteractions; t++) {
    // Message: pairwise, from neighbour j to atom i.
    const x = mlp(s, params, `representation.interactions.${t}.interatomic_context_net`, 2);
    const w = tf.mul(filterList[t], tf.gather(x, g.idxJ));
    const [a, b, c] = tf.split(w, 3, 1) as tf.Tensor2D[];
    s = tf.add(s, tf.unsortedSegmentSum(a, g.idxI, N));
    let dv = tf.mul(tf.expandDims(b, 1), u3); // b ⊗ u: [E, 3, F]
    if (v !== null) dv = tf.add(dv, tf.mul(tf.expandDims(c, 1), tf.gather(v, g.idxJ)));
    const dvSum = tf.unsortedSegmentSum(dv, g.idxI, N) as tf.Tensor3D;
    v = v === null ? dvSum : (tf.add(v, dvSum) as tf.Tensor3D);

    // Update: atomwise, couples scalars and vectors.
    const mix = tf.matMul(
      tf.reshape(v, [N * 3, F]),
      params.get(`representation.mixing.${t}.mu_channel_mix.weight`),
      false,
      true,
    );
    const [V, U] = tf.split(tf.reshape(mix, [N, 3, 2 * F]), 2, 2) as tf.Tensor3D[];
    const norm = tf.sqrt(tf.add(tf.sum(tf.square(V), 1), arch.epsilon)) as tf.Tensor2D;
    const ctx = tf.concat([s, norm], 1);
    const y = mlp(ctx, params, `representation.mixing.${t}.intraatomic_context_net`, 2);
    const [ass, avv, asv] = tf.split(y, 3, 1) as tf.Tensor2D[];
    v = tf.add(v, tf.mul(tf.expandDims(avv, 1), U)) as tf.Tensor3D;
    s = tf.add(tf.add(s, ass), tf.mul(asv, tf.sum(tf.mul(V, U), 1))) as tf.Tensor2D;
  }
  return { s, v: v ?? (tf.zeros([N, 3, F]) as tf.Tensor3D) };
}
