/**
 * RPMD Kubo-transformed position autocorrelation of a harmonic oscillator: exact for any P,
 * K̃(t) = cos(ωt)/(βmω²); with the velocity-Verlet-like B A B step the centroid oscillates at
 * ω̃ = (2/dt) arcsin(ω dt/2). Thermal initial conditions are drawn with PILE-L (BAOAB samples the
 * centroid position exactly for a harmonic well), then NVE RPMD segments give ⟨q_c(0) q_c(t)⟩,
 * averaged over atoms, directions and segments.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { RingPolymerIntegrator } from "../../integrators/ring-polymer/ring-polymer-integrator.ts";
import { centroidPositions } from "../../integrators/ring-polymer/estimators.ts";
import { expandToBeads } from "../../integrators/ring-polymer/expand-to-beads.ts";
import { Random } from "../../src/core/random.ts";
import { makeState, makeSystem } from "../../src/core/system.ts";
import { fs, kelvin } from "../../src/core/units.ts";
import { HarmonicWells, evaluatorFor } from "./helpers.ts";

const kT = kelvin(300);
const k = 0.12356216778762334;

for (const beads of [1, 4, 16]) {
  test(`Kubo position autocorrelation, P = ${beads}: cos(ω̃t)/(βmω²)`, async (t) => {
    const nAtoms = 256;
    const n3 = 3 * nAtoms;
    const system = makeSystem(Array(nAtoms).fill("H"));
    const m = system.masses[0];
    const omega = Math.sqrt(k / m);
    const dt = fs(0.5);
    const omegaTilde = (2 / dt) * Math.asin((omega * dt) / 2);
    const state = expandToBeads(makeState(system, new Float64Array(n3)), beads, {
      system,
      temperature: kT,
      rng: new Random(beads),
    });
    const common = { dt, beads, temperature: kT };
    const sampler = new RingPolymerIntegrator({
      ...common,
      thermostat: "pile_l",
      centroidTau: fs(5),
      seed: 7 + beads,
    });
    const nve = new RingPolymerIntegrator({ ...common, thermostat: "none" });
    const evaluate = evaluatorFor(system, new HarmonicWells(k));
    await evaluate(state);
    for (let i = 0; i < 200; i++) await sampler.step(state, system, evaluate);

    const lags = 60; // 30 fs, about 1.6 periods
    const segments = 8;
    const sum = new Float64Array(lags + 1);
    const sumSq = new Float64Array(lags + 1);
    for (let s = 0; s < segments; s++) {
      const q0 = centroidPositions(state);
      for (let lag = 0; lag <= lags; lag++) {
        if (lag > 0) await nve.step(state, system, evaluate);
        const q = centroidPositions(state);
        for (let d = 0; d < n3; d++) {
          const x = q0[d] * q[d];
          sum[lag] += x;
          sumSq[lag] += x * x;
        }
      }
      for (let i = 0; i < 60; i++) await sampler.step(state, system, evaluate); // 30 fs = 6 τ: fresh sample
    }
    const nSamples = segments * n3;
    const amplitude = kT / (m * omega * omega); // 1/(βmω²)
    let worst = 0;
    for (let lag = 0; lag <= lags; lag += 5) {
      const mean = sum[lag] / nSamples;
      const error = Math.sqrt((sumSq[lag] / nSamples - mean * mean) / nSamples);
      const expected = amplitude * Math.cos(omegaTilde * lag * dt);
      const z = (mean - expected) / error;
      worst = Math.max(worst, Math.abs(z));
      assert.ok(
        Math.abs(z) < 3.5,
        `t = ${lag * 0.5} fs: ${mean.toExponential(4)} ± ${error.toExponential(2)} vs ${expected.toExponential(4)} (${z.toFixed(2)}σ)`,
      );
      assert.ok(error < 0.05 * amplitude);
    }
    t.diagnostic(`worst deviation over 13 lags: ${worst.toFixed(2)}σ (${nSamples} samples per lag)`);
  });
}
