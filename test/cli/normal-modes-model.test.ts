/**
 * `normal-modes --model <file>` takes a PaiNN model file as predict, evaluate and optimize do (issue 17):
 * the same modes as `--potential painn --parameters` naming that model, 3N − 6 of them for ethanol.
 * (One test in this file: it captures stdout, which in a --test child also carries the runner's reports.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.ts";
import { ROOT } from "../helpers/workspace.ts";

async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { stdout: process.stdout.write, stderr: process.stderr.write };
  process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
  try {
    const status = await main(["node", "equimd", ...args]);
    return { status, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
  }
}

test("normal-modes --model: the PaiNN model's modes, as with --potential painn --parameters", async () => {
  const model = join(ROOT, "models/ethanol-painn/model.json.gz");
  const input = join(ROOT, "data/ethanol/ethanol.xyz");
  const byModel = await cli("normal-modes", "--model", model, "--input", input);
  assert.equal(byModel.status, 0, byModel.stderr);
  // the table rows only (a --test child's stdout also carries the runner's own messages)
  const table = (stdout: string) => stdout.split("\n").filter((l) => /^\s+\d+\s+[\d.]+i?\s/.test(l));
  const rows = table(byModel.stdout);
  assert.equal(rows.length, 21, "3N − 6 modes of ethanol");
  // the shipped geometry is not a minimum of the model: the warning names the way out
  assert.match(byModel.stderr, /not a stationary point/);
  const parameters = join(mkdtempSync(join(tmpdir(), "equimd-nm-")), "painn.yaml");
  writeFileSync(parameters, `model: ${model}\n`);
  const bySpec = await cli(
    "normal-modes",
    "--potential",
    "painn",
    "--parameters",
    parameters,
    "--input",
    input,
  );
  assert.equal(bySpec.status, 0, bySpec.stderr);
  assert.deepEqual(table(bySpec.stdout), rows);
  const both = await cli("normal-modes", "--model", model, "--potential", "water", "--input", input);
  assert.equal(both.status, 1);
  assert.match(both.stderr, /--model is a PaiNN model; it cannot be combined with --potential water/);
});
