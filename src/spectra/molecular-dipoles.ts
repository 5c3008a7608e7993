/**
 * Dipoles of the molecules of a periodic box from a positions trajectory, for IR per molecule and the
 * self/cross split of the box-dipole correlation (box-ir.ts).
 *
 *   μ_m(t) = Σ_{a ∈ m} q_a r_a(t),      M(t) = Σ_m μ_m(t)   (the box dipole)
 *
 * with point charges q_a (e) on the atoms. A molecule crossing a face of the cell must not make μ_m
 * jump, so the positions are first unwrapped: along the trajectory, each atom's step from one frame to
 * the next is replaced by its minimum image (exact while no atom moves half a cell width between two
 * frames), and in the first frame each molecule is made whole (every atom at the minimum image of its
 * vector from the molecule's first atom). Positions a run wrote unwrapped pass through unchanged; a
 * wrapped file (an atom folded back into the cell) gives the same dipoles. For a neutral molecule μ_m
 * does not depend on the origin; for a charged one it is taken about the origin of the unwrapped path.
 *
 * Models with off-atom charge sites whose positions are linear in the atoms' (the M site of TIP4P-type
 * water) have equivalent atomic charges for the dipole; q-TIP4P/F gives them as `qTip4pFDipoleCharges`.
 */
import { minimumImage, type Cell } from "../core/cell.ts";
import type { Molecules } from "../core/molecules.ts";
import { makeTimeSeries, type TimeSeries } from "./time-series.ts";

/**
 * The trajectory (values [nSteps][3N], bohr) with each atom's frame-to-frame step replaced by its
 * minimum image and each molecule made whole in the first frame. Returns a new series.
 */
export function unwrapTrajectory(positions: TimeSeries, cell: Cell, molecules?: Molecules): TimeSeries {
  const n3 = positions.nComponents;
  if (n3 % 3 !== 0) throw new Error(`positions: ${n3} components are not [nAtoms][3]`);
  const out = Float64Array.from(positions.values);
  const d = new Float64Array(3);
  // first frame: molecules whole around their first atom
  for (const m of molecules ?? []) {
    const a0 = m[0];
    for (const a of m.slice(1)) {
      for (let x = 0; x < 3; x++) d[x] = out[3 * a + x] - out[3 * a0 + x];
      minimumImage(cell, d);
      for (let x = 0; x < 3; x++) out[3 * a + x] = out[3 * a0 + x] + d[x];
    }
  }
  // later frames: continuous paths
  for (let t = 1; t < positions.nSteps; t++) {
    const now = t * n3;
    const before = (t - 1) * n3;
    for (let k = 0; k < n3; k += 3) {
      for (let x = 0; x < 3; x++) d[x] = positions.values[now + k + x] - positions.values[before + k + x];
      minimumImage(cell, d);
      for (let x = 0; x < 3; x++) out[now + k + x] = out[before + k + x] + d[x];
    }
  }
  return makeTimeSeries(out, n3, positions.dt, { ...positions.meta, quantity: "unwrapped positions" });
}

/**
 * Per-molecule dipoles, [nSteps][nMolecules][3] (e·bohr), from a positions series ([nSteps][3N], bohr),
 * the molecules and one charge per atom (e). With a cell the positions are unwrapped first.
 */
export function moleculeDipoles(
  positions: TimeSeries,
  molecules: Molecules,
  charges: ArrayLike<number>,
  cell?: Cell,
): TimeSeries {
  const nAtoms = positions.nComponents / 3;
  if (charges.length !== nAtoms) {
    throw new Error(`molecule dipoles: ${charges.length} charges for ${nAtoms} atoms`);
  }
  const seen = new Set<number>();
  for (const m of molecules) {
    for (const a of m) {
      if (!(Number.isInteger(a) && a >= 0 && a < nAtoms) || seen.has(a)) {
        throw new Error(
          `molecule dipoles: atom index ${a} is out of range (0..${nAtoms - 1}) or in two molecules`,
        );
      }
      seen.add(a);
    }
  }
  const r = cell ? unwrapTrajectory(positions, cell, molecules).values : positions.values;
  const nMol = molecules.length;
  const out = new Float64Array(positions.nSteps * 3 * nMol);
  for (let t = 0; t < positions.nSteps; t++) {
    const frame = t * 3 * nAtoms;
    molecules.forEach((m, j) => {
      const o = (t * nMol + j) * 3;
      for (const a of m) for (let x = 0; x < 3; x++) out[o + x] += charges[a] * r[frame + 3 * a + x];
    });
  }
  return makeTimeSeries(out, 3 * nMol, positions.dt, {
    ...positions.meta,
    quantity: "molecule dipoles",
    unit: "e*bohr",
    molecules: nMol,
  });
}

/** The box dipole M = Σ_m μ_m, [nSteps][3], from per-molecule dipoles ([nSteps][nMolecules][3]). */
export function boxDipole(moleculeDipoleSeries: TimeSeries): TimeSeries {
  const { nSteps, nComponents: nc, values } = moleculeDipoleSeries;
  if (nc % 3 !== 0) throw new Error(`molecule dipoles: ${nc} components are not [nMolecules][3]`);
  const out = new Float64Array(3 * nSteps);
  for (let t = 0; t < nSteps; t++) {
    for (let c = 0; c < nc; c++) out[3 * t + (c % 3)] += values[t * nc + c];
  }
  return makeTimeSeries(out, 3, moleculeDipoleSeries.dt, {
    ...moleculeDipoleSeries.meta,
    quantity: "box dipole",
  });
}
