/**
 * The boundary between equimd (atomic units, one System tiled over nBatch configurations) and a network
 * model (its own units, a flat batch of atoms): shared by the TensorFlow.js PainnPotential and the
 * onnxruntime FastPainnPotential, so that both convert exactly alike.
 */
import type { PotentialOutput, Property } from "../../src/core/potential.ts";
import type { System } from "../../src/core/system.ts";
import { unitFactor } from "../../src/core/units.ts";
import { layoutOfCounts } from "../painn/graph.ts";
import type { BatchInput, ModelUnits, Prediction } from "./model.ts";

/** Factors value[a.u.] = value[model unit] × factor for each model quantity. */
export interface UnitFactors {
  energy: number;
  length: number;
  force: number;
  dipole: number;
  polarizability: number;
}

export function unitFactorsOf(units: ModelUnits): UnitFactors {
  const length = unitFactor("length", units.length);
  const energy = unitFactor("energy", units.energy);
  return {
    energy,
    length,
    force: energy / length,
    dipole: unitFactor("dipole", units.dipole),
    polarizability: unitFactor("polarizability", units.polarizability),
  };
}

/** Properties a model with these heads provides. */
export function providedProperties(hasDipole: boolean, hasPolarizability: boolean): Property[] {
  const provides: Property[] = ["energy", "forces"];
  if (hasDipole) provides.push("dipole");
  if (hasPolarizability) provides.push("polarizability");
  return provides;
}

/** The model's batch input for nBatch configurations of `system` at `positions` (bohr). */
export function batchInputOf(
  name: string,
  system: System,
  positions: Float64Array,
  nBatch: number,
  f: UnitFactors,
): BatchInput {
  const n = system.nAtoms;
  if (positions.length !== nBatch * n * 3) {
    throw new Error(`${name}: positions have ${positions.length} values, expected ${nBatch}×${n}×3`);
  }
  const numbers = new Int32Array(nBatch * n);
  const masses = new Float64Array(nBatch * n);
  for (let b = 0; b < nBatch; b++) {
    numbers.set(system.numbers, b * n);
    masses.set(system.masses, b * n);
  }
  const toModel = 1 / f.length;
  return {
    layout: layoutOfCounts(new Array<number>(nBatch).fill(n)),
    numbers,
    positions: Float64Array.from(positions, (x) => x * toModel),
    masses,
    totalCharge: new Float64Array(nBatch).fill(system.charge),
  };
}

/** A model prediction (model units, forces computed) as a PotentialOutput in atomic units. */
export function potentialOutputOf(p: Prediction, f: UnitFactors): PotentialOutput {
  const out: PotentialOutput = {
    energy: p.energy.map((e) => e * f.energy),
    forces: p.forces!.map((x) => x * f.force),
  };
  if (p.dipole) out.dipole = p.dipole.map((x) => x * f.dipole);
  if (p.polarizability) out.polarizability = p.polarizability.map((x) => x * f.polarizability);
  if (p.charges) out.charges = p.charges;
  return out;
}
