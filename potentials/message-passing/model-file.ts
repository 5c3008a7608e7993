/**
 * equimd's PaiNN model file: one JSON document (gzip-compressed when the name ends in .gz), versioned.
 * The format is described in docs/model-file.md; this module reads, validates and writes it.
 *
 * {
 *   "format": "equimd-painn", "version": 1, "name": "...", "description": "...",
 *   "units": { "energy": "kcal/mol", "length": "angstrom", "dipole": "e*angstrom", "polarizability": "angstrom^3" },
 *   "architecture": { nAtomBasis, nInteractions, radialBasis, cutoff, sharedFilters, epsilon, heads },
 *   "elements": ["H", "C", "O"],
 *   "referenceEnergies": { "H": -0.5, ... },            // energy unit, per atom of that element
 *   "normalization": { "scale": 1, "shift": 0 },          // E_i = scale·y_i + shift + E_ref[Z_i]
 *   "weights": { "<schnetpack parameter name>": { "shape": [..], "data": [..] } },
 *   "provenance": { ... }                                 // free-form: where the model came from
 * }
 */
import { readFile, writeFile } from "node:fs/promises";
import { gunzipSync, gzipSync } from "node:zlib";
import { atomicNumber, elementSymbol } from "../../src/core/elements.ts";
import { unitFactor } from "../../src/core/units.ts";
import { useBackend } from "../tf/backend.ts";
import { interactionOf, validateArchitecture, type PainnArchitecture } from "../painn/architecture.ts";
import { PainnModel, type ModelUnits } from "./model.ts";
import { checkParameters } from "./parameter-shapes.ts";
import { ParameterSet, type NamedArray } from "../painn/parameters.ts";

export const MODEL_FILE_FORMAT = "equimd-painn";
/** Version of files of PaiNN models (unchanged since the first format). */
export const MODEL_FILE_VERSION = 1;
/**
 * Version of files whose architecture has other interaction blocks (ENINet): an older reader would not
 * know them, so these files say so by their version; PaiNN models are still written as version 1.
 */
export const MODEL_FILE_VERSION_INTERACTIONS = 2;
export type ModelFileVersion = typeof MODEL_FILE_VERSION | typeof MODEL_FILE_VERSION_INTERACTIONS;

/** The version a model file of this architecture is written with. */
export function fileVersionOf(architecture: PainnArchitecture): ModelFileVersion {
  return interactionOf(architecture) === "painn" ? MODEL_FILE_VERSION : MODEL_FILE_VERSION_INTERACTIONS;
}

/** The content of a model file, validated. */
export interface ModelFileData {
  format: typeof MODEL_FILE_FORMAT;
  version: ModelFileVersion;
  name: string;
  description?: string;
  units: ModelUnits;
  architecture: PainnArchitecture;
  elements: string[];
  referenceEnergies: Record<string, number>;
  normalization: { scale: number; shift: number };
  weights: Record<string, NamedArray>;
  provenance?: Record<string, unknown>;
}

function finiteNumber(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(`${field}: expected a finite number, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Validate a parsed model file; `where` (the file name) prefixes every error message. */
export function validateModelFile(raw: unknown, where: string): ModelFileData {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new Error(`${where}: not an equimd model file (expected a JSON object)`);
  }
  const o = raw as Record<string, unknown>;
  if (o.format !== MODEL_FILE_FORMAT) {
    throw new Error(`${where}: 'format' is ${JSON.stringify(o.format)}, expected "${MODEL_FILE_FORMAT}"`);
  }
  if (o.version !== MODEL_FILE_VERSION && o.version !== MODEL_FILE_VERSION_INTERACTIONS) {
    throw new Error(
      `${where}: model file version ${JSON.stringify(o.version)} is not supported; this equimd reads ` +
        `versions ${MODEL_FILE_VERSION} and ${MODEL_FILE_VERSION_INTERACTIONS}`,
    );
  }
  const units = (o.units ?? {}) as Record<string, unknown>;
  const quantities = ["energy", "length", "dipole", "polarizability"] as const;
  for (const q of quantities) {
    if (typeof units[q] !== "string") throw new Error(`${where}: units.${q} missing (a unit name string)`);
    try {
      unitFactor(q, units[q] as string);
    } catch (err) {
      throw new Error(`${where}: units.${q}: ${(err as Error).message}`, { cause: err });
    }
  }
  const architecture = validateArchitecture(o.architecture, where);
  if (o.version === MODEL_FILE_VERSION && interactionOf(architecture) !== "painn") {
    throw new Error(
      `${where}: architecture.interaction '${architecture.interaction}' needs model file version ` +
        `${MODEL_FILE_VERSION_INTERACTIONS}; version ${MODEL_FILE_VERSION} files hold PaiNN models only`,
    );
  }
  if (!Array.isArray(o.elements) || o.elements.length === 0) {
    throw new Error(`${where}: 'elements' must be a non-empty list of element symbols`);
  }
  const elements = o.elements.map((s, i) => {
    try {
      return elementSymbol(atomicNumber(String(s)));
    } catch (err) {
      throw new Error(`${where}: elements[${i}]: ${(err as Error).message}`, { cause: err });
    }
  });
  const refsRaw = (o.referenceEnergies ?? {}) as Record<string, unknown>;
  const referenceEnergies: Record<string, number> = {};
  for (const [sym, value] of Object.entries(refsRaw)) {
    if (!elements.includes(sym)) throw new Error(`${where}: referenceEnergies.${sym}: not in 'elements'`);
    referenceEnergies[sym] = finiteNumber(value, `${where}: referenceEnergies.${sym}`);
  }
  const norm = (o.normalization ?? { scale: 1, shift: 0 }) as Record<string, unknown>;
  const normalization = {
    scale: finiteNumber(norm.scale, `${where}: normalization.scale`),
    shift: finiteNumber(norm.shift, `${where}: normalization.shift`),
  };
  if (typeof o.weights !== "object" || o.weights === null) {
    throw new Error(`${where}: 'weights' missing (an object of named arrays {shape, data})`);
  }
  const weights = o.weights as Record<string, NamedArray>;
  for (const [name, a] of Object.entries(weights)) {
    if (!a || !Array.isArray(a.shape) || !Array.isArray(a.data)) {
      throw new Error(`${where}: weight '${name}' must be {shape: number[], data: number[]}`);
    }
  }
  checkParameters(architecture, weights, where);
  const maxZ = Math.max(...elements.map(atomicNumber));
  const rows = weights["representation.embedding.weight"].shape[0];
  if (rows <= maxZ) throw new Error(`${where}: the embedding has ${rows} rows, too few for Z = ${maxZ}`);
  return {
    format: MODEL_FILE_FORMAT,
    version: o.version,
    name: typeof o.name === "string" ? o.name : "unnamed",
    description: typeof o.description === "string" ? o.description : undefined,
    units: {
      energy: units.energy as string,
      length: units.length as string,
      dipole: units.dipole as string,
      polarizability: units.polarizability as string,
    },
    architecture,
    elements,
    referenceEnergies,
    normalization,
    weights,
    provenance: (o.provenance as Record<string, unknown> | undefined) ?? undefined,
  };
}

/** Parse model-file bytes (gzip detected by its magic number). */
export function parseModelFile(bytes: Uint8Array, where: string): ModelFileData {
  let text: string;
  try {
    const gz = bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
    text = new TextDecoder().decode(gz ? gunzipSync(bytes) : bytes);
  } catch (err) {
    throw new Error(`${where}: corrupted model file (gzip: ${(err as Error).message})`, { cause: err });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where}: corrupted model file (not valid JSON: ${(err as Error).message})`, {
      cause: err,
    });
  }
  return validateModelFile(raw, where);
}

export async function readModelFile(path: string): Promise<ModelFileData> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new Error(`cannot read model file ${path}: ${(err as Error).message}`, { cause: err });
  }
  return parseModelFile(bytes, path);
}

/** Write a model file; gzip-compressed if the path ends in .gz. */
export async function writeModelFile(path: string, data: ModelFileData): Promise<void> {
  const text = JSON.stringify(data);
  await writeFile(path, path.endsWith(".gz") ? gzipSync(text, { level: 9 }) : text);
}

/** Build the model (tf.Variables on the active backend) from file data. */
export function modelFromData(data: ModelFileData): PainnModel {
  const referenceEnergies = new Map<number, number>();
  for (const [sym, e] of Object.entries(data.referenceEnergies)) referenceEnergies.set(atomicNumber(sym), e);
  return new PainnModel(
    {
      name: data.name,
      architecture: data.architecture,
      units: data.units,
      elements: data.elements.map(atomicNumber),
      referenceEnergies,
      normalization: data.normalization,
    },
    new ParameterSet(data.weights),
  );
}

/** The file data of a model (current parameter values). */
export function modelToData(
  model: PainnModel,
  extra: { description?: string; provenance?: object } = {},
): ModelFileData {
  const s = model.spec;
  const referenceEnergies: Record<string, number> = {};
  for (const [z, e] of s.referenceEnergies) referenceEnergies[elementSymbol(z)] = e;
  return {
    format: MODEL_FILE_FORMAT,
    version: fileVersionOf(s.architecture),
    name: s.name,
    ...(extra.description !== undefined ? { description: extra.description } : {}),
    units: s.units,
    architecture: s.architecture,
    elements: s.elements.map(elementSymbol),
    referenceEnergies,
    normalization: s.normalization,
    weights: model.params.toArrays(),
    ...(extra.provenance !== undefined ? { provenance: extra.provenance as Record<string, unknown> } : {}),
  };
}

/** Read a model file and build the model on the chosen backend (default: $EQUIMD_BACKEND or wasm). */
export async function loadModel(path: string, options: { backend?: string } = {}): Promise<PainnModel> {
  const data = await readModelFile(path);
  await useBackend(options.backend);
  return modelFromData(data);
}

export async function saveModel(model: PainnModel, path: string): Promise<void> {
  await writeModelFile(path, modelToData(model));
}
