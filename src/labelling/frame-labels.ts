/**
 * Labels ↔ extxyz frames, in ASE's units at the file boundary: positions Å, energy eV, forces eV/Å,
 * dipole e·Å, polarizability Å³, converted by the one frame codec (src/io/frame-codec.ts). A 3×3
 * polarizability is stored as 9 numbers in Fortran (column-major) order, the order ASE uses for 9-number
 * info values (α is symmetric, so this matters only at the level of the CPHF convergence).
 *
 * Key names: a property is stored under its ASE name (energy, forces, dipole, polarizability) unless
 * the frame already has that key (e.g. an xtb-labelled frame relabelled with psi4), in which case it
 * is stored as `<labeller>_<name>` (psi4_energy, psi4_dipole). `<labeller>_level` records the level of
 * theory, e.g. psi4_level=hf/def2-svpd.
 */
import type { Frame } from "../io/extxyz.ts";
import { ASE_CODEC } from "../io/frame-codec.ts";
import type { Labeller, Labels } from "./labeller.ts";

/** Positions of a frame (Å) in bohr. */
export function positionsInBohr(frame: Frame): Float64Array {
  return ASE_CODEC.positions(frame, "frame");
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
  const codec = ASE_CODEC;
  if (labels.energy !== undefined) info("energy", codec.energyValue(labels.energy));
  if (labels.dipole) info("dipole", codec.dipoleValue(labels.dipole));
  if (labels.polarizability) info("polarizability", codec.polarizabilityValue(labels.polarizability));
  if (labels.forces) {
    const key = keyFor(frame, "forces", labeller.name);
    frame.arrays[key] = codec.forcesColumn(labels.forces);
    written.push(key);
  }
  frame.info[`${labeller.name}_level`] = labeller.levelOfTheory;
  return written;
}
