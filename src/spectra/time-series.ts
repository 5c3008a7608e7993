/**
 * Time series of a property sampled at equal time steps: the input of every spectrum.
 *
 * values is [nSteps][nComponents] row-major in atomic units (dipole e·bohr, polarizability bohr³,
 * velocity bohr per atomic time). The readers convert from what trajectory files hold through the one
 * frame codec (src/io/frame-codec.ts: extxyz with the ASE conventions) and refuse input without a time
 * step, with a missing property or with NaN.
 */
import { ATOMIC_TIME_IN_FS, type AtomicTime } from "../core/index.ts";
import { ASE_CODEC, frameLabel, type FrameData } from "../io/frame-codec.ts";

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

/** What a trajectory frame holds, as far as the readers need it (the io module's extxyz Frame). */
export type FrameLike = FrameData;

/** The properties a trajectory can give a spectrum. */
export type SeriesProperty = "dipole" | "polarizability" | "velocities" | "positions";

export interface FramesToSeriesOptions {
  property: SeriesProperty;
  /** Time step between frames in fs; overrides the frames' time stamps. */
  dtFs?: number;
  /** File name for messages. */
  source?: string;
}

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

/** A property of frame `index` decoded by `read`, or an error saying where it belongs. */
function required<T>(value: T | undefined, at: string, what: string): T {
  if (value === undefined) throw new Error(`${at}: expected ${what}, got nothing`);
  return value;
}

/**
 * A TimeSeries from trajectory frames (ASE units in the file, atomic units out):
 * - dipole: info 'dipole' (3 numbers, e·Å) → [nSteps][3] e·bohr;
 * - polarizability: info 'polarizability' (9 numbers in Fortran order as ASE writes them, or 6 in Voigt
 *   order; Å³) → [nSteps][9] bohr³ row-major;
 * - velocities: per-atom 'velocities' (Å/fs) or 'momenta' (amu·Å per ASE time unit)
 *   → [nSteps][3·nAtoms] bohr per atomic time, with per-component masses in meta.masses;
 * - positions: per-atom 'pos' (Å) → [nSteps][3·nAtoms] bohr, as written (wrapped or not: the box
 *   spectra unwrap them, molecular-dipoles.ts).
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
  const label = (i: number) => frameLabel(options.source, i);
  const codec = ASE_CODEC;
  if (options.property === "dipole") {
    const values = new Float64Array(frames.length * 3);
    frames.forEach((f, i) => {
      values.set(
        required(codec.dipole(f, label(i)), label(i), "'dipole' with 3 numbers in the info line"),
        3 * i,
      );
    });
    return makeTimeSeries(values, 3, dt, { ...meta, unit: "e*bohr" });
  }
  if (options.property === "polarizability") {
    const values = new Float64Array(frames.length * 9);
    frames.forEach((f, i) => {
      const what = "'polarizability' with 9 or 6 numbers in the info line";
      values.set(required(codec.polarizability(f, label(i)), label(i), what), 9 * i);
    });
    return makeTimeSeries(values, 9, dt, { ...meta, unit: "bohr^3" });
  }
  const nAtoms = frames[0].symbols.length;
  const sameAtoms = (f: FrameLike, i: number) => {
    if (f.symbols.length !== nAtoms) {
      throw new Error(`${at}frame ${i}: ${f.symbols.length} atoms, frame 0 has ${nAtoms}`);
    }
  };
  if (options.property === "positions") {
    const values = new Float64Array(frames.length * 3 * nAtoms);
    frames.forEach((f, i) => {
      sameAtoms(f, i);
      values.set(codec.positions(f, label(i)), 3 * nAtoms * i);
    });
    return makeTimeSeries(values, 3 * nAtoms, dt, { ...meta, unit: "bohr" });
  }
  const masses = codec.masses(frames[0], label(0));
  const values = new Float64Array(frames.length * 3 * nAtoms);
  frames.forEach((f, i) => {
    sameAtoms(f, i);
    const p = required(
      codec.momenta(f, masses, label(i)),
      label(i),
      "a per-atom 'velocities' or 'momenta' column (3 numbers/atom)",
    );
    // velocity = p / m, bohr per atomic time
    for (let k = 0; k < 3 * nAtoms; k++) values[i * 3 * nAtoms + k] = p[k] / masses[Math.floor(k / 3)];
  });
  const perComponent = Float64Array.from({ length: 3 * nAtoms }, (_, k) => masses[Math.floor(k / 3)]);
  return makeTimeSeries(values, 3 * nAtoms, dt, { ...meta, unit: "bohr/au_time", masses: perComponent });
}
