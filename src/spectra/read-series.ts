/**
 * Reading a TimeSeries from a file: an extxyz trajectory (io/extxyz.ts; ASE units) or a property file
 * written by the PropertyRecorder observer (the format of io/property-file.ts: CSV with a
 * '# equimd properties:' header line, or JSON with format 'equimd-properties'; units named in the file).
 */
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { gunzipSync } from "node:zlib";
import { ATOMIC_TIME_IN_FS, unitFactor } from "../core/index.ts";
import { readExtxyz } from "../io/extxyz.ts";
import {
  DEFAULT_PROPERTY_UNITS,
  PROPERTY_COLUMNS,
  PROPERTY_JSON_FORMAT,
  readPropertyCsvComment,
  type PropertyFileHeader,
  type PropertyJson,
} from "../io/property-file.ts";
import { makeTimeSeries, timeSeriesFromFrames, type SeriesProperty, type TimeSeries } from "./time-series.ts";

export interface ReadSeriesOptions {
  property: SeriesProperty;
  /** Time between samples in fs, overriding what the file says. */
  dtFs?: number;
}

function quantityFactor(property: "dipole" | "polarizability", unit: string, path: string): number {
  try {
    return unitFactor(property, unit);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`, { cause: e });
  }
}

function dtFrom(
  path: string,
  dtFs: number | undefined,
  interval: number | undefined,
  times: number[],
): number {
  if (dtFs !== undefined) {
    if (!(dtFs > 0)) throw new Error(`${path}: time step must be positive, got ${dtFs} fs`);
    return dtFs;
  }
  if (interval !== undefined && interval > 0) return interval;
  if (times.length >= 2 && times[1] > times[0]) return times[1] - times[0];
  throw new Error(`${path}: time step missing (no sampling_interval_fs and no time_fs column); pass --dt-fs`);
}

function parsePropertyCsv(text: string, path: string, options: ReadSeriesOptions): TimeSeries {
  const property = options.property;
  if (property === "velocities" || property === "positions")
    throw new Error(`${path}: property files hold no ${property}; use a trajectory`);
  const lines = text.split(/\r?\n/);
  const about: PropertyFileHeader = { units: {} };
  let header: string[] | undefined;
  const rows: { line: number; cells: string[] }[] = [];
  lines.forEach((line, k) => {
    if (line.trim() === "") return;
    if (line.startsWith("#")) {
      readPropertyCsvComment(line, about);
      return;
    }
    if (!header) header = line.split(",").map((c) => c.trim());
    else rows.push({ line: k + 1, cells: line.split(",") });
  });
  if (!header) throw new Error(`${path}: no header line`);
  const names = PROPERTY_COLUMNS[property];
  const idx = names.map((n) => header!.indexOf(n));
  if (idx.some((i) => i < 0)) {
    throw new Error(
      `${path}: expected columns ${names.join(", ")} for the ${property}; header has ${header.join(", ")}`,
    );
  }
  const timeIdx = header.indexOf("time_fs");
  const f = quantityFactor(property, about.units[property] ?? DEFAULT_PROPERTY_UNITS[property], path);
  const values = new Float64Array(rows.length * names.length);
  const times: number[] = [];
  rows.forEach(({ line, cells }, r) => {
    idx.forEach((c, j) => {
      const v = Number(cells[c]);
      if (cells[c] === undefined || cells[c].trim() === "" || !Number.isFinite(v)) {
        throw new Error(
          `${path}: line ${line}, column '${names[j]}': expected a finite number, got '${cells[c]}'`,
        );
      }
      values[r * names.length + j] = v * f;
    });
    if (timeIdx >= 0) times.push(Number(cells[timeIdx]));
  });
  const dt = dtFrom(path, options.dtFs, about.samplingIntervalFs, times) / ATOMIC_TIME_IN_FS;
  return makeTimeSeries(values, names.length, dt, {
    quantity: property,
    unit: property === "dipole" ? "e*bohr" : "bohr^3",
    source: path,
  });
}

function parsePropertyJson(text: string, path: string, options: ReadSeriesOptions): TimeSeries {
  const property = options.property;
  if (property === "velocities" || property === "positions")
    throw new Error(`${path}: property files hold no ${property}; use a trajectory`);
  let json: Partial<PropertyJson>;
  try {
    json = JSON.parse(text) as Partial<PropertyJson>;
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (json.format !== PROPERTY_JSON_FORMAT)
    throw new Error(`${path}: expected format '${PROPERTY_JSON_FORMAT}'`);
  const rows = json[property];
  if (!Array.isArray(rows)) throw new Error(`${path}: no '${property}' series in the file`);
  const width = property === "dipole" ? 3 : 9;
  const f = quantityFactor(property, json.units?.[property] ?? DEFAULT_PROPERTY_UNITS[property], path);
  const values = new Float64Array(rows.length * width);
  rows.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== width) {
      throw new Error(`${path}: ${property}[${r}] must be ${width} numbers`);
    }
    row.forEach((v, j) => (values[r * width + j] = (typeof v === "number" ? v : NaN) * f));
  });
  const dt = dtFrom(path, options.dtFs, json.sampling_interval_fs, json.time_fs ?? []) / ATOMIC_TIME_IN_FS;
  return makeTimeSeries(values, width, dt, { quantity: property, source: path });
}

/** Text of a file, gunzipped when the name ends in .gz. */
async function readText(path: string): Promise<string> {
  const bytes = await readFile(path);
  return (path.toLowerCase().endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
}

/** Read a dipole, polarizability or velocity series from a trajectory or property file (.gz allowed). */
export async function readTimeSeries(path: string, options: ReadSeriesOptions): Promise<TimeSeries> {
  const ext = extname(path.replace(/\.gz$/i, "")).toLowerCase();
  if (ext === ".csv") return parsePropertyCsv(await readText(path), path, options);
  if (ext === ".json") return parsePropertyJson(await readText(path), path, options);
  if (ext === ".xyz" || ext === ".extxyz") {
    return timeSeriesFromFrames(await readExtxyz(path), { ...options, source: path });
  }
  throw new Error(
    `${path}: unknown file type '${ext}'; expected .xyz/.extxyz (trajectory) or .csv/.json (properties)`,
  );
}
