/**
 * The ring-polymer keys of the real run config (integrator.type rpmd) map to the integrator with fs and
 * K converted; bad keys are errors naming the field. (These were the tests of the former
 * integrators/ring-polymer/from-config.ts, whose keys the run config did not accept.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildIntegrator } from "../../src/config/integrator-factory.ts";
import { validateRunConfig } from "../../src/config/run-config.ts";
import { RingPolymerIntegrator } from "../../integrators/ring-polymer/index.ts";
import { fs, kelvin } from "../../src/core/units.ts";

const config = (integrator: Record<string, unknown>, seed = 1) =>
  validateRunConfig(
    {
      system: { file: "water.xyz" },
      potential: { type: "water" },
      integrator: { type: "rpmd", ...integrator },
      steps: 10,
      seed,
    },
    "run.yaml",
  );

const ringPolymer = (integrator: Record<string, unknown>): RingPolymerIntegrator => {
  const { integrator: built, nBatch } = buildIntegrator(config(integrator));
  assert.ok(built instanceof RingPolymerIntegrator);
  assert.equal(nBatch, built.beads);
  return built;
};

test("integrator.type rpmd maps the run config's keys, converting fs and K", () => {
  const integrator = ringPolymer({
    beads: 16,
    timestep_fs: 0.5,
    temperature_K: 300,
    propagator: "cayley",
    thermostat: "trpmd",
    centroid_tau_fs: 100,
    contract_to: 4,
    splitting: "obabo",
  });
  assert.equal(integrator.beads, 16);
  assert.ok(Math.abs(integrator.dt - fs(0.5)) < 1e-12);
  assert.ok(Math.abs(integrator.temperature - kelvin(300)) < 1e-18);
  assert.equal(integrator.propagator, "cayley");
  assert.equal(integrator.thermostat.kind, "trpmd");
  assert.equal(integrator.thermostat.lambda, 0.5);
  assert.equal(integrator.splitting, "obabo");
  assert.equal(integrator.contractTo, 4);
  const pile = ringPolymer({
    beads: 8,
    timestep_fs: 0.25,
    temperature_K: 300,
    thermostat: "pile_l",
    lambda: 0.7,
  });
  assert.equal(pile.thermostat.lambda, 0.7);
  assert.equal(pile.propagator, "exact");
  assert.equal(pile.splitting, "baoab");
});

test("bad ring-polymer keys in a run config are errors naming the file and the field", () => {
  const ok = { beads: 4, timestep_fs: 0.5, temperature_K: 300 };
  assert.throws(() => config({ ...ok, beads: 0 }), /run\.yaml: integrator\.beads/);
  assert.throws(
    () => config({ ...ok, thermostat: "pile" }),
    /run\.yaml: integrator\.thermostat: expected one of 'none', 'pile_l', 'pile_g', 'trpmd'/,
  );
  assert.throws(
    () => config({ ...ok, propagator: "rk4" }),
    /run\.yaml: integrator\.propagator: expected one of 'exact', 'cayley'/,
  );
  assert.throws(
    () => config({ beads: 4, temperature_K: 300 }),
    /run\.yaml: integrator\.timestep_fs: missing: expected a number/,
  );
  assert.throws(
    () => config({ ...ok, timestep_fs: "1" }),
    /run\.yaml: integrator\.timestep_fs: expected a number, got '1'/,
  );
  // The former parser's keys are not run-config keys.
  assert.throws(
    () => config({ beads: 4, timestep: 0.5, temperature_K: 300, centroid_tau: 10 }),
    /integrator\.timestep: unknown key/,
  );
});
