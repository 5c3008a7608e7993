/**
 * The property file: the time series of potential energy, dipole and polarizability a run records
 * (PropertyRecorder writes it, spectra/read-series.ts reads it). One definition of its columns, units
 * and header, for both sides.
 *
 * CSV (streamed, one line per sample):
 *
 *   # equimd properties: sampling_interval_fs=0.5 every=1 energy_unit=eV dipole_unit=e*angstrom [beads=8 estimator=bead_average]
 *   step,time_fs,energy,dipole_x,dipole_y,dipole_z,alpha_xx,…,alpha_zz
 *
 * JSON (written at the end): { format: "equimd-properties", sampling_interval_fs, every, units,
 * quantities, step, time_fs, energy?, dipole?, polarizability?, beads?, estimator? }.
 *
 * Units default to ASE's (eV, e·Å, Å³). Older files (`equimd reference-md` before the simulation
 * layer, e.g. data/ethanol/reference-md) have other comment lines and no `sampling_interval_fs`: the
 * reader takes their time step from the time_fs column and their dipole in e·Å, as they say.
 */
import type { PropertySite } from "../core/observer.ts";

export type RecordedQuantity = "energy" | "dipole" | "polarizability";

/** Numbers per sample of each quantity. */
export const PROPERTY_WIDTH: Record<RecordedQuantity, number> = { energy: 1, dipole: 3, polarizability: 9 };

/** Column names of each quantity (polarizability row-major). */
export const PROPERTY_COLUMNS: Record<RecordedQuantity, string[]> = {
  energy: ["energy"],
  dipole: ["dipole_x", "dipole_y", "dipole_z"],
  polarizability: ["xx", "xy", "xz", "yx", "yy", "yz", "zx", "zy", "zz"].map((c) => `alpha_${c}`),
};

/** Units of a file that names none (ASE's). */
export const DEFAULT_PROPERTY_UNITS: Record<RecordedQuantity, string> = {
  energy: "eV",
  dipole: "e*angstrom",
  polarizability: "angstrom^3",
};

export const PROPERTY_CSV_MARK = "# equimd properties:";
export const PROPERTY_JSON_FORMAT = "equimd-properties";

/** What a property file says about itself. */
export interface PropertyFileHeader {
  /** Time between samples, fs. */
  samplingIntervalFs?: number;
  every?: number;
  units: Partial<Record<RecordedQuantity, string>>;
  /** Ring polymers: the number of beads and how dipole/polarizability were taken from them. */
  beads?: number;
  estimator?: PropertySite;
}

/** The two header lines of a CSV property file (comment line, column names), each ending in a newline. */
export function formatPropertyCsvHeader(
  quantities: readonly RecordedQuantity[],
  header: PropertyFileHeader,
): string {
  const fields = [`sampling_interval_fs=${header.samplingIntervalFs}`, `every=${header.every}`];
  for (const q of quantities) fields.push(`${q}_unit=${header.units[q] ?? DEFAULT_PROPERTY_UNITS[q]}`);
  if (header.beads !== undefined) fields.push(`beads=${header.beads}`, `estimator=${header.estimator}`);
  const columns = ["step", "time_fs", ...quantities.flatMap((q) => PROPERTY_COLUMNS[q])];
  return `${PROPERTY_CSV_MARK} ${fields.join(" ")}\n${columns.join(",")}\n`;
}

/** Add what one '#' comment line of a CSV property file says (key=value pairs) to `header`. */
export function readPropertyCsvComment(line: string, header: PropertyFileHeader): void {
  for (const [, key, value] of line.matchAll(/(\S+)=(\S+)/g)) {
    if (key === "sampling_interval_fs") header.samplingIntervalFs = Number(value);
    else if (key === "every") header.every = Number(value);
    else if (key === "beads") header.beads = Number(value);
    else if (key === "estimator") header.estimator = value as PropertySite;
    else if (key.endsWith("_unit")) {
      const q = key.slice(0, -"_unit".length);
      if (q in PROPERTY_WIDTH) header.units[q as RecordedQuantity] = value;
    }
  }
}

/** The JSON layout (file units). */
export interface PropertyJson {
  format: typeof PROPERTY_JSON_FORMAT;
  sampling_interval_fs: number;
  every: number;
  units: Partial<Record<RecordedQuantity, string>>;
  quantities: RecordedQuantity[];
  step: number[];
  time_fs: number[];
  beads?: number;
  estimator?: PropertySite;
  energy?: number[];
  dipole?: number[][];
  polarizability?: number[][];
}
