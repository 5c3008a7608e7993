/**
 * Benchmark harness: a benchmark measures something and returns a Markdown section; run.ts prints it and
 * keeps BENCHMARKS.md up to date (one section per benchmark, replaced in place between markers).
 */
import { readFile, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, loadavg } from "node:os";

export interface Benchmark {
  /** Short name used on the command line and in the section markers. */
  name: string;
  /** Section title in BENCHMARKS.md. */
  title: string;
  /** Runs the measurement; returns the Markdown body of its section (without title and machine line). */
  run(args: string[]): Promise<string>;
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One line describing where and when a benchmark ran. */
export function machineLine(): string {
  const date = new Date().toISOString().slice(0, 10);
  const cpu = cpus()[0]?.model?.trim() ?? "unknown CPU";
  const load = loadavg()[0].toFixed(1);
  return `Run ${date} on ${availableParallelism()} cores (nproc), ${cpu}, Node ${process.version}; load average ${load} at start (a shared machine: other jobs inflate the times).`;
}

/** Replace (or append) the section of `name` in the Markdown file at `path`. */
export async function updateSection(path: string, name: string, section: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    text =
      "# Benchmarks\n\nMeasured with `npm run bench` (bench/run.ts). One section per benchmark; each run replaces its section.\n";
  }
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${begin}\n${section.trim()}\n${end}`;
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  text =
    i >= 0 && j > i
      ? text.slice(0, i) + block + text.slice(j + end.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  await writeFile(path, text);
}
