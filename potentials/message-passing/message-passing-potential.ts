/**
 * An equimd message-passing model (PaiNN or ENINet interaction blocks, docs/eninet.md) on the tfjs path
 * as an equimd Potential: atomic units at the boundary, the model's own units inside. All nBatch
 * configurations (ring-polymer beads, replicas) go through the network in one batched call; the neighbour
 * list is kept between calls (Verlet skin) so an MD step rarely rebuilds it.
 */
import type { Potential, PotentialOutput, Property } from "../../src/core/potential.ts";
import type { System } from "../../src/core/system.ts";
import { unitFactor } from "../../src/core/units.ts";
import { loadModel } from "./model-file.ts";
import type { PainnModel } from "./model.ts";
import { NeighbourList } from "../painn/neighbour-list.ts";
import {
  batchInputOf,
  potentialOutputOf,
  providedProperties,
  unitFactorsOf,
  type UnitFactors,
} from "./unit-boundary.ts";

/** Atoms closer than this (Å) are a broken structure (src/core/geometry-check.ts, the one limit). */
export { MIN_DISTANCE_ANGSTROM } from "../../src/core/geometry-check.ts";
import { MIN_DISTANCE_ANGSTROM } from "../../src/core/geometry-check.ts";

export class MessagePassingPotential implements Potential {
  readonly name: string;
  readonly provides: readonly Property[];
  /** Interaction range in bohr. */
  readonly cutoff: number;
  private readonly f: UnitFactors;
  private neighbourList: NeighbourList;

  constructor(readonly model: PainnModel) {
    this.f = unitFactorsOf(model.spec.units);
    this.name =
      model.interaction === "painn"
        ? `PaiNN (${model.spec.name})`
        : `ENINet ${model.interaction} (${model.spec.name})`;
    this.provides = providedProperties(model.hasDipole, model.hasPolarizability);
    this.cutoff = model.cutoff * this.f.length;
    this.neighbourList = this.freshNeighbourList();
  }

  /** Load a model file (equimd format, .json or .json.gz) on the chosen backend. */
  static async load(path: string, options: { backend?: string } = {}): Promise<MessagePassingPotential> {
    return new MessagePassingPotential(await loadModel(path, options));
  }

  private freshNeighbourList(): NeighbourList {
    const minDistance = MIN_DISTANCE_ANGSTROM * (unitFactor("length", "angstrom") / this.f.length);
    return new NeighbourList({
      cutoff: this.model.cutoff,
      minDistance,
      lengthUnit: this.model.spec.units.length,
    });
  }

  async compute(
    system: System,
    positions: Float64Array,
    nBatch: number,
    want: readonly Property[],
  ): Promise<PotentialOutput> {
    const wantDipole = want.includes("dipole") && this.model.hasDipole;
    const wantAlpha = want.includes("polarizability") && this.model.hasPolarizability;
    const p = await this.model.predict(batchInputOf(this.name, system, positions, nBatch, this.f), {
      forces: true,
      dipole: wantDipole,
      polarizability: wantAlpha,
      neighbourList: this.neighbourList,
    });
    return potentialOutputOf(p, this.f);
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * @deprecated The class also runs ENINet models: use MessagePassingPotential. Kept because many
 * scripts, tests and docs name it.
 */
export const PainnPotential = MessagePassingPotential;
/** @deprecated Use MessagePassingPotential. */
export type PainnPotential = MessagePassingPotential;
