/**
 * Path-integral averages of a harmonic oscillator sampled with PILE-L: ⟨V⟩, ⟨K_cv⟩, ⟨K_prim⟩ per
 * atom within 3 standard errors (block averages) of the exact stationary values of the discrete
 * integrator (reference README table; P = 8 BAOAB from the same exact model, checked against the
 * table's rows). H atoms (m = 1837.36), k = 0.1236 (1800 cm⁻¹), 300 K, dt = 0.25 fs, λ = 1,
 * centroid τ = 10 fs; many atoms, each in its own well, are the independent samples.
 * A missing or wrong spring, a thermostat at T instead of P·T, or forces divided by P shift these
 * averages by tens to hundreds of standard errors. (The configurational averages of BAOAB and OBABO
 * do not depend on γ_k for a harmonic well; the friction itself is checked in thermostats.test.ts.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { RingPolymerIntegrator } from "../../integrators/ring-polymer/ring-polymer-integrator.ts";
import { ringPolymerEstimates } from "../../integrators/ring-polymer/estimators.ts";
import { expandToBeads } from "../../integrators/ring-polymer/expand-to-beads.ts";
import { Random } from "../../src/core/random.ts";
import { makeState, makeSystem } from "../../src/core/system.ts";
import { HarmonicWells, blockAverage, evaluatorFor } from "./helpers.ts";
import { discreteHarmonicAverages } from "./discrete-exact.ts";

const kT = 300 * 3.1668152e-6;
const mass = 1837.36223469;
const k = 0.12356216778762334;
const dt = 0.25 * 41.341373;
const centroidTau = 10 * 41.341373;

const exact = (beads: number, splitting: "baoab" | "obabo") =>
  discreteHarmonicAverages({ beads, temperature: kT, mass, k, dt, splitting, lambda: 1, centroidTau });

test("the exact discrete model reproduces the reference README table", () => {
  const table = [
    { P: 32, s: "baoab", V: 6.09928e-3, Kcv: 6.09928e-3, Kprim: 6.075531e-3 },
    { P: 32, s: "obabo", V: 6.110297e-3, Kcv: 6.107733e-3, Kprim: 6.003066e-3 },
    { P: 8, s: "obabo", V: 5.426774e-3, Kcv: 5.42421e-3, Kprim: 5.40265e-3 },
  ] as const;
  for (const row of table) {
    const e = exact(row.P, row.s);
    for (const key of ["V", "Kcv", "Kprim"] as const) {
      assert.ok(
        Math.abs(e[key] / row[key] - 1) < 2e-7,
        `P = ${row.P} ${row.s} ${key}: ${e[key]} vs ${row[key]}`,
      );
    }
  }
});

async function sample(beads: number, nAtoms: number, splitting: "baoab" | "obabo", seed: number) {
  const system = makeSystem(Array(nAtoms).fill("H"), { masses: Array(nAtoms).fill(mass) });
  const state = expandToBeads(makeState(system, new Float64Array(3 * nAtoms)), beads, {
    system,
    temperature: kT,
    rng: new Random(seed),
  });
  const integrator = new RingPolymerIntegrator({
    dt,
    beads,
    temperature: kT,
    thermostat: "pile_l",
    lambda: 1,
    centroidTau,
    splitting,
    seed,
  });
  const evaluate = evaluatorFor(system, new HarmonicWells(k));
  await evaluate(state);
  for (let i = 0; i < 300; i++) await integrator.step(state, system, evaluate); // 75 fs = 7.5 τ
  const series = { V: [] as number[], Kcv: [] as number[], Kprim: [] as number[] };
  for (let i = 0; i < 1600; i++) {
    await integrator.step(state, system, evaluate);
    const e = ringPolymerEstimates(state, system, kT);
    series.V.push(e.potential / nAtoms);
    series.Kcv.push(e.kineticCentroidVirial / nAtoms);
    series.Kprim.push(e.kineticPrimitive / nAtoms);
  }
  return series;
}

for (const [beads, nAtoms, splitting] of [
  [8, 192, "baoab"],
  [32, 96, "baoab"],
  [8, 192, "obabo"],
] as const) {
  test(`PILE-L ${splitting.toUpperCase()}, P = ${beads}: ⟨V⟩, ⟨K_cv⟩, ⟨K_prim⟩ within 3σ of the discrete-exact values`, async (t) => {
    const reference = exact(beads, splitting);
    const series = await sample(beads, nAtoms, splitting, 1000 + beads + (splitting === "obabo" ? 500 : 0));
    for (const key of ["V", "Kcv", "Kprim"] as const) {
      const { mean, error } = blockAverage(series[key], 10); // blocks of 40 fs
      const z = (mean - reference[key]) / error;
      t.diagnostic(
        `${key}: ${mean.toExponential(6)} ± ${error.toExponential(2)}, exact ${reference[key].toExponential(6)}, ${z.toFixed(2)}σ`,
      );
      assert.ok(
        Math.abs(z) < 3,
        `${key}: ${mean.toExponential(6)} ± ${error.toExponential(2)} vs exact ${reference[key].toExponential(6)} (${z.toFixed(2)}σ)`,
      );
      assert.ok(
        error < 1e-2 * reference[key],
        `${key}: standard error ${error} is too large to test anything`,
      );
    }
  });
}
