/**
 * `npm run bench [-- <name>…] [--backend <name>]`: run the benchmarks (all by default), print each section
 * and update BENCHMARKS.md. Add a benchmark by writing bench/<name>.ts exporting a Benchmark and listing it.
 */
import { fileURLToPath } from "node:url";
import { machineLine, updateSection, type Benchmark } from "./harness.ts";
import { painnBenchmark } from "./painn.ts";
import { fastBenchmark } from "./fast.ts";
import { trainingBenchmark } from "./training.ts";
import { eninetBenchmark } from "./eninet.ts";

const BENCHMARKS: Benchmark[] = [painnBenchmark, fastBenchmark, trainingBenchmark, eninetBenchmark];
const OUTPUT = fileURLToPath(new URL("../BENCHMARKS.md", import.meta.url));

const args = process.argv.slice(2);
const names = args.filter((a, i) => !a.startsWith("--") && !(i > 0 && args[i - 1] === "--backend"));
const selected = names.length > 0 ? BENCHMARKS.filter((b) => names.includes(b.name)) : BENCHMARKS;
if (selected.length === 0) {
  throw new Error(
    `unknown benchmark(s) ${names.join(", ")}; known: ${BENCHMARKS.map((b) => b.name).join(", ")}`,
  );
}
for (const b of selected) {
  console.log(`== ${b.title}`);
  const body = await b.run(args);
  const section = `## ${b.title}\n\n${machineLine()}\n\n${body}\n`;
  console.log(section);
  await updateSection(OUTPUT, b.name, section);
}
console.log(`updated ${OUTPUT}`);
