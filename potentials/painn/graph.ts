/**
 * A batch of B configurations flattened into one graph: atoms of all configurations in one list (each knows
 * its configuration), edges from the neighbour list. Beads, replicas and different molecules batch alike.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { BatchLayout, Edges } from "./neighbour-list.ts";

/** Host-side description of the batch (float64 positions stay with the caller). */
/** Triplets of a line graph (ENINet three-body blocks): pairs of bonds k→j, j→i sharing atom j. */
export interface Triplets {
  /** Index (in the edge list) of the sending bond k→j of each triplet. */
  inBond: Int32Array;
  /** Index of the receiving bond j→i. */
  outBond: Int32Array;
  /** Atom k (the far end of the sending bond). */
  k: Int32Array;
  /** Atom i (the receiving atom of the receiving bond). */
  i: Int32Array;
}

export interface BatchGraph {
  layout: BatchLayout;
  /** Atomic numbers of all atoms, configurations one after the other. */
  numbers: Int32Array;
  /** Configuration index of each atom. */
  configOf: Int32Array;
  edges: Edges;
  /** Triplets of the line graph (ENINet three-body models only). */
  triplets?: Triplets;
}

/** The line graph as tensors (ENINet three-body models). */
export interface TripletTensors {
  count: number;
  inBond: tf.Tensor1D;
  outBond: tf.Tensor1D;
  k: tf.Tensor1D;
  i: tf.Tensor1D;
}

/** The same, as tensors for one evaluation (dispose after use). */
export interface GraphTensors {
  nAtoms: number;
  nConfigs: number;
  numbers: tf.Tensor1D;
  configOf: tf.Tensor1D;
  idxI: tf.Tensor1D;
  idxJ: tf.Tensor1D;
  /** Number of atoms of each configuration, float32 [B, 1] (for per-configuration means). */
  counts: tf.Tensor2D;
  triplets?: TripletTensors;
}

/** Layout of B configurations of the same n atoms. */
export function uniformLayout(nAtoms: number, nConfigs: number): BatchLayout {
  return {
    start: Int32Array.from({ length: nConfigs }, (_, b) => b * nAtoms),
    count: new Int32Array(nConfigs).fill(nAtoms),
  };
}

/** Layout of configurations with the given numbers of atoms. */
export function layoutOfCounts(counts: readonly number[]): BatchLayout {
  const start = new Int32Array(counts.length);
  for (let b = 1; b < counts.length; b++) start[b] = start[b - 1] + counts[b - 1];
  return { start, count: Int32Array.from(counts) };
}

/** Configuration index of each atom. */
export function configIndex(layout: BatchLayout): Int32Array {
  const total = layout.count.reduce((a, b) => a + b, 0);
  const out = new Int32Array(total);
  for (let b = 0; b < layout.start.length; b++)
    out.fill(b, layout.start[b], layout.start[b] + layout.count[b]);
  return out;
}

export function graphTensors(g: BatchGraph): GraphTensors {
  return {
    nAtoms: g.numbers.length,
    nConfigs: g.layout.start.length,
    numbers: tf.tensor1d(g.numbers, "int32"),
    configOf: tf.tensor1d(g.configOf, "int32"),
    idxI: tf.tensor1d(g.edges.i, "int32"),
    idxJ: tf.tensor1d(g.edges.j, "int32"),
    counts: tf.tensor2d(Float32Array.from(g.layout.count), [g.layout.count.length, 1]),
    ...(g.triplets
      ? {
          triplets: {
            count: g.triplets.i.length,
            inBond: tf.tensor1d(g.triplets.inBond, "int32"),
            outBond: tf.tensor1d(g.triplets.outBond, "int32"),
            k: tf.tensor1d(g.triplets.k, "int32"),
            i: tf.tensor1d(g.triplets.i, "int32"),
          },
        }
      : {}),
  };
}

export function disposeGraphTensors(t: GraphTensors): void {
  tf.dispose([t.numbers, t.configOf, t.idxI, t.idxJ, t.counts]);
  if (t.triplets) tf.dispose([t.triplets.inBond, t.triplets.outBond, t.triplets.k, t.triplets.i]);
}
