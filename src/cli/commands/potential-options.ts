/**
 * How a command that evaluates one structure names its potential: `--model file.json.gz` (a PaiNN
 * model, as for predict/evaluate) or `--potential <type>` with `--parameters file.yaml` (any type a run
 * config knows, src/config/potential-factory.ts).
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { parse as parseYaml } from "yaml";
import type { Potential } from "../../core/potential.ts";
import type { MDState, System } from "../../core/system.ts";
import { buildPotential, POTENTIAL_TYPES, type PotentialType } from "../../config/potential-factory.ts";
import { oneOf } from "./spectrum.ts";

export interface PotentialOptions {
  model?: string;
  potential?: PotentialType;
  parameters?: string;
}

/** Adds --model, --potential and --parameters to a command. */
export function addPotentialOptions(command: Command): Command {
  return command
    .option(
      "--model <file>",
      "PaiNN model file (.json or .json.gz); same as --potential painn with model: file",
    )
    .option(
      "--potential <type>",
      `potential type: ${POTENTIAL_TYPES.join(" | ")}`,
      oneOf("--potential", POTENTIAL_TYPES),
    )
    .option(
      "--parameters <file>",
      "potential parameters (YAML or JSON, as under potential.parameters of a run config)",
    );
}

/** The potential the options name, for `system` starting at `initial`. */
export async function potentialFromOptions(
  o: PotentialOptions,
  system: System,
  initial: Readonly<MDState>,
): Promise<Potential> {
  if (o.model !== undefined && o.potential !== undefined && o.potential !== "painn") {
    throw new Error(`--model is a PaiNN model; it cannot be combined with --potential ${o.potential}`);
  }
  if (o.model !== undefined && o.parameters !== undefined) {
    throw new Error(`give either --model or --parameters (with model: in it), not both`);
  }
  const type = o.model !== undefined ? "painn" : o.potential;
  if (type === undefined) {
    throw new Error(
      `no potential: give --model model.json.gz, or --potential <type> (${POTENTIAL_TYPES.join(", ")})`,
    );
  }
  let parameters: unknown = o.model !== undefined ? { model: resolve(o.model) } : {};
  if (o.parameters !== undefined) {
    const text = await readFile(o.parameters, "utf8");
    try {
      parameters = parseYaml(text) ?? {};
    } catch (e) {
      throw new Error(`--parameters ${o.parameters}: not valid YAML/JSON: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }
  const configDir = o.parameters !== undefined ? dirname(resolve(o.parameters)) : process.cwd();
  const where =
    o.parameters ??
    (o.model !== undefined ? `--model ${o.model}` : `--potential ${type} without --parameters <file>`);
  try {
    return await buildPotential(type, parameters, { system, initial, configDir, source: where });
  } catch (e) {
    // bad parameters: buildPotential's message already names `where` and every field
    if ((e as Error).message.startsWith("invalid parameters of potential")) throw e;
    const issues = (e as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
    if (issues) {
      const lines = issues.map(
        (i) => `${where}: ${i.path.map(String).join(".") || "(parameters)"}: ${i.message}`,
      );
      throw new Error(`invalid parameters of potential '${type}'\n${lines.join("\n")}`, { cause: e });
    }
    throw new Error(`${where}: ${(e as Error).message}`, { cause: e });
  }
}
