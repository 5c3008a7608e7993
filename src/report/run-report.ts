/**
 * Writing and rebuilding run reports. A command calls writeRunReport once at its end: it writes the
 * run summary (summary.json, or <name>.summary.json next to a PNG) and the HTML page (report.html or
 * <name>.report.html). `equimd report <dir>` calls rebuildReports, which re-reads every summary in the
 * directory and the CSVs it lists (or, without a list or a summary, every spectrum CSV there).
 */
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile, mkdir, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { readCurvesCsv } from "../plot/csv.ts";
import { isSpectrumCsv, plotFromColumns, type Plot } from "./curves.ts";
import { reportHtml } from "./html.ts";
import { fromLegacyDemoSummary, isLegacyDemoSummary } from "./legacy-demo-summary.ts";
import { provenance, type ProvenanceInput } from "./provenance.ts";
import {
  SUMMARY_FORMAT,
  SUMMARY_VERSION,
  validateRunSummary,
  type ComparisonSummary,
  type PlotSpec,
  type RunSummary,
} from "./summary-schema.ts";

export interface RunSummaryInput extends ProvenanceInput {
  /** The equimd command: demo, spectrum, compare, … */
  command: string;
  title: string;
  /** Options and settings of the run (made plain JSON: undefined values are dropped). */
  settings: object;
  comparisons?: ComparisonSummary[];
  /** CSV files to plot, relative to the report's directory (default: every spectrum CSV there). */
  plots?: PlotSpec[];
  notes?: string[];
  /** A command's own values, kept at the top level of the summary. */
  extra?: Record<string, unknown>;
}

/** Where a report goes: a directory, and a name prefix when several runs share it. */
export interface ReportTarget {
  dir: string;
  name?: string;
}

/** The report of a PNG output out/ir.png: out/ir.summary.json and out/ir.report.html. */
export const besidePng = (png: string): ReportTarget => ({
  dir: dirname(png),
  name: basename(png).replace(/\.png$/i, ""),
});

export function reportFiles(t: ReportTarget): { summary: string; report: string } {
  const prefix = t.name ? `${t.name}.` : "";
  return { summary: join(t.dir, `${prefix}summary.json`), report: join(t.dir, `${prefix}report.html`) };
}

/** A run summary from a command's input, provenance filled in. */
export function runSummary(input: RunSummaryInput): RunSummary {
  const plain = (v: unknown) => JSON.parse(JSON.stringify(v ?? {})) as Record<string, never>;
  return validateRunSummary(
    {
      ...plain(input.extra),
      format: SUMMARY_FORMAT,
      version: SUMMARY_VERSION,
      command: input.command,
      title: input.title,
      ...(input.plots ? { plots: input.plots } : {}),
      comparisons: input.comparisons ?? [],
      settings: plain(input.settings),
      provenance: provenance(input),
      ...(input.notes && input.notes.length > 0 ? { notes: input.notes } : {}),
    },
    "run summary",
  );
}

/** Write the summary and the HTML page of a run; returns both paths. */
export async function writeRunReport(input: RunSummaryInput, target: ReportTarget): Promise<string[]> {
  const files = reportFiles(target);
  const summary = runSummary(input);
  await mkdir(target.dir, { recursive: true });
  await writeFile(files.summary, JSON.stringify(summary, null, 2) + "\n");
  const page = await reportPage(target.dir, summary);
  await writeFile(files.report, page.html);
  for (const w of page.warnings) process.stderr.write(`equimd: report: ${w}\n`);
  return [files.summary, files.report];
}

/** Read a summary file (the current format, or the demo's older one). */
export async function readRunSummary(path: string): Promise<RunSummary> {
  const text = await readFile(path, "utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${path}: not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  return isLegacyDemoSummary(value) ? fromLegacyDemoSummary(value, path) : validateRunSummary(value, path);
}

/** The first line of a file, without reading all of it. */
async function headerNames(path: string): Promise<string[]> {
  const text = (await readFile(path, "utf8"))
    .split(/\r?\n/)
    .find((l) => l.trim() !== "" && !l.startsWith("#"));
  return (text ?? "").split(",").map((c) => c.trim().replace(/^"|"$/g, ""));
}

/** Spectrum CSVs in `dir` (first column a wavenumber), sorted by name. */
async function spectrumCsvs(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((f) => f.toLowerCase().endsWith(".csv")).sort();
  const out: string[] = [];
  for (const f of names) {
    const header = await headerNames(join(dir, f));
    if (isSpectrumCsv(header.map((name) => ({ name, values: [] })))) out.push(f);
  }
  return out;
}

/** The HTML page of a summary (or of the spectrum CSVs alone) in `dir`, and what went wrong reading it. */
export async function reportPage(
  dir: string,
  summary?: RunSummary,
): Promise<{ html: string; warnings: string[] }> {
  const warnings: string[] = [];
  const specs: PlotSpec[] = summary?.plots ?? (await spectrumCsvs(dir)).map((file) => ({ file }));
  const plots: Plot[] = [];
  for (const spec of specs) {
    const path = join(dir, spec.file);
    if (!existsSync(path)) {
      warnings.push(`${spec.file}: listed in the summary but not found in ${dir}`);
      continue;
    }
    try {
      plots.push(plotFromColumns(await readCurvesCsv(path), spec));
    } catch (e) {
      warnings.push((e as Error).message);
    }
  }
  return { html: reportHtml({ summary, plots, fallbackTitle: `equimd run ${dir}`, warnings }), warnings };
}

/**
 * Rebuild the reports of a run directory (or of one summary file): each summary.json and
 * <name>.summary.json gets its page; a directory without any gets report.html from its spectrum CSVs.
 * Returns the pages written and the warnings (also shown on the pages).
 */
export async function rebuildReports(path: string): Promise<{ pages: string[]; warnings: string[] }> {
  if (!existsSync(path)) throw new Error(`${path}: no such run directory or summary file`);
  const isDir = (await stat(path)).isDirectory();
  const dir = isDir ? path : dirname(path);
  const summaries = isDir
    ? (await readdir(dir)).filter((f) => f === "summary.json" || f.endsWith(".summary.json")).sort()
    : [basename(path)];
  const written: string[] = [];
  const warnings: string[] = [];
  if (summaries.length === 0) {
    if ((await spectrumCsvs(dir)).length === 0) {
      throw new Error(
        `${dir}: no summary.json, <name>.summary.json or spectrum CSV (first column wavenumber_cm-1)`,
      );
    }
    const report = join(dir, "report.html");
    const page = await reportPage(dir);
    await writeFile(report, page.html);
    return { pages: [report], warnings: page.warnings };
  }
  for (const file of summaries) {
    const summary = await readRunSummary(join(dir, file));
    const name = file === "summary.json" ? undefined : file.slice(0, -".summary.json".length);
    const { report } = reportFiles({ dir, name });
    const page = await reportPage(dir, summary);
    await writeFile(report, page.html);
    written.push(report);
    warnings.push(...page.warnings.map((w) => `${report}: ${w}`));
  }
  return { pages: written, warnings };
}
