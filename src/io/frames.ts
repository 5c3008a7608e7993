/**
 * Between extxyz Frames and equimd's System/MDState (atomic units). The unit conventions and the
 * per-property conversions are those of the one frame codec, src/io/frame-codec.ts (ASE's by
 * default); this file only packs them into batched MD states and back. equimd writes `time` (in the
 * file's time unit, fs by default) and `step` in info.
 */
import { makeSystem, type MDState, type System } from "../core/system.ts";
import { wrapPositions } from "../core/cell.ts";
import type { Frame, InfoValue } from "./extxyz.ts";
import { FrameCodec, frameLabel, type FrameUnits } from "./frame-codec.ts";
import { cellFromInfo, cellToInfo } from "./extxyz-cell.ts";

export { ASE_UNITS, type FrameUnits } from "./frame-codec.ts";

/**
 * The System of a frame: its elements; masses from a `masses` column (amu) if present; charge from info;
 * the periodic cell from Lattice/pbc if present (extxyz-cell.ts).
 */
export function systemFromFrame(frame: Frame, source?: string): System {
  const codec = new FrameCodec();
  const at = frameLabel(source, 0);
  const hasMasses = frame.arrays.masses !== undefined;
  return makeSystem(frame.symbols, {
    masses: hasMasses ? codec.masses(frame, at) : undefined,
    charge: frame.info.charge === undefined ? undefined : codec.totalCharge(frame, at),
    cell: cellFromInfo(frame.info, codec.factors.length, at),
  });
}

function checkFrame(system: System, frame: Frame, k: number): void {
  if (frame.symbols.length !== system.nAtoms || frame.symbols.some((s, a) => s !== system.symbols[a])) {
    throw new Error(
      `frame ${k} has atoms ${frame.symbols.join(" ")}; expected the system's ${system.symbols.join(" ")}`,
    );
  }
}

/**
 * An MDState with one batch entry per frame (beads or replicas), in atomic units (src/io/frame-codec.ts).
 * Momenta come from a `momenta` column (ASE units) or a `velocities` column (length/time); forces,
 * energy, dipole and polarizability from the frame when present; time and step from info when present
 * (first frame). `origin` names the file and the number of the first frame in error messages.
 */
export function stateFromFrames(
  system: System,
  frames: readonly Frame[],
  units?: Partial<FrameUnits>,
  origin: { source?: string; firstIndex?: number } = {},
): MDState {
  if (frames.length === 0) throw new Error("stateFromFrames needs at least one frame");
  const codec = new FrameCodec(units);
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
    const at = frameLabel(origin.source, (origin.firstIndex ?? 0) + b);
    checkFrame(system, frame, b);
    state.positions.set(codec.positions(frame, at), b * n3);
    const p = codec.momenta(frame, system.masses, at);
    if (p) state.momenta.set(p, b * n3);
    const forces = codec.forces(frame, at);
    if (forces) state.forces.set(forces, b * n3);
    const energy = codec.energy(frame, at);
    if (energy !== undefined) state.potentialEnergy[b] = energy;
    const dipole = codec.dipole(frame, at);
    if (dipole) (state.dipole ??= new Float64Array(3 * nBatch)).set(dipole, 3 * b);
    const alpha = codec.polarizability(frame, at);
    if (alpha) (state.polarizability ??= new Float64Array(9 * nBatch)).set(alpha, 9 * b);
  });
  const t = frames[0].info.time;
  const step = frames[0].info.step;
  if (typeof t === "number") state.time = t * codec.factors.time;
  if (typeof step === "number") state.step = step;
  return state;
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
  const codec = new FrameCodec(extras.units);
  const n3 = 3 * system.nAtoms;
  /** Configuration b of a [nBatch][nAtoms][3] array. */
  const slice = (a: Float64Array) => a.subarray(b * n3, (b + 1) * n3);
  const info: Record<string, InfoValue> = {
    time: codec.timeValue(state.time),
    step: state.step,
    energy: codec.energyValue(state.potentialEnergy[b]),
  };
  if (state.dipole) info.dipole = codec.dipoleValue(state.dipole.subarray(3 * b, 3 * b + 3));
  if (state.polarizability) {
    info.polarizability = codec.polarizabilityValue(state.polarizability.subarray(9 * b, 9 * b + 9));
  }
  Object.assign(info, extras.info ?? {});
  const { Lattice, pbc } = cellToInfo(system.cell, codec.factors.length);
  if (Lattice !== undefined) info.Lattice = Lattice;
  info.pbc = pbc;
  const arrays: Frame["arrays"] = {};
  if (extras.forces) arrays.forces = codec.forcesColumn(slice(state.forces));
  if (extras.momenta) arrays.momenta = codec.momentaColumn(slice(state.momenta));
  if (extras.velocities) arrays.velocities = codec.velocitiesColumn(slice(state.momenta), system.masses);
  const positions = slice(state.positions);
  return {
    symbols: [...system.symbols],
    positions: codec.positionsColumn(
      extras.wrap && system.cell ? wrapPositions(system.cell, positions) : positions,
    ),
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
