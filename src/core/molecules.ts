/**
 * Molecules of a system: which atoms belong together, for per-molecule dipoles and spectra.
 *
 * A system does not store its molecules; they follow from its atoms in one of two ways:
 *
 * - `moleculesFromBonds`: the connected components of the bond graph, two atoms bonded when their
 *   minimum-image distance is below `scale` × (sum of covalent radii; Cordero et al., Dalton Trans.
 *   2008, 2832). This is the general way and works for any ordering and for molecules split across
 *   the faces of a periodic cell (the pair list sees periodic images).
 * - `waterMolecules`: consecutive (O, H, H) triplets, the ordering q-TIP4P/F assumes; an error if the
 *   atoms are not in that order. It needs no geometry, so it cannot be fooled by a stretched bond.
 *
 * Each molecule lists atom indices in increasing order; molecules are ordered by their first atom.
 */
import { buildPairList } from "./neighbour-list.ts";
import type { System } from "./system.ts";
import { BOHR_IN_ANGSTROM } from "./units.ts";

/** Atom indices of each molecule. */
export type Molecules = readonly (readonly number[])[];

/** Covalent radii, Å (Cordero et al. 2008), for the elements the bond graph knows. */
const COVALENT_RADIUS_A: Readonly<Record<string, number>> = {
  H: 0.31,
  Li: 1.28,
  B: 0.84,
  C: 0.76,
  N: 0.71,
  O: 0.66,
  F: 0.57,
  Na: 1.66,
  Mg: 1.41,
  Si: 1.11,
  P: 1.07,
  S: 1.05,
  Cl: 1.02,
  K: 2.03,
  Br: 1.2,
  I: 1.39,
};

/** Consecutive (O, H, H) triplets; an error naming the first atom out of that order. */
export function waterMolecules(system: Pick<System, "nAtoms" | "symbols">): Molecules {
  if (system.nAtoms % 3 !== 0) {
    throw new Error(
      `water molecules need atoms in (O, H, H) triplets; the system has ${system.nAtoms} atoms`,
    );
  }
  const out: number[][] = [];
  for (let m = 0; m < system.nAtoms / 3; m++) {
    const expected = ["O", "H", "H"];
    for (let k = 0; k < 3; k++) {
      const s = system.symbols[3 * m + k];
      if (s !== expected[k]) {
        throw new Error(
          `water molecules need atoms in (O, H, H) order; atom ${3 * m + k} is ${s}, expected ${expected[k]}`,
        );
      }
    }
    out.push([3 * m, 3 * m + 1, 3 * m + 2]);
  }
  return out;
}

/**
 * Connected components of the bond graph of one configuration (positions [nAtoms][3], bohr) with the
 * minimum image in the system's cell. `scale` (default 1.2) widens the covalent bond lengths.
 */
export function moleculesFromBonds(
  system: Pick<System, "nAtoms" | "symbols" | "cell">,
  positions: ArrayLike<number>,
  scale = 1.2,
): Molecules {
  if (positions.length !== 3 * system.nAtoms) {
    throw new Error(`positions have ${positions.length} numbers; expected ${3 * system.nAtoms}`);
  }
  const radii = system.symbols.map((s, i) => {
    const r = COVALENT_RADIUS_A[s];
    if (r === undefined) {
      throw new Error(
        `atom ${i} (${s}): no covalent radius known for the bond graph; known: ${Object.keys(COVALENT_RADIUS_A).join(" ")}`,
      );
    }
    return r / BOHR_IN_ANGSTROM;
  });
  const longest = 2 * scale * Math.max(...radii);
  const list = buildPairList(positions, system.cell, longest);
  // union-find over the bonds
  const parent = Int32Array.from({ length: system.nAtoms }, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const h = system.cell?.matrix;
  for (let p = 0; p < list.count; p++) {
    const i = list.first[p];
    const j = list.second[p];
    if (i === j) continue; // an atom's own periodic image is no bond
    let r2 = 0;
    for (let x = 0; x < 3; x++) {
      let d = positions[3 * j + x] - positions[3 * i + x];
      if (h)
        d +=
          list.shifts[3 * p] * h[x] + list.shifts[3 * p + 1] * h[3 + x] + list.shifts[3 * p + 2] * h[6 + x];
      r2 += d * d;
    }
    if (r2 < (scale * (radii[i] + radii[j])) ** 2) parent[root(i)] = root(j);
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < system.nAtoms; i++) {
    const r = root(i);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = []));
    g.push(i);
  }
  return [...groups.values()].sort((a, b) => a[0] - b[0]);
}
