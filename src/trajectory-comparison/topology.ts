/**
 * Bonded topology of a molecule from its geometry: atoms i and j are bonded when
 *
 *   |r_i − r_j| < scale · (R_i + R_j),
 *
 * R the covalent radii of Cordero et al., Dalton Trans. 2832 (2008) (the table ASE uses as
 * `covalent_radii`; sp³ carbon). ASE's `natural_cutoffs` corresponds to scale = 1; equimd's default 1.2
 * tolerates the stretched bonds of a hot trajectory (O–H up to 1.16 Å, C–H up to 1.28 Å) while keeping
 * non-bonded neighbours apart (the H···H of water, 1.5 Å, against 0.74 Å).
 *
 * From the bonds follow the angles i–j–k (j bonded to both i and k) and the proper dihedrals i–j–k–l
 * (the bond j–k in the middle, i bonded to j, l bonded to k, four different atoms).
 */
import type { System } from "../core/system.ts";
import { BOHR_IN_ANGSTROM } from "../core/units.ts";

/** Covalent radii in Å, index = Z − 1 (H to Xe), Cordero et al. 2008. */
const COVALENT_RADII_ANGSTROM = [
  0.31, 0.28, 1.28, 0.96, 0.84, 0.76, 0.71, 0.66, 0.57, 0.58, 1.66, 1.41, 1.21, 1.11, 1.07, 1.05, 1.02, 1.06,
  2.03, 1.76, 1.7, 1.6, 1.53, 1.39, 1.39, 1.32, 1.26, 1.24, 1.32, 1.22, 1.22, 1.2, 1.19, 1.2, 1.2, 1.16,
  2.2, 1.95, 1.9, 1.75, 1.64, 1.54, 1.47, 1.46, 1.42, 1.39, 1.45, 1.44, 1.42, 1.39, 1.39, 1.38, 1.39, 1.4,
] as const; // prettier-ignore

/** Covalent radius of element Z in bohr. */
export function covalentRadius(z: number): number {
  const r = COVALENT_RADII_ANGSTROM[z - 1];
  if (!Number.isInteger(z) || r === undefined) {
    throw new Error(
      `no covalent radius for atomic number ${z} (known: Z = 1..${COVALENT_RADII_ANGSTROM.length})`,
    );
  }
  return r / BOHR_IN_ANGSTROM;
}

export interface Topology {
  /** Bonded pairs [i, j], i < j. */
  bonds: [number, number][];
  /** Angles [i, j, k] with j the centre, i < k. */
  angles: [number, number, number][];
  /** Proper dihedrals [i, j, k, l] about the bond j–k (j < k), i ≠ l. */
  dihedrals: [number, number, number, number][];
}

export interface TopologyOptions {
  /** Multiplies the sum of covalent radii (default 1.2). */
  scale?: number;
}

/** Bonds, angles and proper dihedrals of one configuration ([nAtoms][3] bohr). */
export function findTopology(
  system: System,
  positions: ArrayLike<number>,
  options: TopologyOptions = {},
): Topology {
  const scale = options.scale ?? 1.2;
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new Error(`topology: bond scale factor must be a positive number, got ${scale}`);
  }
  const n = system.nAtoms;
  if (positions.length < 3 * n) {
    throw new Error(`topology: positions have ${positions.length} numbers, expected ${3 * n} for ${n} atoms`);
  }
  const radii = Array.from(system.numbers, covalentRadius);
  const neighbours: number[][] = Array.from({ length: n }, () => []);
  const bonds: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = Math.hypot(
        positions[3 * j] - positions[3 * i],
        positions[3 * j + 1] - positions[3 * i + 1],
        positions[3 * j + 2] - positions[3 * i + 2],
      );
      if (d < scale * (radii[i] + radii[j])) {
        bonds.push([i, j]);
        neighbours[i].push(j);
        neighbours[j].push(i);
      }
    }
  }
  const angles: [number, number, number][] = [];
  for (let j = 0; j < n; j++) {
    const nb = neighbours[j];
    for (let x = 0; x < nb.length; x++) {
      for (let y = x + 1; y < nb.length; y++)
        angles.push([Math.min(nb[x], nb[y]), j, Math.max(nb[x], nb[y])]);
    }
  }
  angles.sort((a, b) => a[1] - b[1] || a[0] - b[0] || a[2] - b[2]);
  const dihedrals: [number, number, number, number][] = [];
  for (const [j, k] of bonds) {
    for (const i of neighbours[j]) {
      if (i === k) continue;
      for (const l of neighbours[k]) {
        if (l === j || l === i) continue;
        dihedrals.push([i, j, k, l]);
      }
    }
  }
  return { bonds, angles, dihedrals };
}
