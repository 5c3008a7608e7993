/**
 * Training data: labelled configurations in atomic units, read from extended XYZ (ASE key conventions)
 * or MD17-style .npz archives. Units of the file are given by the user (the config) and converted here,
 * at the boundary; a frame may lack some properties (e.g. polarizability for part of the set), and the
 * loss then uses only what is present.
 */
import { forceFactor, unitFactor } from "../core/index.ts";
import {
  FrameCodec,
  frameLabel,
  ASE_KEYS as CODEC_KEYS,
  type FrameData,
  type FrameKeys,
} from "../io/frame-codec.ts";
import type { NpyArray } from "./npy.ts";

/** One labelled configuration, atomic units throughout. */
export interface TrainingFrame {
  /** Atomic numbers Z. */
  numbers: Int32Array;
  /** [nAtoms][3] bohr. */
  positions: Float64Array;
  /** Total energy, hartree. */
  energy?: number;
  /** [nAtoms][3] hartree/bohr. */
  forces?: Float64Array;
  /** [3] e·bohr. */
  dipole?: Float64Array;
  /** [3][3] row-major, bohr³. */
  polarizability?: Float64Array;
  /** Where the frame came from, for error messages: 'file:frame N'. */
  origin: string;
}

/** The labelled properties a frame can carry. */
export type Label = "energy" | "forces" | "dipole" | "polarizability";
export const LABELS: readonly Label[] = ["energy", "forces", "dipole", "polarizability"];

/** Units the data file is written in (names from src/core/units.ts; forces as 'energy/length'). */
export interface DatasetUnits {
  energy?: string;
  length?: string;
  forces?: string;
  dipole?: string;
  polarizability?: string;
}

/** Where each property sits in an extended XYZ frame (ASE names by default). */
export type ExtxyzKeys = FrameKeys;
export const ASE_KEYS: ExtxyzKeys = CODEC_KEYS;

/** The shape of an extended XYZ frame as src/io/extxyz.ts returns it. */
export type ExtxyzFrameLike = FrameData & { positions: Float64Array };

/** Conversion factors (file unit → atomic units) of the properties present; throws for a missing unit. */
function factors(
  units: DatasetUnits,
  present: ReadonlySet<Label>,
  file: string,
): Record<Label | "length", number> {
  const need = (field: keyof DatasetUnits, example: string): string => {
    const u = units[field];
    if (u === undefined || u === "") {
      throw new Error(
        `${file}: the data has '${field === "length" ? "positions" : field}' but units.${field} is not given (e.g. ${example})`,
      );
    }
    return u;
  };
  const f = { length: 1, energy: 1, forces: 1, dipole: 1, polarizability: 1 };
  const wrap = (field: keyof DatasetUnits, compute: () => number): number => {
    try {
      return compute();
    } catch (e) {
      throw new Error(`${file}: units.${field}: ${(e as Error).message}`, { cause: e });
    }
  };
  f.length = wrap("length", () => unitFactor("length", need("length", "'angstrom'")));
  if (present.has("energy")) f.energy = wrap("energy", () => unitFactor("energy", need("energy", "'eV'")));
  if (present.has("forces")) f.forces = wrap("forces", () => forceFactor(need("forces", "'eV/angstrom'")));
  if (present.has("dipole"))
    f.dipole = wrap("dipole", () => unitFactor("dipole", need("dipole", "'e*angstrom'")));
  if (present.has("polarizability")) {
    f.polarizability = wrap("polarizability", () =>
      unitFactor("polarizability", need("polarizability", "'angstrom^3'")),
    );
  }
  return f;
}

function scaled(values: ArrayLike<number>, factor: number): Float64Array {
  return Float64Array.from(values, (v) => v * factor);
}

/**
 * Convert extended XYZ frames (ASE conventions: energy and dipole/polarizability in the info line, forces
 * as a per-atom column) to training frames in atomic units, through the one frame codec
 * (src/io/frame-codec.ts: a polarizability is 9 numbers in Fortran order or 6 in Voigt order).
 */
export function framesFromExtxyz(
  frames: readonly ExtxyzFrameLike[],
  fileName: string,
  units: DatasetUnits,
  keys: ExtxyzKeys = ASE_KEYS,
): TrainingFrame[] {
  const present = new Set<Label>();
  for (const fr of frames) {
    if (fr.info[keys.energy] !== undefined) present.add("energy");
    if (fr.arrays[keys.forces] !== undefined) present.add("forces");
    if (fr.info[keys.dipole] !== undefined) present.add("dipole");
    if (fr.info[keys.polarizability] !== undefined) present.add("polarizability");
  }
  factors(units, present, fileName); // names a missing or unknown unit of a property the data has
  let codec: FrameCodec;
  try {
    codec = new FrameCodec({ ...units, force: units.forces }, keys);
  } catch (e) {
    throw new Error(`${fileName}: ${(e as Error).message}`, { cause: e });
  }
  return frames.map((fr, i) => {
    const origin = frameLabel(fileName, i);
    const out: TrainingFrame = {
      numbers: codec.numbers(fr, origin),
      positions: codec.positions(fr, origin),
      origin,
    };
    const energy = codec.energy(fr, origin);
    if (energy !== undefined) out.energy = energy;
    const forces = codec.forces(fr, origin);
    if (forces) out.forces = forces;
    const dipole = codec.dipole(fr, origin);
    if (dipole) out.dipole = dipole;
    const alpha = codec.polarizability(fr, origin);
    if (alpha) out.polarizability = alpha;
    validateFrame(out);
    return out;
  });
}

/** Array names of MD17 (R, z, E, F) and of revised MD17 (coords, nuclear_charges, energies, forces). */
const MD17_NAMES = {
  positions: ["R", "coords"],
  numbers: ["z", "nuclear_charges"],
  energy: ["E", "energies"],
  forces: ["F", "forces"],
} as const;

function pick(arrays: Record<string, NpyArray>, names: readonly string[]): [string, NpyArray] | undefined {
  for (const n of names) if (arrays[n] !== undefined) return [n, arrays[n]];
  return undefined;
}

/** Convert the arrays of an MD17-style .npz (R [M,N,3], z [N], E [M] or [M,1], F [M,N,3]) to frames. */
export function framesFromMd17(
  arrays: Record<string, NpyArray>,
  fileName: string,
  units: DatasetUnits,
): TrainingFrame[] {
  const r = pick(arrays, MD17_NAMES.positions);
  const z = pick(arrays, MD17_NAMES.numbers);
  if (r === undefined || z === undefined) {
    throw new Error(
      `${fileName}: an MD17 archive needs arrays 'R' (positions) and 'z' (atomic numbers); found ${Object.keys(arrays).join(", ")}`,
    );
  }
  const [rName, R] = r;
  const [zName, Z] = z;
  const nAtoms = Z.data.length;
  if (R.shape.length !== 3 || R.shape[1] !== nAtoms || R.shape[2] !== 3) {
    throw new Error(
      `${fileName}: '${rName}' has shape (${R.shape.join(", ")}); expected (frames, ${nAtoms}, 3) for ${nAtoms} atoms in '${zName}' (mismatched atom count)`,
    );
  }
  const nFrames = R.shape[0];
  const e = pick(arrays, MD17_NAMES.energy);
  const fo = pick(arrays, MD17_NAMES.forces);
  if (e !== undefined && e[1].data.length !== nFrames) {
    throw new Error(
      `${fileName}: '${e[0]}' has ${e[1].data.length} energies for ${nFrames} frames in '${rName}'`,
    );
  }
  if (
    fo !== undefined &&
    (fo[1].shape.length !== 3 || fo[1].shape[0] !== nFrames || fo[1].shape[1] !== nAtoms)
  ) {
    throw new Error(
      `${fileName}: '${fo[0]}' has shape (${fo[1].shape.join(", ")}); expected (${nFrames}, ${nAtoms}, 3) (mismatched atom count)`,
    );
  }
  const present = new Set<Label>();
  if (e) present.add("energy");
  if (fo) present.add("forces");
  const f = factors(units, present, fileName);
  const numbers = Int32Array.from(Z.data);
  const n3 = 3 * nAtoms;
  const frames: TrainingFrame[] = [];
  for (let m = 0; m < nFrames; m++) {
    const frame: TrainingFrame = {
      numbers,
      positions: scaled(R.data.subarray(m * n3, (m + 1) * n3), f.length),
      origin: `${fileName}: frame ${m}`,
    };
    if (e) frame.energy = e[1].data[m] * f.energy;
    if (fo) frame.forces = scaled(fo[1].data.subarray(m * n3, (m + 1) * n3), f.forces);
    validateFrame(frame);
    frames.push(frame);
  }
  return frames;
}

/** Throws, naming the frame and field, if any value is NaN or infinite or an atomic number is invalid. */
export function validateFrame(frame: TrainingFrame): void {
  const n = frame.numbers.length;
  if (n === 0) throw new Error(`${frame.origin}: the frame has no atoms`);
  frame.numbers.forEach((z, a) => {
    if (!Number.isInteger(z) || z < 1) throw new Error(`${frame.origin}: atom ${a} has atomic number ${z}`);
  });
  const check = (values: ArrayLike<number> | undefined, field: string, width: number) => {
    if (values === undefined) return;
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) {
        const where = width === 3 && values.length === 3 * n ? `atom ${Math.floor(i / 3)}` : `component ${i}`;
        throw new Error(`${frame.origin}: field '${field}' is ${values[i]} at ${where}`);
      }
    }
  };
  check(frame.positions, "positions", 3);
  check(frame.energy === undefined ? undefined : [frame.energy], "energy", 1);
  check(frame.forces, "forces", 3);
  check(frame.dipole, "dipole", 1);
  check(frame.polarizability, "polarizability", 1);
}

/** Which labels occur in at least one frame. */
export function labelsPresent(frames: readonly TrainingFrame[]): Set<Label> {
  const s = new Set<Label>();
  for (const fr of frames) for (const l of LABELS) if (fr[l] !== undefined) s.add(l);
  return s;
}
