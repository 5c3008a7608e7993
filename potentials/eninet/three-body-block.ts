/**
 * ENINet's three-body block (interaction "eninet_three_body"): message passing on the line graph, whose
 * nodes are the bonds and whose edges are the triplets t = (k→j→i) (triplets.ts). A triplet carries a
 * persistent scalar state τ_t [F₃] and vector state ν_t [3, F₃]; its geometry is the k→i vector
 * (u_t = r_ki/d_ki) and its smooth weight f_t = f_c(d_kj) · f₃(d_ki) (cosine cutoffs on the sending bond and
 * on the k→i distance at r₃; the receiving bond's cutoff f_c(d_ji) gates every later use of that bond's
 * state, in this block's update of h_b and in the two-body block). With a = k→j, b = j→i:
 *
 *   ĥ_e = σ(L_in(h_e)),  ŵ_e = w_e W_inᵀ                         (bond states brought to F₃ channels)
 *   x_t = L_nb([ĥ_a, ĥ_b]) ∘ L_τ(τ_t)
 *   m_t = f_t · L₁(σ(L₀(x_t)))                                   (scalar triplet message)
 *   [c₁, c₂, c₃] = split(L_vec(m_t))
 *   μ_t = f_t · (c₁ ∘ ν_t + c₂ ∘ ŵ_a + c₃ ⊗ u_t)                  (vector message; opposite bonds no longer cancel)
 *   τ_t += m_t;  ν_t += μ_t
 *   M_b = Σ_{t→b} m_t;  V_b = Σ_{t→b} μ_t
 *   w_b += V_b W_outᵀ;  h_b += f_c(d_b) · L₁'(σ(L₀'([M_b, √(|ŵ_b|² + ε)])))
 *
 * The update of h_b carries the bond's own cutoff so that every bond state stays ∝ f_c(d_b) and vanishes
 * smoothly at the two-body cutoff.
 */
import * as tf from "@tensorflow/tfjs-core";
import { linear, mlp, silu } from "../painn/dense.ts";
import type { TripletTensors } from "../painn/graph.ts";
import type { ParameterSet } from "../painn/parameters.ts";
import type { BondGeometry } from "./two-body-block.ts";
import { mixChannels, outer, scaleChannels, smoothNorm } from "./vector-features.ts";

/** Triplet states carried from layer to layer. */
export interface TripletState {
  /** Triplet scalars [T, F₃]. */
  tau: tf.Tensor2D;
  /** Triplet vectors [T, 3, F₃]. */
  nu: tf.Tensor3D;
}

/** Triplet geometry: k→i unit vectors u [T, 3] and smooth weights f_t [T, 1]. */
export interface TripletGeometry {
  u: tf.Tensor2D;
  weight: tf.Tensor2D;
}

export function threeBodyBlock(
  params: ParameterSet,
  prefix: string,
  bondState: { h: tf.Tensor2D; w: tf.Tensor3D },
  triplet: TripletState,
  bonds: BondGeometry,
  geometry: TripletGeometry,
  t: TripletTensors,
  epsilon: number,
): { h: tf.Tensor2D; w: tf.Tensor3D; triplet: TripletState } {
  const { h, w } = bondState;
  const E = h.shape[0];
  const F3 = triplet.tau.shape[1];
  if (t.count === 0) {
    // No triplet (yet): the messages are zero, but the bond update from [0, |ŵ_b|] still applies, so that
    // the energy is continuous as the first triplet enters. (Kernels on empty tensors are avoided.)
    if (E === 0) return { h, w, triplet };
    const wIn = mixChannels(w, params, `${prefix}.bond_vector_in`);
    const ctx = tf.concat([tf.zeros([E, F3]), smoothNorm(wIn, epsilon)], 1) as tf.Tensor2D;
    const dh = tf.mul(mlp(ctx, params, `${prefix}.bond_scalar_out`, 2), bonds.fc) as tf.Tensor2D;
    return { h: tf.add(h, dh) as tf.Tensor2D, w, triplet };
  }
  const hIn = silu(linear(h, params, `${prefix}.bond_scalar_in`)) as tf.Tensor2D;
  const wIn = mixChannels(w, params, `${prefix}.bond_vector_in`);
  const pair = tf.concat([tf.gather(hIn, t.inBond), tf.gather(hIn, t.outBond)], 1) as tf.Tensor2D;
  const x = tf.mul(
    linear(pair, params, `${prefix}.neighbours`),
    linear(triplet.tau, params, `${prefix}.triplet_proj`),
  );
  const m = tf.mul(mlp(x as tf.Tensor2D, params, `${prefix}.message`, 2), geometry.weight) as tf.Tensor2D;
  const [c1, c2, c3] = tf.split(linear(m, params, `${prefix}.vector_channels`), 3, 1) as tf.Tensor2D[];
  const wa = tf.gather(wIn, t.inBond) as tf.Tensor3D;
  const mu = scaleChannels(
    geometry.weight,
    tf.add(
      tf.add(scaleChannels(c1, triplet.nu), scaleChannels(c2, wa)),
      outer(c3, geometry.u),
    ) as tf.Tensor3D,
  );
  const M = tf.unsortedSegmentSum(m, t.outBond, E) as tf.Tensor2D;
  const V = tf.unsortedSegmentSum(mu, t.outBond, E) as tf.Tensor3D;
  const dw = mixChannels(V, params, `${prefix}.bond_vector_out`);
  const ctx = tf.concat([M, smoothNorm(wIn, epsilon)], 1) as tf.Tensor2D;
  const dh = tf.mul(mlp(ctx, params, `${prefix}.bond_scalar_out`, 2), bonds.fc);
  return {
    h: tf.add(h, dh) as tf.Tensor2D,
    w: tf.add(w, dw) as tf.Tensor3D,
    triplet: { tau: tf.add(triplet.tau, m) as tf.Tensor2D, nu: tf.add(triplet.nu, mu) as tf.Tensor3D },
  };
}
