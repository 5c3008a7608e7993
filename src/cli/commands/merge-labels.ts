/**
 * `equimd merge-labels`: concatenate base datasets and copy labels (e.g. psi4 polarizabilities) from a
 * labelled subset onto them by its source index, writing one extxyz (gzip when the name ends in .gz).
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import type { Command } from "commander";
import { formatExtxyzFrame, readExtxyz, type Frame } from "../../io/extxyz.ts";
import { refuseEarlierOutputs } from "../../io/output-files.ts";
import { mergeLabels } from "../../training/merge-labels.ts";

interface Options {
  labels?: string;
  indexKey: string;
  keys: string;
  output: string;
  overwrite?: boolean;
}

export function register(program: Command): void {
  program
    .command("merge-labels")
    .description("concatenate extxyz datasets and attach labels computed on a subset (by its source index)")
    .argument("<base...>", "base extxyz files (.gz allowed), concatenated in this order")
    .option("--labels <file>", "extxyz of labelled frames carrying the index of their base frame")
    .option("--index-key <key>", "info key with the 0-based index into the concatenated base", "source_index")
    .option("--keys <list>", "comma-separated info keys to copy", "polarizability")
    .requiredOption("-o, --output <file>", "output extxyz (.gz: gzip)")
    .option("--overwrite", "replace an existing output file")
    .action(async (base: string[], opts: Options) => {
      const inputs = [...base, ...(opts.labels !== undefined ? [opts.labels] : [])];
      if (inputs.some((p) => resolve(p) === resolve(opts.output))) {
        throw new Error(`-o ${opts.output} is one of the inputs: writing it would destroy that input`);
      }
      refuseEarlierOutputs([{ role: "--output", path: opts.output }], {
        overwrite: opts.overwrite === true,
        elsewhere: "another --output file",
      });
      const frames: Frame[] = [];
      for (const path of base) frames.push(...(await readExtxyz(path)));
      let merged = frames;
      let labelled = 0;
      if (opts.labels !== undefined) {
        const result = mergeLabels(
          frames,
          await readExtxyz(opts.labels),
          { indexKey: opts.indexKey, keys: opts.keys.split(",").map((k) => k.trim()) },
          opts.labels,
        );
        merged = result.frames;
        labelled = result.labelled;
      }
      const text = merged.map(formatExtxyzFrame).join("");
      writeFileSync(opts.output, opts.output.endsWith(".gz") ? gzipSync(text, { level: 9 }) : text);
      process.stdout.write(`${opts.output}: ${merged.length} frames, ${labelled} with ${opts.keys}\n`);
    });
}
