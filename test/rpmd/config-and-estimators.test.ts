/**
 * expandToBeads and the property helpers (bead average vs centroid geometry). The config keys are tested
 * with the run config: test/config/run-config-integrator.test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { expandToBeads } from "../../integrators/ring-polymer/expand-to-beads.ts";
import {
  centroidPositions,
  centroidVelocities,
  ringPolymerEstimates,
  ringPolymerProperty,
} from "../../integrators/ring-polymer/estimators.ts";
import { Random } from "../../src/core/random.ts";
import { makeState, makeSystem } from "../../src/core/system.ts";
import { kelvin } from "../../src/core/units.ts";
import { HarmonicWells, evaluatorFor } from "./helpers.ts";

test("expandToBeads: all beads at the classical geometry, momenta at the bead temperature P·T", () => {
  const nAtoms = 400;
  const system = makeSystem(Array(nAtoms).fill("O"));
  const classical = makeState(
    system,
    Float64Array.from({ length: 3 * nAtoms }, (_, i) => 0.01 * i),
  );
  classical.momenta.fill(2);
  const P = 8;
  const copied = expandToBeads(classical, P);
  assert.equal(copied.nBatch, P);
  const qc = centroidPositions(copied);
  assert.ok(qc.every((x, i) => Math.abs(x - classical.positions[i]) < 1e-14 * (1 + Math.abs(x))));
  for (let j = 0; j < P; j++)
    assert.deepEqual(copied.positions.subarray(j * 3 * nAtoms, (j + 1) * 3 * nAtoms), classical.positions);
  assert.ok(copied.momenta.every((p) => p === 2));
  const v = centroidVelocities(copied, system);
  assert.ok(Math.abs(v[0] - 2 / system.masses[0]) < 1e-15);

  const kT = kelvin(300);
  const thermal = expandToBeads(classical, P, { system, temperature: kT, rng: new Random(1) });
  assert.deepEqual(thermal.positions, copied.positions);
  // kinetic_md temperature = 2 K_md/(3NP) reads T when the beads are at P·T (±3σ, σ = T·√(2/(3NP)))
  const estimates = ringPolymerEstimates(thermal, system, kT);
  const sigma = kT * Math.sqrt(2 / (3 * nAtoms * P));
  assert.ok(Math.abs(estimates.temperature - kT) < 3 * sigma, `${estimates.temperature / kT} T`);
  assert.throws(() => expandToBeads(thermal, 2), /nBatch = 1/);
});

test("properties: the bead average of the dipole, or the dipole at the centroid geometry", async () => {
  const system = makeSystem(["H", "H"]);
  const potential = new HarmonicWells(0.1);
  const P = 4;
  const state = makeState(system, new Float64Array(6), P);
  const rng = new Random(5);
  rng.fillNormal(state.positions);
  await evaluatorFor(system, potential)(state);
  const averaged = await ringPolymerProperty(state, system, "dipole", "bead_average");
  const atCentroid = await ringPolymerProperty(state, system, "dipole", "centroid", potential);
  // this model dipole is linear in the positions, so both agree: Σ_atoms q_c
  const qc = centroidPositions(state);
  for (let x = 0; x < 3; x++) {
    const expected = qc[x] + qc[3 + x];
    assert.ok(Math.abs(averaged[x] - expected) < 1e-14);
    assert.ok(Math.abs(atCentroid[x] - expected) < 1e-14);
  }
  // the potential: bead average ⟨V(q_j)⟩ exceeds V(q_c) for a convex V (the ring polymer's extent)
  const e = ringPolymerEstimates(state, system, kelvin(300));
  const vc = (await potential.compute(system, qc, 1, [])).energy[0];
  assert.ok(e.potential > vc);
  await assert.rejects(
    ringPolymerProperty(state, system, "polarizability", "bead_average"),
    /no polarizability/,
  );
  await assert.rejects(ringPolymerProperty(state, system, "dipole", "centroid"), /needs the potential/);
});
