/**
 * Command-line option parsing shared by the reference-data commands (sample, label, reference-md).
 */
import { InvalidArgumentError } from "commander";

/** Parser for a positive integer option. */
export function positiveInteger(name: string) {
  return (value: string): number => {
    const v = Number(value);
    if (!Number.isInteger(v) || v < 1)
      throw new InvalidArgumentError(`${name} must be a positive integer, got '${value}'`);
    return v;
  };
}

/** Parser for a non-negative integer option. */
export function nonNegativeInteger(name: string) {
  return (value: string): number => {
    const v = Number(value);
    if (!Number.isInteger(v) || v < 0) {
      throw new InvalidArgumentError(`${name} must be a non-negative integer, got '${value}'`);
    }
    return v;
  };
}

/** Parser for a positive number option. */
export function positiveNumber(name: string) {
  return (value: string): number => {
    const v = Number(value);
    if (!(v > 0) || !Number.isFinite(v))
      throw new InvalidArgumentError(`${name} must be a positive number, got '${value}'`);
    return v;
  };
}

/** Parser for a comma-separated list of positive numbers, e.g. 300,500. */
export function positiveList(name: string) {
  return (value: string): number[] => {
    const parts = value.split(",").map((s) => Number(s.trim()));
    if (parts.length === 0 || parts.some((v) => !(v > 0) || !Number.isFinite(v))) {
      throw new InvalidArgumentError(
        `${name} must be a comma-separated list of positive numbers, got '${value}'`,
      );
    }
    return parts;
  };
}

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
