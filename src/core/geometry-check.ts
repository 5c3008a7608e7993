/**
 * The one sanity check of an input structure, used by every command that reads one (run, predict,
 * evaluate, normal-modes, training data): known elements, finite coordinates, and no two atoms closer
 * than MIN_DISTANCE_ANGSTROM. Closer atoms are a broken file (duplicated lines, wrong units), not a
 * configuration any potential can describe: PaiNN gives NaN for coincident atoms and finite nonsense
 * for nearly coincident ones. The same limit guards the PaiNN neighbour list during MD.
 */
import { atomicNumber, elementSymbol } from "./elements.ts";
import { BOHR_IN_ANGSTROM } from "./units.ts";

/** Atoms closer than this (Å) are a broken structure (the shortest bond, H₂, is 0.74 Å). */
export const MIN_DISTANCE_ANGSTROM = 0.1;

/**
 * Throws, starting with `where` (e.g. 'input.xyz: frame 3'), if an element is unknown, a coordinate
 * is NaN or infinite, or two atoms are closer than MIN_DISTANCE_ANGSTROM. positions: [nAtoms][3] bohr.
 */
export function checkGeometry(
  symbols: readonly (string | number)[],
  positions: ArrayLike<number>,
  where: string,
): void {
  const n = symbols.length;
  if (n === 0) throw new Error(`${where}: the structure has no atoms`);
  const names = symbols.map((s, a) => {
    try {
      return typeof s === "number" ? elementSymbol(s) : elementSymbol(atomicNumber(s));
    } catch (e) {
      throw new Error(`${where}: atom ${a}: ${(e as Error).message}`, { cause: e });
    }
  });
  if (positions.length !== 3 * n) {
    throw new Error(`${where}: ${n} atoms but ${positions.length / 3} positions`);
  }
  for (let i = 0; i < positions.length; i++) {
    if (!Number.isFinite(positions[i])) {
      throw new Error(`${where}: atom ${Math.floor(i / 3)} has a non-finite coordinate (${positions[i]})`);
    }
  }
  const min = MIN_DISTANCE_ANGSTROM / BOHR_IN_ANGSTROM;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const dx = positions[3 * b] - positions[3 * a];
      const dy = positions[3 * b + 1] - positions[3 * a + 1];
      const dz = positions[3 * b + 2] - positions[3 * a + 2];
      const d = Math.sqrt(dx * dx + dy * dy + dz * dz);
      if (d < min) {
        throw new Error(
          `${where}: atoms ${a} (${names[a]}) and ${b} (${names[b]}) are ${(d * BOHR_IN_ANGSTROM).toPrecision(3)} Å ` +
            `apart, closer than ${MIN_DISTANCE_ANGSTROM} Å: the structure is broken (duplicated atom? wrong length unit?)`,
        );
      }
    }
  }
}
