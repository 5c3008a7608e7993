/**
 * Labels ↔ extxyz frames, in ASE's units at the file boundary: positions Å, energy eV, forces eV/Å,
 * dipole e·Å, polarizability Å³. A 3×3 polarizability is stored as 9 numbers in Fortran (column-major)
 * order, the order ASE uses for 9-number info values (α is symmetric, so this matters only at the
 * level of the CPHF convergence).
 *
 * Key names: a property is stored under its ASE name (energy, forces, dipole, polarizability) unless
 * the frame already has that key (e.g. an xtb-labelled frame relabelled with psi4), in which case it
 * is stored as `<labeller>_<name>` (psi4_energy, psi4_dipole). `<labeller>_level` records the level of
 * theory, e.g. psi4_level=hf/def2-svpd.
 */
import type { Frame } from "../io/extxyz.ts";
import { BOHR_IN_ANGSTROM, HARTREE_IN_EV } from "../core/units.ts";
import type { Labeller, Labels } from "./labeller.ts";

/** Positions of a frame (Å) in bohr. */
export function positionsInBohr(frame: Frame): Float64Array {
  return Float64Array.from(frame.positions, (x) => x / BOHR_IN_ANGSTROM);
}

/** Row-major 3×3 → 9 numbers in Fortran order. */
function fortranOrder(m: ArrayLike<number>): number[] {
  return [0, 1, 2].flatMap((col) => [0, 1, 2].map((row) => m[3 * row + col]));
}

/** Key for property `name` in `frame`: the plain name if free, else prefixed with the labeller's name. */
function keyFor(frame: Frame, name: string, labeller: string): string {
  return name in frame.info || name in frame.arrays ? `${labeller}_${name}` : name;
}

/** Add the labels (atomic units) to a frame, converted to ASE units. Returns the keys written. */
export function addLabels(
  frame: Frame,
  labels: Labels,
  labeller: Pick<Labeller, "name" | "levelOfTheory">,
): string[] {
  const written: string[] = [];
  const info = (name: string, value: number | number[]) => {
    const key = keyFor(frame, name, labeller.name);
    frame.info[key] = value;
    written.push(key);
  };
  if (labels.energy !== undefined) info("energy", labels.energy * HARTREE_IN_EV);
  if (labels.dipole)
    info(
      "dipole",
      Array.from(labels.dipole, (d) => d * BOHR_IN_ANGSTROM),
    );
  if (labels.polarizability)
    info(
      "polarizability",
      fortranOrder(labels.polarizability).map((a) => a * BOHR_IN_ANGSTROM ** 3),
    );
  if (labels.forces) {
    const key = keyFor(frame, "forces", labeller.name);
    frame.arrays[key] = Float64Array.from(labels.forces, (f) => (f * HARTREE_IN_EV) / BOHR_IN_ANGSTROM);
    written.push(key);
  }
  frame.info[`${labeller.name}_level`] = labeller.levelOfTheory;
  return written;
}
