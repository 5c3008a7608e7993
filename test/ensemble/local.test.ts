/**
 * The local executor end to end with real members (`equimd run` processes, water TRPMD, 2000 steps):
 * run in parallel, the merged files (IR and, from the members' velocities, the power spectrum; CSVs and
 * PNGs) are byte-identical to those of the same members run one by one —
 * one of them killed (SIGKILL) mid-run and resumed from its checkpoint; a member whose trajectory blows
 * up is reported with its step and left out; running the ensemble again (`equimd ensemble`) recomputes nothing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { readCheckpoint } from "../../src/io/checkpoint.ts";
import { parseCurvesCsv } from "../../src/plot/csv.ts";
import { EQUIMD_ENTRY, runMember } from "../../src/ensemble/member-run.ts";
import { prepareMembers } from "../../src/ensemble/members.ts";
import { mergeEnsemble } from "../../src/ensemble/merge.ts";
import { ensembleStatus, formatStatus, runEnsemble } from "../../src/ensemble/run-ensemble.ts";
import { loadEnsembleSpec } from "../../src/ensemble/spec.ts";
import { MERGED_FILES, mergedBytes, waterFixture } from "./fixture.ts";

const STEPS = 2000;

/** Start `equimd run member.yaml` in a member directory and SIGKILL it once it has saved a checkpoint. */
async function killAfterCheckpoint(dir: string): Promise<number> {
  const child = spawn(process.execPath, [EQUIMD_ENTRY, "run", "member.yaml"], { cwd: dir, stdio: "ignore" });
  const file = join(dir, "checkpoint.json");
  const exited = new Promise((r) => child.on("close", r));
  const step = () => (existsSync(file) ? readCheckpoint(file).step : 0); // replaced atomically: safe to read
  while (step() === 0 && child.exitCode === null) await new Promise((r) => setTimeout(r, 2));
  child.kill("SIGKILL");
  await exited;
  return readCheckpoint(file).step;
}

test("local members in parallel = the same members one by one (one killed and resumed); a blow-up is left out", async () => {
  const f = waterFixture(STEPS, 100, true);
  const body = (dir: string) =>
    `name: water\nmembers: 3\ndirectory: ${dir}\nrun: { config: water-trpmd.yaml, seeds: { first: 1 }, frames: [0, 1, 0] }\nmerge: { fmax_cm1: 4500 }\n`;
  const logs: string[] = [];
  const parallel = await runEnsemble(f.spec("parallel.yaml", body("parallel")), {
    executor: "local",
    parallel: 2,
    progress: false,
    log: (l) => logs.push(l),
  });
  assert.deepEqual(
    parallel.states.map((s) => s.state),
    ["done", "exploded", "done"],
  );
  const exploded = parallel.states[1];
  assert.ok(exploded.state === "exploded" && exploded.step === 1, JSON.stringify(exploded)); // H 0.15 Å from O
  assert.ok(
    logs.some((l) => /member 001 blew up at step 1; it is left out of the merge/.test(l)),
    logs.join("\n"),
  );
  assert.deepEqual(parallel.merged?.merged, [0, 2]);
  const status = formatStatus(await ensembleStatus(join(f.dir, "parallel.yaml"), false));
  assert.match(status, /member 001: blew up at step 1/);
  assert.match(status, /2 done, 1 blew up, 0 failed/);

  // the members write velocities too: the power spectrum of their averaged mass-weighted velocity
  // correlation counts the 3N = 9 degrees of freedom of water (area over 0–4500 cm⁻¹), inside its band
  const merged = join(f.dir, "parallel", "merged");
  const summary = JSON.parse(readFileSync(join(merged, "summary.json"), "utf8"));
  assert.deepEqual(Object.keys(summary.spectra), ["ir", "power"]);
  const area = summary.spectra.power.curves[0].total_area;
  assert.ok(Math.abs(area / 9 - 1) < 0.03, `power spectrum area ${area}, expected ≈ 9 modes`);
  const power = parseCurvesCsv(readFileSync(join(merged, "power.csv"), "utf8"));
  assert.deepEqual(
    power.map((c) => c.name),
    ["wavenumber_cm-1", "power_modes_cm-1", "power_modes_cm-1_lower", "power_modes_cm-1_upper"],
  );
  const [, g, lower, upper] = power.map((c) => c.values);
  assert.ok(
    g.every((v, j) => lower[j] <= v && v <= upper[j]),
    "the merged curve lies inside its band",
  );

  // one by one, member 2 first killed after its first checkpoint, then resumed
  const spec = loadEnsembleSpec(f.spec("serial.yaml", body("serial")));
  const members = await prepareMembers(spec);
  const killedAt = await killAfterCheckpoint(members[2].dir);
  assert.ok(killedAt > 0 && killedAt < STEPS, `killed at step ${killedAt}`);
  for (const m of members) await runMember(m);
  assert.match(readFileSync(join(members[2].dir, "run.log"), "utf8"), /equimd run member\.yaml --resume/);
  await mergeEnsemble(spec, members, () => {});
  for (const file of MERGED_FILES) {
    assert.ok(
      mergedBytes(join(f.dir, "serial", "merged"), file).equals(
        mergedBytes(join(f.dir, "parallel", "merged"), file),
      ),
      `${file} differs between the parallel and the one-by-one ensemble`,
    );
  }

  // again, through the command line: nothing is recomputed (no new attempt in any member's log), the merge
  // is the same, and the warning about the blown-up member is repeated
  const sizes = parallel.members.map((m) => statSync(join(m.dir, "run.log")).size);
  const before = readFileSync(join(f.dir, "parallel", "merged", "ir.csv"));
  const cli = spawnSync(process.execPath, [EQUIMD_ENTRY, "ensemble", "parallel.yaml", "--no-progress"], {
    cwd: f.dir,
    encoding: "utf8",
  });
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stderr, /warning: member 001 blew up at step 1/);
  assert.match(cli.stderr, /merged 2 of 3 members/);
  assert.deepEqual(
    parallel.members.map((m) => statSync(join(m.dir, "run.log")).size),
    sizes,
  );
  assert.ok(readFileSync(join(f.dir, "parallel", "merged", "ir.csv")).equals(before));
});
