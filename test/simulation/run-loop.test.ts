/** The run loop's contract with the integrator: the first forces are the integrator's own. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Random } from "../../src/core/random.ts";
import { cloneState, makeState, makeSystem } from "../../src/core/system.ts";
import { fs, kelvin } from "../../src/core/units.ts";
import { run } from "../../src/simulation/index.ts";
import { RingPolymerIntegrator } from "../../integrators/ring-polymer/index.ts";
import { evaluatorFor } from "../helpers/force-evaluator.ts";
import { HarmonicWells } from "../rpmd/helpers.ts";

test("the first forces go through the integrator: a contracted ring polymer is never bypassed", async () => {
  const system = makeSystem(["H", "H"]);
  const P = 8;
  const rng = new Random(3);
  const positions = Float64Array.from({ length: 3 * system.nAtoms * P }, () => 0.3 * rng.normal());
  const potential = new HarmonicWells(0.1);
  const evaluate = evaluatorFor(system, potential);
  const integrator = () =>
    new RingPolymerIntegrator({ dt: fs(0.25), beads: P, temperature: kelvin(300), contractTo: 2 });

  const state = makeState(system, positions, P);
  await run(system, potential, state, integrator(), { steps: 0 });

  const contracted = makeState(system, positions, P);
  await integrator().computeForces(contracted, evaluate);
  const full = makeState(system, positions, P);
  await evaluate(full);
  assert.deepEqual(Array.from(state.forces), Array.from(contracted.forces));
  const difference = Math.max(...Array.from(full.forces, (f, i) => Math.abs(f - contracted.forces[i])));
  assert.ok(difference > 1e-3, "the contracted forces differ from the full beads' (the test can fail)");
  // and the run goes on from them exactly as the integrator alone would
  const alone = cloneState(contracted);
  const stepper = integrator();
  await stepper.computeForces(alone, evaluate);
  for (let k = 0; k < 5; k++) await stepper.step(alone, system, evaluate);
  await run(system, potential, state, integrator(), { steps: 5 });
  assert.deepEqual(Array.from(state.positions), Array.from(alone.positions));
});
