/**
 * ENINet's two-body block (interaction "eninet_two_body", and the second half of every
 * "eninet_three_body" layer): PaiNN-like message passing in which every directed bond e = j→i carries its
 * own persistent scalar state h_e [F] and vector state w_e [3, F]. With f = f_c(d_ij) the cosine cutoff,
 * u = u_ij the bond's unit vector and L a linear layer:
 *
 *   x_e = L_nb([s_j, s_i]) ∘ L_bond(h_e)
 *   m_e = f · L₁(σ(L₀(x_e)))                                    (scalar bond message)
 *   [c₁, c₂, c₃] = split(L_vec(m_e))
 *   μ_e = f · (c₁ ∘ v_j + c₂ ∘ w_e + c₃ ⊗ u)                      (vector bond message)
 *   h_e += m_e;  w_e += μ_e
 *   M_i = Σ_{e→i} m_e;  V_i = Σ_{e→i} μ_e                         (sums: no mean, no cap)
 *   [o₁, o₂, o₃] = split(V_i W_outᵀ);  g_i = L_gate([M_i, √(|o₃|² + ε)])
 *   Δv_i = o₁ ∘ g_i + o₂;  [p₁, p₂] = split(Δv_i W_prodᵀ);  [q₁, q₂] = split(σ(L_s(M_i)))
 *   v_i += Δv_i;  s_i += ⟨p₁, p₂⟩_xyz ∘ q₁ + q₂
 *
 * Every message carries f, so a bond entering or leaving the cutoff changes the energy smoothly. ENINet's
 * code normalises after the block (LayerNorm on s, min/max norm on v); equimd does not (docs/eninet.md).
 */
import * as tf from "@tensorflow/tfjs-core";
import { linear, mlp, silu } from "../painn/dense.ts";
import type { GraphTensors } from "../painn/graph.ts";
import type { ParameterSet } from "../painn/parameters.ts";
import { mixChannels, outer, scaleChannels, smoothNorm } from "./vector-features.ts";

/** Atom and bond states carried from block to block. */
export interface EninetState {
  /** Atom scalars [N, F]. */
  s: tf.Tensor2D;
  /** Atom vectors [N, 3, F]. */
  v: tf.Tensor3D;
  /** Bond scalars [E, F]. */
  h: tf.Tensor2D;
  /** Bond vectors [E, 3, F]. */
  w: tf.Tensor3D;
}

/** Bond geometry: unit vectors u [E, 3] and cutoff values f_c(d) [E, 1]. */
export interface BondGeometry {
  u: tf.Tensor2D;
  fc: tf.Tensor2D;
}

export function twoBodyBlock(
  params: ParameterSet,
  prefix: string,
  state: EninetState,
  bonds: BondGeometry,
  g: GraphTensors,
  epsilon: number,
): EninetState {
  const { s, v, h, w } = state;
  const N = g.nAtoms;
  const F = s.shape[1];
  if (h.shape[0] === 0) {
    // No bond at all (isolated atoms): zero messages, the atom update from M = 0, V = 0 still applies.
    const [, q2] = tf.split(silu(linear(tf.zeros([N, F]), params, `${prefix}.scalar_out`)), 2, 1);
    return { s: tf.add(s, q2) as tf.Tensor2D, v, h, w };
  }
  const pair = tf.concat([tf.gather(s, g.idxJ), tf.gather(s, g.idxI)], 1) as tf.Tensor2D;
  const x = tf.mul(linear(pair, params, `${prefix}.neighbours`), linear(h, params, `${prefix}.bond_proj`));
  const m = tf.mul(mlp(x as tf.Tensor2D, params, `${prefix}.message`, 2), bonds.fc) as tf.Tensor2D;
  const [c1, c2, c3] = tf.split(linear(m, params, `${prefix}.vector_channels`), 3, 1) as tf.Tensor2D[];
  const vj = tf.gather(v, g.idxJ) as tf.Tensor3D;
  const mu = scaleChannels(
    bonds.fc,
    tf.add(tf.add(scaleChannels(c1, vj), scaleChannels(c2, w)), outer(c3, bonds.u)) as tf.Tensor3D,
  );
  const M = tf.unsortedSegmentSum(m, g.idxI, N) as tf.Tensor2D;
  const V = tf.unsortedSegmentSum(mu, g.idxI, N) as tf.Tensor3D;

  const [o1, o2, o3] = tf.split(mixChannels(V, params, `${prefix}.vector_out`), 3, 2) as tf.Tensor3D[];
  const gate = linear(
    tf.concat([M, smoothNorm(o3, epsilon)], 1) as tf.Tensor2D,
    params,
    `${prefix}.vector_gate`,
  );
  const dv = tf.add(scaleChannels(gate, o1), o2) as tf.Tensor3D;
  const [p1, p2] = tf.split(mixChannels(dv, params, `${prefix}.vector_product`), 2, 2) as tf.Tensor3D[];
  const [q1, q2] = tf.split(silu(linear(M, params, `${prefix}.scalar_out`)), 2, 1) as tf.Tensor2D[];
  const ds = tf.add(tf.mul(tf.sum(tf.mul(p1, p2), 1), q1), q2);
  return {
    s: tf.add(s, ds) as tf.Tensor2D,
    v: tf.add(v, dv) as tf.Tensor3D,
    h: tf.add(h, m) as tf.Tensor2D,
    w: tf.add(w, mu) as tf.Tensor3D,
  };
}
