/**
 * `equimd run` with `potential.type: committee`: MD on the members' mean, the spread written along the
 * run by `outputs.committee_spread`. Two copies of the shipped model are a committee of identical members:
 * every spread is exactly zero and the trajectory is the single model's. A committee output with a
 * potential that is not a committee, and --resume of a committee-spread file, are refused by name.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runFromConfig } from "../../src/simulation/index.ts";

const MODEL = resolve("models/ethanol-painn/model.json.gz");
const ETHANOL = resolve("data/ethanol/ethanol.xyz");

function config(dir: string, potential: string, outputs: string): string {
  const path = join(dir, "run.yaml");
  writeFileSync(
    path,
    `system: { file: ${ETHANOL} }
potential: ${potential}
integrator: { type: verlet, timestep_fs: 0.5 }
initial_velocities: { temperature_K: 300 }
steps: 6
seed: 3
outputs:
  directory: out
  progress: false
${outputs}
`,
  );
  return path;
}

test("run on a committee of identical members: zero spread every step, same energies as one model", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-committee-run-"));
  const committee = config(
    dir,
    `{ type: committee, parameters: { models: [${MODEL}, ${MODEL}] } }`,
    "  committee_spread: { file: spread.csv, every: 2 }\n  log: { file: energy.log, every: 2 }",
  );
  await runFromConfig(committee);
  const lines = readFileSync(join(dir, "out", "spread.csv"), "utf8")
    .trim()
    .split("\n");
  assert.match(lines[0], /^# equimd committee spread: members=2/);
  const header = lines[1].split(",");
  const rows = lines.slice(2).map((l) => l.split(",").map(Number));
  assert.equal(rows.length, 4); // steps 0, 2, 4, 6
  for (const name of [
    "energy_spread_eV",
    "force_spread_rms_eV_per_A",
    "force_spread_max_eV_per_A",
    "dipole_spread_e_A",
  ]) {
    const k = header.indexOf(name);
    assert.ok(k >= 0, `column ${name} in ${header.join(",")}`);
    for (const r of rows) assert.equal(r[k], 0);
  }

  const single = mkdtempSync(join(tmpdir(), "equimd-committee-run-"));
  await runFromConfig(
    config(
      single,
      `{ type: painn, parameters: { model: ${MODEL} } }`,
      "  log: { file: energy.log, every: 2 }",
    ),
  );
  const log = (d: string) => readFileSync(join(d, "out", "energy.log"), "utf8");
  assert.equal(log(dir), log(single));
});

test("committee_spread needs a committee potential, and is not resumable yet: both refused by name", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-committee-run-"));
  const water = config(
    dir,
    `{ type: painn, parameters: { model: ${MODEL} } }`,
    "  committee_spread: { file: spread.csv, every: 1 }",
  );
  await assert.rejects(
    runFromConfig(water),
    /outputs\.committee_spread: the potential .* is not a committee/,
  );
  const resumed = config(
    dir,
    `{ type: committee, parameters: { models: [${MODEL}, ${MODEL}] } }`,
    "  committee_spread: { file: spread.csv, every: 1 }\n  checkpoint: { file: cp.json, every: 2 }",
  );
  await runFromConfig(resumed);
  await assert.rejects(
    runFromConfig(resumed, { resume: true, steps: 10 }),
    /outputs\.committee_spread: .* cannot be continued by --resume/,
  );
});
