/**
 * A Labeller computes reference properties of single configurations for the labelling pipeline:
 * any core Potential (xtb, analytic models) or the Psi4Calculator, which computes only what is asked.
 * Everything in atomic units: positions bohr, energy hartree, forces hartree/bohr, dipole e·bohr,
 * polarizability bohr³ (3×3 row-major).
 */
import type { Potential, Property } from "../core/potential.ts";
import type { System } from "../core/system.ts";
import type { Psi4Calculator } from "../../potentials/psi4/psi4-calculator.ts";

export interface Labels {
  energy?: number;
  forces?: Float64Array;
  dipole?: Float64Array;
  polarizability?: Float64Array;
}

export interface Labeller {
  /** Short name, used as the key prefix when a property is already present (e.g. psi4_dipole). */
  readonly name: string;
  /** Description of the level of theory, stored in each labelled frame (e.g. "hf/def2-svpd"). */
  readonly levelOfTheory: string;
  /** Properties this labeller computes for every frame. */
  readonly properties: readonly Property[];
  label(system: System, positions: Float64Array): Promise<Labels>;
  dispose(): void | Promise<void>;
}

/** A core Potential as a labeller: energy and forces, plus the optional properties it provides. */
export function potentialLabeller(potential: Potential, name: string, levelOfTheory: string): Labeller {
  const optional = potential.provides.filter((p) => p === "dipole" || p === "polarizability");
  return {
    name,
    levelOfTheory,
    properties: ["energy", "forces", ...optional],
    async label(system, positions) {
      const out = await potential.compute(system, positions, 1, optional);
      return {
        energy: out.energy[0],
        forces: out.forces,
        dipole: out.dipole?.slice(0, 3),
        polarizability: out.polarizability?.slice(0, 9),
      };
    },
    dispose: () => potential.dispose(),
  };
}

/** psi4 as a labeller of the given properties (default dipole and polarizability; the energy comes along). */
export function psi4Labeller(
  calculator: Psi4Calculator,
  properties: readonly Property[] = ["energy", "dipole", "polarizability"],
): Labeller {
  return {
    name: "psi4",
    levelOfTheory: `${calculator.method}/${calculator.basis}`,
    properties,
    async label(system, positions) {
      const [r] = await calculator.properties(system, positions, 1, properties);
      return r;
    },
    dispose: () => calculator.dispose(),
  };
}
