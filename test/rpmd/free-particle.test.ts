/**
 * Free ring polymer (V = 0) with PILE-L: ⟨K_cv⟩ = ⟨K_prim⟩ = 3k_BT/2 per atom for any P, and the bead
 * spread ⟨(q_j − q_c)²⟩ = βħ²(P² − 1)/(12 m P²) per dimension. With no force, BAOAB with the exact
 * free propagator samples the springs exactly at any time step. (The primitive estimator is noisy:
 * its variance grows with P, hence the looser precision guard.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { RingPolymerIntegrator } from "../../integrators/ring-polymer/ring-polymer-integrator.ts";
import { centroidPositions, ringPolymerEstimates } from "../../integrators/ring-polymer/estimators.ts";
import { expandToBeads } from "../../integrators/ring-polymer/expand-to-beads.ts";
import { Random } from "../../src/core/random.ts";
import { makeState, makeSystem } from "../../src/core/system.ts";
import { fs, kelvin } from "../../src/core/units.ts";
import { HarmonicWells, blockAverage, evaluatorFor } from "./helpers.ts";

for (const beads of [4, 16]) {
  test(`free particle, P = ${beads}: K_cv = K_prim = 3kT/2 and the bead spread formula`, async (t) => {
    const kT = kelvin(300);
    const nAtoms = 128;
    const system = makeSystem(Array(nAtoms).fill("H"));
    const m = system.masses[0];
    const state = expandToBeads(makeState(system, new Float64Array(3 * nAtoms)), beads, {
      system,
      temperature: kT,
      rng: new Random(beads),
    });
    const integrator = new RingPolymerIntegrator({
      dt: fs(1),
      beads,
      temperature: kT,
      thermostat: "pile_l",
      centroidTau: fs(20),
      seed: 100 + beads,
    });
    const evaluate = evaluatorFor(system, new HarmonicWells(0));
    await evaluate(state);
    for (let i = 0; i < 100; i++) await integrator.step(state, system, evaluate);
    const kPrim: number[] = [];
    const spread: number[] = [];
    for (let i = 0; i < 1000; i++) {
      await integrator.step(state, system, evaluate);
      const e = ringPolymerEstimates(state, system, kT);
      assert.ok(Math.abs(e.kineticCentroidVirial / nAtoms - 1.5 * kT) < 1e-15, "K_cv = 3kT/2 with no force");
      kPrim.push(e.kineticPrimitive / nAtoms);
      const qc = centroidPositions(state);
      let s = 0;
      for (let j = 0; j < beads; j++) {
        for (let d = 0; d < 3 * nAtoms; d++) s += (state.positions[j * 3 * nAtoms + d] - qc[d]) ** 2;
      }
      spread.push(s / (beads * 3 * nAtoms));
    }
    const expectedSpread = (beads * beads - 1) / (12 * m * beads * beads * kT);
    for (const [name, series, expected] of [
      ["K_prim", kPrim, 1.5 * kT],
      ["spread", spread, expectedSpread],
    ] as const) {
      const { mean, error } = blockAverage(series, 10);
      const z = (mean - expected) / error;
      t.diagnostic(
        `${name}: ${mean.toExponential(5)} ± ${error.toExponential(2)} vs ${expected.toExponential(5)} (${z.toFixed(2)}σ)`,
      );
      assert.ok(Math.abs(z) < 3, `${name}: ${mean} ± ${error} vs ${expected} (${z.toFixed(2)}σ)`);
      assert.ok(error < 0.03 * expected, `${name}: standard error ${error} too large`);
    }
  });
}
