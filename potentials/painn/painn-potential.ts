/**
 * PaiNN as an equimd Potential: atomic units at the boundary, the model's own units inside. All nBatch
 * configurations (ring-polymer beads, replicas) go through the network in one batched call; the neighbour
 * list is kept between calls (Verlet skin) so an MD step rarely rebuilds it.
 */
import type { Potential, PotentialOutput, Property } from "../../src/core/potential.ts";
import type { System } from "../../src/core/system.ts";
import { unitFactor } from "../../src/core/units.ts";
import { layoutOfCounts } from "./graph.ts";
import { loadModel } from "./model-file.ts";
import type { PainnModel } from "./model.ts";
import { NeighbourList } from "./neighbour-list.ts";

/** Atoms closer than this (Å) are a broken structure, not a physical configuration. */
export const MIN_DISTANCE_ANGSTROM = 0.1;

/** Factors value[a.u.] = value[model unit] × factor for each model quantity. */
interface UnitFactors {
  energy: number;
  length: number;
  force: number;
  dipole: number;
  polarizability: number;
}

export class PainnPotential implements Potential {
  readonly name: string;
  readonly provides: readonly Property[];
  /** Interaction range in bohr. */
  readonly cutoff: number;
  private readonly f: UnitFactors;
  private neighbourList: NeighbourList;

  constructor(readonly model: PainnModel) {
    const u = model.spec.units;
    const length = unitFactor("length", u.length);
    const energy = unitFactor("energy", u.energy);
    this.f = {
      energy,
      length,
      force: energy / length,
      dipole: unitFactor("dipole", u.dipole),
      polarizability: unitFactor("polarizability", u.polarizability),
    };
    this.name =
      model.interaction === "painn"
        ? `PaiNN (${model.spec.name})`
        : `ENINet ${model.interaction} (${model.spec.name})`;
    const provides: Property[] = ["energy", "forces"];
    if (model.hasDipole) provides.push("dipole");
    if (model.hasPolarizability) provides.push("polarizability");
    this.provides = provides;
    this.cutoff = model.cutoff * length;
    this.neighbourList = this.freshNeighbourList();
  }

  /** Load a model file (equimd format, .json or .json.gz) on the chosen backend. */
  static async load(path: string, options: { backend?: string } = {}): Promise<PainnPotential> {
    return new PainnPotential(await loadModel(path, options));
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
    const modelPositions = Float64Array.from(positions, (x) => x * toModel);
    const wantDipole = want.includes("dipole") && this.model.hasDipole;
    const wantAlpha = want.includes("polarizability") && this.model.hasPolarizability;
    const p = await this.model.predict(
      {
        layout: layoutOfCounts(new Array<number>(nBatch).fill(n)),
        numbers,
        positions: modelPositions,
        masses,
        totalCharge: new Float64Array(nBatch).fill(system.charge),
      },
      { forces: true, dipole: wantDipole, polarizability: wantAlpha, neighbourList: this.neighbourList },
    );
    const out: PotentialOutput = {
      energy: p.energy.map((e) => e * this.f.energy),
      forces: p.forces!.map((x) => x * this.f.force),
    };
    if (p.dipole) out.dipole = p.dipole.map((x) => x * this.f.dipole);
    if (p.polarizability) out.polarizability = p.polarizability.map((x) => x * this.f.polarizability);
    return out;
  }

  dispose(): void {
    this.model.dispose();
  }
}
