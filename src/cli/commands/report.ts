/**
 * `equimd report <dir>`: rebuild the interactive HTML report of a run directory from its summary.json
 * (and <name>.summary.json) files and spectrum CSVs; see docs/report.md.
 */
import type { Command } from "commander";
import { rebuildReports } from "../../report/run-report.ts";

export function register(program: Command): void {
  program
    .command("report")
    .description("rebuild the HTML report (report.html) of a run directory from its summary.json and CSVs")
    .argument("<dir>", "run directory (or one summary.json file)")
    .action(async (dir: string) => {
      const { pages, warnings } = await rebuildReports(dir);
      for (const w of warnings) process.stderr.write(`equimd: warning: ${w}\n`);
      for (const page of pages) process.stderr.write(`equimd: wrote ${page}\n`);
    });
}
