import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Observer } from "../../src/core/observer.ts";
import { runFromConfig } from "../../src/simulation/index.ts";
import { validateRunConfig } from "../../src/config/run-config.ts";
import { readExtxyz } from "../../src/io/extxyz.ts";
import { readCheckpoint } from "../../src/io/checkpoint.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const WATER_XYZ = join(ROOT, "examples/configs/water.xyz");

/** A temporary directory holding water.xyz and a config with the given YAML text. */
function workspace(yaml: string): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), "equimd-cli-"));
  copyFileSync(WATER_XYZ, join(dir, "water.xyz"));
  const config = join(dir, "run.yaml");
  writeFileSync(config, yaml);
  return { dir, config };
}

const LANGEVIN_RUN = `
system: { file: water.xyz }
potential: { type: water }
integrator: { type: verlet, timestep_fs: 0.5 }
thermostat: { type: langevin, temperature_K: 300, tau_fs: 20 }
initial_velocities: { temperature_K: 300 }
steps: 40
seed: 11
outputs:
  directory: out
  trajectory: { file: traj.extxyz, every: 3, velocities: true }
  log: { file: energy.log, every: 4 }
  properties: { file: props.csv, every: 2 }
  checkpoint: { file: ckpt.json, every: 10 }
  progress: false
`;

const OUTPUTS = ["traj.extxyz", "energy.log", "props.csv"];

/** Stops the process-like run with an error at a given step (a crash after the checkpoint). */
const crashAt = (step: number): Observer => ({
  every: 1,
  observe: (s) => {
    if (s.step === step) throw new Error(`simulated crash at step ${step}`);
  },
});

test("resume after a checkpoint reproduces the uninterrupted Langevin run bit for bit", async () => {
  const reference = workspace(LANGEVIN_RUN);
  await runFromConfig(reference.config);

  // Crashed at step 25: checkpoint of step 20 on disk, trajectory/log/properties written up to step 24.
  const crashed = workspace(LANGEVIN_RUN);
  await assert.rejects(
    runFromConfig(crashed.config, { observers: [crashAt(25)] }),
    /simulated crash at step 25/,
  );
  assert.equal(readCheckpoint(join(crashed.dir, "out/ckpt.json")).step, 20);
  const partial = await readExtxyz(join(crashed.dir, "out/traj.extxyz"));
  assert.equal(partial.at(-1)!.info.step, 24); // frames past the checkpoint, to be cut on resume
  const resumed = await runFromConfig(crashed.config, { resume: true });
  assert.equal(resumed.state.step, 40);

  // Stopped cleanly at step 25 (--steps 25): a checkpoint at 25, then resumed to 40.
  const stopped = workspace(LANGEVIN_RUN);
  await runFromConfig(stopped.config, { steps: 25 });
  assert.equal(readCheckpoint(join(stopped.dir, "out/ckpt.json")).step, 25);
  await runFromConfig(stopped.config, { resume: true });

  for (const file of OUTPUTS) {
    const expected = readFileSync(join(reference.dir, "out", file), "utf8");
    assert.equal(
      readFileSync(join(crashed.dir, "out", file), "utf8"),
      expected,
      `${file} after crash + resume`,
    );
    assert.equal(
      readFileSync(join(stopped.dir, "out", file), "utf8"),
      expected,
      `${file} after stop + resume`,
    );
  }
  const frames = await readExtxyz(join(reference.dir, "out/traj.extxyz"));
  assert.deepEqual(
    frames.map((f) => f.info.step),
    [0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39],
  );
  // The thermostat is really stochastic: another seed gives another trajectory.
  const other = workspace(LANGEVIN_RUN.replace("seed: 11", "seed: 12"));
  await runFromConfig(other.config);
  assert.notEqual(
    readFileSync(join(other.dir, "out/traj.extxyz"), "utf8"),
    readFileSync(join(reference.dir, "out/traj.extxyz"), "utf8"),
  );
  // A changed physics config is refused on resume.
  writeFileSync(
    crashed.config,
    LANGEVIN_RUN.replace("tau_fs: 20", "tau_fs: 30").replace("steps: 40", "steps: 50"),
  );
  await assert.rejects(
    runFromConfig(crashed.config, { resume: true }),
    /written with a different configuration/,
  );
});

test("config errors name the file, the field path and what was expected", () => {
  const base = {
    system: { file: "water.xyz" },
    potential: { type: "water" },
    integrator: { type: "verlet", timestep_fs: 0.5 },
    steps: 10,
  };
  const check = (raw: unknown, message: RegExp) =>
    assert.throws(() => validateRunConfig(raw, "config.yaml"), message, JSON.stringify(raw));
  assert.equal(validateRunConfig(base).integrator.type, "verlet");
  check(
    { ...base, integrator: { type: "verlet", timestep_fs: -1 } },
    /config\.yaml: integrator\.timestep_fs: expected a positive number, got -1/,
  );
  check(
    { ...base, integrator: { type: "verlet", timestep_fs: 0 } },
    /integrator\.timestep_fs: expected a positive number, got 0/,
  );
  check(
    { ...base, integrator: { type: "verlet", timestep_fs: "fast" } },
    /integrator\.timestep_fs: expected a number, got 'fast'/,
  );
  check({ ...base, integrator: { type: "verlet" } }, /integrator\.timestep_fs: missing: expected a number/);
  check({ ...base, steps: undefined }, /config\.yaml: steps: missing: expected a number/);
  check({ ...base, steps: 2.5 }, /steps: expected an integer, got 2\.5/);
  check(
    { ...base, integrator: { type: "leapfrog", timestep_fs: 1 } },
    /integrator\.type: expected one of 'verlet', 'rpmd', got 'leapfrog'/,
  );
  check(
    { ...base, thermostat: { type: "langevin", temperature_K: 300 } },
    /thermostat\.tau_fs: missing: expected a number/,
  );
  check(
    { ...base, potential: { type: "lj" } },
    /potential\.type: expected one of 'harmonic', .*'water'.*, got 'lj'/,
  );
  check(
    { ...base, integrator: { type: "verlet", timestep_fs: 1, time_step: 2 } },
    /integrator\.time_step: unknown key/,
  );
  check(
    { ...base, outputs: { trajectory: { file: "t.xyz", every: 0 } } },
    /outputs\.trajectory\.every: expected a positive number, got 0/,
  );
  check(
    { ...base, potential: { type: "harmonic", parameters: { k_eV_per_A2: -3 } } },
    /potential\.parameters\.k_eV_per_A2/,
  );
  check(
    { ...base, units: { length: "furlong" } },
    /units\.length: expected one of 'bohr', 'angstrom'.*got 'furlong'/,
  );
  check(
    {
      ...base,
      integrator: { type: "rpmd", timestep_fs: 0.25, beads: 8, temperature_K: 300 },
      thermostat: { type: "bussi", temperature_K: 300, tau_fs: 10 },
    },
    /thermostat\.type: must be 'none'.*with integrator\.type rpmd/,
  );
  // Several problems are reported together, one per line.
  assert.throws(
    () => validateRunConfig({ ...base, steps: -1, seed: "x" }, "c.yaml"),
    (e: Error) => e.message.split("\n").length === 3,
  );
});

test("a malformed structure file stops the run with its file and line", async () => {
  const { dir, config } = workspace(LANGEVIN_RUN);
  writeFileSync(
    join(dir, "water.xyz"),
    "3\nProperties=species:S:1:pos:R:3\nO 0 0 0\nH 0.76 0.56 x\nH -0.75 0.57 0\n",
  );
  await assert.rejects(runFromConfig(config), /water\.xyz:4: column 4 \(pos\): expected a number, got 'x'/);
  writeFileSync(config, "system: { file: water.xyz\n");
  await assert.rejects(runFromConfig(config), /run\.yaml: not valid YAML/);
});

test("CLI smoke: `equimd run` of the water example writes trajectory, log, properties and checkpoint", () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-cli-"));
  copyFileSync(WATER_XYZ, join(dir, "water.xyz"));
  const yaml = readFileSync(join(ROOT, "examples/configs/water-nve.yaml"), "utf8").replace(
    "../../runs/water-nve",
    "out",
  );
  writeFileSync(join(dir, "water-nve.yaml"), yaml);
  const bin = join(ROOT, "bin/equimd.js");
  const r = spawnSync(process.execPath, [bin, "run", "water-nve.yaml", "--steps", "100"], {
    cwd: dir,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /run ended at step 100/);
  for (const f of ["trajectory.extxyz", "energy.log", "dipole.csv", "checkpoint.json"]) {
    assert.ok(existsSync(join(dir, "out", f)), f);
  }
  const log = readFileSync(join(dir, "out/energy.log"), "utf8").trim().split("\n");
  assert.equal(log.length, 1 + 11); // header + steps 0, 10, …, 100
  // NVE at 0.25 fs: the conserved energy drifts by much less than the kinetic energy (~ 0.1 eV).
  const drift = log.slice(1).map((l) => Math.abs(Number(l.split(" ")[6])));
  assert.ok(Math.max(...drift) < 2e-3, `max drift ${Math.max(...drift)} eV`);
  assert.equal(readCheckpoint(join(dir, "out/checkpoint.json")).step, 100);
  // --help lists the run command; --version prints the package version; errors exit with status 1.
  const help = execFileSync(process.execPath, [bin, "--help"], { encoding: "utf8" });
  assert.match(help, /run \[options\] <config>/);
  assert.match(execFileSync(process.execPath, [bin, "--version"], { encoding: "utf8" }), /^\d+\.\d+\.\d+/);
  const bad = spawnSync(process.execPath, [bin, "run", "missing.yaml"], { cwd: dir, encoding: "utf8" });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^equimd: error: cannot read config missing\.yaml/);
});
