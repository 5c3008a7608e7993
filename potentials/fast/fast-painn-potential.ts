/**
 * PaiNN on the fast path (onnxruntime, fast-painn-model.ts) as an equimd Potential: atomic units at the
 * boundary, the model's own units inside, exactly like the tfjs PainnPotential (potentials/painn/), which it
 * replaces where the fast path supports the model (choose-potential.ts picks one and says why).
 */
import type { Potential, PotentialOutput, Property } from "../../src/core/potential.ts";
import type { System } from "../../src/core/system.ts";
import { unitFactor } from "../../src/core/units.ts";
import { layoutOfCounts } from "../painn/graph.ts";
import type { ModelFileData } from "../painn/model-file.ts";
import { NeighbourList } from "../painn/neighbour-list.ts";
import { MIN_DISTANCE_ANGSTROM } from "../painn/painn-potential.ts";
import { FastPainnModel, type FastPainnOptions } from "./fast-painn-model.ts";

export class FastPainnPotential implements Potential {
  readonly name: string;
  readonly provides: readonly Property[];
  /** Interaction range in bohr. */
  readonly cutoff: number;
  readonly model: FastPainnModel;
  private readonly f: {
    energy: number;
    length: number;
    force: number;
    dipole: number;
    polarizability: number;
  };
  private readonly neighbourList: NeighbourList;

  constructor(data: ModelFileData, options: FastPainnOptions = {}) {
    this.model = new FastPainnModel(data, options);
    const u = data.units;
    const length = unitFactor("length", u.length);
    const energy = unitFactor("energy", u.energy);
    this.f = {
      energy,
      length,
      force: energy / length,
      dipole: unitFactor("dipole", u.dipole),
      polarizability: unitFactor("polarizability", u.polarizability),
    };
    this.name = `PaiNN fast (${data.name}, onnxruntime ${this.model.floatType})`;
    const provides: Property[] = ["energy", "forces"];
    if (this.model.hasDipole) provides.push("dipole");
    if (this.model.hasPolarizability) provides.push("polarizability");
    this.provides = provides;
    this.cutoff = this.model.cutoff * length;
    this.neighbourList = new NeighbourList({
      cutoff: this.model.cutoff,
      minDistance: MIN_DISTANCE_ANGSTROM * (unitFactor("length", "angstrom") / length),
      lengthUnit: u.length,
    });
  }

  async compute(
    system: System,
    positions: Float64Array,
    nBatch: number,
    want: readonly Property[],
  ): Promise<PotentialOutput> {
    const n = system.nAtoms;
    if (positions.length !== nBatch * n * 3) {
      throw new Error(`${this.name}: positions have ${positions.length} values, expected ${nBatch}×${n}×3`);
    }
    const numbers = new Int32Array(nBatch * n);
    const masses = new Float64Array(nBatch * n);
    for (let b = 0; b < nBatch; b++) {
      numbers.set(system.numbers, b * n);
      masses.set(system.masses, b * n);
    }
    const toModel = 1 / this.f.length;
    const p = await this.model.predict(
      {
        layout: layoutOfCounts(new Array<number>(nBatch).fill(n)),
        numbers,
        positions: positions.map((x) => x * toModel),
        masses,
        totalCharge: new Float64Array(nBatch).fill(system.charge),
      },
      {
        forces: true,
        dipole: want.includes("dipole") && this.model.hasDipole,
        polarizability: want.includes("polarizability") && this.model.hasPolarizability,
        neighbourList: this.neighbourList,
      },
    );
    const out: PotentialOutput = {
      energy: p.energy.map((e) => e * this.f.energy),
      forces: p.forces!.map((x) => x * this.f.force),
    };
    if (p.dipole) out.dipole = p.dipole.map((x) => x * this.f.dipole);
    if (p.polarizability) out.polarizability = p.polarizability.map((x) => x * this.f.polarizability);
    return out;
  }

  dispose(): Promise<void> {
    return this.model.dispose();
  }
}
