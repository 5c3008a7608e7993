/**
 * Ring-polymer estimators, per step, with i-PI's definitions (ħ = k_B = 1, T the physical temperature,
 * P beads, N atoms, ω_P = P k_B T/ħ, q_c the centroid, F_j the force on bead j):
 *
 *   potential        (1/P) Σ_j V(q_j)
 *   kinetic_md       (1/P) Σ_j p_j²/2m                          (bead kinetic energy, per P)
 *   spring           (1/P) Σ_j ½ m ω_P² |q_j − q_{j+1}|²         (= (1/P) Σ_k ½ m ω_k² |q̃_k|²)
 *   kinetic_prim     (3NP/2) k_B T − spring                      (primitive / thermodynamic estimator)
 *   kinetic_cv       (3N/2) k_B T − (1/2P) Σ_j (q_j − q_c)·F_j   (centroid-virial estimator)
 *   temperature      2 kinetic_md/(3NP)   (k_B T in hartree; the beads move at P·T, so this reads T)
 *   conserved        kinetic_md + potential + spring + heat      (= H_P/P + heat/P)
 *
 * where heat is state.thermostatHeat: the energy the thermostat has taken out, booked as −ΔK/P.
 * Also: centroid positions and velocities, and properties (dipole, polarizability) either averaged
 * over the beads or evaluated once at the centroid geometry.
 */
import type { PropertySite } from "../../src/core/observer.ts";
import type { Potential, PotentialOutput } from "../../src/core/potential.ts";
import { batchMean, type MDState, type System } from "../../src/core/system.ts";

export interface RingPolymerEstimates {
  /** hartree */
  potential: number;
  kineticMd: number;
  kineticPrimitive: number;
  kineticCentroidVirial: number;
  spring: number;
  /** k_B·T in hartree. */
  temperature: number;
  conserved: number;
}

/** Spring energy (1/P) Σ_j ½ m ω_P² |q_j − q_{j+1}|² (hartree); temperature = k_B·T in hartree. */
export function springEnergy(state: Readonly<MDState>, system: System, temperature: number): number {
  const P = state.nBatch;
  if (P === 1) return 0;
  const n = system.nAtoms;
  const q = state.positions;
  const omegaP2 = (P * temperature) ** 2;
  let e = 0;
  for (let j = 0; j < P; j++) {
    const jn = (j + 1) % P;
    for (let a = 0; a < n; a++) {
      const i = (j * n + a) * 3;
      const inext = (jn * n + a) * 3;
      const d2 = (q[i] - q[inext]) ** 2 + (q[i + 1] - q[inext + 1]) ** 2 + (q[i + 2] - q[inext + 2]) ** 2;
      e += 0.5 * system.masses[a] * omegaP2 * d2;
    }
  }
  return e / P;
}

/** Centroid positions q_c = (1/P) Σ_j q_j: [nAtoms][3], bohr. */
export function centroidPositions(state: Readonly<MDState>): Float64Array {
  return beadAverage(state.positions, state.nBatch);
}

/** Centroid velocities (1/P) Σ_j p_j/m: [nAtoms][3], bohr per atomic time. */
export function centroidVelocities(state: Readonly<MDState>, system: System): Float64Array {
  const v = beadAverage(state.momenta, state.nBatch);
  for (let a = 0; a < system.nAtoms; a++) {
    for (let x = 0; x < 3; x++) v[a * 3 + x] /= system.masses[a];
  }
  return v;
}

/** Average over the P beads of a per-bead array [P][width] (positions, dipoles, polarizabilities…). */
export function beadAverage(values: Float64Array, beads: number): Float64Array {
  return batchMean(values, beads);
}

/** All per-step estimators of the header comment. temperature = physical k_B·T in hartree. */
export function ringPolymerEstimates(
  state: Readonly<MDState>,
  system: System,
  temperature: number,
): RingPolymerEstimates {
  const P = state.nBatch;
  const n = system.nAtoms;
  let v = 0;
  for (let j = 0; j < P; j++) v += state.potentialEnergy[j];
  const potential = v / P;

  let k = 0;
  const p = state.momenta;
  for (let j = 0; j < P; j++) {
    for (let a = 0; a < n; a++) {
      const i = (j * n + a) * 3;
      k += (p[i] ** 2 + p[i + 1] ** 2 + p[i + 2] ** 2) / (2 * system.masses[a]);
    }
  }
  const kineticMd = k / P;

  const qc = centroidPositions(state);
  let virial = 0;
  for (let j = 0; j < P; j++) {
    for (let d = 0; d < 3 * n; d++) {
      const i = j * 3 * n + d;
      virial += (state.positions[i] - qc[d]) * state.forces[i];
    }
  }
  const spring = springEnergy(state, system, temperature);
  return {
    potential,
    kineticMd,
    kineticPrimitive: 1.5 * n * P * temperature - spring,
    kineticCentroidVirial: 1.5 * n * temperature - virial / (2 * P),
    spring,
    temperature: (2 * kineticMd) / (3 * n * P),
    conserved: kineticMd + potential + spring + state.thermostatHeat,
  };
}

export type { PropertySite } from "../../src/core/observer.ts";

/**
 * Evaluate the potential (energy, forces and the wanted properties) once at the centroid geometry,
 * for properties recorded "at the centroid". Returns the potential's output for that one configuration.
 */
export async function evaluateAtCentroid(
  state: Readonly<MDState>,
  system: System,
  potential: Potential,
  want: readonly ("dipole" | "polarizability")[],
): Promise<PotentialOutput> {
  return potential.compute(system, centroidPositions(state), 1, want);
}

/**
 * A ring-polymer property (dipole [3] or polarizability [3][3]) at the chosen site: the bead average
 * of state.dipole / state.polarizability, or a fresh evaluation at the centroid geometry.
 */
export async function ringPolymerProperty(
  state: Readonly<MDState>,
  system: System,
  property: "dipole" | "polarizability",
  site: PropertySite,
  potential?: Potential,
): Promise<Float64Array> {
  if (site === "bead_average") {
    const values = state[property];
    if (!values) {
      throw new Error(
        `ring polymer: state has no ${property} to average over the beads (ask the potential for it)`,
      );
    }
    return beadAverage(values, state.nBatch);
  }
  if (site !== "centroid")
    throw new Error(`property site must be "bead_average" or "centroid", got "${site}"`);
  if (!potential) throw new Error(`ring polymer: the ${property} at the centroid needs the potential`);
  const out = await evaluateAtCentroid(state, system, potential, [property]);
  const value = out[property];
  if (!value) throw new Error(`potential ${potential.name} does not provide ${property}`);
  return value;
}
