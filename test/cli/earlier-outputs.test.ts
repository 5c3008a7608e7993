/**
 * One rule for every command's outputs (issue 17): an earlier result is never replaced silently. Each
 * command checks its output files before it computes anything and refuses an existing one, naming it
 * and the ways out (--resume where the command can continue, another output, --overwrite).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { main } from "../../src/cli/main.ts";
import { readExtxyz } from "../../src/io/extxyz.ts";
import { WATER_XYZ } from "../helpers/workspace.ts";

const EARLIER = "results of an earlier run\n";

/**
 * Run the CLI in this process; stderr is captured (stdout is left alone: in a --test child it carries
 * the test runner's reports, which a capture would swallow).
 */
async function cli(...args: string[]): Promise<{ status: number; err: string }> {
  const err: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
  try {
    const status = await main(["node", "equimd", ...args]);
    return { status, err: err.join("") };
  } finally {
    process.stderr.write = write;
  }
}

/** A directory holding `files` (relative paths) with the text of an earlier run. */
function earlier(...files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "equimd-earlier-"));
  for (const f of files) {
    mkdirSync(join(dir, f, ".."), { recursive: true });
    writeFileSync(join(dir, f), EARLIER);
  }
  return dir;
}

/** The command was refused naming `file` and each way out, and `file` is untouched. */
function assertRefused(r: { status: number; err: string }, dir: string, file: string, ways: RegExp): void {
  assert.equal(r.status, 1, r.err);
  const name = file.replace(/[.]/g, "\\.");
  assert.match(r.err, new RegExp(`${name} exists \\(from an earlier run\\); `), r.err);
  assert.match(r.err, ways, r.err);
  assert.equal(readFileSync(join(dir, file), "utf8"), EARLIER, `${file} untouched`);
}

const TRAIN = (dir: string) => ({
  data: {
    path: join(dir, "data.extxyz"),
    units: { energy: "eV", length: "angstrom", forces: "eV/angstrom", dipole: "e*angstrom" },
  },
  split: { train: 4, validation: 2, test: 0, seed: 1 },
  model: { features: 8, interactions: 1, radialFunctions: 6, cutoff: 4.0 },
  loss: { energy: 1, forces: 10 },
  optimizer: { batchSize: 2, epochs: 1, learningRate: 1e-3 },
  output: { directory: join(dir, "out") },
});

test("train and train --committee refuse an earlier model in the output directory", async () => {
  const dir = earlier("out/best-model.json.gz", "data.extxyz");
  writeFileSync(join(dir, "train.yaml"), stringify(TRAIN(dir)));
  const r = await cli("train", join(dir, "train.yaml"));
  assertRefused(
    r,
    dir,
    "out/best-model.json.gz",
    /output\.directory: .*; continue that run with --resume, choose another output\.directory, or replace its files with --overwrite/,
  );
  // a committee into a directory whose member-1/ holds an earlier model: refused before anything is written
  const committee = earlier("out/member-1/best-model.json.gz", "data.extxyz");
  writeFileSync(join(committee, "train.yaml"), stringify(TRAIN(committee)));
  const c = await cli("train", join(committee, "train.yaml"), "--committee", "2");
  assertRefused(c, committee, "out/member-1/best-model.json.gz", /or replace its files with --overwrite/);
  assert.ok(!existsSync(join(committee, "out/committee.json")), "no manifest written");
});

test("sample, reference-md and demo refuse earlier outputs before starting", async () => {
  const s = earlier("frames.extxyz");
  const sample = ["sample", "--input", WATER_XYZ, "--frames", "1", "--no-progress"];
  assertRefused(
    await cli(...sample, "-o", join(s, "frames.extxyz")),
    s,
    "frames.extxyz",
    /--output: .*; choose another --output file, or replace its files with --overwrite/,
  );
  const m = earlier("md/energy.log");
  assertRefused(
    await cli("reference-md", "--input", WATER_XYZ, "--segments", "2", "-o", join(m, "md"), "--no-progress"),
    m,
    "md/energy.log",
    /choose another --output directory, or replace its files with --overwrite/,
  );
  const d = earlier("demo/ir.png");
  assertRefused(
    await cli("demo", "-o", join(d, "demo"), "--no-progress"),
    d,
    "demo/ir.png",
    /demo output: .*; choose another --output directory, or replace its files with --overwrite/,
  );
});

test("spectrum, compare -o and normal-modes -o refuse an earlier PNG, CSV or summary; --overwrite replaces them", async () => {
  const dir = earlier("ir.csv", "cmp.summary.json", "nm.png");
  const series = join(dir, "series.csv"); // never read: the refusal comes first
  const spectrum = await cli("spectrum", series, "--temperature", "300", "-o", join(dir, "ir.png"));
  assertRefused(
    spectrum,
    dir,
    "ir.csv",
    /choose another --output name, or replace its files with --overwrite/,
  );
  assert.ok(!existsSync(join(dir, "ir.png")));
  const compare = await cli("compare", series, series, "-o", join(dir, "cmp.png"));
  assertRefused(compare, dir, "cmp.summary.json", /or replace its files with --overwrite/);
  const modes = ["normal-modes", "--potential", "water", "--input", WATER_XYZ, "-o", join(dir, "nm.png")];
  assertRefused(await cli(...modes), dir, "nm.png", /or replace its files with --overwrite/);
  const replaced = await cli(...modes, "--overwrite");
  assert.equal(replaced.status, 0, replaced.err);
  assert.equal(readFileSync(join(dir, "nm.png")).subarray(1, 4).toString(), "PNG");
});

test("evaluate, compare-trajectories, merge-labels and import-schnetpack refuse an earlier output", async () => {
  const dir = earlier(
    "eval/parity-forces.png",
    "cal/calibration.json",
    "cmp/report.md",
    "merged.extxyz",
    "m.json",
  );
  const data = join(dir, "data.extxyz"); // never read: the refusal comes first
  assertRefused(
    await cli("evaluate", "--model", "m.json.gz", "--data", data, "-o", join(dir, "eval")),
    dir,
    "eval/parity-forces.png",
    /choose another --output directory, or replace its files with --overwrite/,
  );
  assertRefused(
    await cli("evaluate", "--committee", "c", "--data", data, "-o", join(dir, "cal")),
    dir,
    "cal/calibration.json",
    /or replace its files with --overwrite/,
  );
  const reference = join(dir, "ref.extxyz");
  assertRefused(
    await cli(
      "compare-trajectories",
      "--model",
      "m.json.gz",
      "--reference",
      reference,
      "-o",
      join(dir, "cmp"),
    ),
    dir,
    "cmp/report.md",
    /or replace its files with --overwrite/,
  );
  assertRefused(
    await cli("merge-labels", WATER_XYZ, "-o", join(dir, "merged.extxyz")),
    dir,
    "merged.extxyz",
    /choose another --output file, or replace its files with --overwrite/,
  );
  const merged = await cli("merge-labels", WATER_XYZ, "-o", join(dir, "merged.extxyz"), "--overwrite");
  assert.equal(merged.status, 0, merged.err);
  assert.equal((await readExtxyz(join(dir, "merged.extxyz"))).length, 1, "replaced by the merged frame");
  const input = await cli(
    "merge-labels",
    join(dir, "merged.extxyz"),
    "-o",
    join(dir, "merged.extxyz"),
    "--overwrite",
  );
  assert.equal(input.status, 1);
  assert.match(input.err, /merged\.extxyz is one of the inputs: writing it would destroy that input/);
  assertRefused(
    await cli("import-schnetpack", join(dir, "state.json"), "-o", join(dir, "m.json")),
    dir,
    "m.json",
    /or replace its files with --overwrite/,
  );
});
