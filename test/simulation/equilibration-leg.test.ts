/**
 * A run config with an equilibration leg (simulate() runs the one run loop twice on the same state):
 * a cold water molecule is heated to 300 K by the Langevin leg, the NVE production that follows
 * conserves energy and starts at step 0 from the equilibrated momenta; an interrupted run resumed from
 * a checkpoint of either leg (classical Langevin → NVE, ring polymer PILE-L → TRPMD) writes the same
 * files bit for bit; the hash covers the leg; bad legs are refused naming the field.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Observer } from "../../src/core/observer.ts";
import { kineticEnergy } from "../../src/core/system.ts";
import { KB_HARTREE_PER_K } from "../../src/core/units.ts";
import { configHash, validateRunConfig } from "../../src/config/run-config.ts";
import { readCheckpoint } from "../../src/io/checkpoint.ts";
import { parse as parseYaml } from "yaml";
import { runFromConfig, runSpecFromConfig, simulate } from "../../src/simulation/index.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

function workspace(yaml: string): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), "equimd-legs-"));
  copyFileSync(join(ROOT, "examples/configs/water.xyz"), join(dir, "water.xyz"));
  const config = join(dir, "run.yaml");
  writeFileSync(config, yaml);
  return { dir, config };
}

/** Columns of the energy log by name. */
function logColumns(path: string): Record<string, number[]> {
  const lines = readFileSync(path, "utf8").trim().split("\n");
  const header = lines
    .find((l) => l.startsWith("#"))!
    .replace(/^#\s*/, "")
    .split(/\s+/);
  const rows = lines.filter((l) => !l.startsWith("#")).map((l) => l.trim().split(/\s+/).map(Number));
  return Object.fromEntries(header.map((h, k) => [h, rows.map((r) => r[k])]));
}

/** Water from the file's geometry at rest (0 K): Langevin at 300 K, then NVE. */
const classical = (eqSteps: number, steps: number, checkpointEvery = 10) => `
system: { file: water.xyz }
potential: { type: water }
integrator: { type: verlet, timestep_fs: 0.25 }
equilibration: { steps: ${eqSteps}, thermostat: { type: langevin, temperature_K: 300, tau_fs: 25 } }
steps: ${steps}
seed: 3
outputs:
  directory: out
  trajectory: { file: traj.extxyz, every: 5, momenta: true }
  log: { file: energy.log, every: 1 }
  properties: { file: dipole.csv, every: 1, quantities: [energy, dipole] }
  checkpoint: { file: ckpt.json, every: ${checkpointEvery} }
  progress: false
`;

/** A ring polymer of 4 beads: PILE-L equilibration, TRPMD production. */
const ringPolymer = (eqSteps: number, steps: number) => `
system: { file: water.xyz }
potential: { type: water }
integrator: { type: rpmd, timestep_fs: 0.25, beads: 4, temperature_K: 300, thermostat: trpmd }
equilibration: { steps: ${eqSteps}, thermostat: pile_l, centroid_tau_fs: 50 }
initial_velocities: { temperature_K: 300 }
steps: ${steps}
seed: 11
outputs:
  directory: out
  trajectory: { file: traj.extxyz, every: 5, momenta: true }
  log: { file: energy.log, every: 1 }
  properties: { file: dipole.csv, every: 1, quantities: [energy, dipole] }
  checkpoint: { file: ckpt.json, every: 10 }
  progress: false
`;

const OUTPUTS = ["traj.extxyz", "energy.log", "dipole.csv", "ckpt.json"];

test("the Langevin leg heats a cold molecule to 300 K; NVE production from its state conserves energy", async (t) => {
  const eqSteps = 16000; // 4 ps = 160 τ
  const { dir, config } = workspace(classical(eqSteps, 2000, 100000));
  const spec = await runSpecFromConfig(config);
  assert.equal(spec.degreesOfFreedom, 9, "the thermostat changes the total momentum: 3N degrees of freedom");
  let sum = 0;
  let n = 0;
  const temperature: Observer = {
    every: 10,
    observe: (s, system) => {
      if (s.step < eqSteps / 4) return; // the first τ·40 heat the molecule up
      sum += (2 * kineticEnergy(system, s.momenta)) / (9 * KB_HARTREE_PER_K);
      n++;
    },
  };
  spec.equilibration!.observers = [temperature];
  const result = await simulate(spec);
  assert.equal(result.leg, "production");
  const mean = sum / n;
  t.diagnostic(`mean equilibration temperature ${mean.toFixed(1)} K over ${n} samples`);
  // 9 degrees of freedom: T fluctuates by √(2/9) ≈ 47 %; ~120 independent τ-windows average it to ~5 %
  assert.ok(Math.abs(mean - 300) < 45, `equilibration temperature ${mean.toFixed(1)} K, expected 300 K`);

  const log = logColumns(join(dir, "out/energy.log"));
  assert.equal(log.step[0], 0, "production starts at step 0");
  assert.equal(log.step.at(-1), 2000);
  assert.equal(log.time_fs[0], 0, "and at time 0");
  const T = log.temperature_K;
  assert.ok(T[0] > 30, `production starts from the equilibrated momenta, not at rest (T = ${T[0]} K)`);
  const conserved = log.conserved_eV;
  const spread = Math.max(...conserved) - Math.min(...conserved);
  const kinetic = log.kinetic_eV.reduce((a, b) => a + b) / T.length;
  t.diagnostic(`NVE conserved spread ${spread.toExponential(2)} eV, mean kinetic ${kinetic.toFixed(4)} eV`);
  assert.ok(spread < 0.01 * kinetic, `NVE conserved quantity spread ${spread} vs kinetic ${kinetic}`);
  const ckpt = readCheckpoint(join(dir, "out/ckpt.json"));
  assert.equal(ckpt.metadata.leg, "production");
  assert.equal(ckpt.step, 2000);
});

for (const [name, yaml, eqSteps] of [
  ["classical Langevin → NVE", classical(40, 40), 40],
  ["ring polymer PILE-L → TRPMD", ringPolymer(40, 40), 40],
] as const) {
  test(`${name}: a run interrupted in either leg resumes bit for bit`, async () => {
    const reference = workspace(yaml);
    await runFromConfig(reference.config);
    const expected = OUTPUTS.map((f) => readFileSync(join(reference.dir, "out", f), "utf8"));

    // killed in the equilibration leg at step 25: the checkpoint of step 20 is of that leg
    const killed = workspace(yaml);
    const spec = await runSpecFromConfig(killed.config);
    const crash: Observer = {
      every: 1,
      observe: (s) => {
        if (s.step === 25) throw new Error("simulated kill at equilibration step 25");
      },
    };
    spec.equilibration!.observers = [crash];
    await assert.rejects(simulate(spec), /simulated kill/);
    const saved = readCheckpoint(join(killed.dir, "out/ckpt.json"));
    assert.deepEqual([saved.metadata.leg, saved.step], ["equilibration", 20]);
    assert.ok(!existsSync(join(killed.dir, "out/energy.log")), "no production output during equilibration");
    await runFromConfig(killed.config, { resume: true });

    // stopped by its signal in production at step 25 (after the whole equilibration)
    const stopped = workspace(yaml);
    const controller = new AbortController();
    const stopAt25: Observer = {
      every: 1,
      observe: (s) => {
        if (s.step === 25) controller.abort();
      },
    };
    const first = await runFromConfig(stopped.config, { observers: [stopAt25], signal: controller.signal });
    assert.deepEqual([first.stopped, first.leg, first.state.step], [true, "production", 25]);
    const atStop = readCheckpoint(join(stopped.dir, "out/ckpt.json"));
    assert.deepEqual([atStop.metadata.leg, atStop.step], ["production", 25]);
    await runFromConfig(stopped.config, { resume: true });

    // stopped in the equilibration leg by the signal, then resumed
    const paused = workspace(yaml);
    const pauseSpec = await runSpecFromConfig(paused.config);
    const pause = new AbortController();
    pauseSpec.equilibration!.observers = [
      { every: 1, observe: (s) => void (s.step === 13 && pause.abort()) },
    ];
    const partial = await simulate({ ...pauseSpec, signal: pause.signal });
    assert.deepEqual([partial.stopped, partial.leg, partial.state.step], [true, "equilibration", 13]);
    await runFromConfig(paused.config, { resume: true });

    for (const [k, f] of OUTPUTS.entries()) {
      for (const [how, w] of [
        ["killed in equilibration", killed],
        ["stopped in production", stopped],
        ["stopped in equilibration", paused],
      ] as const) {
        assert.equal(readFileSync(join(w.dir, "out", f), "utf8"), expected[k], `${f}, ${how} + resume`);
      }
    }
    assert.equal(eqSteps, 40);
  });
}

test("the config hash covers the equilibration leg; a changed leg refuses --resume", async () => {
  const hash = (yaml: string) => configHash(validateRunConfig(parseYaml(yaml)));
  assert.notEqual(hash(classical(40, 40)), hash(classical(41, 40)), "equilibration.steps");
  assert.notEqual(hash(classical(40, 40)), hash(classical(40, 40).replace("tau_fs: 25", "tau_fs: 30")));
  assert.equal(hash(classical(40, 40)), hash(classical(40, 80)), "production steps may change");

  const w = workspace(classical(40, 20));
  await runFromConfig(w.config);
  writeFileSync(w.config, classical(40, 20).replace("temperature_K: 300", "temperature_K: 200"));
  await assert.rejects(
    runFromConfig(w.config, { resume: true, steps: 30 }),
    /different configuration.*equilibration/,
  );
});

test("an equilibration leg that does not fit the integrator is refused, naming the field", () => {
  const base = { system: { file: "w.xyz" }, potential: { type: "water" }, steps: 10 };
  const verlet = { type: "verlet", timestep_fs: 0.5 };
  const rpmd = { type: "rpmd", timestep_fs: 0.5, beads: 4, temperature_K: 300 };
  const langevin = { type: "langevin", temperature_K: 300, tau_fs: 10 };
  const cases: [object, object, RegExp][] = [
    [verlet, { steps: 10 }, /equilibration\.thermostat: expected a thermostat \{ type: langevin/],
    [verlet, { steps: 10, thermostat: { type: "none" } }, /equilibration\.thermostat: expected a thermostat/],
    [
      verlet,
      { steps: 10, thermostat: "pile_l" },
      /equilibration\.thermostat: expected a thermostat.*"pile_l"/,
    ],
    [verlet, { steps: 0, thermostat: langevin }, /equilibration\.steps: expected a positive/],
    [
      verlet,
      { steps: 5, thermostat: { type: "langevin", temperature_K: 300 } },
      /equilibration\.thermostat\.tau_fs: missing/,
    ],
    [
      verlet,
      { steps: 5, thermostat: langevin, centroid_tau_fs: 10 },
      /equilibration\.centroid_tau_fs: only for ring polymers/,
    ],
    [verlet, { steps: 5, thermostat: langevin, tau: 3 }, /equilibration\.tau: unknown key/],
    [rpmd, { steps: 5, thermostat: langevin }, /equilibration\.thermostat: expected pile_l or pile_g/],
    [
      rpmd,
      { steps: 5, thermostat: "trpmd" },
      /equilibration\.thermostat: expected one of 'pile_l', 'pile_g'/,
    ],
    [rpmd, { steps: 5, thermostat: "pile_g" }, /equilibration\.centroid_tau_fs: missing/],
  ];
  for (const [integrator, equilibration, message] of cases) {
    assert.throws(
      () => validateRunConfig({ ...base, integrator, equilibration }, "run.yaml"),
      (e: Error) => message.test(e.message) && e.message.includes("run.yaml"),
      JSON.stringify(equilibration),
    );
  }
  // the accepted forms
  validateRunConfig({ ...base, integrator: verlet, equilibration: { steps: 5, thermostat: langevin } });
  validateRunConfig({ ...base, integrator: rpmd, equilibration: { steps: 5 } });
  validateRunConfig({
    ...base,
    integrator: rpmd,
    equilibration: { steps: 5, thermostat: "pile_g", centroid_tau_fs: 20 },
  });
});
