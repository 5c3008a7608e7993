/**
 * The ENINet-style representation (Mao et al. 2024; docs/eninet.md): atom, bond and (three-body) triplet
 * states, initialised from the geometry and refined by T layers of [three-body block,] two-body block.
 *
 *   s_i = embedding[Z_i],  v_i = 0
 *   h_e = L_e(φ(d_ij)) · f_c(d_ij),  w_e = f_c(d_ij) · u_ij ⊗ 1_F                       (bond j→i)
 *   τ_t = L_t(φ₃(d_ki)),             ν_t = u_ki ⊗ 1_F₃                                  (triplet k→j→i)
 *   f_t = f_c(d_kj) f₃(d_ki),  f₃ the cosine cutoff at r₃, φ₃ the radial basis over [0, r₃]
 *
 * Returns the atom features (s, v), which the shared heads read exactly as PaiNN's.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { PainnArchitecture } from "../painn/architecture.ts";
import { cosineCutoff } from "../painn/cutoff.ts";
import { linear } from "../painn/dense.ts";
import type { GraphTensors } from "../painn/graph.ts";
import type { ParameterSet } from "../painn/parameters.ts";
import { radialBasis } from "../painn/radial-basis.ts";
import { edgeGeometry, type Representation } from "../painn/representation.ts";
import { threeBodyBlock, type TripletGeometry, type TripletState } from "./three-body-block.ts";
import { twoBodyBlock, type BondGeometry, type EninetState } from "./two-body-block.ts";

/** u ⊗ 1_C scaled by f: [rows, 3] × [rows, 1] → [rows, 3, C] (a broadcast product: Tile has no gradient here). */
function broadcastVector(u: tf.Tensor2D, f: tf.Tensor2D, channels: number): tf.Tensor3D {
  return tf.mul(tf.expandDims(tf.mul(u, f), 2), tf.ones([1, 1, channels])) as tf.Tensor3D;
}

/** Triplet geometry from the positions: k→i unit vectors, distances and smooth weights. */
function tripletGeometry(
  arch: PainnArchitecture,
  R: tf.Tensor2D,
  g: GraphTensors,
  bondCutoff: tf.Tensor2D,
): TripletGeometry & { d: tf.Tensor2D } {
  const t = g.triplets!;
  const r = tf.sub(tf.gather(R, t.k), tf.gather(R, t.i)) as tf.Tensor2D;
  const d = tf.sqrt(tf.sum(tf.square(r), 1, true)) as tf.Tensor2D;
  const r3 = arch.threeBodyCutoff ?? 2 * arch.cutoff;
  // The receiving bond's own cutoff is not needed here: every use of a bond's state is gated by it.
  const weight = tf.mul(tf.gather(bondCutoff, t.inBond), cosineCutoff(d, r3)) as tf.Tensor2D;
  return { u: tf.div(r, d) as tf.Tensor2D, d, weight };
}

/** Features of every atom of the batch at positions R [N, 3] (model length unit). */
export function eninetRepresentation(
  arch: PainnArchitecture,
  params: ParameterSet,
  R: tf.Tensor2D,
  g: GraphTensors,
): Representation {
  const F = arch.nAtomBasis;
  const N = g.nAtoms;
  const threeBody = arch.interaction === "eninet_three_body";
  if (threeBody && g.triplets === undefined) {
    throw new Error("an eninet_three_body model needs the triplets of the line graph in its graph");
  }
  const E = g.idxI.shape[0];
  const { u, d } = edgeGeometry(R, g);
  const fc = cosineCutoff(d, arch.cutoff);
  const bonds: BondGeometry = { u, fc };
  let state: EninetState = {
    s: tf.gather(params.get("representation.embedding.weight"), g.numbers) as tf.Tensor2D,
    v: tf.zeros([N, 3, F]) as tf.Tensor3D,
    // (Empty tensors where there is no bond: some wasm kernels fail on empty inputs.)
    h:
      E === 0
        ? (tf.zeros([0, F]) as tf.Tensor2D)
        : tf.mul(
            linear(radialBasis(arch.radialBasis, params, d), params, "representation.bond_embedding"),
            fc,
          ),
    w: E === 0 ? (tf.zeros([0, 3, F]) as tf.Tensor3D) : broadcastVector(u, fc, F),
  };
  let triplet: TripletState | null = null;
  let geometry: TripletGeometry | null = null;
  if (threeBody && g.triplets!.count === 0) {
    const F3 = arch.tripletFeatures!;
    triplet = { tau: tf.zeros([0, F3]) as tf.Tensor2D, nu: tf.zeros([0, 3, F3]) as tf.Tensor3D };
    geometry = { u: tf.zeros([0, 3]) as tf.Tensor2D, weight: tf.zeros([0, 1]) as tf.Tensor2D };
  } else if (threeBody) {
    const tg = tripletGeometry(arch, R, g, fc);
    geometry = tg;
    const phi3 = radialBasis(arch.radialBasis, params, tg.d, "representation.triplet_radial_basis");
    triplet = {
      // Not weighted by f_t: every message of the triplet is (three-body-block.ts), which is enough for
      // smoothness and avoids damping the three-body signal by f_t² at initialisation.
      tau: linear(phi3, params, "representation.triplet_embedding"),
      nu: broadcastVector(tg.u, tf.onesLike(tg.d) as tf.Tensor2D, arch.tripletFeatures!),
    };
  }
  for (let t = 0; t < arch.nInteractions; t++) {
    if (triplet !== null && geometry !== null) {
      const out = threeBodyBlock(
        params,
        `representation.three_body.${t}`,
        state,
        triplet,
        bonds,
        geometry,
        g.triplets!,
        arch.epsilon,
      );
      state = { ...state, h: out.h, w: out.w };
      triplet = out.triplet;
    }
    state = twoBodyBlock(params, `representation.two_body.${t}`, state, bonds, g, arch.epsilon);
  }
  if (E === 0) {
    // Isolated atoms: the energy does not depend on R, but F = −∂E/∂R must still be defined (zero), so
    // the scalars are tied to R by an exact zero.
    return { s: tf.add(state.s, tf.mul(tf.sum(R), 0)) as tf.Tensor2D, v: state.v };
  }
  return { s: state.s, v: state.v };
}
