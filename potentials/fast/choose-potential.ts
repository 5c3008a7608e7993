/**
 * Which PaiNN path evaluates a model: the fast path (onnxruntime, potentials/fast/) where it supports the
 * model and onnxruntime loads, else the tfjs path (potentials/painn/), with the reason said.
 *
 * - "auto" (default): fast when possible, else tfjs, and `reason` says why not fast.
 * - "fast": the fast path or a clear error.
 * - "tfjs": the tfjs path.
 */
import type { Potential } from "../../src/core/potential.ts";
import { modelFromData, readModelFile, type ModelFileData } from "../message-passing/model-file.ts";
import { MessagePassingPotential } from "../message-passing/message-passing-potential.ts";
import { useBackend } from "../tf/backend.ts";
import type { FastPainnOptions } from "./fast-painn-model.ts";
import { fastPathUnsupportedReason } from "./support.ts";

export type PainnPath = "auto" | "fast" | "tfjs";

export interface ChooseOptions extends FastPainnOptions {
  path?: PainnPath;
  /** tfjs backend for the tfjs path (potentials/tf/backend.ts). */
  backend?: string;
}

export interface ChosenPotential {
  potential: Potential;
  path: "fast" | "tfjs";
  /** Why the fast path was not taken ("auto" only). */
  reason?: string;
}

async function tfjsPotential(data: ModelFileData, backend?: string): Promise<MessagePassingPotential> {
  await useBackend(backend);
  return new MessagePassingPotential(modelFromData(data));
}

/** Try the fast path: null and a reason when it cannot run this model here. */
async function fastPotential(
  data: ModelFileData,
  options: FastPainnOptions,
): Promise<{ potential: Potential | null; reason?: string }> {
  const unsupported = fastPathUnsupportedReason(data);
  if (unsupported !== null)
    return { potential: null, reason: `the fast path does not support ${unsupported}` };
  try {
    // A dynamic import: onnxruntime's native binary may be missing on this platform.
    const { FastPainnPotential } = await import("./fast-painn-potential.ts");
    const potential = new FastPainnPotential(data, options);
    await potential.model.warmUp();
    return { potential };
  } catch (err) {
    return { potential: null, reason: `onnxruntime could not run the model: ${(err as Error).message}` };
  }
}

/** A Potential for model file data, on the path asked for (see the module comment). */
export async function choosePainnPotential(
  data: ModelFileData,
  options: ChooseOptions = {},
): Promise<ChosenPotential> {
  const path = options.path ?? "auto";
  if (path === "tfjs") return { potential: await tfjsPotential(data, options.backend), path: "tfjs" };
  const fast = await fastPotential(data, options);
  if (fast.potential !== null) return { potential: fast.potential, path: "fast" };
  if (path === "fast") throw new Error(`model '${data.name}': ${fast.reason}`);
  return { potential: await tfjsPotential(data, options.backend), path: "tfjs", reason: fast.reason };
}

/** The same from a model file (.json or .json.gz). */
export async function loadPainnPotential(
  path: string,
  options: ChooseOptions = {},
): Promise<ChosenPotential> {
  return choosePainnPotential(await readModelFile(path), options);
}
