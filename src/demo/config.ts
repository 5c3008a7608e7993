/**
 * The demo's configuration: a YAML file (optional) validated with zod, every field with a default, and
 * command-line overrides applied on top. Relative paths in a config file are relative to the file;
 * the defaults are relative to the repository root (the working directory of `npm run demo`).
 * Units are in the key names (fs, K, cm-1, eV/Å); see docs/demo.md.
 */
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { readYamlFile, resolveConfigPath, validateConfig } from "../config/load-config.ts";
import { parseConvergenceTarget, type ConvergenceTarget } from "../spectra/uncertainty/convergence.ts";

const positive = z.number().positive();
const count = z.number().int().positive();

export const DemoConfigSchema = z
  .object({
    /** Shipped PaiNN model (equimd-painn JSON, .json or .json.gz). */
    model: z.string().min(1).default("models/ethanol-painn/model.json.gz"),
    /** Starting structure (xyz/extxyz, Å). */
    structure: z.string().min(1).default("data/ethanol/ethanol.xyz"),
    /** Output directory (created). */
    output: z.string().min(1).default("runs/demo"),
    temperature_K: positive.default(300),
    seed: z.number().int().default(1),
    /** PaiNN inference path: auto (fast when possible), fast, tfjs. */
    path: z.enum(["auto", "fast", "tfjs"]).default("auto"),
    optimise: z
      .object({
        /** Largest force component at convergence, eV/Å. */
        fmax_eV_per_A: positive.default(0.002),
        max_steps: count.default(3000),
      })
      .strict()
      .prefault({}),
    classical: z
      .object({
        /** Independent trajectories (one batched force call per step). */
        replicas: count.default(4),
        timestep_fs: positive.default(0.5),
        /** Langevin (BAOAB) equilibration, then NVE production. */
        equilibration_fs: z.number().nonnegative().default(500),
        production_fs: positive.default(2500),
        thermostat_tau_fs: positive.default(50),
      })
      .strict()
      .prefault({}),
    trpmd: z
      .object({
        /** Set false to skip the TRPMD run. */
        enabled: z.boolean().default(true),
        beads: count.default(8),
        timestep_fs: positive.default(0.5),
        /** PILE-L equilibration (centroid Langevin, tau below), then TRPMD production. */
        equilibration_fs: z.number().nonnegative().default(250),
        production_fs: positive.default(2500),
        centroid_tau_fs: positive.default(50),
        /** Independent ring polymers, run one after another. */
        replicas: count.default(2),
      })
      .strict()
      .prefault({}),
    spectra: z
      .object({
        /** Correlation length (the same for model and reference), fs. */
        max_lag_fs: positive.default(400),
        window: z.enum(["none", "hann", "gaussian"]).default("hann"),
        /** Plotted and compared range, cm⁻¹. */
        min_cm: z.number().nonnegative().default(400),
        max_cm: positive.default(4000),
        /** Largest shift of matched peaks, cm⁻¹. */
        match_window_cm: positive.default(100),
        /** Peaks below this fraction of the tallest are not listed. */
        peak_threshold: z.number().gt(0).lt(1).default(0.08),
        /** Error bars of a stage with one trajectory: cut it into this many blocks (fewer if short). */
        blocks: z.number().int().min(2).default(4),
        /** Confidence level of the bands and of the model–reference verdicts. */
        level: z.number().gt(0).lt(1).default(0.95),
        /**
         * Classical prefactor: nominal temperature, or each trajectory's measured kinetic temperature
         * (classical replicas and xtb segments; opt-in: it does not narrow ethanol's spread).
         */
        temperature_source: z.enum(["nominal", "measured"]).default("nominal"),
      })
      .strict()
      .prefault({}),
    reference: z
      .object({
        /** Dipole series of the xtb reference NVE trajectories (CSV/extxyz, .gz allowed). */
        dipoles: z
          .array(z.string().min(1))
          .default([0, 1, 2, 3].map((k) => `data/ethanol/reference-md/segment-${k}-dipoles.csv.gz`)),
        /** Use only this much of each reference trajectory (fs); default all of it. */
        length_fs: positive.optional(),
      })
      .strict()
      .prefault({}),
    /**
     * Add classical replicas until a target is met: `area` (relative standard error of the classical IR's
     * total band area, e.g. "5%" or 0.05) or `overlap` (standard error of the overlap with the xtb
     * reference, e.g. 0.01), or until `max_replicas` or `max_wall_s` (the classical stage) is spent.
     */
    until: z
      .object({
        area: z.union([z.string().min(1), positive]).optional(),
        overlap: positive.optional(),
        max_replicas: count.default(32),
        max_wall_s: positive.default(1800),
      })
      .strict()
      .refine((u) => (u.area === undefined) !== (u.overlap === undefined), {
        message: "give exactly one target: area (e.g. 5%) or overlap (e.g. 0.01)",
      })
      .optional(),
    /** Progress bars (on a terminal; plain lines otherwise). */
    progress: z.boolean().default(true),
  })
  .strict();

export type DemoConfig = z.infer<typeof DemoConfigSchema>;

/** The convergence target of `until` (src/spectra/uncertainty/convergence.ts), or undefined. */
export function untilTarget(c: DemoConfig): ConvergenceTarget | undefined {
  const u = c.until;
  if (!u) return undefined;
  try {
    return parseConvergenceTarget(u.area !== undefined ? `area:${u.area}` : `overlap:${u.overlap}`);
  } catch {
    throw new Error(
      `until.area: expected a relative error such as 5% or 0.05, got '${String(u.area)}' (config field 'until')`,
    );
  }
}

/** Validate a parsed config; errors name the file and every bad field (src/config/load-config.ts). */
export function parseDemoConfig(value: unknown, fileName = "<demo config>"): DemoConfig {
  return validateConfig(DemoConfigSchema, value, fileName, "demo config");
}

/** Paths in `config` made absolute, relative to `base`. */
function resolvePaths(config: DemoConfig, base: string): DemoConfig {
  const at = (p: string) => resolveConfigPath(base, p);
  return {
    ...config,
    model: at(config.model),
    structure: at(config.structure),
    output: at(config.output),
    reference: { ...config.reference, dipoles: config.reference.dipoles.map(at) },
  };
}

/**
 * Read a config file (or the defaults when `path` is undefined), apply `overrides` (a partial config
 * of the same shape, e.g. from the command line) and resolve paths: file values relative to the file,
 * defaults and overrides relative to the working directory.
 */
export async function loadDemoConfig(
  path: string | undefined,
  overrides: Record<string, unknown> = {},
): Promise<DemoConfig> {
  let fromFile: Record<string, unknown> = {};
  if (path !== undefined) {
    const value = readYamlFile(path, "demo config");
    if (value !== null && value !== undefined && (typeof value !== "object" || Array.isArray(value))) {
      throw new Error(`${path}: expected a mapping of demo settings at the top level`);
    }
    // Resolve the file's own paths now, relative to the file; untouched defaults stay relative to cwd.
    const fileConfig = parseDemoConfig(value, path);
    const base = dirname(resolve(path));
    const raw = (value ?? {}) as Record<string, unknown>;
    fromFile = { ...raw };
    const rel = (p: unknown) => (typeof p === "string" ? resolveConfigPath(base, p) : p);
    for (const key of ["model", "structure", "output"] as const)
      if (key in raw) fromFile[key] = rel(raw[key]);
    const ref = raw.reference as Record<string, unknown> | undefined;
    if (ref?.dipoles !== undefined) {
      fromFile.reference = { ...ref, dipoles: fileConfig.reference.dipoles.map((p) => rel(p) as string) };
    }
  }
  const merged = deepMerge(fromFile, overrides);
  return resolvePaths(parseDemoConfig(merged, path ?? "<command line>"), process.cwd());
}

/** Merge plain objects recursively (b wins); arrays and scalars are replaced. */
export function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    const isObj = (x: unknown): x is Record<string, unknown> =>
      typeof x === "object" && x !== null && !Array.isArray(x);
    out[k] = isObj(prev) && isObj(v) ? deepMerge(prev, v) : v;
  }
  return out;
}
