/**
 * PaiNN on the fast path (onnxruntime, fast-painn-model.ts) as an equimd Potential: atomic units at the
 * boundary, the model's own units inside, exactly like the tfjs PainnPotential (potentials/painn/), which it
 * replaces where the fast path supports the model (choose-potential.ts picks one and says why).
 */
import type { Potential, PotentialOutput, Property } from "../../src/core/potential.ts";
import type { System } from "../../src/core/system.ts";
import { unitFactor } from "../../src/core/units.ts";
import type { ModelFileData } from "../message-passing/model-file.ts";
import { NeighbourList } from "../painn/neighbour-list.ts";
import {
  batchInputOf,
  potentialOutputOf,
  providedProperties,
  unitFactorsOf,
  type UnitFactors,
} from "../message-passing/unit-boundary.ts";
import { MIN_DISTANCE_ANGSTROM } from "../message-passing/message-passing-potential.ts";
import { FastPainnModel, type FastPainnOptions } from "./fast-painn-model.ts";

export class FastPainnPotential implements Potential {
  readonly name: string;
  readonly provides: readonly Property[];
  /** Interaction range in bohr. */
  readonly cutoff: number;
  readonly model: FastPainnModel;
  private readonly f: UnitFactors;
  private readonly neighbourList: NeighbourList;

  constructor(data: ModelFileData, options: FastPainnOptions = {}) {
    this.model = new FastPainnModel(data, options);
    this.f = unitFactorsOf(data.units);
    this.name = `PaiNN fast (${data.name}, onnxruntime ${this.model.floatType})`;
    this.provides = providedProperties(this.model.hasDipole, this.model.hasPolarizability);
    this.cutoff = this.model.cutoff * this.f.length;
    this.neighbourList = new NeighbourList({
      cutoff: this.model.cutoff,
      minDistance: MIN_DISTANCE_ANGSTROM * (unitFactor("length", "angstrom") / this.f.length),
      lengthUnit: data.units.length,
    });
  }

  async compute(
    system: System,
    positions: Float64Array,
    nBatch: number,
    want: readonly Property[],
  ): Promise<PotentialOutput> {
    const p = await this.model.predict(batchInputOf(this.name, system, positions, nBatch, this.f), {
      forces: true,
      dipole: want.includes("dipole") && this.model.hasDipole,
      polarizability: want.includes("polarizability") && this.model.hasPolarizability,
      neighbourList: this.neighbourList,
    });
    return potentialOutputOf(p, this.f);
  }

  dispose(): Promise<void> {
    return this.model.dispose();
  }
}
