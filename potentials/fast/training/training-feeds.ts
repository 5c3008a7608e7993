/**
 * The per-batch inputs of the training graph (training-graph.ts), computed on the host in float64 and fed in
 * the graph's float type: neighbour slots and edge features of the batch, the geometric factors of the
 * force chain rule, membership matrices, and labels with their loss coefficients coef = mask/(n · width · s²)
 * (the masked mean of loss.ts: a configuration without a label gets coefficient 0).
 */
import * as ort from "onnxruntime-node";
import { configIndex, layoutOfCounts } from "../../painn/graph.ts";
import { centreOfMassCoordinates } from "../../message-passing/host-steps.ts";
import { NeighbourList } from "../../painn/neighbour-list.ts";
import { labelCounts, type LabelledBatch } from "../../message-passing/training/batch.ts";
import type { LossOptions } from "../../message-passing/training/loss.ts";
import { edgeFeatures, type RadialBasis } from "../edge-features.ts";
import type { FloatType } from "../onnx-graph.ts";
import { neighbourSlots } from "../neighbour-slots.ts";
import type { LossTerms } from "./training-graph.ts";

/** Which loss terms this batch needs (weight > 0 and at least one label), as loss.ts decides. */
export function termsOf(batch: LabelledBatch, loss: LossOptions): LossTerms {
  const counts = labelCounts(batch);
  return {
    energy: loss.weights.energy > 0 && counts.energy > 0,
    forces: loss.weights.forces > 0 && counts.forces > 0,
    dipole: loss.weights.dipole > 0 && counts.dipole > 0,
    polarizability: loss.weights.polarizability > 0 && counts.polarizability > 0,
  };
}

function toInt64(a: ArrayLike<number>): BigInt64Array {
  const out = new BigInt64Array(a.length);
  for (let k = 0; k < a.length; k++) out[k] = BigInt(a[k]);
  return out;
}

export interface FeedModel {
  basis: RadialBasis;
  cutoff: number;
  nRbf: number;
  correctCharges: boolean;
  floatType: FloatType;
}

/** Graph inputs (everything but the weights) for one batch. */
export function trainingFeeds(
  model: FeedModel,
  batch: LabelledBatch,
  loss: LossOptions,
  terms: LossTerms,
): Record<string, ort.Tensor> {
  const N = batch.numbers.length;
  const B = batch.nConfigs;
  const K = model.nRbf;
  const counts = new Array<number>(B).fill(0);
  for (const c of batch.configOfAtom) counts[c] += 1;
  const layout = layoutOfCounts(counts);
  const { i, j } = new NeighbourList({ cutoff: model.cutoff }).edges(batch.positions, layout);
  const f = edgeFeatures(batch.positions, i, j, model.basis, model.cutoff, true);
  const slots = neighbourSlots(N, i, j);
  const S = N * slots.M;
  const float64 = model.floatType === "float64";
  const Arr = float64 ? Float64Array : Float32Array;
  const type = float64 ? "float64" : "float32";
  const tensor = (data: ArrayLike<number>, dims: number[]) => new ort.Tensor(type, Arr.from(data), dims);

  const phif = new Float64Array(S * (K + 1));
  const u = new Float64Array(S * 3);
  const phi1 = new Float64Array(S * (K + 1));
  const dA = new Float64Array(S * (K + 1));
  const fprime = new Float64Array(S);
  const invd = new Float64Array(S);
  for (let e = 0; e < i.length; e++) {
    const s = slots.slot[e];
    for (let k = 0; k <= K; k++) phif[s * (K + 1) + k] = f.phifIn[e * (K + 1) + k];
    for (let k = 0; k < 3; k++) u[3 * s + k] = f.u[3 * e + k];
    for (let k = 0; k < K; k++) {
      phi1[s * (K + 1) + k] = f.phi[e * K + k];
      dA[s * (K + 1) + k] = f.fcut[e] * f.dphi[e * K + k];
    }
    phi1[s * (K + 1) + K] = 1;
    fprime[s] = f.dfcut[e];
    invd[s] = 1 / f.d[e];
  }
  const feeds: Record<string, ort.Tensor> = {
    Z: new ort.Tensor("int64", toInt64(batch.numbers), [N]),
    ei: new ort.Tensor("int64", toInt64(slots.ei), [S]),
    ej: new ort.Tensor("int64", toInt64(slots.ej), [S]),
    rev: new ort.Tensor("int64", toInt64(slots.rev), [S]),
    nm: new ort.Tensor("int64", BigInt64Array.from([BigInt(N), BigInt(slots.M)]), [2]),
    phif: tensor(phif, [S, K + 1]),
    u: tensor(u, [S, 3]),
  };
  const configOf = configIndex(layout);
  const P = new Float64Array(B * N);
  for (let a = 0; a < N; a++) P[configOf[a] * N + a] = 1;
  feeds.P = tensor(P, [B, N]);

  const n = labelCounts(batch);
  const { weights, scales } = loss;
  const rowCoef = (mask: Float64Array, count: number, width: number, s: number) =>
    Float64Array.from(mask, (m) => m / (count * width * s * s));
  const add = (p: keyof LossTerms, ref: Float64Array, coef: Float64Array, width: number) => {
    feeds[`ref_${p}`] = tensor(ref, [coef.length, width]);
    feeds[`coef_${p}`] = tensor(coef, [coef.length, 1]);
    feeds[`w_${p}`] = tensor([weights[p]], [1]);
  };
  if (terms.energy) add("energy", batch.energy, rowCoef(batch.energyMask, n.energy, 1, scales.energy), 1);
  if (terms.forces) {
    add("forces", batch.forces, rowCoef(batch.forcesMask, n.forces, 3, scales.forces), 3);
    feeds.phi1 = tensor(phi1, [S, K + 1]);
    feeds.dA = tensor(dA, [S, K + 1]);
    feeds.fprime = tensor(fprime, [S, 1]);
    feeds.invd = tensor(invd, [S, 1]);
  }
  if (terms.dipole || terms.polarizability) {
    const Rc = centreOfMassCoordinates({ layout, numbers: batch.numbers, positions: batch.positions });
    feeds.Rc = tensor(Rc, [N, 3]);
    if (terms.dipole) {
      add("dipole", batch.dipole, rowCoef(batch.dipoleMask, n.dipole, 3, scales.dipole), 3);
      if (model.correctCharges) {
        const Pmean = new Float64Array(N * B);
        for (let a = 0; a < N; a++) Pmean[a * B + configOf[a]] = 1 / counts[configOf[a]];
        feeds.Pmean = tensor(Pmean, [N, B]);
      }
    }
    if (terms.polarizability) {
      add(
        "polarizability",
        batch.polarizability,
        rowCoef(batch.polarizabilityMask, n.polarizability, 9, scales.polarizability),
        9,
      );
    }
  }
  return feeds;
}
