import { test } from "node:test";
import assert from "node:assert/strict";
import { Random } from "../../src/core/random.ts";
import { makeState, makeSystem } from "../../src/core/system.ts";
import { BerendsenThermostat } from "../../integrators/thermostats/berendsen.ts";
import { BussiThermostat } from "../../integrators/thermostats/bussi.ts";
import { chiSquaredDeviate } from "../../integrators/thermostats/chi-squared.ts";
import { NoseHooverChain } from "../../integrators/thermostats/nose-hoover-chain.ts";
import { BATH, runOscillatorBath } from "./oscillator-bath.ts";
import { mean, std } from "./helpers.ts";

const { kT, nAtoms, nBatch } = BATH;
/** Canonical std of the batch-mean kinetic temperature: kT·sqrt(2/(3N·nBatch)). */
const canonicalSpread = kT * Math.sqrt(2 / (3 * nAtoms * nBatch));

test("χ² deviates have mean n and variance 2n (also for n < 2, the boosted gamma branch)", () => {
  const rng = new Random(77);
  for (const n of [1, 2, 3, 24, 300]) {
    const xs = Array.from({ length: 20000 }, () => chiSquaredDeviate(rng, n));
    const error = Math.sqrt((2 * n) / xs.length);
    assert.ok(Math.abs(mean(xs) - n) < 4 * error, `n = ${n}: mean ${mean(xs)} ± ${error}`);
    // std of the sample variance of a χ²(n): sqrt((μ4 − σ⁴)/N), μ4 = 12n(n + 4) + 4n²; 4σ bound.
    const varError = Math.sqrt((12 * n * (n + 4) + 4 * n * n - 4 * n * n) / xs.length);
    assert.ok(Math.abs(std(xs) ** 2 - 2 * n) < 4 * varError, `n = ${n}: variance ${std(xs) ** 2}`);
  }
  assert.equal(chiSquaredDeviate(rng, 0), 0);
});

test("Bussi: mean kinetic temperature within 4σ, canonical spread, K+V+heat flat", async (t) => {
  const thermostat = new BussiThermostat({ temperature: kT, tau: 2, seed: 8 });
  const r = await runOscillatorBath(thermostat, { steps: 12000, startTemperature: 2 * kT, equilibrate: 400 });
  const { mean: m, error } = r.temperature;
  t.diagnostic(
    `⟨kT⟩ = ${m.toFixed(5)} ± ${error.toFixed(5)} (target ${kT}); std(kT) ${r.temperatureSpread.toFixed(4)} ` +
      `(canonical ${canonicalSpread.toFixed(4)}); drift ${r.conservedDrift.toExponential(2)} vs std(K) ${r.kineticFluctuation.toExponential(2)}`,
  );
  assert.ok(error < 0.01 * kT);
  assert.ok(Math.abs(m - kT) < 4 * error, `⟨kT⟩ = ${m} ± ${error}`);
  // Canonical kinetic energy fluctuations (what Berendsen gets wrong): variance of the batch-mean kT.
  const v = r.temperatureVariance;
  t.diagnostic(
    `var(kT) = ${v.mean.toExponential(3)} ± ${v.error.toExponential(2)}, canonical ${(canonicalSpread ** 2).toExponential(3)}`,
  );
  assert.ok(v.error < 0.15 * canonicalSpread ** 2, "the variance is resolved");
  assert.ok(Math.abs(v.mean - canonicalSpread ** 2) < 4 * v.error, `var(kT) = ${v.mean} ± ${v.error}`);
  assert.ok(r.conservedDrift < 0.02 * r.kineticFluctuation);
});

test("Nosé–Hoover chain: mean kinetic temperature within 4σ; K+V+chain energy flat", async (t) => {
  const thermostat = new NoseHooverChain({ temperature: kT, tau: 2, chainLength: 4 });
  const r = await runOscillatorBath(thermostat, { steps: 16000, equilibrate: 400 });
  const { mean: m, error } = r.temperature;
  t.diagnostic(
    `⟨kT⟩ = ${m.toFixed(5)} ± ${error.toFixed(5)} (target ${kT}); std(kT) ${r.temperatureSpread.toFixed(4)} ` +
      `(canonical ${canonicalSpread.toFixed(4)}); drift ${r.conservedDrift.toExponential(2)} vs std(K) ${r.kineticFluctuation.toExponential(2)}`,
  );
  assert.ok(error < 0.01 * kT);
  assert.ok(Math.abs(m - kT) < 4 * error, `⟨kT⟩ = ${m} ± ${error}`);
  assert.ok(r.conservedDrift < 0.02 * r.kineticFluctuation);
});

test("Berendsen: relaxes a hot bath to the target mean temperature; K+V+heat flat", async (t) => {
  const thermostat = new BerendsenThermostat({ temperature: kT, tau: 2 });
  const r = await runOscillatorBath(thermostat, { steps: 8000, startTemperature: 2 * kT, equilibrate: 400 });
  const { mean: m, error } = r.temperature;
  t.diagnostic(
    `⟨kT⟩ = ${m.toFixed(5)} ± ${error.toFixed(5)} (target ${kT}); std(kT) ${r.temperatureSpread.toFixed(4)} ` +
      `(canonical ${canonicalSpread.toFixed(4)}); drift ${r.conservedDrift.toExponential(2)} vs std(K) ${r.kineticFluctuation.toExponential(2)}`,
  );
  assert.ok(Math.abs(m - kT) < 4 * error + 0.002 * kT, `⟨kT⟩ = ${m} ± ${error}`);
  assert.ok(r.conservedDrift < 0.02 * r.kineticFluctuation);
});

test("thermostats: saveState/loadState resume exactly", () => {
  const system = makeSystem(["O", "H", "H"]);
  const fresh = () => {
    const s = makeState(system, new Float64Array(18), 2);
    s.momenta.forEach((_, i) => (s.momenta[i] = Math.sin(i + 1) * 10));
    return s;
  };
  const makers = [
    () => new BussiThermostat({ temperature: 1e-3, tau: 50, seed: 3 }),
    () => new NoseHooverChain({ temperature: 1e-3, tau: 50, chainLength: 3 }),
    () => new BerendsenThermostat({ temperature: 1e-3, tau: 50 }),
  ];
  for (const make of makers) {
    const a = make();
    const s = fresh();
    for (let i = 0; i < 5; i++) a.apply(s, system, 10);
    const b = make();
    b.loadState(JSON.parse(JSON.stringify(a.saveState())));
    const s2 = structuredClone(s);
    a.apply(s, system, 10);
    b.apply(s2, system, 10);
    assert.deepEqual(s2.momenta, s.momenta, a.name);
    assert.equal(b.energy(), a.energy(), a.name);
  }
});

test("thermostats: non-positive temperature or tau, bad nDof and chain length are named", () => {
  assert.throws(
    () => new BussiThermostat({ temperature: 0, tau: 1, seed: 1 }),
    /BussiThermostat: temperature must be a positive number/,
  );
  assert.throws(
    () => new BussiThermostat({ temperature: 1, tau: -2, seed: 1 }),
    /BussiThermostat: tau must be a positive number/,
  );
  assert.throws(
    () => new NoseHooverChain({ temperature: -1, tau: 1 }),
    /NoseHooverChain: temperature must be a positive number/,
  );
  assert.throws(
    () => new NoseHooverChain({ temperature: 1, tau: 0 }),
    /NoseHooverChain: tau must be a positive number/,
  );
  assert.throws(
    () => new NoseHooverChain({ temperature: 1, tau: 1, chainLength: 0 }),
    /NoseHooverChain: chainLength must be an integer ≥ 1/,
  );
  assert.throws(
    () => new BerendsenThermostat({ temperature: 0, tau: 1 }),
    /BerendsenThermostat: temperature must be a positive number/,
  );
  assert.throws(
    () => new BerendsenThermostat({ temperature: 1, tau: 0 }),
    /BerendsenThermostat: tau must be a positive number/,
  );
  const system = makeSystem(["H"]);
  const state = makeState(system, [0, 0, 0]);
  state.momenta[0] = 1;
  assert.throws(
    () => new BussiThermostat({ temperature: 1, tau: 1, seed: 1, nDof: 4 }).apply(state, system, 1),
    /BussiThermostat: nDof must be an integer in 1\.\.3/,
  );
});
