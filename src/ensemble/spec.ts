/**
 * The ensemble spec of `equimd ensemble <spec.yaml>`: which job every member runs (an `equimd run`
 * config, or an `equimd label` job split into shards), how many members, where their directories
 * go, the SLURM settings, and how the members are merged. A zod schema (unknown keys are errors);
 * problems are reported one per line as "spec.yaml: field: expected …, got …".
 *
 * Relative paths are relative to the spec file.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, extname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { formatIssues } from "../config/run-config.ts";
import { QUANTUM_CORRECTIONS } from "../spectra/quantum-corrections.ts";
import { BAND_METHODS, type BandMethod } from "../spectra/uncertainty/confidence-band.ts";
import { WINDOW_KINDS } from "../spectra/windows.ts";

const positive = z.number().positive();
const positiveInt = z.int().positive();

/** SLURM settings of the job array; each may also be given as a command-line flag. */
export const SlurmSettingsSchema = z
  .object({
    partition: z.string().min(1).optional(),
    /** Wall-time limit per member, SLURM syntax (e.g. "02:00:00", "1-00:00:00"). */
    time: z.string().min(1).optional(),
    cpus_per_task: positiveInt.default(1),
    /** Memory per member, SLURM syntax (e.g. "2G", "500M"). */
    memory: z.string().min(1).optional(),
    account: z.string().min(1).optional(),
    /** Further `#SBATCH` options, written as given (e.g. "--qos=short", "--constraint=avx2"). */
    sbatch: z.array(z.string().min(1)).default([]),
    /** Shell lines run before the member in the job script (e.g. "module load nodejs/20"). */
    setup: z.array(z.string()).default([]),
    /** Node executable on the compute nodes (default: the one running this command). */
    node: z.string().min(1).optional(),
    /** At most this many members running at once (sbatch --array=…%N). */
    max_running: positiveInt.optional(),
  })
  .strict();

/** Spectra an ensemble of runs can be merged into (member-spectra.ts). */
export const SPECTRUM_KINDS = ["ir", "raman", "power"] as const;
export type SpectrumKind = (typeof SPECTRUM_KINDS)[number];

/** The error band of the merged curves (src/spectra/uncertainty/confidence-band.ts). */
const BandSchema = z
  .object({
    /** Confidence level (default 0.95). */
    level: z.number().gt(0).lt(1).default(0.95),
    /** t: merged ± t_{M−1}·SE (default); percentile: bootstrap percentiles (for M ≳ 20). */
    method: z.enum(BAND_METHODS as [BandMethod, ...BandMethod[]]).default("t"),
    replicates: z.int().min(10).default(1000),
    seed: z.int().default(1),
  })
  .strict();

/** How the members' series become spectra: which kinds, the line-shape settings and the band. */
const MergeSchema = z
  .object({
    /** Spectra to merge (default: what the members record: dipole → ir, polarizability → raman,
     * trajectory velocities → power); [] merges none. */
    kinds: z
      .array(z.enum(SPECTRUM_KINDS))
      .refine((k) => new Set(k).size === k.length, "each kind once")
      .optional(),
    band: BandSchema.prefault({}),
    /** Default: the run's temperature (integrator.temperature_K, thermostat.temperature_K, or that of
     * the equilibration leg's thermostat before NVE production). */
    temperature_K: positive.optional(),
    /** Default: none for ring-polymer runs (Kubo-transformed correlation), harmonic otherwise. */
    correction: z.enum(QUANTUM_CORRECTIONS as [string, ...string[]]).optional(),
    max_lag_fs: positive.optional(),
    resolution_cm1: positive.optional(),
    window: z.enum(WINDOW_KINDS as [string, ...string[]]).default("hann"),
    fmin_cm1: z.number().nonnegative().default(0),
    fmax_cm1: positive.default(4000),
    molecules: positive.default(1),
  })
  .strict();

/** Members of an `equimd run` config: independent seeds and, optionally, starting frames. */
const RunJobSchema = z
  .object({
    /** The `equimd run` config, relative to this spec. */
    config: z.string().min(1),
    /** Steps of each member (default: the config's steps). */
    steps: z.int().nonnegative().optional(),
    /** Seed of member i: first + stride·i (default: first = the config's seed, stride 2, so that member i's
     * velocity seed, seed + 1, is never another member's seed). */
    seeds: z
      .object({ first: z.int().optional(), stride: positiveInt.default(2) })
      .strict()
      .prefault({}),
    /** Starting frame of member i in system.file (one per member; default: the config's frame). */
    frames: z.array(z.int()).optional(),
  })
  .strict();

/** Members of an `equimd label` job: contiguous shards of the input frames. */
const LabelJobSchema = z
  .object({
    /** Frames to label (extxyz), relative to this spec. */
    input: z.string().min(1),
    calculators: z.array(z.enum(["xtb", "psi4"])).min(1),
    /** Further `equimd label` options, passed as given (e.g. ["--xtb-method", "gfn1"]). */
    options: z.array(z.string()).default([]),
  })
  .strict();

export const EnsembleSpecSchema = z
  .object({
    /** Name of the ensemble (job name, file names); default: the spec file's name. */
    name: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, "letters, digits, '.', '_' and '-' only")
      .optional(),
    /** Independent members (trajectories or label shards). */
    members: positiveInt,
    /** Directory holding members/, merged/ and slurm/, relative to this spec. */
    directory: z.string().min(1),
    run: RunJobSchema.optional(),
    label: LabelJobSchema.optional(),
    /** Local executor: members at once (default: os.availableParallelism()). */
    parallel: positiveInt.optional(),
    slurm: SlurmSettingsSchema.prefault({}),
    merge: MergeSchema.prefault({}),
  })
  .strict()
  .superRefine((s, ctx) => {
    if ((s.run === undefined) === (s.label === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["run"],
        message: "give exactly one of run: or label: (the job)",
      });
    }
    if (s.run?.frames !== undefined && s.run.frames.length !== s.members) {
      ctx.addIssue({
        code: "custom",
        path: ["run", "frames"],
        message: `expected one starting frame per member (${s.members}), got ${s.run.frames.length}`,
      });
    }
  });

export type EnsembleSpec = z.infer<typeof EnsembleSpecSchema>;
export type SlurmSettings = z.infer<typeof SlurmSettingsSchema>;
export type MergeSettings = z.infer<typeof MergeSchema>;

export interface LoadedSpec {
  spec: EnsembleSpec;
  /** Absolute path of the spec file. */
  path: string;
  /** Name of the ensemble (spec.name or the file's stem). */
  name: string;
  /** Absolute ensemble directory. */
  directory: string;
  /** Absolute path of the run config or label input. */
  job: { kind: "run"; config: string } | { kind: "label"; input: string };
}

/** Validate a parsed spec; `fileName` names the file in the error messages. */
export function validateEnsembleSpec(raw: unknown, fileName = "spec"): EnsembleSpec {
  const result = EnsembleSpecSchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    throw new Error(`invalid ensemble spec\n${formatIssues(result.error.issues, fileName)}`);
  }
  return result.data;
}

/** Read, parse (YAML) and validate an ensemble spec file. */
export function loadEnsembleSpec(file: string): LoadedSpec {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`cannot read ensemble spec ${file}: ${(e as Error).message}`, { cause: e });
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new Error(`${file}: not valid YAML: ${(e as Error).message}`, { cause: e });
  }
  const spec = validateEnsembleSpec(raw ?? {}, file);
  const dir = dirname(path);
  const job = spec.run
    ? { kind: "run" as const, config: resolve(dir, spec.run.config) }
    : { kind: "label" as const, input: resolve(dir, spec.label!.input) };
  return {
    spec,
    path,
    name: spec.name ?? basename(path, extname(path)),
    directory: resolve(dir, spec.directory),
    job,
  };
}
