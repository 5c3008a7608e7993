/**
 * `npm run bench [-- <name>…] [--backend <name>] [--rounds N] [--quick]`: run the benchmarks (all by default), print each section
 * and update BENCHMARKS.md. Add a benchmark by writing bench/<name>.ts exporting a Benchmark and listing it.
 */
import { fileURLToPath } from "node:url";
import { machineLine, updateSection, type Benchmark } from "./harness.ts";
import { painnBenchmark } from "./painn.ts";
import { fastBenchmark } from "./fast.ts";
import { trainingBenchmark } from "./training.ts";
import { eninetBenchmark } from "./eninet.ts";
import { trpmdBenchmark } from "./trpmd.ts";
import { waterBoxBenchmark, waterBoxStepsBenchmark } from "./water-box.ts";

const BENCHMARKS: Benchmark[] = [
  painnBenchmark,
  fastBenchmark,
  trpmdBenchmark,
  trainingBenchmark,
  eninetBenchmark,
  waterBoxBenchmark,
  waterBoxStepsBenchmark,
];
const OUTPUT = fileURLToPath(new URL("../BENCHMARKS.md", import.meta.url));

const args = process.argv.slice(2);
/** Options that take a value (the value is not a benchmark name). */
const WITH_VALUE = ["--backend", "--rounds"];
const names = args.filter((a, i) => !a.startsWith("--") && !(i > 0 && WITH_VALUE.includes(args[i - 1])));
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
