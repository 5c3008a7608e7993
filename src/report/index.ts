/** Run reports: summary.json (the run summary schema) and the self-contained interactive report.html. */
export { besidePng, rebuildReports, reportFiles, runSummary, writeRunReport } from "./run-report.ts";
export type { ReportTarget, RunSummaryInput } from "./run-report.ts";
export {
  compareRunSummary,
  demoRunSummary,
  spectrumRunSummary,
  trajectoryComparisonRunSummary,
} from "./command-summaries.ts";
export { comparisonSummary } from "./comparison-summary.ts";
export * from "./summary-schema.ts";
