/**
 * The run summaries of the commands that write spectra (spectrum, compare, compare-trajectories, demo),
 * so that each command hands its results to writeRunReport in one call. Spectra are listed by their
 * CSV file names relative to the report's directory.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { DemoConfig } from "../demo/config.ts";
import type { DemoResult } from "../demo/run-demo.ts";
import type { Comparison } from "../spectra/compare.ts";
import type { ComparisonResults } from "../trajectory-comparison/report.ts";
import { comparisonSummary } from "./comparison-summary.ts";
import type { RunSummaryInput } from "./run-report.ts";

/** Options without the output paths and plot title (they name files, not how the numbers were made). */
function settingsOf(opts: object): Record<string, unknown> {
  const { output: _o, title: _t, ...rest } = opts as Record<string, unknown>;
  return rest;
}

/** `equimd spectrum files… -o out.png` (the CSV written next to the PNG). */
export function spectrumRunSummary(
  files: readonly string[],
  opts: object,
  csv: string,
  title: string,
): RunSummaryInput {
  return {
    command: "spectrum",
    title,
    settings: settingsOf(opts),
    data: files,
    plots: [{ file: basename(csv), title }],
  };
}

/** `equimd compare a b -o out.png`: B compared against the reference A. */
export function compareRunSummary(
  files: { a: string; b: string; csv: string },
  labels: { a: string; b: string },
  opts: { matchWindow: number; threshold: number },
  c: Comparison,
): RunSummaryInput {
  const title = `Spectrum comparison: ${files.b} against ${files.a}`;
  return {
    command: "compare",
    title,
    settings: settingsOf(opts),
    data: [files.a, files.b],
    comparisons: [
      comparisonSummary(c, {
        name: "B against reference A",
        reference: `A: ${labels.a}`,
        model: `B: ${labels.b}`,
        matchWindowCm: opts.matchWindow,
        peakThreshold: opts.threshold,
      }),
    ],
    plots: [{ file: basename(files.csv), title: "Area-normalised spectra (as the overlap score sees them)" }],
  };
}

/** `equimd compare-trajectories … -o dir`: the IR comparison and the notes (report.md has the rest). */
export function trajectoryComparisonRunSummary(
  args: { model: string; reference: string; run?: string; output: string },
  results: ComparisonResults,
): RunSummaryInput {
  const ir = results.ir;
  return {
    command: "compare-trajectories",
    title: `Trajectory comparison: ${results.model} against ${results.reference.source}`,
    settings: settingsOf(args),
    model: args.model,
    data: [args.reference, ...(args.run ? [args.run] : [])],
    comparisons: ir
      ? [
          comparisonSummary(ir.comparison, {
            name: "IR: model run against the reference",
            reference: results.reference.source,
            model: results.run?.source ?? "model run",
          }),
        ]
      : [],
    plots: ir ? [{ file: "ir-spectra.csv", title: "IR spectra, area-normalised" }] : [],
    notes: [
      "Errors along the reference, distributions and divergence: report.md and its CSV/PNG files.",
      ...results.notes,
    ],
  };
}

/**
 * The demo. Keeps the keys of the summary.json the demo has just written (overlap_classical_vs_xtb,
 * nve_drift, times, …) so that readers of that file find them unchanged.
 */
export async function demoRunSummary(result: DemoResult, c: DemoConfig): Promise<RunSummaryInput> {
  const previous = join(c.output, "summary.json");
  const extra = existsSync(previous)
    ? (JSON.parse(await readFile(previous, "utf8")) as Record<string, unknown>)
    : {};
  const s = result.spectra;
  const compare = { matchWindowCm: c.spectra.match_window_cm, peakThreshold: c.spectra.peak_threshold };
  const comparisons = [
    comparisonSummary(s.comparison, {
      name: "classical MD against GFN2-xTB",
      reference: s.irReference.label,
      model: s.irClassical.label,
      ...compare,
    }),
  ];
  if (s.comparisonTrpmd && s.irTrpmd) {
    comparisons.push(
      comparisonSummary(s.comparisonTrpmd, {
        name: "TRPMD against GFN2-xTB",
        reference: s.irReference.label,
        model: s.irTrpmd.label,
        ...compare,
      }),
    );
  }
  if (s.comparisonReferenceHalves) {
    comparisons.push(
      comparisonSummary(s.comparisonReferenceHalves, {
        name: "GFN2-xTB against GFN2-xTB (half of the trajectories against the other half), for scale",
        reference: "GFN2-xTB reference, first half of the trajectories",
        model: "GFN2-xTB reference, second half",
        ...compare,
      }),
    );
  }
  const T = `${c.temperature_K} K`;
  return {
    command: "demo",
    title: `equimd demo: IR and Raman of ethanol at ${T}, equimd PaiNN against GFN2-xTB`,
    settings: c,
    model: c.model,
    data: [c.structure, ...c.reference.dipoles],
    seed: c.seed,
    comparisons,
    plots: [
      { file: "ir.csv", title: `IR of ethanol, ${T}: equimd PaiNN (classical MD, TRPMD) and GFN2-xTB` },
      { file: "ir-normalised.csv", title: "IR, area-normalised as the overlap score sees it" },
      { file: "raman.csv", title: `Raman activity of ethanol, ${T}: equimd PaiNN` },
    ],
    extra,
  };
}
