/** Ring-polymer contraction: identities, the preserved centroid, and the integrator with contractTo. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { RingPolymerContraction } from "../../integrators/ring-polymer/contraction.ts";
import { RingPolymerIntegrator } from "../../integrators/ring-polymer/ring-polymer-integrator.ts";
import { beadAverage } from "../../integrators/ring-polymer/estimators.ts";
import { Random } from "../../src/core/random.ts";
import { cloneState, makeState, makeSystem, type MDState } from "../../src/core/system.ts";
import { fs, kelvin } from "../../src/core/units.ts";
import { HarmonicWells, evaluatorFor } from "./helpers.ts";

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

test("expand-then-contract is the identity and the centroid is preserved", () => {
  const rng = new Random(3);
  const width = 6;
  for (const [P, Pc] of [
    [32, 8],
    [16, 5],
    [12, 4],
    [8, 1],
    [7, 3],
    [6, 6],
  ]) {
    const c = new RingPolymerContraction(P, Pc);
    const small = rng.fillNormal(new Float64Array(Pc * width));
    const back = c.contract(c.expand(small, width), width);
    assert.ok(maxAbsDiff(back, small) < 1e-12, `P = ${P} → ${Pc}: contract(expand(x)) ≠ x`);
    const full = rng.fillNormal(new Float64Array(P * width));
    const contracted = c.contract(full, width);
    assert.ok(maxAbsDiff(beadAverage(contracted, Pc), beadAverage(full, P)) < 1e-13, "centroid moved");
    // the expanded path has the centroid of the contracted one
    const expanded = c.expand(small, width);
    assert.ok(maxAbsDiff(beadAverage(expanded, P), beadAverage(small, Pc)) < 1e-13);
  }
  // a smooth path (only modes the contracted ring keeps) survives contract-then-expand
  const P = 16;
  const Pc = 4;
  const c = new RingPolymerContraction(P, Pc);
  const path = Float64Array.from(
    { length: P },
    (_, j) => 0.3 + Math.cos((2 * Math.PI * j) / P) - 0.5 * Math.sin((2 * Math.PI * j) / P),
  );
  assert.ok(maxAbsDiff(c.expand(c.contract(path, 1), 1), path) < 1e-13);
});

test("P' = P is no contraction; P' < P evaluates the potential on P' beads and stays close", async () => {
  const system = makeSystem(["H", "H"]);
  const potential = new HarmonicWells(0.12356216778762334);
  const P = 16;
  const rng = new Random(11);
  const start = makeState(system, new Float64Array(6), P);
  for (let i = 0; i < start.positions.length; i++) start.positions[i] = 0.1 * rng.normal();
  for (let i = 0; i < start.momenta.length; i++) start.momenta[i] = 3 * rng.normal();
  const options = {
    dt: fs(0.25),
    beads: P,
    temperature: kelvin(300),
    thermostat: "pile_l" as const,
    seed: 5,
  };

  const run = async (contractTo: number | undefined, calls: number[]): Promise<MDState> => {
    const state = cloneState(start);
    const base = evaluatorFor(system, potential);
    const evaluate = async (s: MDState) => {
      calls.push(s.nBatch);
      await base(s);
    };
    await base(state);
    const integrator = new RingPolymerIntegrator({ ...options, contractTo });
    for (let i = 0; i < 20; i++) await integrator.step(state, system, evaluate);
    return state;
  };
  const plainCalls: number[] = [];
  const plain = await run(undefined, plainCalls);
  const sameCalls: number[] = [];
  const same = await run(P, sameCalls);
  assert.deepEqual(same.positions, plain.positions);
  assert.deepEqual(same.momenta, plain.momenta);
  assert.ok(sameCalls.every((n) => n === P));

  const contractedCalls: number[] = [];
  const contracted = await run(4, contractedCalls);
  assert.ok(contractedCalls.length >= 20 && contractedCalls.every((n) => n === 4), "evaluated on 4 beads");
  // a harmonic well is linear in q, so the contracted force misses only the stiff modes' part;
  // the centroid, driven by the mode-0 force (exact under contraction), follows the full run exactly
  assert.ok(maxAbsDiff(beadAverage(contracted.positions, P), beadAverage(plain.positions, P)) < 1e-12);
  assert.ok(
    maxAbsDiff(contracted.positions, plain.positions) > 1e-8,
    "the internal modes feel the contraction",
  );
});

test("with contraction the conserved quantity (bead energies expanded as in i-PI) stays as flat as without", async () => {
  const system = makeSystem(["H"]);
  const P = 16;
  const worst: Record<string, number> = {};
  for (const contractTo of [P, 4, 2]) {
    const rng = new Random(21);
    const state = makeState(system, new Float64Array(3), P);
    for (let i = 0; i < state.momenta.length; i++) state.momenta[i] = 5 * rng.normal();
    const evaluate = evaluatorFor(system, new HarmonicWells(0.12356216778762334));
    const integrator = new RingPolymerIntegrator({
      dt: fs(0.25),
      beads: P,
      temperature: kelvin(300),
      contractTo,
    });
    await integrator.computeForces(state, evaluate);
    const h0 = integrator.conservedQuantity(state, system);
    let w = 0;
    for (let i = 0; i < 400; i++) {
      await integrator.step(state, system, evaluate);
      w = Math.max(w, Math.abs(integrator.conservedQuantity(state, system) / h0 - 1));
    }
    worst[contractTo] = w;
  }
  // bounded velocity-Verlet fluctuations, ~(ω dt)²/4 of the energy: the contracted runs, whose stiff
  // modes no longer feel the physical force, fluctuate no more than the full one
  const omegaDt = Math.sqrt(0.12356216778762334 / system.masses[0]) * fs(0.25);
  assert.ok(worst[P] < omegaDt ** 2 / 2, `no contraction: ${worst[P]} (ω dt = ${omegaDt})`);
  for (const c of [4, 2])
    assert.ok(worst[c] < 1.5 * worst[P], `contract_to ${c}: ${worst[c]} vs ${worst[P]}`);
});
