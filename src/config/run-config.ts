/**
 * The run configuration of `equimd run <config.yaml>`: a zod schema (unknown keys are errors), YAML
 * loading, readable validation messages ("config.yaml: integrator.timestep_fs: expected a positive
 * number, got -1") and the hash of the physics part of a config that checkpoints carry.
 *
 * Keys carry their unit in the name (timestep_fs, temperature_K, tau_fs); file units are in `units`
 * (ASE's by default). See docs/cli.md for the full reference.
 */
import { createHash } from "node:crypto";
import { dirname } from "node:path";
import { z } from "zod";
import { knownUnits } from "../core/units.ts";
import { readYamlFile, validateConfig } from "./load-config.ts";
import { POTENTIAL_TYPES, potentialParameterSchema } from "./potential-factory.ts";

const positive = z.number().positive();
const positiveInt = z.int().positive();
const splitting = z.enum(["baoab", "obabo"]);
const unit = (q: Parameters<typeof knownUnits>[0]) => z.enum(knownUnits(q) as [string, ...string[]]);

const units = z
  .object({
    length: unit("length").default("angstrom"),
    energy: unit("energy").default("eV"),
    dipole: unit("dipole").default("e*angstrom"),
    polarizability: unit("polarizability").default("angstrom^3"),
    time: unit("time").default("fs"),
  })
  .strict();

const verlet = z
  .object({ type: z.literal("verlet"), timestep_fs: positive, splitting: splitting.optional() })
  .strict();

/** Ring-polymer MD (RPMD / TRPMD); its thermostat is part of the integrator. */
const rpmd = z
  .object({
    type: z.literal("rpmd"),
    timestep_fs: positive,
    beads: positiveInt,
    temperature_K: positive,
    propagator: z.enum(["exact", "cayley"]).default("exact"),
    thermostat: z.enum(["none", "pile_l", "pile_g", "trpmd"]).default("pile_l"),
    lambda: positive.optional(),
    centroid_tau_fs: positive.optional(),
    contract_to: positiveInt.optional(),
    splitting: splitting.optional(),
  })
  .strict();

const thermostatCommon = { temperature_K: positive, tau_fs: positive };
const thermostat = z.discriminatedUnion("type", [
  z.object({ type: z.literal("none") }).strict(),
  z.object({ type: z.literal("langevin"), ...thermostatCommon }).strict(),
  z.object({ type: z.literal("bussi"), ...thermostatCommon }).strict(),
  z
    .object({ type: z.literal("nose_hoover"), ...thermostatCommon, chain_length: positiveInt.default(4) })
    .strict(),
  z.object({ type: z.literal("berendsen"), ...thermostatCommon }).strict(),
]);

const ringPolymerThermostat = z.enum(["pile_l", "pile_g"]);

/**
 * A thermostat object or a ring-polymer thermostat's name; each checked by its own schema, so that an
 * error names the field (equilibration.thermostat.tau_fs) instead of "invalid input" of a union.
 */
const equilibrationThermostat = z
  .unknown()
  .transform((value, ctx): z.infer<typeof ringPolymerThermostat> | z.infer<typeof thermostat> => {
    const result =
      typeof value === "string"
        ? ringPolymerThermostat.safeParse(value, { reportInput: true })
        : thermostat.safeParse(value, { reportInput: true });
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue(issue as never);
    return z.NEVER;
  });

/**
 * An equilibration leg run before production, from the same state, by a thermostatted integrator of the
 * same time step: a classical thermostat (verlet), or PILE-L/G (rpmd). Checked against the integrator
 * in the superRefine below.
 */
const equilibration = z
  .object({
    steps: positiveInt,
    /** verlet: a thermostat object; rpmd: pile_l (default) or pile_g. */
    thermostat: equilibrationThermostat.optional(),
    /** rpmd: the centroid's time constant (default: integrator.centroid_tau_fs, else the integrator's). */
    centroid_tau_fs: positive.optional(),
    /** Seed of the leg's thermostat (default −(seed + 1), a stream no run's non-negative seed uses). */
    seed: z.int().optional(),
  })
  .strict();

const every = positiveInt;
const outputs = z
  .object({
    directory: z.string().min(1).default("."),
    trajectory: z
      .object({
        file: z.string().min(1),
        every,
        forces: z.boolean().default(false),
        velocities: z.boolean().default(false),
        momenta: z.boolean().default(false),
        /** Ring polymers: every bead as a frame, or the centroid (default for rpmd). */
        beads: z.enum(["all", "centroid"]).optional(),
      })
      .strict()
      .optional(),
    log: z
      .object({ file: z.string().min(1), every })
      .strict()
      .optional(),
    properties: z
      .object({
        file: z.string().min(1),
        every,
        quantities: z
          .array(z.enum(["energy", "dipole", "polarizability"]))
          .min(1)
          .optional(),
        /** Ring polymers: dipole/polarizability as the bead average (default) or at the centroid. */
        estimator: z.enum(["bead_average", "centroid"]).optional(),
      })
      .strict()
      .optional(),
    checkpoint: z
      .object({ file: z.string().min(1), every })
      .strict()
      .optional(),
    /** A committee potential's spread along the run (energy, forces, dipole, α; each member's dipole/α). */
    committee_spread: z
      .object({ file: z.string().min(1), every })
      .strict()
      .optional(),
    progress: z.boolean().default(true),
  })
  .strict();

export const RunConfigSchema = z
  .object({
    system: z
      .object({
        /** extxyz or xyz file, relative to the config file. */
        file: z.string().min(1),
        /** Frame of the file to start from; negative counts from the end (−1: last). */
        frame: z.int().default(0),
      })
      .strict(),
    units: units.default(units.parse({})),
    potential: z
      .object({
        type: z.enum(POTENTIAL_TYPES),
        parameters: z.record(z.string(), z.unknown()).default({}),
      })
      .strict(),
    integrator: z.discriminatedUnion("type", [verlet, rpmd]),
    thermostat: thermostat.default({ type: "none" }),
    /** A thermostatted leg before production (outputs are written for production only). */
    equilibration: equilibration.optional(),
    initial_velocities: z
      .object({
        temperature_K: positive,
        /** Default: the run's seed + 1 (the thermostat uses the seed itself). */
        seed: z.int().optional(),
        remove_com: z.boolean().default(true),
      })
      .strict()
      .optional(),
    steps: z.int().nonnegative(),
    seed: z.int().default(0),
    /** Stop when the conserved quantity jumps by more than this in one step (default 0.1 hartree per atom). */
    max_energy_jump_eV: positive.optional(),
    outputs: outputs.default(outputs.parse({})),
  })
  .strict()
  .superRefine((c, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    const eq = c.equilibration;
    if (eq && c.integrator.type === "rpmd" && typeof eq.thermostat === "object") {
      issue(
        ["equilibration", "thermostat"],
        `expected pile_l or pile_g (the ring polymer's thermostat) with integrator.type rpmd, got a '${eq.thermostat.type}' thermostat object`,
      );
    }
    if (
      eq &&
      c.integrator.type === "rpmd" &&
      eq.thermostat === "pile_g" &&
      eq.centroid_tau_fs === undefined
    ) {
      if (c.integrator.centroid_tau_fs === undefined) {
        issue(
          ["equilibration", "centroid_tau_fs"],
          "missing: thermostat pile_g needs the time constant of its centroid (Bussi) thermostat, in fs",
        );
      }
    }
    if (eq && c.integrator.type === "verlet") {
      if (eq.thermostat === undefined || typeof eq.thermostat === "string" || eq.thermostat.type === "none") {
        issue(
          ["equilibration", "thermostat"],
          "expected a thermostat { type: langevin | bussi | nose_hoover | berendsen, temperature_K, tau_fs } " +
            `with integrator.type verlet, got ${eq.thermostat === undefined ? "none" : JSON.stringify(eq.thermostat)}`,
        );
      }
      if (eq.centroid_tau_fs !== undefined) {
        issue(["equilibration", "centroid_tau_fs"], "only for ring polymers (integrator.type rpmd)");
      }
    }
    if (c.integrator.type === "rpmd") {
      const i = c.integrator;
      if (c.thermostat.type !== "none") {
        issue(
          ["thermostat", "type"],
          `must be 'none' (or absent) with integrator.type rpmd, whose thermostat is integrator.thermostat; got '${c.thermostat.type}'`,
        );
      }
      if (i.contract_to !== undefined && i.contract_to > i.beads) {
        issue(
          ["integrator", "contract_to"],
          `expected at most integrator.beads = ${i.beads} (the potential is evaluated on a contracted ring polymer of fewer beads), got ${i.contract_to}`,
        );
      }
      if (i.thermostat === "pile_g" && i.centroid_tau_fs === undefined) {
        issue(
          ["integrator", "centroid_tau_fs"],
          "missing: thermostat pile_g needs the time constant of its centroid (Bussi) thermostat, in fs",
        );
      }
      if (i.thermostat === "none") {
        for (const key of ["lambda", "centroid_tau_fs"] as const) {
          if (i[key] !== undefined)
            issue(["integrator", key], "has no effect with integrator.thermostat none (NVE RPMD)");
        }
      }
    } else {
      if (c.outputs.trajectory?.beads !== undefined) {
        issue(["outputs", "trajectory", "beads"], "only for ring polymers (integrator.type rpmd)");
      }
      if (c.outputs.properties?.estimator !== undefined) {
        issue(["outputs", "properties", "estimator"], "only for ring polymers (integrator.type rpmd)");
      }
    }
    const params = potentialParameterSchema(c.potential.type).safeParse(c.potential.parameters, {
      reportInput: true,
    });
    if (!params.success) {
      for (const issue of params.error.issues) {
        ctx.addIssue({ ...issue, path: ["potential", "parameters", ...issue.path] } as never);
      }
    }
  });

export type RunConfig = z.infer<typeof RunConfigSchema>;

export { formatIssues } from "./load-config.ts";

/** Validate a parsed config object; throws an Error listing every problem, one per line. */
export function validateRunConfig(raw: unknown, fileName = "config"): RunConfig {
  return validateConfig(RunConfigSchema, raw, fileName, "run config");
}

export interface LoadedConfig {
  config: RunConfig;
  /** Directory of the config file (relative paths in the config are relative to it). */
  dir: string;
  path: string;
  /** Hash of the physics part (everything but steps and outputs; the equilibration included), stored in checkpoints. */
  hash: string;
}

/** Read, parse (YAML) and validate a run config file (src/config/load-config.ts, the one loader). */
export function loadRunConfig(path: string): LoadedConfig {
  const config = validateRunConfig(readYamlFile(path, "config"), path);
  return { config, dir: dirname(path), path, hash: configHash(config) };
}

/** JSON with object keys sorted, so that equal configs give equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 of the physics part of a config: what a resumed run must share with the run it continues. */
export function configHash(config: RunConfig): string {
  const { steps: _steps, outputs: _outputs, ...physics } = config;
  return createHash("sha256").update(canonical(physics)).digest("hex");
}
