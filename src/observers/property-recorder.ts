/**
 * Records time series of the properties spectra are computed from: potential energy, dipole (IR)
 * and polarizability (Raman), sampled every `every` steps. With several configurations (beads) the
 * mean over them is recorded (the ring-polymer estimator of a linear property), or one chosen index.
 *
 * Ring polymers: `estimator` chooses how the dipole and polarizability are taken from the P beads,
 * - "bead_average" (default): (1/P) Σ_j μ(q_j), the RPMD estimator of the Kubo-transformed
 *   correlation functions IR and Raman spectra are computed from;
 * - "centroid": μ(q_c), one extra evaluation of the potential at the centroid geometry
 *   q_c = (1/P) Σ_j q_j per recorded step (needs `potential`).
 * The two agree when the property is linear in the positions (fixed point charges, e.g. the q-TIP4P/F
 * water model); they differ for a learned dipole or polarizability. The energy is always the bead mean.
 *
 * In memory the series are in atomic units (`series()`, or `timeSeries(q)` for the spectra functions
 * directly); optionally they are also streamed to a CSV file (one line per sample, written at once) or
 * saved as JSON when the run ends, in file units (eV, e·Å, Å³ by default; the format is
 * io/property-file.ts, which the spectra reader shares). The sampling interval (every × time step) is
 * part of the metadata. A long run that only streams to CSV can keep nothing in memory (`inMemory: false`).
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import type { Integrator } from "../core/integrator.ts";
import type { Observer, PropertySite } from "../core/observer.ts";
import type { Potential } from "../core/potential.ts";
import { batchMean, type MDState, type System } from "../core/system.ts";
import { ATOMIC_TIME_IN_FS, unitFactor } from "../core/units.ts";
import {
  DEFAULT_PROPERTY_UNITS,
  formatPropertyCsvHeader,
  PROPERTY_JSON_FORMAT,
  PROPERTY_WIDTH as WIDTH,
  type PropertyJson as JsonSeries,
  type RecordedQuantity,
} from "../io/property-file.ts";
import { truncateTableAfterStep } from "../io/truncate.ts";
import { makeTimeSeries, type TimeSeries } from "../spectra/time-series.ts";
import { checkEvery } from "./every.ts";

export type { RecordedQuantity } from "../io/property-file.ts";

/** Atomic units of the in-memory series. */
const ATOMIC_UNIT: Record<RecordedQuantity, string> = {
  energy: "hartree",
  dipole: "e*bohr",
  polarizability: "bohr^3",
};

export interface PropertyRecorderOptions {
  every: number;
  /** What to record (default: energy, and dipole/polarizability when the state has them). */
  quantities?: RecordedQuantity[];
  /** Also write to this file: CSV (streamed) or JSON (at the end), chosen by the extension. */
  file?: string;
  /** Units of the file (default ASE: eV, e*angstrom, angstrom^3). */
  units?: { energy?: string; dipole?: string; polarizability?: string };
  /** Several configurations: record their mean (default) or configuration number `batch`. */
  batch?: "mean" | number;
  /**
   * Ring polymers: dipole and polarizability as the bead average (default) or evaluated at the
   * centroid geometry ("centroid", needs `potential`).
   */
  estimator?: PropertySite;
  /** The potential, for estimator "centroid". */
  potential?: Potential;
  /** Keep the samples in memory for series()/timeSeries() (default true; JSON files need it). */
  inMemory?: boolean;
}

/** Recorded time series, atomic units. */
export interface PropertySeries {
  /** Time between samples (every × integrator time step), atomic time units. */
  dt: number;
  every: number;
  steps: number[];
  /** Times of the samples, atomic time units. */
  times: number[];
  /** [n] hartree */
  energy?: Float64Array;
  /** [n][3] e·bohr */
  dipole?: Float64Array;
  /** [n][3][3] row-major, bohr³ */
  polarizability?: Float64Array;
}

export class PropertyRecorder implements Observer {
  readonly every: number;
  private quantities: RecordedQuantity[] | undefined;
  private dt = NaN;
  private readonly steps: number[] = [];
  private readonly times: number[] = [];
  private readonly values: Record<RecordedQuantity, number[]> = {
    energy: [],
    dipole: [],
    polarizability: [],
  };
  private fd: number | undefined;
  private append = false;
  /** Configurations (beads) of the observed state. */
  private beads = 1;
  private readonly factor: Record<RecordedQuantity, number>;
  private readonly unitNames: Record<RecordedQuantity, string>;
  private readonly inMemory: boolean;

  constructor(private readonly options: PropertyRecorderOptions) {
    this.every = checkEvery(options.every, "PropertyRecorder");
    this.quantities = options.quantities;
    const estimator = options.estimator ?? "bead_average";
    if (estimator !== "bead_average" && estimator !== "centroid") {
      throw new Error(`PropertyRecorder: estimator must be "bead_average" or "centroid", got "${estimator}"`);
    }
    if (estimator === "centroid") {
      if (!options.potential) {
        throw new Error(`PropertyRecorder: estimator "centroid" needs the potential (option 'potential')`);
      }
      if ((options.batch ?? "mean") !== "mean") {
        throw new Error(
          `PropertyRecorder: estimator "centroid" records the ring polymer, not batch ${options.batch}`,
        );
      }
    }
    if (options.inMemory === false && this.isJson) {
      throw new Error(
        `PropertyRecorder: a JSON file (${options.file}) is written from memory: inMemory must be true`,
      );
    }
    this.inMemory = options.inMemory ?? true;
    this.unitNames = {
      energy: options.units?.energy ?? DEFAULT_PROPERTY_UNITS.energy,
      dipole: options.units?.dipole ?? DEFAULT_PROPERTY_UNITS.dipole,
      polarizability: options.units?.polarizability ?? DEFAULT_PROPERTY_UNITS.polarizability,
    };
    this.factor = {
      energy: unitFactor("energy", this.unitNames.energy),
      dipole: unitFactor("dipole", this.unitNames.dipole),
      polarizability: unitFactor("polarizability", this.unitNames.polarizability),
    };
  }

  private get isJson(): boolean {
    return this.options.file?.endsWith(".json") ?? false;
  }

  /**
   * Continue from a checkpoint at `step`: keep (and reload) the samples up to it, append after.
   * Returns the step of the last sample left in the file (undefined: none, or no file).
   */
  async resumeAt(step: number): Promise<number | undefined> {
    const file = this.options.file;
    this.append = true;
    if (!file || !existsSync(file)) return undefined;
    if (this.isJson) {
      const saved = JSON.parse(readFileSync(file, "utf8")) as JsonSeries;
      this.quantities ??= saved.quantities;
      saved.step.forEach((s, k) => {
        if (s > step) return;
        this.steps.push(s);
        this.times.push(saved.time_fs[k] / ATOMIC_TIME_IN_FS);
        for (const q of saved.quantities) {
          const row = saved[q]![k];
          this.values[q].push(...(Array.isArray(row) ? row : [row]).map((v) => v * this.factor[q]));
        }
      });
      return this.steps.at(-1);
    }
    return truncateTableAfterStep(file, step);
  }

  private reduce(a: Float64Array, width: number, nBatch: number): ArrayLike<number> {
    const pick = this.options.batch ?? "mean";
    if (pick !== "mean") return a.subarray(pick * width, (pick + 1) * width);
    return batchMean(a, nBatch);
  }

  observe(state: Readonly<MDState>, system: System, integrator: Integrator): void | Promise<void> {
    this.dt = this.every * integrator.dt;
    this.beads = state.nBatch;
    if (this.options.estimator === "centroid") return this.observeAtCentroid(state, system);
    this.quantities ??= (["energy", "dipole", "polarizability"] as const).filter(
      (q) => q === "energy" || state[q] !== undefined,
    );
    const row: Partial<Record<RecordedQuantity, ArrayLike<number>>> = {};
    for (const q of this.quantities) {
      const source = q === "energy" ? state.potentialEnergy : state[q];
      if (!source) {
        throw new Error(
          `PropertyRecorder: '${q}' is to be recorded but the state has none at step ${state.step} ` +
            `(does the potential provide it, and is it in the run's 'want' list?)`,
        );
      }
      row[q] = this.reduce(source, WIDTH[q], state.nBatch);
    }
    this.record(state, row);
  }

  /** Estimator "centroid": dipole/polarizability from one evaluation at the centroid geometry. */
  private async observeAtCentroid(state: Readonly<MDState>, system: System): Promise<void> {
    const potential = this.options.potential!;
    this.quantities ??= (["energy", "dipole", "polarizability"] as const).filter(
      (q) => q === "energy" || potential.provides.includes(q),
    );
    const want = this.quantities.filter((q) => q !== "energy");
    // one evaluation at the centroid geometry q_c = (1/P) Σ_j q_j
    const centroid = batchMean(state.positions, state.nBatch);
    const out = want.length > 0 ? await potential.compute(system, centroid, 1, want) : undefined;
    const row: Partial<Record<RecordedQuantity, ArrayLike<number>>> = {};
    for (const q of this.quantities) {
      const value = q === "energy" ? batchMean(state.potentialEnergy, state.nBatch) : out?.[q];
      if (!value || value.length !== WIDTH[q]) {
        throw new Error(
          `PropertyRecorder: '${q}' is to be recorded at the centroid but potential '${potential.name}' ` +
            `did not return it (it provides ${potential.provides.join(", ")})`,
        );
      }
      row[q] = value;
    }
    this.record(state, row);
  }

  private record(state: Readonly<MDState>, row: Partial<Record<RecordedQuantity, ArrayLike<number>>>): void {
    if (this.inMemory) {
      for (const q of this.quantities!) {
        const values = this.values[q];
        for (const v of Array.from(row[q]!)) values.push(v);
      }
      this.steps.push(state.step);
      this.times.push(state.time);
    }
    if (this.options.file && !this.isJson) this.writeCsvLine(state, row);
  }

  /** beads and estimator for the header of a ring polymer's series (beads > 1, not one bead picked). */
  private ringPolymerNote(): { beads?: number; estimator?: PropertySite } {
    const picked = typeof this.options.batch === "number";
    return this.beads > 1 && !picked
      ? { beads: this.beads, estimator: this.options.estimator ?? "bead_average" }
      : {};
  }

  private writeCsvLine(
    state: Readonly<MDState>,
    row: Partial<Record<RecordedQuantity, ArrayLike<number>>>,
  ): void {
    const qs = this.quantities!;
    if (this.fd === undefined) {
      this.fd = openSync(this.options.file!, this.append ? "a" : "w");
      if (!this.append) {
        const header = formatPropertyCsvHeader(qs, {
          samplingIntervalFs: this.dt * ATOMIC_TIME_IN_FS,
          every: this.every,
          units: this.unitNames,
          ...this.ringPolymerNote(),
        });
        writeSync(this.fd, header);
      }
    }
    let line = `${state.step},${state.time * ATOMIC_TIME_IN_FS}`;
    for (const q of qs) {
      const values = row[q]!;
      const f = this.factor[q];
      for (let i = 0; i < values.length; i++) line += `,${values[i] / f}`;
    }
    writeSync(this.fd, line + "\n");
  }

  /**
   * The recorded series of one quantity as the TimeSeries the spectra functions take (atomic units:
   * hartree, e·bohr, bohr³; time step = every × the integrator's).
   */
  timeSeries(quantity: RecordedQuantity, source = "property recorder"): TimeSeries {
    this.requireMemory();
    if (!this.quantities?.includes(quantity)) {
      throw new Error(
        `PropertyRecorder: '${quantity}' was not recorded (recorded: ${this.quantities?.join(", ") ?? "nothing yet"})`,
      );
    }
    return makeTimeSeries(Float64Array.from(this.values[quantity]), WIDTH[quantity], this.dt, {
      quantity,
      unit: ATOMIC_UNIT[quantity],
      source,
    });
  }

  private requireMemory(): void {
    if (!this.inMemory) {
      throw new Error(
        `PropertyRecorder: the series were streamed to ${this.options.file} only (inMemory: false)`,
      );
    }
  }

  /** The recorded series (atomic units). */
  series(): PropertySeries {
    this.requireMemory();
    const out: PropertySeries = {
      dt: this.dt,
      every: this.every,
      steps: [...this.steps],
      times: [...this.times],
    };
    for (const q of this.quantities ?? []) out[q] = Float64Array.from(this.values[q]);
    return out;
  }

  close(): void {
    if (this.fd !== undefined) {
      fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = undefined;
    }
    if (this.options.file && this.isJson && this.quantities) this.writeJson(this.options.file);
  }

  private writeJson(file: string): void {
    const qs = this.quantities!;
    const json: JsonSeries = {
      format: PROPERTY_JSON_FORMAT,
      sampling_interval_fs: this.dt * ATOMIC_TIME_IN_FS,
      every: this.every,
      units: Object.fromEntries(qs.map((q) => [q, this.unitNames[q]])),
      quantities: qs,
      step: this.steps,
      time_fs: this.times.map((t) => t * ATOMIC_TIME_IN_FS),
    };
    Object.assign(json, this.ringPolymerNote());
    for (const q of qs) {
      const w = WIDTH[q];
      const v = this.values[q].map((x) => x / this.factor[q]);
      (json as unknown as Record<string, unknown>)[q] = this.steps.map((_, k) =>
        w === 1 ? v[k] : v.slice(k * w, (k + 1) * w),
      );
    }
    writeFileSync(file, JSON.stringify(json) + "\n");
  }
}
