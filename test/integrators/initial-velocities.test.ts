import { test } from "node:test";
import assert from "node:assert/strict";
import { Random } from "../../src/core/random.ts";
import { kineticEnergy, makeState, makeSystem } from "../../src/core/system.ts";
import { kelvin } from "../../src/core/units.ts";
import {
  kineticTemperature,
  maxwellBoltzmann,
  removeCenterOfMassMotion,
} from "../../integrators/initial-velocities.ts";
import { mean, std } from "./helpers.ts";

const water = makeSystem(["O", "H", "H"]);

test("Maxwell–Boltzmann: mean kinetic energy over many draws is (3N/2) kT within 4σ", (t) => {
  const kT = kelvin(300);
  const draws = 4000;
  const state = makeState(water, new Float64Array(9), draws);
  maxwellBoltzmann(state, water, kT, new Random(42));
  // Each draw is one configuration of the batch: K_b is (3N/2)kT·χ²(3N)/(3N), variance (3N/2)(kT)².
  const k = Array.from({ length: draws }, (_, b) =>
    kineticEnergy(water, state.momenta.subarray(9 * b, 9 * b + 9)),
  );
  const expected = 1.5 * water.nAtoms * kT;
  const error = (Math.sqrt(1.5 * water.nAtoms) * kT) / Math.sqrt(draws);
  t.diagnostic(
    `⟨K⟩ = ${mean(k)}, expected ${expected} ± ${error}; std(K) = ${std(k)} vs ${Math.sqrt(1.5 * 3) * kT}`,
  );
  assert.ok(Math.abs(mean(k) - expected) < 4 * error, `⟨K⟩ = ${mean(k)}, expected ${expected} ± ${error}`);
  // The spread is canonical too (std of a sample std: ≈ σ/sqrt(2·draws); 4σ bound, generous).
  const sigmaK = Math.sqrt(1.5 * water.nAtoms) * kT;
  assert.ok(Math.abs(std(k) - sigmaK) < (4 * sigmaK) / Math.sqrt(draws), `std(K) = ${std(k)} vs ${sigmaK}`);
  // Mass weighting: ⟨p_x²⟩ = m kT for O and for H separately.
  for (const a of [0, 1]) {
    const px2 = Array.from({ length: draws }, (_, b) => state.momenta[(b * 3 + a) * 3] ** 2);
    const m = water.masses[a] * kT;
    assert.ok(Math.abs(mean(px2) - m) < (4 * Math.sqrt(2) * m) / Math.sqrt(draws), `⟨p_x²⟩ of atom ${a}`);
  }
});

test("Maxwell–Boltzmann: centre-of-mass momentum removed per configuration, exact temperature on request", () => {
  const state = makeState(water, new Float64Array(27), 3);
  maxwellBoltzmann(state, water, kelvin(300), new Random(1), { removeCenterOfMass: true, rescale: true });
  for (let b = 0; b < 3; b++) {
    for (let x = 0; x < 3; x++) {
      let total = 0;
      for (let a = 0; a < 3; a++) total += state.momenta[(b * 3 + a) * 3 + x];
      assert.ok(Math.abs(total) < 1e-12, `P_${x} of configuration ${b} = ${total}`);
    }
    const one = makeState(water, new Float64Array(9));
    one.momenta.set(state.momenta.subarray(9 * b, 9 * b + 9));
    assert.ok(Math.abs(kineticTemperature(one, water, 6) - kelvin(300)) < 1e-15, `kT of configuration ${b}`);
  }
  // Without removal, the total momentum is generally not zero; removal afterwards zeroes it.
  const other = makeState(water, new Float64Array(9));
  maxwellBoltzmann(other, water, kelvin(300), new Random(2));
  const px = () => other.momenta[0] + other.momenta[3] + other.momenta[6];
  assert.ok(Math.abs(px()) > 1e-3);
  removeCenterOfMassMotion(other, water);
  assert.ok(Math.abs(px()) < 1e-12);
});

test("Maxwell–Boltzmann and kineticTemperature: bad input is named", () => {
  const state = makeState(water, new Float64Array(9));
  assert.throws(
    () => maxwellBoltzmann(state, water, 0, new Random(1)),
    /maxwellBoltzmann: temperature must be a positive number/,
  );
  assert.throws(
    () => maxwellBoltzmann(state, water, -3, new Random(1)),
    /temperature must be a positive number/,
  );
  assert.throws(
    () => kineticTemperature(state, water, 10),
    /kineticTemperature: nDof must be an integer in 1\.\.9/,
  );
  const one = makeSystem(["He"]);
  assert.throws(
    () =>
      maxwellBoltzmann(makeState(one, [0, 0, 0]), one, 1, new Random(1), {
        removeCenterOfMass: true,
        rescale: true,
      }),
    /cannot rescale one atom/,
  );
});
