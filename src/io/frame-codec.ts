/**
 * The one translation between extended XYZ frames and atomic units. Every reader and writer of
 * labelled frames (training data, labelling, spectra, prediction, trajectories, MD states) goes
 * through here, so that a file means the same thing to every command.
 *
 * ASE conventions (the default units and keys):
 * - positions Å (the `pos` column); `species` are element symbols;
 * - info `energy` eV; per-atom `forces` eV/Å; info `dipole` e·Å (3 numbers); per-atom `charges` e;
 *   info `charge` the total charge (e); per-atom `masses` amu;
 * - info `polarizability` Å³, a 3×3 tensor written as 9 numbers in Fortran (column-major) order,
 *   v[i + 3j] = α_ij, which is how ASE writes and reads 3×3 info values (also the order of the
 *   `"_JSON [[…]]"` form, which the extxyz reader flattens that way). Some codes write the symmetric
 *   tensor as 6 numbers: these are read in Voigt order xx yy zz yz xz xy (ASE's order for a symmetric
 *   3×3, as for the stress). Any other count is an error. equimd always writes 9 numbers.
 * - per-atom `momenta` in ASE units √(amu·eV) (amu·Å per ASE time unit Å·√(amu/eV) ≈ 10.18 fs),
 *   per-atom `velocities` in length per `time` unit (Å/fs); info `time_fs` (fs) or `time` (the time unit).
 *
 * Errors name the frame (as given by the caller, e.g. 'train.xyz: frame 3') and the key.
 */
import { atomicMass, atomicNumber } from "../core/elements.ts";
import { AMU_IN_ELECTRON_MASS, forceFactor, unitFactor } from "../core/units.ts";

/** Units of the numbers in a file. */
export interface FrameUnits {
  length: string;
  energy: string;
  /** Force unit 'energy/length'; default `${energy}/${length}`. */
  force?: string;
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

/** Where each labelled property sits in a frame (ASE names by default). */
export interface FrameKeys {
  energy: string;
  forces: string;
  dipole: string;
  polarizability: string;
}
export const ASE_KEYS: FrameKeys = {
  energy: "energy",
  forces: "forces",
  dipole: "dipole",
  polarizability: "polarizability",
};

/** What the codec reads of a frame: the shape of src/io/extxyz.ts's Frame (positions in file units). */
export interface FrameData {
  symbols: string[];
  positions?: Float64Array;
  info: Record<string, number | string | boolean | number[]>;
  arrays: Record<string, Float64Array | string[]>;
}

/** Factors f such that value[a.u.] = value[file] × f. */
export interface FrameFactors {
  length: number;
  energy: number;
  force: number;
  dipole: number;
  polarizability: number;
  time: number;
  /** √(amu · energy) → electron mass · bohr / atomic time. */
  momentum: number;
  /** length/time → bohr / atomic time. */
  velocity: number;
}

function factor(field: string, compute: () => number): number {
  try {
    return compute();
  } catch (e) {
    throw new Error(`units.${field}: ${(e as Error).message}`, { cause: e });
  }
}

/** Conversion factors of a set of file units (ASE's where not given); errors name the unit field. */
export function frameFactors(units: Partial<FrameUnits> = {}): FrameFactors {
  const u = { ...ASE_UNITS, ...definedOnly(units) };
  const length = factor("length", () => unitFactor("length", u.length));
  const energy = factor("energy", () => unitFactor("energy", u.energy));
  const time = factor("time", () => unitFactor("time", u.time));
  return {
    length,
    energy,
    force: factor("forces", () => forceFactor(u.force ?? `${u.energy}/${u.length}`)),
    dipole: factor("dipole", () => unitFactor("dipole", u.dipole)),
    polarizability: factor("polarizability", () => unitFactor("polarizability", u.polarizability)),
    time,
    // ASE momentum unit: amu · length / (length · √(amu/energy)) = √(amu · energy)
    momentum: Math.sqrt(AMU_IN_ELECTRON_MASS * energy),
    velocity: length / time,
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== "")) as Partial<T>;
}

/**
 * A row-major 3×3 tensor from the numbers of a polarizability info value: 9 in Fortran order
 * (v[i + 3j] = α_ij, as ASE writes them) or 6 in Voigt order xx yy zz yz xz xy. `at` names the frame.
 */
export function tensorFromNumbers(v: readonly number[], at: string, key = "polarizability"): number[] {
  if (v.length === 9) return [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => v[i + 3 * j]));
  if (v.length === 6) {
    const [xx, yy, zz, yz, xz, xy] = v;
    return [xx, xy, xz, xy, yy, yz, xz, yz, zz];
  }
  throw new Error(
    `${at}: '${key}' must be 9 numbers (3×3 in Fortran order, as ASE writes) or 6 (Voigt order ` +
      `xx yy zz yz xz xy), got ${v.length}`,
  );
}

/** The 9 numbers in Fortran order (as ASE writes a 3×3 info value) of a row-major 3×3 tensor. */
export function numbersFromTensor(m: ArrayLike<number>): number[] {
  return [0, 1, 2].flatMap((j) => [0, 1, 2].map((i) => m[3 * i + j]));
}

/** Keys of a time stamp in info, with their fixed unit if any (undefined: the file's time unit). */
const TIME_KEYS: readonly [string, string | undefined][] = [
  ["time_fs", "fs"],
  ["time", undefined],
];

/**
 * Reads and writes the properties of frames in one set of units and keys. Readers return undefined
 * for a property the frame does not carry and throw, naming the frame and key, for a malformed one.
 */
export class FrameCodec {
  readonly factors: FrameFactors;
  readonly keys: FrameKeys;
  readonly units: FrameUnits;

  constructor(units: Partial<FrameUnits> = {}, keys: Partial<FrameKeys> = {}) {
    this.factors = frameFactors(units);
    this.units = { ...ASE_UNITS, ...definedOnly(units) };
    this.keys = { ...ASE_KEYS, ...definedOnly(keys) };
  }

  // ---- reading: file units → atomic units ----------------------------------------------------

  /** Atomic numbers of the species; `at` names the frame. */
  numbers(frame: FrameData, at: string): Int32Array {
    return Int32Array.from(frame.symbols, (s, a) => {
      try {
        return atomicNumber(s);
      } catch (e) {
        throw new Error(`${at}: atom ${a}: ${(e as Error).message}`, { cause: e });
      }
    });
  }

  /** Positions [nAtoms][3] in bohr. */
  positions(frame: FrameData, at: string): Float64Array {
    const x = frame.positions;
    if (x === undefined || x.length !== 3 * frame.symbols.length) {
      throw new Error(
        `${at}: ${frame.symbols.length} atoms but ${x === undefined ? 0 : x.length / 3} positions`,
      );
    }
    return scaled(x, this.factors.length);
  }

  /** Potential energy in hartree. */
  energy(frame: FrameData, at: string): number | undefined {
    const key = this.keys.energy;
    const v = frame.info[key];
    if (v === undefined) return undefined;
    const e = Array.isArray(v) && v.length === 1 ? v[0] : v;
    if (typeof e !== "number")
      throw new Error(`${at}: '${key}' must be one number, got ${JSON.stringify(v)}`);
    return e * this.factors.energy;
  }

  /** Forces [nAtoms][3] in hartree/bohr. */
  forces(frame: FrameData, at: string): Float64Array | undefined {
    const f = this.perAtom(frame, this.keys.forces, 3, at);
    return f && scaled(f, this.factors.force);
  }

  /** Dipole [3] in e·bohr. */
  dipole(frame: FrameData, at: string): Float64Array | undefined {
    const v = this.infoNumbers(frame, this.keys.dipole, at);
    if (v === undefined) return undefined;
    if (v.length !== 3) {
      throw new Error(
        `${at}: '${this.keys.dipole}' must be 3 numbers in the info line, got ${JSON.stringify(v)}`,
      );
    }
    return scaled(v, this.factors.dipole);
  }

  /** Polarizability [3][3] row-major in bohr³ (9 numbers in Fortran order or 6 in Voigt order). */
  polarizability(frame: FrameData, at: string): Float64Array | undefined {
    const key = this.keys.polarizability;
    const v = this.infoNumbers(frame, key, at);
    if (v === undefined) return undefined;
    return scaled(tensorFromNumbers(v, at, key), this.factors.polarizability);
  }

  /** Per-atom partial charges (e), from the `charges` column. */
  charges(frame: FrameData, at: string): Float64Array | undefined {
    return this.perAtom(frame, "charges", 1, at);
  }

  /** Total charge (e) from info `charge`; 0 when absent. */
  totalCharge(frame: FrameData, at: string): number {
    const q = frame.info.charge;
    if (q === undefined) return 0;
    if (typeof q !== "number" || !Number.isFinite(q)) {
      throw new Error(`${at}: 'charge' (total charge, e) must be a number, got ${JSON.stringify(q)}`);
    }
    return q;
  }

  /** Masses [nAtoms] in electron masses: the `masses` column (amu) if present, else standard masses. */
  masses(frame: FrameData, at: string): Float64Array {
    const m = this.perAtom(frame, "masses", 1, at);
    if (m) return scaled(m, AMU_IN_ELECTRON_MASS);
    const z = this.numbers(frame, at);
    return Float64Array.from(z, (zz) => atomicMass(zz));
  }

  /**
   * Momenta [nAtoms][3] (electron mass · bohr / atomic time) from a `momenta` column (ASE units) or,
   * failing that, a `velocities` column (length/time) times `masses` (electron masses).
   */
  momenta(frame: FrameData, masses: ArrayLike<number>, at: string): Float64Array | undefined {
    const p = this.perAtom(frame, "momenta", 3, at);
    if (p) return scaled(p, this.factors.momentum);
    const v = this.perAtom(frame, "velocities", 3, at);
    if (!v) return undefined;
    return Float64Array.from(v, (x, i) => masses[Math.floor(i / 3)] * x * this.factors.velocity);
  }

  /** Time stamp in atomic time: info `time_fs` (fs) or `time` (the file's time unit). */
  time(frame: FrameData): number | undefined {
    for (const [key, unit] of TIME_KEYS) {
      const t = frame.info[key];
      if (typeof t === "number") return t * (unit ? unitFactor("time", unit) : this.factors.time);
    }
    return undefined;
  }

  // ---- writing: atomic units → file units -------------------------------------------------

  /** Info value of an energy (hartree). */
  energyValue(energy: number): number {
    return energy / this.factors.energy;
  }

  /** Per-atom column of forces (hartree/bohr). */
  forcesColumn(forces: ArrayLike<number>): Float64Array {
    return divided(forces, this.factors.force);
  }

  /** Info value of a dipole (e·bohr). */
  dipoleValue(dipole: ArrayLike<number>): number[] {
    return Array.from(dipole, (d) => d / this.factors.dipole);
  }

  /** Info value of a polarizability (row-major 3×3 bohr³): 9 numbers in Fortran order. */
  polarizabilityValue(alpha: ArrayLike<number>): number[] {
    return numbersFromTensor(alpha).map((a) => a / this.factors.polarizability);
  }

  /** Positions column (bohr → file length). */
  positionsColumn(positions: ArrayLike<number>): Float64Array {
    return divided(positions, this.factors.length);
  }

  /** Momenta column in ASE units (from electron mass · bohr / atomic time). */
  momentaColumn(momenta: ArrayLike<number>): Float64Array {
    return divided(momenta, this.factors.momentum);
  }

  /** Velocities column (length/time) from momenta and masses (electron masses). */
  velocitiesColumn(momenta: ArrayLike<number>, masses: ArrayLike<number>): Float64Array {
    return Float64Array.from(momenta, (p, i) => p / (masses[Math.floor(i / 3)] * this.factors.velocity));
  }

  /** Info value of a time (atomic time → the file's time unit). */
  timeValue(time: number): number {
    return time / this.factors.time;
  }

  // ---- helpers ------------------------------------------------------------------------------

  private infoNumbers(frame: FrameData, key: string, at: string): number[] | undefined {
    const v = frame.info[key];
    if (v === undefined) return undefined;
    if (typeof v === "number") return [v];
    if (!Array.isArray(v)) {
      throw new Error(`${at}: '${key}' must be numbers in the info line, got ${JSON.stringify(v)}`);
    }
    return v;
  }

  private perAtom(frame: FrameData, key: string, width: number, at: string): Float64Array | undefined {
    const v = frame.arrays[key];
    if (v === undefined) return undefined;
    if (!(v instanceof Float64Array)) throw new Error(`${at}: per-atom column '${key}' must be numeric`);
    const n = frame.symbols.length;
    if (v.length !== width * n) {
      throw new Error(`${at}: '${key}' has ${v.length / width} rows for ${n} atoms (mismatched atom count)`);
    }
    return v;
  }
}

function scaled(values: ArrayLike<number>, f: number): Float64Array {
  return Float64Array.from(values, (v) => v * f);
}

/** value / f for every value (atomic → file units, bit for bit what `fromAtomic` gives). */
function divided(values: ArrayLike<number>, f: number): Float64Array {
  return Float64Array.from(values, (v) => v / f);
}

/** The codec of ASE's units and keys. */
export const ASE_CODEC = new FrameCodec();

/** 'file: frame k' (or 'frame k' without a file), the way every frame error starts. */
export function frameLabel(source: string | undefined, index: number): string {
  return source ? `${source}: frame ${index}` : `frame ${index}`;
}
