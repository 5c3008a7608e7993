/**
 * i-PI's regression test NVE_6: one H atom in a harmonic well, 6 beads, 300 K, dt = 0.1 fs, nine NVE
 * steps; every printed column at every step must agree to relative 1e-6.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { makeState, makeSystem } from "../../src/core/system.ts";
import { RingPolymerIntegrator } from "../../integrators/ring-polymer/ring-polymer-integrator.ts";
import { ringPolymerEstimates } from "../../integrators/ring-polymer/estimators.ts";
import { HarmonicWells, evaluatorFor } from "./helpers.ts";

interface Nve6 {
  system: { mass: number; k: number };
  n_beads: number;
  temperature_K: number;
  kB_hartree_per_K: number;
  timestep_fs: number;
  fs_in_atomic_time: number;
  initial_positions_bohr: number[][];
  initial_momenta: number[][];
  columns: string[];
  expected: number[][];
}

const ref = JSON.parse(
  readFileSync(new URL("../fixtures/rpmd/ipi_nve6_harmonic.json", import.meta.url), "utf8"),
) as Nve6;

function closeRelative(actual: number, expected: number, what: string): void {
  const tolerance = 1e-6 * Math.abs(expected) + 1e-14;
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: got ${actual}, i-PI printed ${expected} (relative difference ${(actual - expected) / expected})`,
  );
}

// P = 6 is not a power of two, so this runs the explicit-matrix transform (the FFT one is checked
// against it in normal-modes.test.ts).
{
  test("i-PI NVE_6 harmonic ring polymer, every column at every step", async () => {
    const kT = ref.temperature_K * ref.kB_hartree_per_K;
    const system = makeSystem(["H"], { masses: [ref.system.mass] });
    const potential = new HarmonicWells(ref.system.k);
    const state = makeState(system, ref.initial_positions_bohr.flat(), ref.n_beads);
    state.momenta.set(ref.initial_momenta.flat());
    const integrator = new RingPolymerIntegrator({
      dt: ref.timestep_fs * ref.fs_in_atomic_time,
      beads: ref.n_beads,
      temperature: kT,
      thermostat: "none",
    });
    const evaluate = evaluatorFor(system, potential);
    await evaluate(state);
    assert.deepEqual(ref.columns, [
      "step",
      "conserved",
      "temperature_K",
      "potential",
      "kinetic_md",
      "kinetic_cv",
      "spring",
    ]);
    for (const row of ref.expected) {
      while (state.step < row[0]) await integrator.step(state, system, evaluate);
      const e = ringPolymerEstimates(state, system, kT);
      const step = `step ${row[0]}`;
      closeRelative(e.conserved, row[1], `${step} conserved`);
      closeRelative(integrator.conservedQuantity(state, system), row[1], `${step} conservedQuantity()`);
      closeRelative(e.temperature / ref.kB_hartree_per_K, row[2], `${step} temperature_K`);
      closeRelative(e.potential, row[3], `${step} potential`);
      closeRelative(e.kineticMd, row[4], `${step} kinetic_md`);
      closeRelative(e.kineticCentroidVirial, row[5], `${step} kinetic_cv`);
      closeRelative(e.spring, row[6], `${step} spring`);
    }
    assert.equal(state.step, 9);
  });
}

test("the Cayley propagator follows the same trajectory to O((ω_k dt)²) on NVE_6", async () => {
  const kT = ref.temperature_K * ref.kB_hartree_per_K;
  const system = makeSystem(["H"], { masses: [ref.system.mass] });
  const state = makeState(system, ref.initial_positions_bohr.flat(), ref.n_beads);
  state.momenta.set(ref.initial_momenta.flat());
  const dt = ref.timestep_fs * ref.fs_in_atomic_time;
  const integrator = new RingPolymerIntegrator({
    dt,
    beads: ref.n_beads,
    temperature: kT,
    propagator: "cayley",
  });
  const evaluate = evaluatorFor(system, new HarmonicWells(ref.system.k));
  await evaluate(state);
  const omegaMaxDt = integrator.omegas.reduce((a, b) => Math.max(a, b)) * dt;
  let worst = 0;
  for (const row of ref.expected.slice(1)) {
    await integrator.step(state, system, evaluate);
    const spring = ringPolymerEstimates(state, system, kT).spring;
    worst = Math.max(worst, Math.abs(spring / row[6] - 1));
  }
  // the Cayley rotation angle 2·atan(ωdt/2) lags ωdt by (ωdt)³/12 per step
  assert.ok(worst < omegaMaxDt ** 2, `spring deviates by ${worst} (ω_max dt = ${omegaMaxDt})`);
  assert.ok(worst > 1e-6, "Cayley differs from the exact propagator");
});
