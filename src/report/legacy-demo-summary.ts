/**
 * The demo's summary.json as written before the run-summary format (keys `config`,
 * `ir_peaks_classical_vs_xtb`, `overlap_classical_vs_xtb`, …), read as a run summary so that the report
 * also works on older run directories. Unmatched peaks and versions were not recorded then.
 */
import { SUMMARY_FORMAT, SUMMARY_VERSION, validateRunSummary, type RunSummary } from "./summary-schema.ts";

interface LegacyPeak {
  reference_cm: number;
  model_cm: number;
  shift_cm: number;
  ratio: number;
}

/** Whether a parsed summary.json is the demo's older format. */
export function isLegacyDemoSummary(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !("format" in value) &&
    "overlap_classical_vs_xtb" in value &&
    "ir_peaks_classical_vs_xtb" in value
  );
}

export function fromLegacyDemoSummary(value: Record<string, unknown>, file: string): RunSummary {
  const config = (value.config ?? {}) as {
    model?: string;
    seed?: number;
    structure?: string;
    reference?: { dipoles?: string[] };
  };
  const comparison = (name: string, model: string, peaks: unknown, overlap: unknown) => ({
    name,
    reference: "GFN2-xTB reference, classical MD",
    model,
    overlap: { value: overlap as number },
    peaks: ((peaks ?? []) as LegacyPeak[]).map((p) => ({ ...p })),
  });
  const comparisons = [
    comparison(
      "classical MD vs GFN2-xTB",
      "equimd PaiNN, classical MD",
      value.ir_peaks_classical_vs_xtb,
      value.overlap_classical_vs_xtb,
    ),
  ];
  if (value.overlap_trpmd_vs_xtb !== undefined) {
    comparisons.push(
      comparison(
        "TRPMD vs GFN2-xTB",
        "equimd PaiNN, TRPMD",
        value.ir_peaks_trpmd_vs_xtb,
        value.overlap_trpmd_vs_xtb,
      ),
    );
  }
  const rest = Object.fromEntries(Object.entries(value).filter(([k]) => k !== "config"));
  return validateRunSummary(
    {
      ...rest,
      format: SUMMARY_FORMAT,
      version: SUMMARY_VERSION,
      command: "demo",
      title: "equimd demo: IR and Raman of ethanol, equimd PaiNN vs GFN2-xTB",
      plots: [
        { file: "ir.csv", title: "IR: equimd PaiNN (classical MD, TRPMD) and the GFN2-xTB reference" },
        { file: "ir-normalised.csv", title: "IR, area-normalised as the overlap score sees it" },
        { file: "raman.csv", title: "Raman activity: equimd PaiNN" },
      ],
      comparisons,
      settings: config,
      provenance: {
        model: config.model ?? null,
        data: [...(config.structure ? [config.structure] : []), ...(config.reference?.dipoles ?? [])],
        seed: config.seed ?? null,
        command_line: [],
        versions: {},
        created: "not recorded",
      },
      notes: [
        `${file} is an older demo summary: unmatched peaks, versions and the command line were not recorded.`,
      ],
    },
    file,
  );
}
