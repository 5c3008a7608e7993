/**
 * Time series of a property sampled at equal time steps: the input of every spectrum.
 *
 * values is [nSteps][nComponents] row-major in atomic units (dipole e·bohr, polarizability bohr³,
 * velocity bohr per atomic time). The readers convert from what trajectory files hold (extxyz with the
 * ASE conventions: dipole e·Å, polarizability Å³, velocities Å/fs, momenta amu·Å per ASE time unit,
 * time in fs) and refuse input without a time step, with a missing property or with NaN.
 */
import {
  ATOMIC_TIME_IN_FS,
  BOHR_IN_ANGSTROM,
  AMU_IN_ELECTRON_MASS,
  atomicMass,
  atomicNumber,
  type AtomicTime,
} from "../core/index.ts";

export interface TimeSeriesMeta {
  /** What the values are, e.g. "dipole", "polarizability", "velocities". */
  quantity?: string;
  /** Unit of the values (atomic units), e.g. "e*bohr". */
  unit?: string;
  /** Where the data came from (file name), for error messages. */
  source?: string;
  /** Per-component masses (electron masses), e.g. for mass-weighted velocity correlations. */
  masses?: Float64Array;
  /** Anything else a reader wants to keep. */
  [key: string]: unknown;
}

export interface TimeSeries {
  /** Time between samples, atomic time units. */
  readonly dt: AtomicTime;
  readonly nSteps: number;
  readonly nComponents: number;
  /** [nSteps][nComponents] row-major. */
  readonly values: Float64Array;
  readonly meta: TimeSeriesMeta;
}

function where(meta: TimeSeriesMeta): string {
  return meta.source ? `${meta.source}: ` : "";
}

/** Build a TimeSeries, checking shape, time step and that every value is finite. */
export function makeTimeSeries(
  values: ArrayLike<number>,
  nComponents: number,
  dt: AtomicTime,
  meta: TimeSeriesMeta = {},
): TimeSeries {
  const at = where(meta);
  const what = meta.quantity ?? "time series";
  if (!Number.isInteger(nComponents) || nComponents < 1) {
    throw new Error(`${at}${what}: number of components must be a positive integer, got ${nComponents}`);
  }
  if (!(Number.isFinite(dt) && dt > 0)) {
    throw new Error(`${at}${what}: time step must be a positive number (atomic time), got ${dt}`);
  }
  if (values.length % nComponents !== 0) {
    throw new Error(`${at}${what}: ${values.length} values do not split into rows of ${nComponents}`);
  }
  const v = Float64Array.from(values);
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) {
      const step = Math.floor(i / nComponents);
      throw new Error(
        `${at}${what}: non-finite value (${v[i]}) at step ${step}, component ${i % nComponents}`,
      );
    }
  }
  return { dt, nSteps: v.length / nComponents, nComponents, values: v, meta };
}

/** One column of a series as a new array. */
export function component(series: TimeSeries, c: number): Float64Array {
  const out = new Float64Array(series.nSteps);
  for (let n = 0; n < series.nSteps; n++) out[n] = series.values[n * series.nComponents + c];
  return out;
}

/** A new series of selected components (e.g. the dipole of one molecule out of a box). */
export function selectComponents(series: TimeSeries, components: readonly number[]): TimeSeries {
  const out = new Float64Array(series.nSteps * components.length);
  for (let n = 0; n < series.nSteps; n++) {
    components.forEach((c, j) => {
      if (c < 0 || c >= series.nComponents) {
        throw new Error(`component ${c} out of range 0..${series.nComponents - 1}`);
      }
      out[n * components.length + j] = series.values[n * series.nComponents + c];
    });
  }
  return { ...series, nComponents: components.length, values: out };
}

/**
 * What a trajectory frame holds, as far as the readers need it: this is the io module's extxyz Frame
 * (positions in Å, info values, per-atom arrays), restated so that spectra does not depend on io.
 */
export interface FrameLike {
  symbols: string[];
  info: Record<string, number | string | boolean | number[]>;
  arrays: Record<string, Float64Array | string[]>;
}

/** The properties a trajectory can give a spectrum. */
export type SeriesProperty = "dipole" | "polarizability" | "velocities";

export interface FramesToSeriesOptions {
  property: SeriesProperty;
  /** Time step between frames in fs; overrides the frames' time stamps. */
  dtFs?: number;
  /** File name for messages. */
  source?: string;
}

/** One ASE time unit (Å·√(amu/eV)) in fs, for momenta written by ASE. */
export const ASE_TIME_IN_FS = 10.180505671139;

/** Keys of the time stamp (fs) and of the time step (fs) in a frame's info, in order of preference. */
const TIME_KEYS = ["time_fs", "time"] as const;
const DT_KEYS = ["dt_fs", "timestep_fs", "dt"] as const;

function infoNumber(frame: FrameLike, keys: readonly string[]): number | undefined {
  for (const k of keys) {
    const v = frame.info[k];
    if (typeof v === "number") return v;
  }
  return undefined;
}

/** Time step in fs from explicit option, a dt key in the first frame, or uniformly spaced time stamps. */
function frameTimeStepFs(frames: readonly FrameLike[], options: FramesToSeriesOptions): number {
  const at = options.source ? `${options.source}: ` : "";
  if (options.dtFs !== undefined) {
    if (!(options.dtFs > 0))
      throw new Error(`${at}time step (--dt-fs) must be positive, got ${options.dtFs}`);
    return options.dtFs;
  }
  const dtInfo = infoNumber(frames[0], DT_KEYS);
  if (dtInfo !== undefined) {
    if (!(dtInfo > 0)) throw new Error(`${at}frame 0: time step info must be positive, got ${dtInfo}`);
    return dtInfo;
  }
  const times = frames.map((f) => infoNumber(f, TIME_KEYS));
  if (times.some((t) => t === undefined) || frames.length < 2) {
    const missing = times.findIndex((t) => t === undefined);
    throw new Error(
      `${at}time step missing: frame ${missing < 0 ? 0 : missing} has no '${TIME_KEYS.join("' or '")}' ` +
        `(fs) in its info line and no '${DT_KEYS.join("'/'")}' was given; pass the time between frames ` +
        `explicitly (--dt-fs)`,
    );
  }
  const t = times as number[];
  const dt = t[1] - t[0];
  if (!(dt > 0)) throw new Error(`${at}frames 0 and 1: time does not increase (${t[0]} → ${t[1]} fs)`);
  for (let i = 2; i < t.length; i++) {
    if (Math.abs(t[i] - t[i - 1] - dt) > 1e-6 * Math.max(1, Math.abs(dt))) {
      throw new Error(
        `${at}frame ${i}: time steps are not uniform (${t[i] - t[i - 1]} fs after ${dt} fs); ` +
          `spectra need equally spaced samples`,
      );
    }
  }
  return dt;
}

function infoVector(frame: FrameLike, key: string, lengths: number[], at: string, index: number): number[] {
  const v = frame.info[key];
  if (!Array.isArray(v) || !lengths.includes(v.length)) {
    throw new Error(
      `${at}frame ${index}: expected '${key}' with ${lengths.join(" or ")} numbers in the info line, ` +
        `got ${v === undefined ? "nothing" : JSON.stringify(v)}`,
    );
  }
  return v;
}

/** 3×3 row-major from 9 numbers, or from 6 in Voigt order xx yy zz yz xz xy. */
function fullTensor(v: number[]): number[] {
  if (v.length === 9) return v;
  const [xx, yy, zz, yz, xz, xy] = v;
  return [xx, xy, xz, xy, yy, yz, xz, yz, zz];
}

/**
 * A TimeSeries from trajectory frames (ASE units in the file, atomic units out):
 * - dipole: info 'dipole' (3 numbers, e·Å) → [nSteps][3] e·bohr;
 * - polarizability: info 'polarizability' (9 numbers, or 6 in Voigt order, Å³) → [nSteps][9] bohr³;
 * - velocities: per-atom 'velocities' (Å/fs) or 'momenta' (amu·Å per ASE time unit)
 *   → [nSteps][3·nAtoms] bohr per atomic time, with per-component masses in meta.masses.
 * The time step comes from options.dtFs, an info key dt_fs/timestep_fs/dt, or time stamps time_fs/time
 * (fs) in every frame; without any of these the reader stops with an error.
 */
export function timeSeriesFromFrames(
  frames: readonly FrameLike[],
  options: FramesToSeriesOptions,
): TimeSeries {
  const at = options.source ? `${options.source}: ` : "";
  if (frames.length === 0) throw new Error(`${at}no frames`);
  const dt = frameTimeStepFs(frames, options) / ATOMIC_TIME_IN_FS;
  const meta: TimeSeriesMeta = { quantity: options.property, source: options.source };
  if (options.property === "dipole") {
    const values = new Float64Array(frames.length * 3);
    frames.forEach((f, i) => {
      infoVector(f, "dipole", [3], at, i).forEach((x, k) => (values[i * 3 + k] = x / BOHR_IN_ANGSTROM));
    });
    return makeTimeSeries(values, 3, dt, { ...meta, unit: "e*bohr" });
  }
  if (options.property === "polarizability") {
    const values = new Float64Array(frames.length * 9);
    const f3 = BOHR_IN_ANGSTROM ** 3;
    frames.forEach((f, i) => {
      fullTensor(infoVector(f, "polarizability", [9, 6], at, i)).forEach(
        (x, k) => (values[i * 9 + k] = x / f3),
      );
    });
    return makeTimeSeries(values, 9, dt, { ...meta, unit: "bohr^3" });
  }
  const nAtoms = frames[0].symbols.length;
  const masses = new Float64Array(3 * nAtoms);
  frames[0].symbols.forEach((s, a) => masses.fill(atomicMass(atomicNumber(s)), 3 * a, 3 * a + 3));
  const values = new Float64Array(frames.length * 3 * nAtoms);
  const velocityFactor = ATOMIC_TIME_IN_FS / BOHR_IN_ANGSTROM; // Å/fs → bohr per atomic time
  frames.forEach((f, i) => {
    if (f.symbols.length !== nAtoms) {
      throw new Error(`${at}frame ${i}: ${f.symbols.length} atoms, frame 0 has ${nAtoms}`);
    }
    const v = f.arrays["velocities"];
    const p = f.arrays["momenta"];
    if (v instanceof Float64Array && v.length === 3 * nAtoms) {
      for (let k = 0; k < 3 * nAtoms; k++) values[i * 3 * nAtoms + k] = v[k] * velocityFactor;
    } else if (p instanceof Float64Array && p.length === 3 * nAtoms) {
      for (let k = 0; k < 3 * nAtoms; k++) {
        const vAse = p[k] / (masses[k] / AMU_IN_ELECTRON_MASS); // Å per ASE time
        values[i * 3 * nAtoms + k] = (vAse / ASE_TIME_IN_FS) * velocityFactor;
      }
    } else {
      throw new Error(
        `${at}frame ${i}: expected a per-atom 'velocities' or 'momenta' column (3 numbers/atom)`,
      );
    }
  });
  return makeTimeSeries(values, 3 * nAtoms, dt, { ...meta, unit: "bohr/au_time", masses });
}
