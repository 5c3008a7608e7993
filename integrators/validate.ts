/** Checks of user-given options: each failure names the option and says what was expected. */

/** Throws unless `value` is a finite number > 0. `what` names the option, e.g. "LangevinThermostat: tau". */
export function requirePositive(value: unknown, what: string, unit: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || !(value > 0)) {
    throw new Error(`${what} must be a positive number (${unit}), got ${String(value)}`);
  }
  return value;
}

/** Throws unless `value` is an integer ≥ `min`. */
export function requireInteger(value: unknown, what: string, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new Error(`${what} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

/** Throws unless `value` is an integer (a random seed). */
export function requireSeed(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new Error(`${what} must be an integer, got ${String(value)}`);
  }
  return value;
}
