/**
 * A labelling ensemble end to end with xtb (skipped when xtb is missing): 5 water frames in 2 shards, each
 * an `equimd label` process; the merged dataset holds every frame once, in input order, with the same
 * labels as labelling all frames in one go.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseExtxyz } from "../../src/io/extxyz.ts";
import { makeLabeller } from "../../src/labelling/calculators.ts";
import { labelFile } from "../../src/labelling/label-file.ts";
import { runEnsemble } from "../../src/ensemble/run-ensemble.ts";
import { waterFixture } from "./fixture.ts";

let hasXtb = true;
try {
  execFileSync("xtb", ["--version"], { stdio: "ignore" });
} catch {
  hasXtb = false;
}

test(
  "label shards merge into the dataset of one labelling run",
  { skip: hasXtb ? false : "xtb is not installed" },
  async () => {
    const f = waterFixture(10);
    const frame = (k: number) =>
      `3\nProperties=species:S:1:pos:R:3 pbc="F F F"\nO 0 0 ${(0.02 * k).toFixed(2)}\nH 0.76 0.56 0\nH -0.75 0.57 0.01\n`;
    const input = join(f.dir, "frames.extxyz");
    writeFileSync(input, Array.from({ length: 5 }, (_, k) => frame(k)).join(""));
    const result = await runEnsemble(
      f.spec(
        "label.yaml",
        "members: 2\ndirectory: labels\nlabel: { input: frames.extxyz, calculators: [xtb] }\n",
      ),
      { executor: "local", progress: false, log: () => {} },
    );
    assert.deepEqual(
      result.states.map((s) => s.state),
      ["done", "done"],
    );
    const merged = parseExtxyz(readFileSync(join(f.dir, "labels", "merged", "labels.extxyz"), "utf8"));

    const direct = join(f.dir, "direct.extxyz");
    const xtb = makeLabeller("xtb", {});
    try {
      await labelFile({ input, output: direct, labellers: [xtb] });
    } finally {
      await xtb.dispose();
    }
    const expected = parseExtxyz(readFileSync(direct, "utf8"));
    assert.deepEqual(
      merged.map((fr) => fr.info.source_index),
      [0, 1, 2, 3, 4],
    );
    assert.deepEqual(
      merged.map((fr) => [fr.info.energy, fr.arrays.forces]),
      expected.map((fr) => [fr.info.energy, fr.arrays.forces]),
    );
  },
);
