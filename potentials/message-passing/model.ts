/**
 * A PaiNN model: architecture, parameters, elements, units and energy normalisation, evaluated on a batch of
 * configurations. Everything here is in the model's own units (model.units); PainnPotential converts to
 * atomic units. The host steps around the network (element check, energy constants, centre-of-mass
 * coordinates) are those of host-steps.ts, shared with the fast path.
 *
 * Energy of configuration b:  E_b = Σ_{i∈b} (scale · y_i + shift + E_ref[Z_i]),  y_i from the energy MLP.
 * Forces F = −∂E/∂R by reverse-mode autodiff through the whole network (float32).
 */
import * as tf from "@tensorflow/tfjs-core";
import { eninetRepresentation } from "../eninet/representation.ts";
import { buildTriplets } from "../eninet/triplets.ts";
import { interactionOf, type PainnArchitecture } from "../painn/architecture.ts";
import { dipoleHead } from "../painn/dipole-head.ts";
import { energyHead } from "../painn/energy-head.ts";
import {
  centreOfMassCoordinates as hostCentreOfMass,
  checkElements,
  constantEnergies,
} from "./host-steps.ts";
import { configIndex, disposeGraphTensors, graphTensors, type GraphTensors } from "../painn/graph.ts";
import { NeighbourList, type BatchLayout, type Edges } from "../painn/neighbour-list.ts";
import type { ParameterSet } from "../painn/parameters.ts";
import { polarizabilityHead } from "../painn/polarizability-head.ts";
import { painnRepresentation } from "../painn/representation.ts";

/** Units a model works in (names as in src/core/units.ts). */
export interface ModelUnits {
  energy: string;
  length: string;
  dipole: string;
  polarizability: string;
}

/** Everything about a model except its weights. */
export interface PainnModelSpec {
  name: string;
  architecture: PainnArchitecture;
  units: ModelUnits;
  /** Atomic numbers the model was trained on. */
  elements: number[];
  /** Per-element reference energy (energy unit), by atomic number; missing entries are 0. */
  referenceEnergies: Map<number, number>;
  /** Per-atom energy normalisation: E_i = scale · y_i + shift (energy unit). */
  normalization: { scale: number; shift: number };
}

/** Input of one evaluation: B configurations flattened (model units). */
export interface BatchInput {
  layout: BatchLayout;
  /** Atomic numbers of all atoms. */
  numbers: Int32Array;
  /** Positions of all atoms [N][3], model length unit. */
  positions: Float64Array;
  /** Masses (any unit) for the centre of mass; default standard atomic weights. */
  masses?: Float64Array;
  /** Total charge of each configuration (e); default 0. */
  totalCharge?: Float64Array;
}

export interface PredictOptions {
  forces?: boolean;
  dipole?: boolean;
  polarizability?: boolean;
  /** Reuse a neighbour list between calls (MD); a fresh one otherwise. */
  neighbourList?: NeighbourList;
}

/** Outputs in model units; forces and charges per atom of the flattened batch. */
export interface Prediction {
  energy: Float64Array;
  forces?: Float64Array;
  dipole?: Float64Array;
  polarizability?: Float64Array;
  charges?: Float64Array;
}

/** Tensors of one forward pass (network part of the energy only: no constants). */
export interface ForwardOutput {
  /** [B] Σ scale·y_i per configuration. */
  energy: tf.Tensor1D;
  dipole?: tf.Tensor2D;
  charges?: tf.Tensor1D;
  polarizability?: tf.Tensor3D;
}

/** Extra per-evaluation tensors the tensor heads need. */
export interface HeadInputs {
  /** Centre-of-mass coordinates [N, 3]. */
  centred: tf.Tensor2D;
  /** Total charge per configuration [B, 1]. */
  totalCharge: tf.Tensor2D;
}

/** The tensors of one batch, from PainnModel.prepare(). */
export interface PreparedBatch {
  R: tf.Tensor2D;
  graph: GraphTensors;
  heads: HeadInputs;
}

export function disposePrepared(p: PreparedBatch): void {
  tf.dispose([p.R, p.heads.centred, p.heads.totalCharge]);
  disposeGraphTensors(p.graph);
}

export class PainnModel {
  constructor(
    readonly spec: PainnModelSpec,
    readonly params: ParameterSet,
  ) {}

  get architecture(): PainnArchitecture {
    return this.spec.architecture;
  }

  /** Interaction cutoff in the model length unit. */
  get cutoff(): number {
    return this.spec.architecture.cutoff;
  }

  get hasDipole(): boolean {
    return this.spec.architecture.heads.dipole !== undefined;
  }

  get hasPolarizability(): boolean {
    return this.spec.architecture.heads.polarizability !== undefined;
  }

  /** The tf.Variables an optimiser trains. */
  trainableVariables(): tf.Variable[] {
    return this.params.trainable();
  }

  /**
   * Differentiable forward pass (for training and for forces): R [N, 3] in model length units.
   * `heads` is needed only when dipole or polarizability are asked for.
   */
  forward(
    R: tf.Tensor2D,
    g: GraphTensors,
    want: { dipole?: boolean; polarizability?: boolean } = {},
    heads?: HeadInputs,
  ): ForwardOutput {
    const arch = this.spec.architecture;
    const { s, v } =
      interactionOf(arch) === "painn"
        ? painnRepresentation(arch, this.params, R, g)
        : eninetRepresentation(arch, this.params, R, g);
    const out: ForwardOutput = {
      energy: energyHead(arch.heads.energy, this.params, s, g, this.spec.normalization.scale),
    };
    if ((want.dipole || want.polarizability) && heads === undefined) {
      throw new Error(
        "PainnModel.forward: dipole and polarizability need centre-of-mass coordinates (heads)",
      );
    }
    if (want.dipole) {
      if (!arch.heads.dipole) throw new Error(`model '${this.spec.name}' has no dipole head`);
      const d = dipoleHead(arch.heads.dipole, this.params, s, v, heads!.centred, heads!.totalCharge, g);
      out.dipole = d.dipole;
      out.charges = d.charges;
    }
    if (want.polarizability) {
      if (!arch.heads.polarizability) throw new Error(`model '${this.spec.name}' has no polarizability head`);
      out.polarizability = polarizabilityHead(
        arch.heads.polarizability,
        this.params,
        s,
        v,
        heads!.centred,
        g,
      );
    }
    return out;
  }

  /** Interaction blocks of the representation ("painn", "eninet_two_body", "eninet_three_body"). */
  get interaction(): string {
    return interactionOf(this.spec.architecture);
  }

  /**
   * The graph tensors of a batch for this model: atoms and bonds, plus the triplets of the line graph
   * (built here, on the host, outside any tape) when the model has three-body blocks.
   * @param positions [N][3] model length unit (float64), used only to apply the three-body cutoff
   */
  graphOf(layout: BatchLayout, numbers: Int32Array, edges: Edges, positions: Float64Array): GraphTensors {
    const arch = this.spec.architecture;
    const triplets =
      interactionOf(arch) === "eninet_three_body"
        ? buildTriplets(edges, positions, arch.threeBodyCutoff ?? 2 * arch.cutoff)
        : undefined;
    return graphTensors({ layout, numbers, configOf: configIndex(layout), edges, triplets });
  }

  /** Throw naming the first element (and configuration) the model was not trained on (host-steps.ts). */
  checkElements(numbers: Int32Array, layout: BatchLayout): void {
    checkElements(this.spec.name, this.spec.elements, numbers, layout);
  }

  /** Position-independent part of each configuration's energy: Σ_i (shift + E_ref[Z_i]), float64. */
  constantEnergy(numbers: Int32Array, layout: BatchLayout): Float64Array {
    return constantEnergies(numbers, layout, this.spec.normalization.shift, this.spec.referenceEnergies);
  }

  /**
   * Tensors for one evaluation of a batch (for training loops; predict() uses it too): positions R [N, 3],
   * the graph (edges from the neighbour list, built on the host), and the head inputs (centre-of-mass
   * coordinates, total charges). Checks the elements. Dispose with disposePrepared().
   */
  prepare(input: BatchInput, neighbourList?: NeighbourList): PreparedBatch {
    const { layout, numbers, positions } = input;
    if (positions.length !== numbers.length * 3) {
      throw new Error(`positions have ${positions.length} values for ${numbers.length} atoms`);
    }
    this.checkElements(numbers, layout);
    const nl = neighbourList ?? new NeighbourList({ cutoff: this.cutoff });
    const edges = nl.edges(positions, layout);
    const graph = this.graphOf(layout, numbers, edges, positions);
    const heads: HeadInputs = {
      centred: tf.tensor2d(centreOfMassCoordinates(input), [numbers.length, 3]),
      totalCharge: tf.tensor2d(
        Float32Array.from(input.totalCharge ?? new Float64Array(layout.start.length)),
        [layout.start.length, 1],
      ),
    };
    const R = tf.tensor2d(Float32Array.from(positions), [numbers.length, 3]);
    return { R, graph, heads };
  }

  /** Evaluate a batch: energies (and forces, dipoles, polarizabilities, charges) in model units. */
  async predict(input: BatchInput, options: PredictOptions = {}): Promise<Prediction> {
    const { layout, numbers } = input;
    const { R, graph: g, heads } = this.prepare(input, options.neighbourList);
    const want = { dipole: options.dipole === true, polarizability: options.polarizability === true };
    let out: ForwardOutput;
    let dEdR: tf.Tensor | null = null;
    try {
      if (options.forces !== false) {
        let kept: ForwardOutput | null = null;
        dEdR = tf.grad((r: tf.Tensor) => {
          const o = this.forward(r as tf.Tensor2D, g, want, heads);
          kept = keepAll(o);
          return tf.sum(o.energy);
        })(R);
        out = kept!;
      } else {
        let kept: ForwardOutput | null = null;
        tf.tidy(() => {
          kept = keepAll(this.forward(R, g, want, heads));
        });
        out = kept!;
      }
      const energy = Float64Array.from(await out.energy.data());
      const constant = this.constantEnergy(numbers, layout);
      for (let b = 0; b < energy.length; b++) energy[b] += constant[b];
      const result: Prediction = { energy };
      if (dEdR !== null) result.forces = Float64Array.from(await dEdR.data(), (x) => -x);
      if (out.dipole) result.dipole = Float64Array.from(await out.dipole.data());
      if (out.charges) result.charges = Float64Array.from(await out.charges.data());
      if (out.polarizability) result.polarizability = Float64Array.from(await out.polarizability.data());
      tf.dispose([out.energy, out.dipole, out.charges, out.polarizability].filter((t) => t !== undefined));
      return result;
    } finally {
      if (dEdR !== null) dEdR.dispose();
      disposePrepared({ R, graph: g, heads });
    }
  }

  dispose(): void {
    this.params.dispose();
  }
}

function keepAll(o: ForwardOutput): ForwardOutput {
  const k = <T extends tf.Tensor>(t: T | undefined): T | undefined =>
    t === undefined ? undefined : tf.keep(t);
  return {
    energy: k(o.energy)!,
    dipole: k(o.dipole),
    charges: k(o.charges),
    polarizability: k(o.polarizability),
  };
}

/** Positions relative to each configuration's centre of mass (float64 on the host, returned as float32). */
export function centreOfMassCoordinates(input: BatchInput): Float32Array {
  return Float32Array.from(hostCentreOfMass(input));
}
