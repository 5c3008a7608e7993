import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kineticEnergy, makeState, makeSystem, type MDState, type System } from "../src/core/system.ts";
import type { Integrator } from "../src/core/integrator.ts";
import type { Observer } from "../src/core/observer.ts";
import {
  ATOMIC_TIME_IN_FS,
  BOHR_IN_ANGSTROM,
  HARTREE_IN_EV,
  KB_HARTREE_PER_K,
  fromAtomic,
} from "../src/core/units.ts";
import { makeForceEvaluator, run } from "../src/simulation/index.ts";
import { HarmonicPotential } from "../potentials/analytic/harmonic.ts";
import { VelocityVerlet } from "../integrators/velocity-verlet.ts";
import { readExtxyz } from "../src/io/extxyz.ts";
import { readCheckpoint } from "../src/io/checkpoint.ts";
import { TrajectoryWriter } from "../src/observers/trajectory-writer.ts";
import { EnergyLogger } from "../src/observers/energy-logger.ts";
import { PropertyRecorder } from "../src/observers/property-recorder.ts";
import { CheckpointWriter } from "../src/observers/checkpoint-writer.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "equimd-run-"));

/** Two atoms in a harmonic well k = 0.1 hartree/bohr², charges ±1, displaced from the centre. */
function oscillator(): { system: System; potential: HarmonicPotential; state: MDState; omega: number } {
  const system = makeSystem(["H", "H"]);
  const potential = new HarmonicPotential({ k: 0.1, charges: [1, -1] });
  const state = makeState(system, [0.3, 0, 0, 0, -0.2, 0.1]);
  return { system, potential, state, omega: Math.sqrt(0.1 / system.masses[0]) };
}

/** Records the steps at which it is called and whether it was closed. */
class Spy implements Observer {
  steps: number[] = [];
  closed = false;
  constructor(
    readonly every: number,
    private readonly throwAt?: number,
  ) {}
  observe(s: Readonly<MDState>) {
    if (s.step === this.throwAt) throw new Error(`spy stops at ${s.step}`);
    this.steps.push(s.step);
  }
  close() {
    this.closed = true;
  }
}

test("makeForceEvaluator fills forces, energy and dipole; refuses properties the potential lacks", async () => {
  const { system, potential, state } = oscillator();
  await makeForceEvaluator(system, potential, ["dipole"])(state);
  // E = ½k|r|², F = −k r, μ = Σ q r
  assert.ok(Math.abs(state.potentialEnergy[0] - 0.5 * 0.1 * (0.09 + 0.04 + 0.01)) < 1e-15);
  const expected = [-0.03, 0, 0, 0, 0.02, -0.01];
  state.forces.forEach((f, i) => assert.ok(Math.abs(f - expected[i]) < 1e-15, `F[${i}] = ${f}`));
  [0.3, 0.2, -0.1].forEach((m, i) => assert.ok(Math.abs(state.dipole![i] - m) < 1e-15));
  assert.throws(
    () => makeForceEvaluator(system, potential, ["polarizability"]),
    /potential 'harmonic' does not provide polarizability/,
  );
});

test("observers are called at step 0 and every n steps, and closed; the clock advances", async () => {
  const { system, potential, state } = oscillator();
  const spy3 = new Spy(3);
  const spy1 = new Spy(1);
  const dt = 2;
  await run(system, potential, state, new VelocityVerlet({ dt }), { steps: 10, observers: [spy3, spy1] });
  assert.deepEqual(spy3.steps, [0, 3, 6, 9]);
  assert.deepEqual(spy1.steps, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.ok(spy3.closed && spy1.closed);
  assert.equal(state.step, 10);
  assert.equal(state.time, 10 * dt);
  // Continuing without observing the start again: same schedule, no duplicate step 10.
  const spy = new Spy(5);
  await run(system, potential, state, new VelocityVerlet({ dt }), {
    steps: 10,
    observers: [spy],
    observeStart: false,
  });
  assert.deepEqual(spy.steps, [15, 20]);
});

test("observers are closed when the run ends by an error, and the error propagates", async () => {
  const { system, potential, state } = oscillator();
  const failing = new Spy(2, 4);
  const other = new Spy(1);
  await assert.rejects(
    run(system, potential, state, new VelocityVerlet({ dt: 1 }), { steps: 10, observers: [other, failing] }),
    /spy stops at 4/,
  );
  assert.ok(failing.closed && other.closed);
  assert.deepEqual(other.steps, [0, 1, 2, 3, 4]);
});

test("an AbortSignal stops the run after the current step; finish() saves a checkpoint there", async () => {
  const { system, potential, state } = oscillator();
  const dir = tmp();
  const controller = new AbortController();
  const stopper: Observer = { every: 1, observe: (s) => void (s.step === 7 && controller.abort()) };
  const file = join(dir, "ckpt.json");
  await run(system, potential, state, new VelocityVerlet({ dt: 1 }), {
    steps: 100,
    signal: controller.signal,
    observers: [stopper, new CheckpointWriter({ file, every: 50 })],
  });
  assert.equal(state.step, 7);
  const c = readCheckpoint(file);
  assert.equal(c.step, 7);
  assert.deepEqual(c.state.positions, Array.from(state.positions));
});

test("a blowing-up trajectory stops with an error naming the step; trajectory flushed, last good checkpoint saved", async () => {
  const { system, potential, state, omega } = oscillator();
  const dir = tmp();
  const traj = join(dir, "traj.extxyz");
  const ckpt = join(dir, "ckpt.json");
  // Verlet is unstable for ω·dt > 2: the amplitude grows by a factor ~ (ω dt)² per step.
  const dt = 4 / omega;
  const writer = new TrajectoryWriter({ file: traj, every: 1 });
  await assert.rejects(
    run(system, potential, state, new VelocityVerlet({ dt }), {
      steps: 1000,
      observers: [writer, new CheckpointWriter({ file: ckpt, every: 100 })],
    }),
    (e: Error) => {
      assert.match(
        e.message,
        /^trajectory blew up at step (\d+) \(t = [\d.]+ fs\): the conserved quantity jumped/,
      );
      return true;
    },
  );
  const blewUpAt = state.step;
  const frames = await readExtxyz(traj);
  assert.equal(frames.length, blewUpAt); // steps 0 .. blewUpAt−1, all on disk
  assert.equal(frames.at(-1)!.info.step, blewUpAt - 1);
  const c = readCheckpoint(ckpt);
  assert.equal(c.step, blewUpAt - 1);
  assert.deepEqual(
    c.state.positions.map((x) => fromAtomic("length", x, "angstrom")),
    Array.from(frames.at(-1)!.positions),
  );
});

test("energy log: columns in fs/eV/K; NVE drift of a harmonic pair stays at the Verlet error level", async () => {
  const { system, potential, state, omega } = oscillator();
  state.momenta.set([0, 0.5, 0, 0.2, 0, -0.3]);
  const dir = tmp();
  const file = join(dir, "energy.log");
  const dt = 0.05 / omega;
  await run(system, potential, state, new VelocityVerlet({ dt }), {
    steps: 400,
    observers: [new EnergyLogger({ file, every: 20 })],
  });
  const lines = readFileSync(file, "utf8").trim().split("\n");
  assert.equal(lines[0], "# step time_fs potential_eV kinetic_eV temperature_K conserved_eV drift_eV");
  const rows = lines.slice(1).map((l) => l.split(" ").map(Number));
  assert.equal(rows.length, 21);
  const [step, t, epot, ekin, temp, cons, _drift] = rows[20];
  assert.equal(step, 400);
  assert.ok(Math.abs(t - 400 * dt * ATOMIC_TIME_IN_FS) < 1e-9 * t);
  assert.ok(Math.abs(epot + ekin - cons) < 1e-9); // no thermostat: conserved = K + V
  assert.ok(Math.abs(temp - (2 * ekin) / HARTREE_IN_EV / (6 * KB_HARTREE_PER_K)) < 1e-6 * temp);
  // Verlet conserves a shadow Hamiltonian; H itself fluctuates by at most ~ (ω dt)²/4 relative.
  const e0 = rows[0][5];
  const bound = (0.05 ** 2 / 4) * Math.abs(e0);
  for (const r of rows) assert.ok(Math.abs(r[6]) < bound, `drift ${r[6]} at step ${r[0]} (bound ${bound})`);
  assert.ok(rows.some((r) => r[6] !== 0));
});

test("property recorder: dipole time series with its sampling interval, in memory (a.u.) and CSV (e·Å)", async () => {
  const { system, potential, state } = oscillator();
  const dir = tmp();
  const file = join(dir, "props.csv");
  const rec = new PropertyRecorder({ every: 2, file });
  const dt = 3;
  await run(system, potential, state, new VelocityVerlet({ dt }), {
    steps: 10,
    observers: [rec],
    want: ["dipole"],
  });
  const s = rec.series();
  assert.equal(s.dt, 2 * dt);
  assert.deepEqual(s.steps, [0, 2, 4, 6, 8, 10]);
  assert.equal(s.dipole!.length, 18);
  // μ = Σ q r at the end (charges +1, −1)
  const p = state.positions;
  assert.deepEqual(Array.from(s.dipole!.subarray(15)), [p[0] - p[3], p[1] - p[4], p[2] - p[5]]);
  const lines = readFileSync(file, "utf8").trim().split("\n");
  assert.match(
    lines[0],
    new RegExp(`^# equimd properties: sampling_interval_fs=${2 * dt * ATOMIC_TIME_IN_FS} every=2 `),
  );
  assert.equal(lines[1], "step,time_fs,energy,dipole_x,dipole_y,dipole_z");
  const last = lines[7].split(",").map(Number);
  assert.ok(Math.abs(last[3] - (p[0] - p[3]) * BOHR_IN_ANGSTROM) < 1e-12);
});

test("trajectory writer: positions in Å, energy in eV, dipole in e·Å, time and step in info", async () => {
  const { system, potential, state } = oscillator();
  const dir = tmp();
  const file = join(dir, "t.extxyz");
  await run(system, potential, state, new VelocityVerlet({ dt: 1 }), {
    steps: 4,
    want: ["dipole"],
    observers: [new TrajectoryWriter({ file, every: 2, forces: true, velocities: true })],
  });
  const frames = await readExtxyz(file);
  assert.equal(frames.length, 3);
  const f = frames[2];
  assert.equal(f.info.step, 4);
  assert.equal(f.info.time, 4 * ATOMIC_TIME_IN_FS);
  // Exactly the converted numbers (the file keeps every bit).
  assert.equal(f.info.energy, fromAtomic("energy", state.potentialEnergy[0], "eV"));
  assert.ok(Math.abs((f.info.energy as number) - state.potentialEnergy[0] * HARTREE_IN_EV) < 1e-12);
  assert.deepEqual(
    Array.from(f.positions),
    Array.from(state.positions, (x) => fromAtomic("length", x, "angstrom")),
  );
  assert.equal((f.info.dipole as number[])[0], fromAtomic("dipole", state.dipole![0], "e*angstrom"));
  assert.ok(f.arrays.forces && f.arrays.velocities);
  assert.equal(f.info.pbc, "F F F");
  assert.ok(existsSync(file));
});

/** A minimal integrator: lets the run loop be tested independently of integrators/. */
test("the run loop drives any Integrator (one written here)", async () => {
  const { system, potential, state } = oscillator();
  let steps = 0;
  const euler: Integrator = {
    name: "euler",
    dt: 0.1,
    async step(s, sys, evaluate) {
      for (let i = 0; i < s.positions.length; i++)
        s.positions[i] += (0.1 * s.momenta[i]) / sys.masses[Math.floor(i / 3) % 2];
      await evaluate(s);
      for (let i = 0; i < s.momenta.length; i++) s.momenta[i] += 0.1 * s.forces[i];
      s.step++;
      s.time += 0.1;
      steps++;
    },
    computeForces: (s, evaluate) => evaluate(s),
    conservedQuantity: (s) => s.potentialEnergy[0],
    energyEstimates: (s) => [{ name: "potential", value: s.potentialEnergy[0] }],
    thermometer: (s, sys) => ({ kinetic: kineticEnergy(sys, s.momenta), degreesOfFreedom: 3 * sys.nAtoms }),
    saveState: () => ({}),
    loadState: () => {},
  };
  await run(system, potential, state, euler, { steps: 5 });
  assert.equal(steps, 5);
  assert.equal(state.step, 5);
});
