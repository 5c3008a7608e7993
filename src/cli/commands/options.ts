/**
 * Command-line option parsing shared by the commands: one parser per kind of number, so that every
 * command accepts the same spellings. Integers may be written in exponent notation (`--steps 1e6`, as a
 * YAML config accepts `1e6`) when the value is an exact integer; `1.5e0` or `1e400` are refused.
 */
import { InvalidArgumentError } from "commander";

/** The number a command-line value spells, or undefined (empty, hex, "Infinity", trailing junk…). */
function decimal(value: string): number | undefined {
  const text = value.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

/** An exact integer (safe in a double) that a value spells, e.g. '1000', '1e3', '2.5e2'; else undefined. */
export function parseInteger(value: string): number | undefined {
  const v = decimal(value);
  return v !== undefined && Number.isSafeInteger(v) ? v : undefined;
}

/** Parser for an integer option ≥ `min`. */
function integerAtLeast(name: string, min: number, what: string) {
  return (value: string): number => {
    const v = parseInteger(value);
    if (v === undefined || v < min) {
      throw new InvalidArgumentError(
        `${name}: expected ${what}, got '${value}' (write digits, or exponent notation such as 1e6)`,
      );
    }
    return v;
  };
}

/** Parser for a positive integer option. */
export function positiveInteger(name: string) {
  return integerAtLeast(name, 1, "a positive integer");
}

/** Parser for a non-negative integer option. */
export function nonNegativeInteger(name: string) {
  return integerAtLeast(name, 0, "a non-negative integer");
}

/** Parser for a positive number option. */
export function positiveNumber(name: string) {
  return (value: string): number => {
    const v = decimal(value);
    if (v === undefined || !(v > 0))
      throw new InvalidArgumentError(`${name}: expected a positive number, got '${value}'`);
    return v;
  };
}

/** Parser for a comma-separated list of positive numbers, e.g. 300,500. */
export function positiveList(name: string) {
  return (value: string): number[] => {
    const parts = value.split(",").map((s) => decimal(s));
    if (parts.length === 0 || parts.some((v) => v === undefined || !(v > 0))) {
      throw new InvalidArgumentError(
        `${name}: expected a comma-separated list of positive numbers, got '${value}'`,
      );
    }
    return parts as number[];
  };
}

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
