/**
 * What is simulated (System: which atoms) and where it stands (MDState: positions, momenta, …).
 *
 * Layout convention: every per-configuration array is batched. The batch index b runs over ring-polymer
 * beads (P of them) or independent replicas; classical MD is nBatch = 1. A vector quantity of atom a in
 * configuration b sits at [(b·nAtoms + a)·3 + xyz] in one Float64Array, atomic units throughout.
 */
import type { Cell } from "./cell.ts";
import { atomicMass, atomicNumber, elementSymbol } from "./elements.ts";

export interface System {
  readonly nAtoms: number;
  /** Atomic numbers Z. */
  readonly numbers: Int32Array;
  /** Element symbols, same order. */
  readonly symbols: readonly string[];
  /** Masses in electron masses (atomic units). */
  readonly masses: Float64Array;
  /** Total charge in units of e. */
  readonly charge: number;
  /** The periodic cell (bohr); absent for a gas-phase system (no periodic images anywhere). */
  readonly cell?: Cell;
}

/** Build a System from element symbols or atomic numbers; masses default to standard atomic weights. */
export function makeSystem(
  species: readonly (string | number)[],
  options: { masses?: ArrayLike<number>; charge?: number; cell?: Cell } = {},
): System {
  if (species.length === 0) throw new Error("a system needs at least one atom");
  const numbers = Int32Array.from(species, (s) => (typeof s === "number" ? s : atomicNumber(s)));
  const symbols = Array.from(numbers, (z) => elementSymbol(z));
  const masses = options.masses ? Float64Array.from(options.masses) : Float64Array.from(numbers, atomicMass);
  if (masses.length !== numbers.length) {
    throw new Error(`masses has ${masses.length} entries for ${numbers.length} atoms`);
  }
  masses.forEach((m, i) => {
    if (!(m > 0)) throw new Error(`mass of atom ${i} (${symbols[i]}) must be positive, got ${m}`);
  });
  const system = { nAtoms: numbers.length, numbers, symbols, masses, charge: options.charge ?? 0 };
  return options.cell ? { ...system, cell: options.cell } : system;
}

/** The same system in another cell (a strained or resized box), or without one (`undefined`: gas phase). */
export function withCell(system: System, cell: Cell | undefined): System {
  const { cell: _old, ...rest } = system;
  return cell ? { ...rest, cell } : rest;
}

export interface MDState {
  /** Number of configurations held (beads or replicas). */
  readonly nBatch: number;
  readonly nAtoms: number;
  /** Steps taken since the run began. */
  step: number;
  /** Simulated time in atomic time units. */
  time: number;
  /** [nBatch][nAtoms][3], bohr. */
  positions: Float64Array;
  /** [nBatch][nAtoms][3], electron mass · bohr / atomic time. */
  momenta: Float64Array;
  /** [nBatch][nAtoms][3], hartree/bohr: forces of the physical potential on each configuration. */
  forces: Float64Array;
  /** [nBatch], hartree: potential energy of each configuration. */
  potentialEnergy: Float64Array;
  /** [nBatch][3], e·bohr, when the potential provides it. */
  dipole?: Float64Array;
  /** [nBatch][3][3] row-major, bohr³, when the potential provides it. */
  polarizability?: Float64Array;
  /** [nBatch][3][3] virial W_ab = −∂V/∂ε_ab (hartree) of a periodic system, when asked for (pressure). */
  virial?: Float64Array;
  /** Energy the thermostat has taken out of the system so far (hartree); conserved = H + heat. */
  thermostatHeat: number;
}

/** A fresh state at rest: positions are copied and tiled over the batch when one configuration is given. */
export function makeState(system: System, positions: ArrayLike<number>, nBatch = 1): MDState {
  const n3 = system.nAtoms * 3;
  if (positions.length !== n3 && positions.length !== n3 * nBatch) {
    throw new Error(
      `positions have ${positions.length} numbers; expected ${n3} (one configuration) or ${n3 * nBatch} (${nBatch})`,
    );
  }
  const pos = new Float64Array(n3 * nBatch);
  for (let b = 0; b < nBatch; b++) {
    for (let k = 0; k < n3; k++)
      pos[b * n3 + k] = positions.length === n3 ? positions[k] : positions[b * n3 + k];
  }
  assertFinite(pos, "positions");
  return {
    nBatch,
    nAtoms: system.nAtoms,
    step: 0,
    time: 0,
    positions: pos,
    momenta: new Float64Array(n3 * nBatch),
    forces: new Float64Array(n3 * nBatch),
    potentialEnergy: new Float64Array(nBatch),
    thermostatHeat: 0,
  };
}

/** Deep copy of a state (for checkpoints and reversibility tests). */
export function cloneState(s: Readonly<MDState>): MDState {
  return {
    ...s,
    positions: s.positions.slice(),
    momenta: s.momenta.slice(),
    forces: s.forces.slice(),
    potentialEnergy: s.potentialEnergy.slice(),
    dipole: s.dipole?.slice(),
    polarizability: s.polarizability?.slice(),
    virial: s.virial?.slice(),
  };
}

/**
 * Mean over the configurations of a batch of a per-configuration array [nBatch][width] (positions,
 * dipoles, polarizabilities…): a ring polymer's centroid or bead average, a replica mean.
 */
export function batchMean(values: Float64Array, nBatch: number): Float64Array {
  if (values.length % nBatch !== 0) {
    throw new Error(`batchMean: ${values.length} numbers do not split into ${nBatch} configurations`);
  }
  const width = values.length / nBatch;
  const out = new Float64Array(width);
  for (let j = 0; j < nBatch; j++) {
    for (let d = 0; d < width; d++) out[d] += values[j * width + d];
  }
  for (let d = 0; d < width; d++) out[d] /= nBatch;
  return out;
}

/** Kinetic energy Σ p²/2m summed over the whole batch (hartree). */
export function kineticEnergy(system: System, momenta: Float64Array): number {
  const n = system.nAtoms;
  const nBatch = momenta.length / (3 * n);
  let k = 0;
  for (let b = 0; b < nBatch; b++) {
    for (let a = 0; a < n; a++) {
      const i = (b * n + a) * 3;
      k += (momenta[i] ** 2 + momenta[i + 1] ** 2 + momenta[i + 2] ** 2) / (2 * system.masses[a]);
    }
  }
  return k;
}

/** Throws naming `what` if any entry is NaN or infinite. */
export function assertFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]))
      throw new Error(`${what} contains a non-finite value (${values[i]}) at index ${i}`);
  }
}
