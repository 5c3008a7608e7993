import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { compareTrajectoriesCommand, register } from "../../src/cli/commands/compare-trajectories.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const MODEL = join(ROOT, "models/ethanol-painn/model.json.gz");
const REFERENCE = join(ROOT, "data/ethanol/reference-md/segment-0.extxyz.gz");

test("compare-trajectories takes the shipped model file and the shipped .gz reference (time_fs frames)", async () => {
  const out = mkdtempSync(join(tmpdir(), "equimd-ct-"));
  // every 10th frame: 101 frames 5 fs × 10 = 50 fs apart; 200 MD steps of 0.5 fs = 2 frames per start
  const files = await compareTrajectoriesCommand({
    model: MODEL,
    reference: REFERENCE,
    every: 10,
    divergenceStarts: 2,
    divergenceSteps: 200,
    output: out,
    quiet: true,
  });
  assert.ok(files.some((f) => f.endsWith("divergence.csv")));
  const report = readFileSync(join(out, "report.md"), "utf8");
  // the time step is recovered from time_fs and step: 0.5 fs, 100 steps per kept frame
  assert.match(report, /time step 0\.5000 fs \(100 steps per reference frame\)/);
  const rows = readFileSync(join(out, "divergence.csv"), "utf8").trim().split("\n").slice(1);
  const table = rows.map((r) => r.split(",").map(Number));
  assert.deepEqual(
    table.map((r) => Math.round(r[0])),
    [0, 50, 100],
  );
  assert.equal(table[0][1], 0); // the model starts exactly on the reference
  // a good model stays within a few hundredths of an ångström of xtb over 100 fs, and does move away
  for (const r of table.slice(1)) assert.ok(r[1] > 1e-4 && r[1] < 0.2, `mean RMSD ${r[1]} Å at ${r[0]} fs`);
  // the errors along the reference use its energies: the model is within 0.1 eV of xtb on every frame
  const errors = readFileSync(join(out, "errors-per-frame.csv"), "utf8").trim().split("\n");
  assert.equal(errors.length, 1 + 101);
  for (const line of errors.slice(1)) assert.ok(Math.abs(Number(line.split(",")[4])) < 0.1, line);
});

test("compare-trajectories --help states what the divergence defaults really are", () => {
  const program = new Command();
  register(program);
  const help = program.commands.find((c) => c.name() === "compare-trajectories")!.helpInformation();
  assert.match(help.replace(/\s+/g, " "), /the test runs only when this or --divergence-steps is given/);
  assert.match(help, /PaiNN model file/);
});
