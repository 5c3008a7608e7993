/**
 * The one config loader of equimd: run, demo and training configs are YAML files validated with a zod
 * schema. Errors name the file and the field ("run.yaml: integrator.timestep_fs: expected a positive
 * number, got -1"), an unknown key is an error (check the spelling), and relative paths inside a
 * config are relative to the directory of the config file, whatever the working directory.
 */
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";

/** A config file read and validated, with where it lives. */
export interface LoadedYamlConfig<T> {
  config: T;
  /** Absolute path of the file. */
  path: string;
  /** Directory of the file: relative paths in the config are relative to it. */
  dir: string;
}

/** The parsed YAML of a config file (null for an empty file); errors name the file. */
export function readYamlFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`cannot read ${what} ${path}: ${(e as Error).message}`, { cause: e });
  }
  try {
    return parseYaml(text) as unknown;
  } catch (e) {
    throw new Error(`${path}: not valid YAML: ${(e as Error).message}`, { cause: e });
  }
}

/** Validate `raw` against `schema`; throws "invalid <what>" and one line per problem. */
export function validateConfig<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  fileName: string,
  what: string,
): z.infer<S> {
  const result = schema.safeParse(raw ?? {}, { reportInput: true });
  if (!result.success) throw new Error(`invalid ${what}\n${formatIssues(result.error.issues, fileName)}`);
  return result.data;
}

/** Read, parse and validate a config file. */
export function loadYamlConfig<S extends z.ZodType>(
  path: string,
  schema: S,
  what: string,
): LoadedYamlConfig<z.infer<S>> {
  const raw = readYamlFile(path, what);
  const abs = resolve(path);
  return { config: validateConfig(schema, raw, path, what), path: abs, dir: dirname(abs) };
}

/** A path from a config made absolute against the config file's directory (absolute paths stay). */
export function resolveConfigPath(dir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(dir, path);
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return `'${value}'`;
  if (Array.isArray(value)) return "a list";
  if (value !== null && typeof value === "object") return "a mapping";
  return String(value);
}

const TYPE_NAMES: Record<string, string> = {
  number: "a number",
  int: "an integer",
  string: "a string",
  boolean: "true or false",
  object: "a mapping (key: value lines)",
  array: "a list",
  record: "a mapping (key: value lines)",
};

/** One readable line per zod issue: "path: expected …, got …". */
export function formatIssues(issues: readonly z.core.$ZodIssue[], fileName: string): string {
  return issues
    .map((issue) => {
      const i = issue as z.core.$ZodIssue & { input?: unknown; [k: string]: unknown };
      const path = i.path.map(String).join(".") || "(top level)";
      const got = `got ${describe(i.input)}`;
      let what: string;
      switch (i.code) {
        case "invalid_type":
          what =
            i.input === undefined
              ? `missing: expected ${TYPE_NAMES[String(i.expected)] ?? i.expected}`
              : `expected ${TYPE_NAMES[String(i.expected)] ?? i.expected}, ${got}`;
          break;
        case "too_small":
          what =
            i.origin === "number" && i.minimum === 0 && !i.inclusive
              ? `expected a positive number, ${got}`
              : i.origin === "array"
                ? `expected at least ${i.minimum} entries`
                : `expected ${i.inclusive ? "≥" : ">"} ${i.minimum}, ${got}`;
          break;
        case "too_big":
          what = `expected ${i.inclusive ? "≤" : "<"} ${i.maximum}, ${got}`;
          break;
        case "invalid_value":
          what = `expected one of ${(i.values as unknown[]).map((v) => `'${String(v)}'`).join(", ")}, ${got}`;
          break;
        case "unrecognized_keys": {
          const keys = i.keys as string[];
          return keys
            .map(
              (k) => `${fileName}: ${[...i.path.map(String), k].join(".")}: unknown key (check the spelling)`,
            )
            .join("\n");
        }
        case "invalid_union": {
          // a discriminated union (integrator.type, thermostat.type) with an unknown type
          const options = i.options as unknown[] | undefined;
          const input = i.input as Record<string, unknown> | undefined;
          what = options
            ? `expected one of ${options.map((v) => `'${String(v)}'`).join(", ")}, got ${describe(input?.[String(i.discriminator)])}`
            : i.message;
          break;
        }
        default:
          what = i.message;
      }
      return `${fileName}: ${path}: ${what}`;
    })
    .join("\n");
}
