import { test } from "node:test";
import assert from "node:assert/strict";
import { makeState, makeSystem } from "../../src/core/system.ts";
import { LangevinThermostat } from "../../integrators/thermostats/langevin.ts";
import { BATH, runOscillatorBath } from "./oscillator-bath.ts";

for (const splitting of ["baoab", "obabo"] as const) {
  test(`Langevin (${splitting}): mean kinetic temperature of 24×8 oscillators within 4σ of the target; K+V+heat flat`, async (t) => {
    const thermostat = new LangevinThermostat({ temperature: BATH.kT, tau: 2, seed: 5 });
    // Start hot (2 kT): the thermostat must bring the bath down; sample after 10 τ.
    const r = await runOscillatorBath(thermostat, {
      steps: 12000,
      splitting,
      startTemperature: 2 * BATH.kT,
      equilibrate: 400,
    });
    const { mean, error } = r.temperature;
    t.diagnostic(
      `⟨kT⟩ = ${mean.toFixed(5)} ± ${error.toFixed(5)} (target ${BATH.kT}); ` +
        `conserved drift ${r.conservedDrift.toExponential(2)} vs std(K) ${r.kineticFluctuation.toExponential(2)}`,
    );
    assert.ok(
      error < 0.01 * BATH.kT,
      `the statistical error ${error} is small enough for the test to mean something`,
    );
    assert.ok(Math.abs(mean - BATH.kT) < 4 * error, `⟨kT⟩ = ${mean} ± ${error}, target ${BATH.kT}`);
    assert.ok(
      r.conservedDrift < 0.02 * r.kineticFluctuation,
      `drift ${r.conservedDrift} vs ${r.kineticFluctuation}`,
    );
  });
}

test("Langevin: the heat booked equals minus the kinetic energy change of the O step, and saveState resumes exactly", () => {
  const system = makeSystem(["H", "O"]);
  const state = makeState(system, [0, 0, 0, 1, 0, 0]);
  state.momenta.set([1, 2, 3, -4, 5, -6]);
  const a = new LangevinThermostat({ temperature: 1e-3, tau: 10, seed: 9 });
  const k = (p: Float64Array) =>
    p.reduce((s, x, i) => s + (x * x) / (2 * system.masses[Math.floor(i / 3)]), 0);
  const k0 = k(state.momenta);
  a.apply(state, system, 1);
  assert.ok(Math.abs(state.thermostatHeat + (k(state.momenta) - k0)) < 1e-15);
  const saved = JSON.parse(JSON.stringify(a.saveState()));
  const b = new LangevinThermostat({ temperature: 1e-3, tau: 10, seed: 1234 });
  b.loadState(saved);
  const s1 = makeState(system, [0, 0, 0, 1, 0, 0]);
  const s2 = makeState(system, [0, 0, 0, 1, 0, 0]);
  a.apply(s1, system, 1);
  b.apply(s2, system, 1);
  assert.deepEqual(s1.momenta, s2.momenta);
});

test("Langevin: bad options are named", () => {
  assert.throws(
    () => new LangevinThermostat({ temperature: 0, tau: 1, seed: 1 }),
    /LangevinThermostat: temperature must be a positive number/,
  );
  assert.throws(
    () => new LangevinThermostat({ temperature: -1, tau: 1, seed: 1 }),
    /temperature must be a positive number/,
  );
  assert.throws(
    () => new LangevinThermostat({ temperature: 1, tau: 0, seed: 1 }),
    /LangevinThermostat: tau must be a positive number/,
  );
  assert.throws(
    () => new LangevinThermostat({ temperature: 1, tau: 1, seed: 1.5 }),
    /LangevinThermostat: seed must be an integer/,
  );
});
