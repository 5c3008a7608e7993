/**
 * Ensemble members of a run config with an equilibration leg (the demo's stages as run configs): the
 * member configs keep the leg, each member equilibrates with its own seed, and a member's progress
 * counts the leg's steps first (from a checkpoint of either leg). The shipped ethanol stage spec is valid.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memberProgress, memberTotal } from "../../src/ensemble/member-run.ts";
import { describeMembers, MEMBER_CONFIG, prepareMembers } from "../../src/ensemble/members.ts";
import { loadEnsembleSpec } from "../../src/ensemble/spec.ts";
import { runFromConfig, runSpecFromConfig, simulate } from "../../src/simulation/index.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

test("members of a run config with an equilibration leg: own seeds, progress over both legs", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-legs-ensemble-"));
  copyFileSync(join(ROOT, "examples/configs/water.xyz"), join(dir, "water.xyz"));
  writeFileSync(
    join(dir, "run.yaml"),
    `system: { file: water.xyz }
potential: { type: water }
integrator: { type: verlet, timestep_fs: 0.25 }
initial_velocities: { temperature_K: 300 }
equilibration: { steps: 30, thermostat: { type: langevin, temperature_K: 300, tau_fs: 10 }, seed: 4 }
steps: 20
outputs:
  log: { file: energy.log, every: 1 }
  checkpoint: { file: ckpt.json, every: 10 }
  progress: false
`,
  );
  writeFileSync(join(dir, "spec.yaml"), "members: 2\ndirectory: ens\nrun: { config: run.yaml }\n");
  const spec = loadEnsembleSpec(join(dir, "spec.yaml"));
  const [first, second] = await prepareMembers(spec);
  assert.ok(first.kind === "run" && second.kind === "run");
  assert.deepEqual(first.config.equilibration?.steps, 30);
  assert.equal(first.config.equilibration?.seed, undefined, "an explicit leg seed is dropped");
  assert.equal(memberTotal(first), 50, "equilibration + production steps");

  // stopped in the equilibration leg at step 13: 13 of 50
  const member = await runSpecFromConfig(join(first.dir, MEMBER_CONFIG));
  const stop = new AbortController();
  member.equilibration!.observers = [{ every: 1, observe: (s) => void (s.step === 13 && stop.abort()) }];
  await simulate({ ...member, signal: stop.signal });
  assert.equal(await memberProgress(first), 13);
  await runFromConfig(join(first.dir, MEMBER_CONFIG), { resume: true });
  assert.equal(await memberProgress(first), 50);
  await runFromConfig(join(second.dir, MEMBER_CONFIG));
  const log = (m: typeof first) => readFileSync(join(m.dir, "energy.log"), "utf8");
  assert.notEqual(log(first), log(second), "the members run with their own seeds");
});

test("the shipped ethanol TRPMD-stage ensemble names 8 members with a PILE-L leg", async () => {
  const spec = loadEnsembleSpec(join(ROOT, "examples/ensembles/ethanol-trpmd-stage.yaml"));
  const members = await describeMembers(spec);
  assert.equal(members.length, 8);
  for (const m of members) {
    assert.ok(m.kind === "run");
    assert.equal(m.config.equilibration?.thermostat, "pile_l");
    assert.equal(m.config.integrator.type === "rpmd" && m.config.integrator.thermostat, "trpmd");
    assert.equal(memberTotal(m), 5500);
  }
});
