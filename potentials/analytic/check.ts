/** Input checks shared by the analytic potentials; each failure names the potential and the field. */
import type { System } from "../../src/core/system.ts";

/** Throws unless positions hold nBatch configurations of system.nAtoms atoms. */
export function checkPositions(name: string, system: System, positions: Float64Array, nBatch: number): void {
  if (!Number.isInteger(nBatch) || nBatch < 1)
    throw new Error(`${name}: nBatch must be a positive integer, got ${nBatch}`);
  if (positions.length !== nBatch * system.nAtoms * 3) {
    throw new Error(
      `${name}: positions have ${positions.length} numbers, expected nBatch·nAtoms·3 = ${nBatch}·${system.nAtoms}·3`,
    );
  }
}

/** Throws unless `value` is a finite number (> 0 when `positive`). */
export function checkNumber(
  name: string,
  field: string,
  value: unknown,
  positive: boolean,
  unit: string,
): number {
  if (typeof value !== "number" || !Number.isFinite(value) || (positive && !(value > 0))) {
    throw new Error(
      `${name}: ${field} must be a ${positive ? "positive" : "finite"} number (${unit}), got ${String(value)}`,
    );
  }
  return value;
}

/** Throws unless i is an atom index valid for a system of nAtoms atoms. */
export function checkAtomIndex(name: string, field: string, i: unknown, nAtoms: number): number {
  if (typeof i !== "number" || !Number.isInteger(i) || i < 0 || i >= nAtoms) {
    throw new Error(`${name}: ${field} must be an atom index in 0..${nAtoms - 1}, got ${String(i)}`);
  }
  return i;
}
