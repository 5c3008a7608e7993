/**
 * Start a ring polymer from a classical structure: every bead at the same geometry (the centroid is
 * the classical structure, the ring polymer has no extent yet; the thermostat grows it within a few
 * internal-mode periods).
 *
 * Momenta: with `thermal` options they are drawn from the Maxwell–Boltzmann distribution at the bead
 * temperature P·T, independently for every bead, as i-PI does (velocities mode="thermal" samples the
 * beads at P·T, the temperature at which H_P is sampled). Without it the classical momenta are copied
 * to every bead, which gives the centroid the classical velocity and the internal modes no momentum;
 * note that the kinetic_md temperature then reads T/P, not T.
 *
 * `removeCenterOfMass` (thermal draw only) then removes the total momentum of the centroid, as i-PI's
 * `fixcom`: the same m_a·V is subtracted from every bead, V = Σ_{j,a} p_{j,a}/(P·M), which changes
 * only the centroid mode (internal modes are untouched) and leaves the ring polymer's centre of mass
 * at rest.
 */
import type { Random } from "../../src/core/random.ts";
import type { MDState, System } from "../../src/core/system.ts";

export interface ThermalBeadMomenta {
  system: System;
  /** Physical k_B·T in hartree; the beads are sampled at P·T. */
  temperature: number;
  rng: Random;
  /** Remove the centroid's centre-of-mass momentum after the draw (default false). */
  removeCenterOfMass?: boolean;
}

export function expandToBeads(
  state: Readonly<MDState>,
  beads: number,
  thermal?: ThermalBeadMomenta,
): MDState {
  if (!Number.isInteger(beads) || beads < 1) throw new Error(`beads must be an integer ≥ 1, got ${beads}`);
  if (state.nBatch !== 1) {
    throw new Error(`expandToBeads needs a classical state (nBatch = 1), got nBatch = ${state.nBatch}`);
  }
  const width = 3 * state.nAtoms;
  const tile = (x: Float64Array | undefined, w: number): Float64Array | undefined => {
    if (!x) return undefined;
    const out = new Float64Array(beads * w);
    for (let j = 0; j < beads; j++) out.set(x.subarray(0, w), j * w);
    return out;
  };
  const out: MDState = {
    nBatch: beads,
    nAtoms: state.nAtoms,
    step: state.step,
    time: state.time,
    positions: tile(state.positions, width)!,
    momenta: tile(state.momenta, width)!,
    forces: tile(state.forces, width)!,
    potentialEnergy: tile(state.potentialEnergy, 1)!,
    dipole: tile(state.dipole, 3),
    polarizability: tile(state.polarizability, 9),
    thermostatHeat: state.thermostatHeat,
  };
  if (thermal) {
    const { system, temperature, rng } = thermal;
    if (!(temperature > 0))
      throw new Error(`expandToBeads: temperature must be positive, got ${temperature}`);
    if (system.nAtoms !== state.nAtoms) {
      throw new Error(`expandToBeads: system has ${system.nAtoms} atoms, state has ${state.nAtoms}`);
    }
    for (let j = 0; j < beads; j++) {
      for (let a = 0; a < state.nAtoms; a++) {
        const sigma = Math.sqrt(system.masses[a] * beads * temperature);
        for (let x = 0; x < 3; x++) out.momenta[(j * state.nAtoms + a) * 3 + x] = sigma * rng.normal();
      }
    }
    if (thermal.removeCenterOfMass) removeCentroidMomentum(out, system);
  }
  return out;
}

/** p_{j,a} ← p_{j,a} − m_a·V with V = Σ_{j,a} p_{j,a}/(P·M): the centroid's total momentum becomes 0. */
function removeCentroidMomentum(state: MDState, system: System): void {
  const n = system.nAtoms;
  const P = state.nBatch;
  const p = state.momenta;
  let totalMass = 0;
  for (let a = 0; a < n; a++) totalMass += system.masses[a];
  const v = [0, 0, 0];
  for (let j = 0; j < P; j++)
    for (let a = 0; a < n; a++) for (let x = 0; x < 3; x++) v[x] += p[(j * n + a) * 3 + x];
  for (let x = 0; x < 3; x++) v[x] /= P * totalMass;
  for (let j = 0; j < P; j++)
    for (let a = 0; a < n; a++) for (let x = 0; x < 3; x++) p[(j * n + a) * 3 + x] -= system.masses[a] * v[x];
}
