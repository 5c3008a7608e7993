/**
 * summary.json: what one run found and how it was made — the matched-peak tables and overlap scores
 * (with their errors), the settings, the provenance (model, data, versions, seed, command line) and the
 * spectrum CSVs to plot. Written by the commands next to their CSVs, read by the HTML report.
 * The one definition of the format; docs/file-formats.md describes it for people.
 *
 * Commands may add keys of their own at the top level (the demo keeps its `config`, `harmonic_cm`,
 * `nve_drift`, `times`, …): they are kept on reading and shown in the report as recorded values.
 */
import { z } from "zod";

export const SUMMARY_FORMAT = "equimd-run-summary";
export const SUMMARY_VERSION = 1;

/** A JSON value (settings may nest). */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
const json: z.ZodType<Json> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]),
);

const finite = z.number().refine(Number.isFinite, "expected a finite number");
const wavenumber = finite.nullable();

/** One row of a matched-peak table; a side is null when the peak has no partner within the window. */
export const PeakRowSchema = z
  .object({
    reference_cm: wavenumber,
    model_cm: wavenumber,
    /** model − reference, cm⁻¹ (null for an unmatched peak). */
    shift_cm: wavenumber,
    /** Standard error of the shift, cm⁻¹, when known. */
    shift_error_cm: finite.nonnegative().optional(),
    /** Height ratio model/reference of the area-normalised spectra. */
    ratio: finite.nullable(),
  })
  .strict();

/** A score with its uncertainty: a standard error and/or a confidence interval. */
export const ScoreSchema = z
  .object({
    value: finite,
    error: finite.nonnegative().optional(),
    lower: finite.optional(),
    upper: finite.optional(),
    /** How the error was obtained, e.g. "bootstrap over 8 trajectories, 95 % interval". */
    method: z.string().optional(),
  })
  .strict();

/** Spectrum B (model) compared with reference A (src/spectra/compare.ts). */
export const ComparisonSchema = z
  .object({
    name: z.string().min(1),
    reference: z.string(),
    model: z.string(),
    /** Cosine similarity of the area-normalised spectra (1 = same shape). */
    overlap: ScoreSchema,
    peaks: z.array(PeakRowSchema),
    match_window_cm: finite.positive().optional(),
    peak_threshold: finite.nonnegative().optional(),
  })
  .strict();

/** A CSV file to plot, relative to the summary's directory. */
export const PlotSchema = z
  .object({
    file: z.string().min(1),
    title: z.string().optional(),
    /** Column of the x axis (default: the first). */
    x: z.string().optional(),
    /** Curves to draw (default: every column except x columns and `_lower`/`_upper` bands). */
    y: z.array(z.string()).optional(),
    x_label: z.string().optional(),
    y_label: z.string().optional(),
  })
  .strict();

export const ProvenanceSchema = z
  .object({
    /** Model file (or potential spec) the run used, when there is one. */
    model: z.string().nullable().optional(),
    /** Input data: trajectories, property files, reference spectra. */
    data: z.array(z.string()),
    seed: z.int().nullable().optional(),
    /** argv of the run, without the node executable. */
    command_line: z.array(z.string()),
    /** Versions of equimd, node and libraries, by name. */
    versions: z.record(z.string(), z.string()),
    /** ISO 8601 time the summary was written. */
    created: z.string(),
    /** Commit of the equimd checkout, when known. */
    git_commit: z.string().optional(),
  })
  .strict();

export const RunSummarySchema = z.looseObject({
  format: z.literal(SUMMARY_FORMAT),
  version: z.literal(SUMMARY_VERSION),
  /** The equimd command that wrote it: demo, spectrum, compare, compare-trajectories, … */
  command: z.string().min(1),
  title: z.string(),
  plots: z.array(PlotSchema).optional(),
  comparisons: z.array(ComparisonSchema),
  settings: z.record(z.string(), json),
  provenance: ProvenanceSchema,
  notes: z.array(z.string()).optional(),
});

/** The keys the schema defines (others are a command's own recorded values). */
export const SUMMARY_KEYS: ReadonlySet<string> = new Set(Object.keys(RunSummarySchema.shape));

export type PeakRow = z.infer<typeof PeakRowSchema>;
export type Score = z.infer<typeof ScoreSchema>;
export type ComparisonSummary = z.infer<typeof ComparisonSchema>;
export type PlotSpec = z.infer<typeof PlotSchema>;
export type Provenance = z.infer<typeof ProvenanceSchema>;
export type RunSummary = z.infer<typeof RunSummarySchema>;

/** Validate a parsed summary; the error names the file and every bad field. */
export function validateRunSummary(value: unknown, file = "summary.json"): RunSummary {
  const r = RunSummarySchema.safeParse(value);
  if (r.success) return r.data;
  const lines = r.error.issues.map(
    (i) => `  ${i.path.length ? i.path.join(".") : "(top level)"}: ${i.message}`,
  );
  throw new Error(
    `${file}: not a valid equimd run summary (${SUMMARY_FORMAT} v${SUMMARY_VERSION}):\n${lines.join("\n")}`,
  );
}

/** Parse summary.json text. */
export function parseRunSummary(text: string, file = "summary.json"): RunSummary {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  return validateRunSummary(value, file);
}
