/**
 * `equimd run` never loses or silently corrupts data (issue 17): it refuses to overwrite an earlier
 * run, its own input, or one output with another; it refuses to resume over a deleted or truncated
 * output; SIGINT/SIGTERM stop it after a step with a checkpoint and status 130/143; a blow-up exits
 * non-zero with the step, the reason and the limit in the unit of the config key.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, truncateSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { readCheckpoint } from "../../src/io/checkpoint.ts";
import { readExtxyz } from "../../src/io/extxyz.ts";
import { runFromConfig } from "../../src/simulation/index.ts";
import { BIN, workspace } from "../helpers/workspace.ts";

const RUN = (outputs: string, steps = 20) => `
system: { file: water.xyz }
potential: { type: water }
integrator: { type: verlet, timestep_fs: 0.25 }
thermostat: { type: langevin, temperature_K: 300, tau_fs: 50 }
initial_velocities: { temperature_K: 300 }
steps: ${steps}
seed: 5
outputs:
  directory: out
  progress: false
${outputs}
`;

const FULL = `  trajectory: { file: traj.extxyz, every: 2 }
  log: { file: energy.log, every: 2 }
  properties: { file: props.csv, every: 1 }
  checkpoint: { file: ckpt.json, every: 10 }`;

test("a fresh run refuses to replace an earlier run's files; --overwrite replaces them", async () => {
  const w = workspace(RUN(FULL));
  await runFromConfig(w.config);
  const before = readFileSync(join(w.dir, "out/traj.extxyz"), "utf8");
  await assert.rejects(
    runFromConfig(w.config),
    /outputs\.trajectory: .*out\/traj\.extxyz exists \(from an earlier run\); continue that run with --resume, choose another outputs\.directory, or replace its files with --overwrite/,
  );
  assert.equal(readFileSync(join(w.dir, "out/traj.extxyz"), "utf8"), before, "untouched");
  await runFromConfig(w.config, { overwrite: true });
  assert.equal(readFileSync(join(w.dir, "out/traj.extxyz"), "utf8"), before, "same seed, same run");
});

test("an output equal to the input structure, or two outputs with one file name, are refused", async () => {
  const input = workspace(RUN("  trajectory: { file: ../water.xyz, every: 1 }"));
  const structure = readFileSync(join(input.dir, "water.xyz"), "utf8");
  await assert.rejects(
    runFromConfig(input.config, { overwrite: true }),
    /outputs\.trajectory .*water\.xyz is the run's input structure/,
  );
  assert.equal(readFileSync(join(input.dir, "water.xyz"), "utf8"), structure);
  const twice = workspace(
    RUN("  log: { file: same.txt, every: 1 }\n  properties: { file: same.txt, every: 1 }"),
  );
  await assert.rejects(
    runFromConfig(twice.config),
    /outputs\.log and outputs\.properties are the same file .*same\.txt/,
  );
  assert.ok(!existsSync(join(twice.dir, "out/same.txt")));
});

test("--resume over a deleted or truncated output is refused instead of continuing with a gap", async () => {
  for (const damage of ["delete", "truncate"] as const) {
    const w = workspace(RUN(FULL, 40));
    await runFromConfig(w.config, { steps: 25 }); // checkpoint at 25, trajectory up to step 24
    const traj = join(w.dir, "out/traj.extxyz");
    if (damage === "delete") unlinkSync(traj);
    else truncateSync(traj, Math.floor(readFileSync(traj).length / 3));
    await assert.rejects(
      runFromConfig(w.config, { resume: true }),
      /--resume: outputs\.trajectory .*traj\.extxyz (is missing|ends at step \d+), but the checkpoint is at step 25 \(a record at step 24 was expected\)/,
      damage,
    );
    assert.equal(readCheckpoint(join(w.dir, "out/ckpt.json")).step, 25, "checkpoint kept");
  }
  // an intact run resumes (and its trajectory reaches the end without a gap)
  const ok = workspace(RUN(FULL, 40));
  await runFromConfig(ok.config, { steps: 25 });
  await runFromConfig(ok.config, { resume: true });
  const steps = (await readExtxyz(join(ok.dir, "out/traj.extxyz"))).map((f) => f.info.step);
  assert.deepEqual(
    steps,
    Array.from({ length: 21 }, (_, k) => 2 * k),
  );
});

/** Start `equimd run` on a long run, send `signal` once it has written a few lines, wait for the exit. */
async function stopWith(signal: "SIGINT" | "SIGTERM"): Promise<{ status: number | null; dir: string }> {
  const w = workspace(RUN(FULL.replace("every: 10 }", "every: 1000000 }"), 10_000_000));
  const child = spawn(process.execPath, [BIN, "run", "run.yaml"], { cwd: w.dir, stdio: "ignore" });
  const log = join(w.dir, "out/energy.log");
  const deadline = Date.now() + 60_000;
  while (!(existsSync(log) && readFileSync(log, "utf8").split("\n").length > 20)) {
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill(signal);
  const status = await new Promise<number | null>((resolve) => {
    // a loop that never yields ignores the signal: give up after 30 s
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve(null);
    }, 30_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  return { status, dir: w.dir };
}

for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  test(`${signal} stops the run after a step, saves a checkpoint there and exits with ${code}`, async () => {
    const { status, dir } = await stopWith(signal);
    assert.equal(status, code);
    const checkpoint = readCheckpoint(join(dir, "out/ckpt.json"));
    assert.ok(checkpoint.step > 0);
    // the outputs reach the checkpoint's step: the run can be resumed exactly
    const props = readFileSync(join(dir, "out/props.csv"), "utf8").trim().split("\n");
    assert.equal(Number(props.at(-1)!.split(",")[0]), checkpoint.step);
  });
}

test("a blow-up stops the run naming the step, the reason and the limit in eV; what was written is kept", async () => {
  const w = workspace(
    RUN("  trajectory: { file: traj.extxyz, every: 1 }", 2000)
      .replace("timestep_fs: 0.25", "timestep_fs: 4")
      .replace("seed: 5", "seed: 5\nmax_energy_jump_eV: 0.5"),
  );
  // (the CLI prints this message as "equimd: error: …" and exits with status 1, like every error)
  const error = await runFromConfig(w.config).then(
    () => assert.fail("the run should blow up"),
    (e: Error) => e,
  );
  assert.match(error.message, /^trajectory blew up at step (\d+) \(t = [\d.]+ fs\): /);
  const step = Number(/at step (\d+)/.exec(error.message)![1]);
  const m = /limit ([\d.]+) eV, max_energy_jump_eV/.exec(error.message);
  if (m) assert.equal(Number(m[1]), 0.5);
  const frames = await readExtxyz(join(w.dir, "out/traj.extxyz"));
  assert.equal(frames.length, step, "steps 0 … the last good one are on disk");
});
