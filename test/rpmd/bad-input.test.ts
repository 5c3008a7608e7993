/** Bad input: clear errors, and the warning for the exact propagator's resonance windows. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { RingPolymerIntegrator } from "../../integrators/ring-polymer/ring-polymer-integrator.ts";
import { exactPropagatorResonances } from "../../integrators/ring-polymer/free-propagator.ts";
import { ringPolymerFrequencies } from "../../integrators/ring-polymer/normal-modes.ts";
import { ringPolymerEstimates } from "../../integrators/ring-polymer/estimators.ts";
import { makeState, makeSystem } from "../../src/core/system.ts";
import { fs, kelvin } from "../../src/core/units.ts";
import { HarmonicWells, evaluatorFor } from "./helpers.ts";

const base = { dt: fs(0.5), temperature: kelvin(300) };

test("beads < 1 (or not an integer) is an error naming beads", () => {
  for (const beads of [0, -3, 2.5, Number.NaN]) {
    assert.throws(() => new RingPolymerIntegrator({ ...base, beads }), /beads must be an integer ≥ 1/);
  }
});

test("other bad options are errors naming the field", () => {
  assert.throws(() => new RingPolymerIntegrator({ ...base, beads: 4, dt: -1 }), /dt/);
  assert.throws(() => new RingPolymerIntegrator({ ...base, beads: 4, temperature: 0 }), /temperature/);
  assert.throws(() => new RingPolymerIntegrator({ ...base, beads: 4, contractTo: 5 }), /contract_to/);
  assert.throws(() => new RingPolymerIntegrator({ ...base, beads: 4, thermostat: "pile_g" }), /centroid_tau/);
  assert.throws(
    () => new RingPolymerIntegrator({ ...base, beads: 4, thermostat: "pile_l", lambda: 0 }),
    /lambda/,
  );
  // Bad config keys: test/config/run-config-integrator.test.ts (the run config is the one parser).
});

test("a state that is not a P-bead ring polymer is refused", async () => {
  const system = makeSystem(["H"]);
  const state = makeState(system, [0, 0, 0], 1);
  const integrator = new RingPolymerIntegrator({ ...base, beads: 4 });
  await assert.rejects(
    integrator.step(state, system, evaluatorFor(system, new HarmonicWells(0.1))),
    /holds 1 configuration\(s\) but the ring polymer has 4 beads; .*expandToBeads/,
  );
});

test("the exact propagator warns (naming cayley) when ω_k·dt sits just below nπ; safe settings do not", () => {
  // README: at 300 K, ω_max·dt ≈ 0.0786·P·dt[fs]; P = 64, dt = 1 fs puts mode 13 just below π
  const warnings: string[] = [];
  const onWarning = (m: string) => warnings.push(m);
  new RingPolymerIntegrator({ dt: fs(1), beads: 64, temperature: kelvin(300), onWarning });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /propagator: cayley/);
  assert.match(warnings[0], /k = 13/);
  const w = ringPolymerFrequencies(64, kelvin(300));
  assert.ok(Math.abs(w[32] * fs(1) - 0.0786 * 64) < 0.01, `ω_max·dt = ${w[32] * fs(1)}`);
  // the Cayley propagator needs no warning; a common safe setting gets none
  new RingPolymerIntegrator({
    dt: fs(1),
    beads: 64,
    temperature: kelvin(300),
    propagator: "cayley",
    onWarning,
  });
  new RingPolymerIntegrator({ dt: fs(0.25), beads: 32, temperature: kelvin(300), onWarning });
  new RingPolymerIntegrator({ dt: fs(0.5), beads: 32, temperature: kelvin(300), onWarning });
  assert.equal(warnings.length, 1);
  // the window: just below π is flagged, just above is not
  const h = 1;
  assert.equal(exactPropagatorResonances(Float64Array.of(0, (Math.PI - 0.01) / h), h, 0.2).length, 1);
  assert.equal(exactPropagatorResonances(Float64Array.of(0, (Math.PI + 0.01) / h), h, 0.2).length, 0);
  assert.equal(exactPropagatorResonances(Float64Array.of(0, (2 * Math.PI - 0.001) / h), h, 0.2).length, 1);
});

test("the flagged case really is unstable with the exact propagator and stable with Cayley", async () => {
  // one H atom in a 4000 cm⁻¹ well (the frequency the check assumes), P = 64, dt = 1 fs, NVE
  const system = makeSystem(["H"]);
  const m = system.masses[0];
  const omega = 4000 * 4.556335252912e-6;
  const potential = new HarmonicWells(m * omega * omega);
  const growth: Record<string, number> = {};
  for (const propagator of ["exact", "cayley"] as const) {
    const integrator = new RingPolymerIntegrator({
      dt: fs(1),
      beads: 64,
      temperature: kelvin(300),
      propagator,
      onWarning: () => {},
    });
    const state = makeState(system, [0, 0, 0], 64);
    for (let i = 0; i < state.momenta.length; i++) state.momenta[i] = Math.sin(1.7 * i) * 5;
    const evaluate = evaluatorFor(system, potential);
    await evaluate(state);
    const e0 = ringPolymerEstimates(state, system, kelvin(300)).conserved;
    for (let i = 0; i < 2000; i++) await integrator.step(state, system, evaluate);
    growth[propagator] = ringPolymerEstimates(state, system, kelvin(300)).conserved / e0;
  }
  assert.ok(!(growth.exact < 10), `exact propagator: energy grew by ${growth.exact}`);
  assert.ok(growth.cayley > 0.5 && growth.cayley < 2, `Cayley: energy ratio ${growth.cayley}`);
});
