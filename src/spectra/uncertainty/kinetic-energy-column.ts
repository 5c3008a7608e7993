/**
 * Kinetic temperatures from a `kinetic_energy` column of a property or reference-MD CSV (one value per
 * sample; unit from `kinetic_energy_unit=…` or `energies <unit>` in a '#' line, default eV), for the
 * measured-temperature prefactor of files that hold no velocities: k_B T = 2⟨K⟩/n_dof, per block when
 * the series is cut into blocks (the same cut as blocks.ts). The number of degrees of freedom is not in
 * the file and must be given.
 */
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { unitFactor } from "../../core/index.ts";

/** The kinetic energies (hartree) of the column, or undefined when the file has no such column. */
export async function readKineticEnergies(path: string): Promise<Float64Array | undefined> {
  const bytes = await readFile(path);
  const text = (path.toLowerCase().endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const comments = lines.filter((l) => l.startsWith("#")).join(" ");
  const unit =
    /kinetic_energy_unit=(\S+)/.exec(comments)?.[1] ?? /energies (\w+)/.exec(comments)?.[1] ?? "eV";
  const body = lines.filter((l) => !l.startsWith("#"));
  if (body.length < 2) return undefined;
  const column = body[0]
    .split(",")
    .map((c) => c.trim())
    .indexOf("kinetic_energy");
  if (column < 0) return undefined;
  let f: number;
  try {
    f = unitFactor("energy", unit);
  } catch (e) {
    throw new Error(`${path}: kinetic_energy: ${(e as Error).message}`, { cause: e });
  }
  return Float64Array.from(body.slice(1), (line, r) => {
    const v = Number(line.split(",")[column]);
    if (!Number.isFinite(v)) throw new Error(`${path}: data row ${r + 1}: kinetic_energy is not a number`);
    return v * f;
  });
}

/** k_B T (hartree) of each of `blocks` consecutive blocks (1: the whole series). */
export function blockTemperatures(kinetic: Float64Array, degreesOfFreedom: number, blocks = 1): number[] {
  const length = Math.floor(kinetic.length / blocks);
  return Array.from({ length: blocks }, (_, b) => {
    let s = 0;
    for (let i = b * length; i < (b + 1) * length; i++) s += kinetic[i];
    return (2 * s) / length / degreesOfFreedom;
  });
}
