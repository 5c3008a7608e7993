/**
 * Internal coordinates of a configuration ([nAtoms][3], bohr): bond lengths (bohr), bond angles
 * (radians, [0, π]) and proper dihedral angles (radians, (−π, π], IUPAC sign convention: positive
 * for a clockwise rotation of the far bond k–l when looking along j → k; 180° = trans/antiperiplanar).
 *
 * An internal coordinate is named by its atoms (0-based, as in ASE): 2 atoms a bond, 3 an angle
 * (centre in the middle), 4 a dihedral. Its label reads e.g. "O0-H1", "H1-O0-H2".
 */
import type { System } from "../core/system.ts";
import type { Topology } from "./topology.ts";

export type InternalCoordinateKind = "bond" | "angle" | "dihedral";

export interface InternalCoordinate {
  kind: InternalCoordinateKind;
  atoms: number[];
  /** E.g. "C0-C1-O5-H8". */
  label: string;
}

const KIND_OF_COUNT: Record<number, InternalCoordinateKind> = { 2: "bond", 3: "angle", 4: "dihedral" };

/** An internal coordinate from its atom indices, checked against the system. */
export function internalCoordinate(system: System, atoms: readonly number[]): InternalCoordinate {
  const kind = KIND_OF_COUNT[atoms.length];
  if (kind === undefined) {
    throw new Error(
      `internal coordinate [${atoms.join(", ")}]: expected 2 (bond), 3 (angle) or 4 (dihedral) atom indices`,
    );
  }
  atoms.forEach((a) => {
    if (!Number.isInteger(a) || a < 0 || a >= system.nAtoms) {
      throw new Error(
        `internal coordinate [${atoms.join(", ")}]: atom index ${a} is not in 0..${system.nAtoms - 1} (0-based)`,
      );
    }
  });
  if (new Set(atoms).size !== atoms.length) {
    throw new Error(`internal coordinate [${atoms.join(", ")}]: an atom appears twice`);
  }
  return { kind, atoms: [...atoms], label: atoms.map((a) => `${system.symbols[a]}${a}`).join("-") };
}

/**
 * Parse a user list such as "0-1, 1-0-2, 0-1-2-3" (0-based atom indices joined by '-', coordinates
 * separated by commas or spaces) into internal coordinates.
 */
export function parseInternalCoordinates(system: System, text: string): InternalCoordinate[] {
  const items = text.split(/[,\s]+/).filter((s) => s !== "");
  if (items.length === 0) throw new Error(`internal coordinates: '${text}' names none (e.g. "0-1,1-0-2")`);
  return items.map((item) => {
    if (!/^\d+(-\d+){1,3}$/.test(item)) {
      throw new Error(
        `internal coordinate '${item}': expected 2 to 4 atom indices joined by '-', e.g. 0-1 or 1-0-2 or 0-1-2-3`,
      );
    }
    return internalCoordinate(system, item.split("-").map(Number));
  });
}

/** All bonds, angles and dihedrals of a topology as internal coordinates. */
export function coordinatesOfTopology(system: System, topology: Topology): InternalCoordinate[] {
  return [...topology.bonds, ...topology.angles, ...topology.dihedrals].map((atoms) =>
    internalCoordinate(system, atoms),
  );
}

function vector(x: ArrayLike<number>, offset: number, from: number, to: number): [number, number, number] {
  const f = offset + 3 * from;
  const t = offset + 3 * to;
  return [x[t] - x[f], x[t + 1] - x[f + 1], x[t + 2] - x[f + 2]];
}

const dot = (a: number[], b: number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: number[], b: number[]) => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];

/** Distance between atoms i and j (bohr); `offset` selects a configuration in a batched array. */
export function bondLength(x: ArrayLike<number>, i: number, j: number, offset = 0): number {
  const v = vector(x, offset, i, j);
  return Math.hypot(v[0], v[1], v[2]);
}

/** Angle i–j–k at atom j (radians, [0, π]), from atan2(|u×v|, u·v), accurate also near 0 and π. */
export function bondAngle(x: ArrayLike<number>, i: number, j: number, k: number, offset = 0): number {
  const u = vector(x, offset, j, i);
  const v = vector(x, offset, j, k);
  const c = cross(u, v);
  return Math.atan2(Math.hypot(c[0], c[1], c[2]), dot(u, v));
}

/**
 * Dihedral angle i–j–k–l (radians, (−π, π]): with b1 = r_j − r_i, b2 = r_k − r_j, b3 = r_l − r_k,
 * n1 = b1 × b2, n2 = b2 × b3: φ = atan2(|b2| b1·n2, n1·n2) (Blondel & Karplus, J. Comput. Chem. 17,
 * 1132 (1996)).
 */
export function dihedralAngle(
  x: ArrayLike<number>,
  i: number,
  j: number,
  k: number,
  l: number,
  offset = 0,
): number {
  const b1 = vector(x, offset, i, j);
  const b2 = vector(x, offset, j, k);
  const b3 = vector(x, offset, k, l);
  const n1 = cross(b1, b2);
  const n2 = cross(b2, b3);
  const phi = Math.atan2(Math.hypot(b2[0], b2[1], b2[2]) * dot(b1, n2), dot(n1, n2));
  return phi === -Math.PI ? Math.PI : phi;
}

/** Value of one internal coordinate in configuration `frame` of a [nFrames][nAtoms][3] array. */
export function internalCoordinateValue(
  coordinate: InternalCoordinate,
  positions: ArrayLike<number>,
  nAtoms: number,
  frame = 0,
): number {
  const o = 3 * nAtoms * frame;
  const a = coordinate.atoms;
  if (coordinate.kind === "bond") return bondLength(positions, a[0], a[1], o);
  if (coordinate.kind === "angle") return bondAngle(positions, a[0], a[1], a[2], o);
  return dihedralAngle(positions, a[0], a[1], a[2], a[3], o);
}

/** Values of each coordinate in every frame: result[c][frame]. */
export function internalCoordinateSeries(
  coordinates: readonly InternalCoordinate[],
  positions: ArrayLike<number>,
  nAtoms: number,
): Float64Array[] {
  const nFrames = positions.length / (3 * nAtoms);
  if (!Number.isInteger(nFrames)) {
    throw new Error(
      `internal coordinates: ${positions.length} numbers are not whole frames of ${nAtoms} atoms`,
    );
  }
  return coordinates.map((c) =>
    Float64Array.from({ length: nFrames }, (_, f) => internalCoordinateValue(c, positions, nAtoms, f)),
  );
}
