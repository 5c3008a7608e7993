/**
 * The periodic cell in an extxyz comment line, as ASE reads and writes it:
 *
 *   Lattice="ax ay az bx by bz cx cy cz" pbc="T T T"
 *
 * Lattice holds the three lattice vectors as rows (a, then b, then c) in the file's length unit (Å by
 * ASE convention). pbc gives one flag per lattice vector; ASE assumes pbc="T T T" when a Lattice is given
 * without pbc, and no cell (gas phase, pbc="F F F") when there is no Lattice. A frame with periodic
 * flags but no Lattice is an error (there is no box to be periodic in).
 */
import { makeCell, type Cell } from "../core/cell.ts";
import { booleansOf, type InfoValue } from "./extxyz-info.ts";

/**
 * The cell of a frame's info (Lattice in file length units × `lengthToBohr`), or undefined for a gas-phase
 * frame. `where` names the frame in error messages.
 */
export function cellFromInfo(
  info: Record<string, InfoValue>,
  lengthToBohr: number,
  where: string,
): Cell | undefined {
  const lattice = info.Lattice;
  const pbcValue = info.pbc;
  let pbc: boolean[] | undefined;
  if (pbcValue !== undefined) {
    pbc = booleansOf(pbcValue);
    if (!pbc || pbc.length !== 3) {
      throw new Error(
        `${where}: pbc must be three flags such as pbc="T T T", got ${JSON.stringify(pbcValue)}`,
      );
    }
  }
  if (lattice === undefined) {
    if (pbc?.some((p) => p)) {
      throw new Error(
        `${where}: pbc="${pbcValue}" asks for periodic directions but the frame has no Lattice="…"`,
      );
    }
    return undefined;
  }
  if (!Array.isArray(lattice) || lattice.length !== 9) {
    throw new Error(
      `${where}: Lattice must be 9 numbers (lattice vectors a, b, c as rows), got ${JSON.stringify(lattice)}`,
    );
  }
  // ASE writes a zero Lattice for atoms that have no cell; with no periodic direction that means gas phase.
  if (lattice.every((x) => x === 0) && pbc?.every((p) => !p)) return undefined;
  try {
    return makeCell(
      lattice.map((x) => x * lengthToBohr),
      pbc ?? [true, true, true],
    );
  } catch (e) {
    throw new Error(`${where}: Lattice: ${(e as Error).message}`, { cause: e });
  }
}

/** Lattice and pbc entries for a frame's info (Lattice in file length units = bohr / `lengthToBohr`). */
export function cellToInfo(cell: Cell | undefined, lengthToBohr: number): Record<string, InfoValue> {
  if (!cell) return { pbc: "F F F" };
  return {
    Lattice: Array.from(cell.matrix, (x) => x / lengthToBohr),
    pbc: cell.pbc.map((p) => (p ? "T" : "F")).join(" "),
  };
}
