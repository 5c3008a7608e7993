/**
 * Checkpoint files: everything needed to continue a run bit for bit. JSON, written atomically
 * (temporary file + rename) so that a crash while writing leaves the previous checkpoint intact.
 *
 * {
 *   "format": "equimd-checkpoint", "version": 1,
 *   "step": 500, "time": 20670.7,              // time in atomic units
 *   "configHash": "…",                          // hash of the physics part of the run config (optional)
 *   "system": { "symbols": [...], "masses": [...] },      // masses in electron masses
 *   "state": { "nBatch", "nAtoms", "positions", "momenta", "forces", "potentialEnergy",
 *              "dipole"?, "polarizability"?, "thermostatHeat" },   // atomic units
 *   "integrator": { "name": "…", "state": … },  // integrator.saveState()
 *   "metadata": { … }                           // e.g. the energy logger's reference value
 * }
 *
 * Numbers are written as JSON numbers (shortest representation that reads back to the same double);
 * typed arrays anywhere (also inside the integrator state) are tagged {"$typed": "Float64Array",
 * "data": [...]} and restored as such.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { withPath } from "./file-error.ts";
import type { Integrator } from "../core/integrator.ts";
import type { MDState, System } from "../core/system.ts";

export interface Checkpoint {
  format: "equimd-checkpoint";
  version: 1;
  step: number;
  time: number;
  configHash?: string;
  system: { symbols: string[]; masses: number[] };
  state: {
    nBatch: number;
    nAtoms: number;
    positions: number[];
    momenta: number[];
    forces: number[];
    potentialEnergy: number[];
    dipole?: number[];
    polarizability?: number[];
    thermostatHeat: number;
  };
  integrator: { name: string; state: unknown };
  metadata: Record<string, unknown>;
}

const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int8Array,
  Uint8Array,
  Int16Array,
  Uint16Array,
} as const;

function replacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView) && !(value instanceof BigInt64Array)) {
    const name = value.constructor.name;
    if (name in TYPED) return { $typed: name, data: Array.from(value as Float64Array) };
  }
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === "object" && "$typed" in value && "data" in value) {
    const ctor = TYPED[(value as { $typed: string }).$typed as keyof typeof TYPED];
    if (ctor) return ctor.from((value as { data: number[] }).data);
  }
  return value;
}

/** Build a checkpoint of a state (arrays are copied). */
export function makeCheckpoint(
  system: System,
  state: Readonly<MDState>,
  integrator: Integrator,
  options: { integratorState?: unknown; configHash?: string; metadata?: Record<string, unknown> } = {},
): Checkpoint {
  const arr = (a: Float64Array) => Array.from(a);
  return {
    format: "equimd-checkpoint",
    version: 1,
    step: state.step,
    time: state.time,
    configHash: options.configHash,
    system: { symbols: [...system.symbols], masses: arr(system.masses) },
    state: {
      nBatch: state.nBatch,
      nAtoms: state.nAtoms,
      positions: arr(state.positions),
      momenta: arr(state.momenta),
      forces: arr(state.forces),
      potentialEnergy: arr(state.potentialEnergy),
      dipole: state.dipole && arr(state.dipole),
      polarizability: state.polarizability && arr(state.polarizability),
      thermostatHeat: state.thermostatHeat,
    },
    integrator: { name: integrator.name, state: options.integratorState ?? integrator.saveState() },
    metadata: options.metadata ?? {},
  };
}

/** Write a checkpoint atomically: to `path.tmp`, then rename over `path`. */
export function writeCheckpoint(path: string, checkpoint: Checkpoint): void {
  const tmp = `${path}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(checkpoint, replacer) + "\n");
  } catch (e) {
    throw withPath(e, tmp); // a full disk: the previous checkpoint at `path` is still intact
  }
  renameSync(tmp, path);
}

/** Read and check a checkpoint file. */
export function readCheckpoint(path: string): Checkpoint {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`cannot read checkpoint ${path}: ${(e as Error).message}`, { cause: e });
  }
  let c: Checkpoint;
  try {
    c = JSON.parse(text, reviver) as Checkpoint;
  } catch (e) {
    throw new Error(`${path}: not a valid JSON checkpoint (${(e as Error).message})`, { cause: e });
  }
  if (c?.format !== "equimd-checkpoint" || c.version !== 1) {
    throw new Error(`${path}: not an equimd checkpoint (expected format "equimd-checkpoint", version 1)`);
  }
  const n3 = 3 * c.state.nAtoms * c.state.nBatch;
  if (c.state.positions?.length !== n3 || c.state.momenta?.length !== n3 || c.state.forces?.length !== n3) {
    throw new Error(`${path}: state arrays do not have 3 × nAtoms × nBatch = ${n3} entries`);
  }
  return c;
}

/**
 * The MDState stored in a checkpoint; also loads the integrator's saved state. Throws if the
 * checkpoint belongs to another system or integrator.
 */
export function restoreCheckpoint(
  c: Checkpoint,
  system: System,
  integrator: Integrator,
  path = "checkpoint",
): MDState {
  if (c.system.symbols.join(" ") !== system.symbols.join(" ")) {
    throw new Error(
      `${path}: checkpoint is for atoms ${c.system.symbols.join(" ")}, not ${system.symbols.join(" ")}`,
    );
  }
  if (c.integrator.name !== integrator.name) {
    throw new Error(
      `${path}: checkpoint was written by integrator '${c.integrator.name}', not '${integrator.name}'`,
    );
  }
  integrator.loadState(c.integrator.state);
  const s = c.state;
  return {
    nBatch: s.nBatch,
    nAtoms: s.nAtoms,
    step: c.step,
    time: c.time,
    positions: Float64Array.from(s.positions),
    momenta: Float64Array.from(s.momenta),
    forces: Float64Array.from(s.forces),
    potentialEnergy: Float64Array.from(s.potentialEnergy),
    dipole: s.dipole ? Float64Array.from(s.dipole) : undefined,
    polarizability: s.polarizability ? Float64Array.from(s.polarizability) : undefined,
    thermostatHeat: s.thermostatHeat,
  };
}
