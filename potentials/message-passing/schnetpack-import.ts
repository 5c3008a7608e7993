/**
 * Import of a schnetpack 2 PaiNN model exported as a state-dict JSON (layout of the reference files and of
 * the Python snippet in docs/painn.md):
 *
 * {
 *   "name": "...", "units": { "energy": "kcal/mol", "length": "angstrom" },
 *   "architecture": { "representation": "PaiNN", "n_atom_basis", "n_interactions",
 *                     "radial_basis": { "type": "gaussian"|"bessel", "n_rbf", "cutoff" },
 *                     "cutoff_fn": { "type": "cosine", "cutoff" }, "shared_filters", "epsilon",
 *                     "heads": { "energy": { "type": "atomwise_mlp", "layers" },
 *                                "dipole": { "type": "charges"|"charges_plus_atomic_dipoles",
 *                                            "layers"|"gated_layers", "correct_charges" },
 *                                "polarizability": { "type": "gated_rank1", "gated_layers" } } },
 *   "state_dict": { "<parameter name>": { "shape": [...], "data": [...] } },
 *   optional: "elements": ["H", ...], "energy_offset_per_atom": number,
 *             "atomref": [per Z, energy unit], "normalization": { "scale", "shift" }
 * }
 *
 * Parameter names are kept: the model file uses schnetpack's names (parameters.ts).
 */
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { elementSymbol, MAX_ATOMIC_NUMBER, atomicNumber } from "../../src/core/elements.ts";
import { unitFactor } from "../../src/core/units.ts";
import type { PainnArchitecture } from "../painn/architecture.ts";
import {
  MODEL_FILE_FORMAT,
  MODEL_FILE_VERSION,
  validateModelFile,
  type ModelFileData,
} from "./model-file.ts";
import type { NamedArray } from "../painn/parameters.ts";

export interface SchnetpackImportOptions {
  /** Energy unit of the model (overrides the file's units.energy). */
  energyUnit?: string;
  /** Length unit of the model (overrides the file's units.length). */
  lengthUnit?: string;
  /** Elements the model was trained on (overrides the file's "elements"). */
  elements?: string[];
  /** Name of the imported model (default: the file's name). */
  name?: string;
}

/** Dipole and polarizability units that go with a length unit (charges in e). */
const DERIVED_UNITS: Record<string, { dipole: string; polarizability: string }> = {
  angstrom: { dipole: "e*angstrom", polarizability: "angstrom^3" },
  Å: { dipole: "e*angstrom", polarizability: "angstrom^3" },
  bohr: { dipole: "e*bohr", polarizability: "bohr^3" },
};

type Json = Record<string, unknown>;

function need<T>(value: T | undefined, field: string, where: string): T {
  if (value === undefined || value === null) throw new Error(`${where}: '${field}' is missing`);
  return value;
}

function convertArchitecture(a: Json, where: string): PainnArchitecture {
  if (a.representation !== undefined && a.representation !== "PaiNN") {
    throw new Error(
      `${where}: architecture.representation is ${JSON.stringify(a.representation)}, expected "PaiNN"`,
    );
  }
  const rb = need(a.radial_basis as Json | undefined, "architecture.radial_basis", where);
  const cf = need(a.cutoff_fn as Json | undefined, "architecture.cutoff_fn", where);
  if (cf.type !== "cosine")
    throw new Error(`${where}: architecture.cutoff_fn.type ${cf.type}: only cosine is supported`);
  const heads = (a.heads ?? {}) as Record<string, Json | undefined>;
  const energy = need(heads.energy, "architecture.heads.energy", where);
  if (energy.type !== undefined && energy.type !== "atomwise_mlp") {
    throw new Error(`${where}: architecture.heads.energy.type ${energy.type}: expected atomwise_mlp`);
  }
  const arch: Json = {
    nAtomBasis: a.n_atom_basis,
    nInteractions: a.n_interactions,
    radialBasis: { type: rb.type, nRbf: rb.n_rbf, cutoff: rb.cutoff },
    cutoff: cf.cutoff,
    sharedFilters: a.shared_filters === true,
    epsilon: a.epsilon ?? 1e-8,
    heads: { energy: { layers: energy.layers } } as Json,
  };
  const h = arch.heads as Json;
  if (heads.dipole) {
    h.dipole = {
      type: heads.dipole.type,
      layers: heads.dipole.gated_layers ?? heads.dipole.layers,
      correctCharges: heads.dipole.correct_charges !== false,
    };
  }
  if (heads.polarizability) {
    h.polarizability = { type: heads.polarizability.type, layers: heads.polarizability.gated_layers };
  }
  return arch as unknown as PainnArchitecture;
}

/** Convert a parsed schnetpack state-dict JSON into validated model-file data. */
export function importSchnetpack(
  raw: unknown,
  where: string,
  options: SchnetpackImportOptions = {},
): ModelFileData {
  if (typeof raw !== "object" || raw === null) throw new Error(`${where}: expected a JSON object`);
  const o = raw as Json;
  const architecture = convertArchitecture(
    need(o.architecture as Json | undefined, "architecture", where),
    where,
  );
  const stateDict = need(o.state_dict as Record<string, NamedArray> | undefined, "state_dict", where);

  // The cutoff function's radius is an architecture constant in equimd, not a weight.
  const weights: Record<string, NamedArray> = { ...stateDict };
  const rcBuffer = weights["representation.cutoff_fn.cutoff"];
  if (rcBuffer !== undefined) {
    if (Math.abs(Number(rcBuffer.data[0]) - architecture.cutoff) > 1e-6 * architecture.cutoff) {
      throw new Error(
        `${where}: state_dict cutoff_fn.cutoff = ${rcBuffer.data[0]} disagrees with architecture.cutoff_fn.cutoff = ${architecture.cutoff}`,
      );
    }
    delete weights["representation.cutoff_fn.cutoff"];
  }

  const fileUnits = (o.units ?? {}) as Record<string, string | undefined>;
  const energyUnit = options.energyUnit ?? fileUnits.energy;
  const lengthUnit = options.lengthUnit ?? fileUnits.length;
  if (energyUnit === undefined || lengthUnit === undefined) {
    throw new Error(`${where}: units unknown: give them in "units" or with --energy-unit/--length-unit`);
  }
  for (const [q, u, flag] of [
    ["energy", energyUnit, "--energy-unit"],
    ["length", lengthUnit, "--length-unit"],
  ] as const) {
    try {
      unitFactor(q, u);
    } catch (err) {
      throw new Error(`${where}: ${q} unit: ${(err as Error).message} (set it with ${flag})`, { cause: err });
    }
  }
  const derived = DERIVED_UNITS[lengthUnit];
  if (derived === undefined) {
    throw new Error(
      `${where}: length unit ${lengthUnit}: import supports ${Object.keys(DERIVED_UNITS).join(", ")}`,
    );
  }

  // Elements: as given, else the file's list, else every element the embedding has a row for.
  const embeddingRows = need(weights["representation.embedding.weight"], "state_dict embedding", where)
    .shape[0];
  const elements =
    options.elements ??
    (o.elements as string[] | undefined) ??
    Array.from({ length: Math.min(embeddingRows - 1, MAX_ATOMIC_NUMBER) }, (_, k) => elementSymbol(k + 1));
  const symbols = elements.map((s) => elementSymbol(atomicNumber(s)));

  const referenceEnergies: Record<string, number> = {};
  const offset = typeof o.energy_offset_per_atom === "number" ? o.energy_offset_per_atom : 0;
  const atomref = Array.isArray(o.atomref) ? (o.atomref as number[]) : undefined;
  for (const sym of symbols) {
    const e = offset + (atomref?.[atomicNumber(sym)] ?? 0);
    if (e !== 0) referenceEnergies[sym] = e;
  }
  const norm = (o.normalization ?? {}) as { scale?: number; shift?: number };

  return validateModelFile(
    {
      format: MODEL_FILE_FORMAT,
      version: MODEL_FILE_VERSION,
      name: options.name ?? (typeof o.name === "string" ? o.name : "schnetpack-painn"),
      units: { energy: energyUnit, length: lengthUnit, ...derived },
      architecture,
      elements: symbols,
      referenceEnergies,
      normalization: { scale: norm.scale ?? 1, shift: norm.shift ?? 0 },
      weights,
      provenance: { importedFrom: "schnetpack state_dict JSON", note: o.note },
    },
    where,
  );
}

/** Read a state-dict JSON (optionally .gz) and convert it. */
export async function importSchnetpackFile(
  path: string,
  options: SchnetpackImportOptions = {},
): Promise<ModelFileData> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  let raw: unknown;
  try {
    const gz = bytes[0] === 0x1f && bytes[1] === 0x8b;
    raw = JSON.parse(new TextDecoder().decode(gz ? gunzipSync(bytes) : bytes));
  } catch (err) {
    throw new Error(`${path}: not a valid (optionally gzipped) JSON file: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return importSchnetpack(raw, path, options);
}
