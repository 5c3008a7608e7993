/**
 * Between extxyz Frames (file units, ASE convention by default) and equimd's System/MDState (atomic units).
 *
 * ASE conventions: positions Å, energy eV, forces eV/Å, dipole e·Å, polarizability Å³, momenta in
 * ASE units √(amu·eV) (= amu·Å per ASE time unit Å·√(amu/eV) ≈ 10.18 fs). equimd adds `velocities` in
 * length per `time` unit (Å/fs by default), `time` (fs) and `step` in info. A polarizability is written
 * as 9 numbers in Fortran (column-major) order, as ASE reads 9-number values.
 */
import { AMU_IN_ELECTRON_MASS, forceFactor, unitFactor } from "../core/units.ts";
import { makeSystem, type MDState, type System } from "../core/system.ts";
import { wrapPositions } from "../core/cell.ts";
import type { Frame, InfoValue } from "./extxyz.ts";
import { cellFromInfo, cellToInfo } from "./extxyz-cell.ts";

/** Units of the numbers in a file. */
export interface FrameUnits {
  length: string;
  energy: string;
  dipole: string;
  polarizability: string;
  /** Unit of `time` in info and of the time in `velocities`. */
  time: string;
}

/** ASE's units, the default for every file equimd reads and writes. */
export const ASE_UNITS: FrameUnits = {
  length: "angstrom",
  energy: "eV",
  dipole: "e*angstrom",
  polarizability: "angstrom^3",
  time: "fs",
};

interface Factors {
  length: number;
  energy: number;
  force: number;
  dipole: number;
  polarizability: number;
  time: number;
  momentum: number;
  velocity: number;
}

/** Factors f such that value[a.u.] = value[file] × f. */
function factors(units: Partial<FrameUnits> = {}): Factors {
  const u = { ...ASE_UNITS, ...units };
  const length = unitFactor("length", u.length);
  const energy = unitFactor("energy", u.energy);
  const time = unitFactor("time", u.time);
  return {
    length,
    energy,
    force: forceFactor(`${u.energy}/${u.length}`),
    dipole: unitFactor("dipole", u.dipole),
    polarizability: unitFactor("polarizability", u.polarizability),
    time,
    // ASE momentum unit: amu · length / (length · √(amu/energy)) = √(amu · energy)
    momentum: Math.sqrt(AMU_IN_ELECTRON_MASS * energy),
    velocity: length / time,
  };
}

/**
 * The System of a frame: its elements; masses from a `masses` column (amu) if present; charge from info;
 * the periodic cell from Lattice/pbc if present (extxyz-cell.ts).
 */
export function systemFromFrame(frame: Frame, units?: Partial<FrameUnits>): System {
  const masses = frame.arrays.masses;
  const charge = frame.info.charge;
  return makeSystem(frame.symbols, {
    masses: masses instanceof Float64Array ? Array.from(masses, (m) => m * AMU_IN_ELECTRON_MASS) : undefined,
    charge: typeof charge === "number" ? charge : undefined,
    cell: cellFromInfo(frame.info, factors(units).length, "frame 0"),
  });
}

function checkFrame(system: System, frame: Frame, k: number): void {
  if (frame.symbols.length !== system.nAtoms || frame.symbols.some((s, a) => s !== system.symbols[a])) {
    throw new Error(
      `frame ${k} has atoms ${frame.symbols.join(" ")}; expected the system's ${system.symbols.join(" ")}`,
    );
  }
}

function numericArray(frame: Frame, name: string, width: number, k: number): Float64Array | undefined {
  const v = frame.arrays[name];
  if (v === undefined) return undefined;
  if (!(v instanceof Float64Array) || v.length !== width * frame.symbols.length) {
    throw new Error(`frame ${k}: per-atom array '${name}' must be numbers, ${width} per atom`);
  }
  return v;
}

/**
 * An MDState with one batch entry per frame (beads or replicas), in atomic units. Momenta come from a
 * `momenta` column (ASE units) or a `velocities` column (length/time); forces, energy, dipole and
 * polarizability from the frame when present; time and step from info when present (first frame).
 */
export function stateFromFrames(
  system: System,
  frames: readonly Frame[],
  units?: Partial<FrameUnits>,
): MDState {
  if (frames.length === 0) throw new Error("stateFromFrames needs at least one frame");
  const f = factors(units);
  const n3 = 3 * system.nAtoms;
  const nBatch = frames.length;
  const state: MDState = {
    nBatch,
    nAtoms: system.nAtoms,
    step: 0,
    time: 0,
    positions: new Float64Array(n3 * nBatch),
    momenta: new Float64Array(n3 * nBatch),
    forces: new Float64Array(n3 * nBatch),
    potentialEnergy: new Float64Array(nBatch),
    thermostatHeat: 0,
  };
  frames.forEach((frame, b) => {
    checkFrame(system, frame, b);
    for (let i = 0; i < n3; i++) state.positions[b * n3 + i] = frame.positions[i] * f.length;
    const p = numericArray(frame, "momenta", 3, b);
    const v = numericArray(frame, "velocities", 3, b);
    for (let i = 0; i < n3; i++) {
      const m = system.masses[Math.floor(i / 3)];
      if (p) state.momenta[b * n3 + i] = p[i] * f.momentum;
      else if (v) state.momenta[b * n3 + i] = m * v[i] * f.velocity;
    }
    const forces = numericArray(frame, "forces", 3, b);
    if (forces) for (let i = 0; i < n3; i++) state.forces[b * n3 + i] = forces[i] * f.force;
    const energy = frame.info.energy;
    if (typeof energy === "number") state.potentialEnergy[b] = energy * f.energy;
    const dipole = vectorInfo(frame.info.dipole, 3, "dipole", b);
    if (dipole) {
      state.dipole ??= new Float64Array(3 * nBatch);
      for (let c = 0; c < 3; c++) state.dipole[3 * b + c] = dipole[c] * f.dipole;
    }
    const alpha = vectorInfo(frame.info.polarizability, 9, "polarizability", b);
    if (alpha) {
      state.polarizability ??= new Float64Array(9 * nBatch);
      // file: Fortran order, alpha[i + 3j] = α_ij; state: row-major [i][j]
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++)
          state.polarizability[9 * b + 3 * i + j] = alpha[i + 3 * j] * f.polarizability;
    }
  });
  const t = frames[0].info.time;
  const step = frames[0].info.step;
  if (typeof t === "number") state.time = t * f.time;
  if (typeof step === "number") state.step = step;
  return state;
}

function vectorInfo(
  value: InfoValue | undefined,
  length: number,
  name: string,
  k: number,
): number[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length !== length) {
    throw new Error(`frame ${k}: info '${name}' must be ${length} numbers, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** What frameFromState writes besides positions, energy, dipole, polarizability, time and step. */
export interface FrameExtras {
  units?: Partial<FrameUnits>;
  forces?: boolean;
  /** Momenta in ASE units √(amu·energy). */
  momenta?: boolean;
  /** Velocities in length/time (Å/fs by default). */
  velocities?: boolean;
  /** Further info entries (written after the standard ones, before pbc). */
  info?: Record<string, InfoValue>;
  /** Fold positions into the periodic cell (output only; the state keeps unwrapped positions). */
  wrap?: boolean;
}

/** A Frame (file units) of configuration `batchIndex` of a state. */
export function frameFromState(
  system: System,
  state: Readonly<MDState>,
  batchIndex = 0,
  extras: FrameExtras = {},
): Frame {
  const b = batchIndex;
  if (!Number.isInteger(b) || b < 0 || b >= state.nBatch) {
    throw new Error(`batch index ${b} out of range 0..${state.nBatch - 1}`);
  }
  const f = factors(extras.units);
  const n3 = 3 * system.nAtoms;
  /** Configuration b of a [nBatch][nAtoms][3] array in file units: value[a.u.] / factor. */
  const slice = (a: Float64Array, factor: (i: number) => number) =>
    Float64Array.from({ length: n3 }, (_, i) => a[b * n3 + i] / factor(i));
  const info: Record<string, InfoValue> = {
    time: state.time / f.time,
    step: state.step,
    energy: state.potentialEnergy[b] / f.energy,
  };
  if (state.dipole) info.dipole = [0, 1, 2].map((c) => state.dipole![3 * b + c] / f.dipole);
  if (state.polarizability) {
    const a = state.polarizability;
    info.polarizability = [0, 1, 2].flatMap((j) =>
      [0, 1, 2].map((i) => a[9 * b + 3 * i + j] / f.polarizability),
    );
  }
  Object.assign(info, extras.info ?? {});
  const { Lattice, pbc } = cellToInfo(system.cell, f.length);
  if (Lattice !== undefined) info.Lattice = Lattice;
  info.pbc = pbc;
  const arrays: Frame["arrays"] = {};
  if (extras.forces) arrays.forces = slice(state.forces, () => f.force);
  if (extras.momenta) arrays.momenta = slice(state.momenta, () => f.momentum);
  if (extras.velocities) {
    arrays.velocities = slice(state.momenta, (i) => system.masses[Math.floor(i / 3)] * f.velocity);
  }
  let positions = slice(state.positions, () => f.length);
  if (extras.wrap && system.cell)
    positions = wrapPositions(
      system.cell,
      positions.map((x) => x * f.length),
    ).map((x) => x / f.length);
  return {
    symbols: [...system.symbols],
    positions,
    info,
    arrays,
  };
}

/**
 * The centroid of a batched state (mean over beads of positions, momenta, forces, energy, dipole and
 * polarizability) as a one-configuration state; used to write RPMD trajectories compactly.
 */
export function centroidState(state: Readonly<MDState>): MDState {
  const P = state.nBatch;
  const mean = (a: Float64Array | undefined, width: number) => {
    if (!a) return undefined;
    const out = new Float64Array(width);
    for (let b = 0; b < P; b++) for (let i = 0; i < width; i++) out[i] += a[b * width + i] / P;
    return out;
  };
  const n3 = 3 * state.nAtoms;
  return {
    nBatch: 1,
    nAtoms: state.nAtoms,
    step: state.step,
    time: state.time,
    positions: mean(state.positions, n3)!,
    momenta: mean(state.momenta, n3)!,
    forces: mean(state.forces, n3)!,
    potentialEnergy: mean(state.potentialEnergy, 1)!,
    dipole: mean(state.dipole, 3),
    polarizability: mean(state.polarizability, 9),
    thermostatHeat: state.thermostatHeat,
  };
}
