/** Ring-polymer thermostats: the frictions γ_k, PILE-G's centroid, TRPMD's free centroid, heat bookkeeping. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { RingPolymerThermostat } from "../../integrators/ring-polymer/ring-polymer-thermostat.ts";
import { RingPolymerIntegrator } from "../../integrators/ring-polymer/ring-polymer-integrator.ts";
import { ringPolymerFrequencies } from "../../integrators/ring-polymer/normal-modes.ts";
import { MatrixNormalModes } from "../../integrators/ring-polymer/normal-modes.ts";
import { ringPolymerEstimates } from "../../integrators/ring-polymer/estimators.ts";
import { expandToBeads } from "../../integrators/ring-polymer/expand-to-beads.ts";
import { Random } from "../../src/core/random.ts";
import { cloneState, makeState, makeSystem } from "../../src/core/system.ts";
import { fs, kelvin } from "../../src/core/units.ts";
import { HarmonicWells, evaluatorFor } from "./helpers.ts";

const kT = kelvin(300);

/** Damping of unit normal-mode momenta over h with the noise switched off (bath at zero temperature). */
function damping(
  kind: "pile_l" | "pile_g" | "trpmd",
  lambda: number | undefined,
  centroidTau: number | undefined,
) {
  const P = 8;
  const omegas = ringPolymerFrequencies(P, kT);
  const h = fs(0.5);
  const th = new RingPolymerThermostat({ kind, omegas, beadTemperature: 0, lambda, centroidTau, h });
  const p = new Float64Array(P * 3).fill(1);
  const dK = th.apply(p, Float64Array.of(1837), new Random(1));
  return { omegas, h, p, dK };
}

test("PILE-L: γ_k = 2λω_k on the internal modes, γ_0 = 1/τ on the centroid", () => {
  for (const lambda of [0.5, 1, 2]) {
    const tau = fs(10);
    const { omegas, h, p, dK } = damping("pile_l", lambda, tau);
    assert.ok(Math.abs(p[0] - Math.exp(-h / tau)) < 1e-15, "centroid");
    for (let k = 1; k < omegas.length; k++) {
      assert.ok(
        Math.abs(p[3 * k] - Math.exp(-2 * lambda * omegas[k] * h)) < 1e-15,
        `mode ${k}, λ = ${lambda}`,
      );
    }
    let expected = 0;
    for (let i = 0; i < p.length; i++) expected += (p[i] ** 2 - 1) / (2 * 1837);
    assert.ok(Math.abs(dK - expected) < 1e-15, "kinetic-energy change reported");
  }
});

test("TRPMD: default λ = 1/2, the centroid untouched unless τ is given; PILE-G rescales the centroid", () => {
  const free = damping("trpmd", undefined, undefined);
  assert.equal(free.p[0], 1);
  assert.ok(Math.abs(free.p[3] - Math.exp(-free.omegas[1] * free.h)) < 1e-15, "γ_1 = ω_1 (λ = 1/2)");
  const weak = damping("trpmd", undefined, fs(100));
  assert.ok(Math.abs(weak.p[0] - Math.exp(-fs(0.5) / fs(100))) < 1e-15);
  // Bussi with a zero-temperature bath: K ← c K, so p̃_0 ← √c p̃_0 (c = e^{−h/τ})
  const g = damping("pile_g", undefined, fs(10));
  assert.ok(Math.abs(g.p[0] - Math.exp(-fs(0.5) / fs(10) / 2)) < 1e-15);
  assert.ok(Math.abs(g.p[3] - Math.exp(-2 * g.omegas[1] * g.h)) < 1e-15, "PILE-G internal modes: λ = 1");
});

test("TRPMD keeps the centroid momentum of a free ring polymer exactly; PILE-L does not", async () => {
  const system = makeSystem(Array(4).fill("H"));
  const P = 8;
  const state0 = expandToBeads(makeState(system, new Float64Array(12)), P, {
    system,
    temperature: kT,
    rng: new Random(2),
  });
  const centroidMomentum = (p: Float64Array) =>
    new MatrixNormalModes(P).toNormalModes(p, new Float64Array(p.length), 12).slice(0, 12);
  const before = centroidMomentum(state0.momenta);
  for (const thermostat of ["trpmd", "pile_l"] as const) {
    const state = cloneState(state0);
    const integrator = new RingPolymerIntegrator({
      dt: fs(0.5),
      beads: P,
      temperature: kT,
      thermostat,
      centroidTau: thermostat === "pile_l" ? fs(5) : undefined,
      seed: 3,
    });
    const evaluate = evaluatorFor(system, new HarmonicWells(0));
    await evaluate(state);
    for (let i = 0; i < 50; i++) await integrator.step(state, system, evaluate);
    const after = centroidMomentum(state.momenta);
    const diff = Math.max(...after.map((x, i) => Math.abs(x - before[i])));
    if (thermostat === "trpmd") assert.ok(diff < 1e-12, `TRPMD moved the centroid momentum by ${diff}`);
    else assert.ok(diff > 1e-3, "PILE-L thermostats the centroid");
  }
});

for (const thermostat of ["pile_l", "pile_g", "trpmd"] as const) {
  test(`${thermostat}: the conserved quantity (H_P/P + heat) stays flat while heat flows`, async () => {
    const system = makeSystem(Array(16).fill("H"));
    const P = 8;
    const state = expandToBeads(makeState(system, new Float64Array(48)), P, {
      system,
      temperature: kT,
      rng: new Random(4),
    });
    const integrator = new RingPolymerIntegrator({
      dt: fs(0.25),
      beads: P,
      temperature: kT,
      thermostat,
      centroidTau: fs(10),
      seed: 9,
    });
    const evaluate = evaluatorFor(system, new HarmonicWells(0.12356216778762334));
    await evaluate(state);
    const h0 = integrator.conservedQuantity(state, system);
    let heatFlow = 0;
    let maxDrift = 0;
    for (let i = 0; i < 400; i++) {
      const heatBefore = state.thermostatHeat;
      await integrator.step(state, system, evaluate);
      heatFlow += Math.abs(state.thermostatHeat - heatBefore);
      maxDrift = Math.max(maxDrift, Math.abs(integrator.conservedQuantity(state, system) - h0));
    }
    assert.ok(heatFlow > 0.05 * Math.abs(h0), `heat exchanged ${heatFlow} vs H ${h0}`);
    assert.ok(maxDrift < 1e-3 * heatFlow, `drift ${maxDrift} with heat flow ${heatFlow}`);
  });
}

test("PILE-G samples the centroid kinetic energy at the bead temperature", async () => {
  const system = makeSystem(Array(64).fill("H"));
  const P = 4;
  const state = expandToBeads(makeState(system, new Float64Array(192)), P, {
    system,
    temperature: kT,
    rng: new Random(5),
  });
  const integrator = new RingPolymerIntegrator({
    dt: fs(0.5),
    beads: P,
    temperature: kT,
    thermostat: "pile_g",
    centroidTau: fs(5),
    seed: 6,
  });
  const evaluate = evaluatorFor(system, new HarmonicWells(0.12356216778762334));
  await evaluate(state);
  const nm = new MatrixNormalModes(P);
  const modes = new Float64Array(state.momenta.length);
  const series: number[] = [];
  for (let i = 0; i < 1500; i++) {
    await integrator.step(state, system, evaluate);
    if (i < 100) continue;
    nm.toNormalModes(state.momenta, modes, 192);
    let k = 0;
    for (let a = 0; a < 192; a++) k += modes[a] ** 2 / (2 * system.masses[Math.floor(a / 3)]);
    series.push(k / (1.5 * 64 * P * kT));
  }
  const mean = series.reduce((s, x) => s + x, 0) / series.length;
  assert.ok(Math.abs(mean - 1) < 0.03, `⟨K_centroid⟩/(3N P kT/2) = ${mean}`);
});

test("saveState/loadState: a restart reproduces the run (random numbers included)", async () => {
  const system = makeSystem(["H", "O"]);
  const P = 4;
  const state = expandToBeads(makeState(system, [0.1, 0, 0, 0, 0.2, 0]), P, {
    system,
    temperature: kT,
    rng: new Random(8),
  });
  const options = {
    dt: fs(0.5),
    beads: P,
    temperature: kT,
    thermostat: "pile_g" as const,
    centroidTau: fs(10),
    seed: 12,
  };
  const evaluate = evaluatorFor(system, new HarmonicWells(0.1));
  await evaluate(state);
  const a = new RingPolymerIntegrator(options);
  for (let i = 0; i < 10; i++) await a.step(state, system, evaluate);
  const checkpoint = {
    state: cloneState(state),
    integrator: JSON.parse(JSON.stringify(a.saveState())) as unknown,
  };
  for (let i = 0; i < 10; i++) await a.step(state, system, evaluate);
  const b = new RingPolymerIntegrator({ ...options, seed: 999 });
  b.loadState(checkpoint.integrator);
  const restarted = checkpoint.state;
  for (let i = 0; i < 10; i++) await b.step(restarted, system, evaluate);
  assert.deepEqual(restarted.positions, state.positions);
  assert.deepEqual(restarted.momenta, state.momenta);
  assert.equal(restarted.thermostatHeat, state.thermostatHeat);
  assert.equal(restarted.step, 20);
  assert.throws(() => b.loadState({}), /saved integrator state/);
  assert.ok(ringPolymerEstimates(state, system, kT).conserved !== 0);
});
