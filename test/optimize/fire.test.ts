import { test } from "node:test";
import assert from "node:assert/strict";
import { makeSystem } from "../../src/core/system.ts";
import type { Potential } from "../../src/core/potential.ts";
import { MorsePotential } from "../../potentials/analytic/morse.ts";
import { HarmonicBonds } from "../../potentials/analytic/harmonic.ts";
import { fireMinimise } from "../../src/optimize/fire.ts";

const dist = (x: Float64Array, i: number, j: number) =>
  Math.hypot(x[3 * i] - x[3 * j], x[3 * i + 1] - x[3 * j + 1], x[3 * i + 2] - x[3 * j + 2]);

test("FIRE finds the Morse minimum r0 of a stretched diatomic", async () => {
  const system = makeSystem(["H", "H"]);
  const r0 = 1.4;
  const potential = new MorsePotential({ bonds: [{ i: 0, j: 1, D: 0.17, a: 1.0, r0 }] });
  const r = await fireMinimise(potential, system, [0, 0, 0, 2.3, 0.4, -0.2], { fmax: 1e-8 });
  assert.ok(r.converged);
  assert.ok(Math.abs(dist(r.positions, 0, 1) - r0) < 1e-7, `r = ${dist(r.positions, 0, 1)}`);
  assert.ok(Math.abs(r.energy) < 1e-12, `E = ${r.energy}`); // Morse energy is 0 at r0 (D(1−e^0)²)
  assert.ok(r.maxForce < 1e-8);
});

test("FIRE relaxes a bent triatomic with three springs to all rest lengths; never moves an atom more than maxStep", async () => {
  const system = makeSystem(["O", "H", "H"]);
  const bonds = [
    { i: 0, j: 1, k: 0.5, r0: 1.8 },
    { i: 0, j: 2, k: 0.5, r0: 1.8 },
    { i: 1, j: 2, k: 0.1, r0: 2.9 },
  ];
  const potential = new HarmonicBonds({ bonds });
  const start = [0, 0, 0, 2.5, 0, 0, -0.5, 1.2, 0];
  let previous = Float64Array.from(start);
  let largest = 0;
  const maxStep = 0.1;
  // the same potential, watching how far each atom moves between evaluations
  const watched: Potential = {
    name: potential.name,
    provides: potential.provides,
    compute: (sys, x, nBatch, want) => {
      for (let a = 0; a < 3; a++) {
        const d = [0, 1, 2].map((k) => x[3 * a + k] - previous[3 * a + k]);
        largest = Math.max(largest, Math.hypot(...d));
      }
      previous = Float64Array.from(x);
      return potential.compute(sys, x, nBatch, want);
    },
    dispose: () => potential.dispose(),
  };
  const r = await fireMinimise(watched, system, start, { fmax: 1e-7, maxStep });
  assert.ok(r.converged);
  for (const b of bonds) assert.ok(Math.abs(dist(r.positions, b.i, b.j) - b.r0) < 1e-6);
  assert.ok(largest <= maxStep + 1e-12, `largest step ${largest}`);
});

test("FIRE reports non-convergence when the step limit is reached", async () => {
  const system = makeSystem(["H", "H"]);
  const potential = new MorsePotential({ bonds: [{ i: 0, j: 1, D: 0.17, a: 1.0, r0: 1.4 }] });
  const r = await fireMinimise(potential, system, [0, 0, 0, 3, 0, 0], { fmax: 1e-10, maxSteps: 3 });
  assert.equal(r.converged, false);
  assert.equal(r.steps, 3);
});
