/**
 * PaiNN as a TrainableModel: per batch, the neighbour list and graph are built outside the tape, and the
 * forward function of the positions returns the network part of the energy (scale · Σ y_i, no reference
 * energies: the labels are residuals), and dipoles/polarizabilities from centre-of-mass coordinates.
 */
import * as tf from "@tensorflow/tfjs-core";
import { disposeGraphTensors, layoutOfCounts } from "../../painn/graph.ts";
import { centreOfMassCoordinates, type HeadInputs, type PainnModel } from "../model.ts";
import { NeighbourList } from "../../painn/neighbour-list.ts";
import type { LabelledBatch } from "./batch.ts";
import type { ModelOutputs, TrainableModel } from "./trainable-model.ts";

export class PainnTrainable implements TrainableModel {
  readonly variables: readonly tf.Variable[];

  constructor(readonly model: PainnModel) {
    this.variables = model.trainableVariables();
  }

  forwardFor(batch: LabelledBatch, want: readonly ("dipole" | "polarizability")[]) {
    const counts = new Array<number>(batch.nConfigs).fill(0);
    for (const c of batch.configOfAtom) counts[c] += 1;
    const layout = layoutOfCounts(counts);
    this.model.checkElements(batch.numbers, layout);
    const edges = new NeighbourList({ cutoff: this.model.cutoff }).edges(batch.positions, layout);
    const g = this.model.graphOf(layout, batch.numbers, edges, batch.positions);
    const flags = { dipole: want.includes("dipole"), polarizability: want.includes("polarizability") };
    const heads: HeadInputs | undefined =
      flags.dipole || flags.polarizability
        ? {
            centred: tf.tensor2d(
              centreOfMassCoordinates({ layout, numbers: batch.numbers, positions: batch.positions }),
              [batch.numbers.length, 3],
            ),
            totalCharge: tf.zeros([batch.nConfigs, 1]) as tf.Tensor2D,
          }
        : undefined;
    const forward = (R: tf.Tensor2D): ModelOutputs => {
      const o = this.model.forward(R, g, flags, heads);
      return {
        energy: o.energy,
        dipole: o.dipole,
        polarizability: o.polarizability
          ? (tf.reshape(o.polarizability, [batch.nConfigs, 9]) as tf.Tensor2D)
          : undefined,
      };
    };
    return {
      forward,
      dispose: () => {
        disposeGraphTensors(g);
        if (heads) tf.dispose([heads.centred, heads.totalCharge]);
      },
    };
  }
}
