/**
 * NumPy .npz archives (a zip of .npy members, as written by np.savez / np.savez_compressed), read with
 * fflate. MD17 and revised MD17 ship their datasets this way.
 */
import { readFile } from "node:fs/promises";
import { unzipSync, zipSync } from "fflate";
import { encodeNpy, parseNpy, type NpyArray } from "./npy.ts";

/** Decode every member of an .npz archive; keys are member names without the '.npy' suffix. */
export function parseNpz(bytes: Uint8Array, fileName: string): Record<string, NpyArray> {
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes);
  } catch (e) {
    throw new Error(`${fileName}: not a readable .npz (zip) archive: ${(e as Error).message}`, { cause: e });
  }
  const out: Record<string, NpyArray> = {};
  for (const [member, data] of Object.entries(members)) {
    if (!member.endsWith(".npy")) continue;
    const key = member.slice(0, -4);
    out[key] = parseNpy(data, `${fileName}:${member}`);
  }
  return out;
}

/** Read an .npz file from disk. */
export async function readNpz(path: string): Promise<Record<string, NpyArray>> {
  return parseNpz(new Uint8Array(await readFile(path)), path);
}

/** Build an .npz archive from float64 arrays (for writing datasets and test fixtures). */
export function encodeNpz(arrays: Record<string, { data: ArrayLike<number>; shape: number[] }>): Uint8Array {
  const members: Record<string, Uint8Array> = {};
  for (const [key, a] of Object.entries(arrays)) members[`${key}.npy`] = encodeNpy(a.data, a.shape);
  return zipSync(members);
}
