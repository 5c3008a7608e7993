/**
 * The files a command writes for one PNG given with -o/--output: the PNG, its CSV (same name) and its
 * run report (<name>.summary.json, <name>.report.html), all checked before anything is computed.
 */
import type { OutputFile } from "../io/output-files.ts";
import { besidePng, reportFiles } from "../report/index.ts";
import { csvPathFor } from "../spectra/plot-spectra.ts";

export function plotOutputs(png: string, role = "--output"): OutputFile[] {
  const report = reportFiles(besidePng(png));
  return [png, csvPathFor(png), report.summary, report.report].map((path) => ({ role, path }));
}
