/**
 * The slow failures of a learned potential that finite numbers hide (issue 17.1): the conserved
 * quantity drifting away, the temperature running away, a molecule flying apart beyond the cutoff.
 * Each must stop the run with an error naming the step and the reason, keeping what was written.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Potential, PotentialOutput } from "../../src/core/potential.ts";
import { makeState, makeSystem, type System } from "../../src/core/system.ts";
import { fs, kelvin } from "../../src/core/units.ts";
import { readExtxyz } from "../../src/io/extxyz.ts";
import { TrajectoryWriter } from "../../src/observers/trajectory-writer.ts";
import { run } from "../../src/simulation/index.ts";
import { VelocityVerlet } from "../../integrators/velocity-verlet.ts";
import { maxwellBoltzmann } from "../../integrators/initial-velocities.ts";
import { Random } from "../../src/core/random.ts";

/**
 * A broken potential: it reports zero energy but pushes atom 0 along x with a constant force, so the
 * kinetic energy grows without the potential energy paying for it (like an extrapolating model).
 */
function pumping(force: number): Potential {
  return {
    name: "pumping",
    provides: ["energy", "forces"],
    async compute(system: System, _positions: Float64Array, nBatch: number): Promise<PotentialOutput> {
      const forces = new Float64Array(3 * system.nAtoms * nBatch);
      for (let b = 0; b < nBatch; b++) forces[3 * system.nAtoms * b] = force;
      return { energy: new Float64Array(nBatch), forces };
    },
    dispose() {},
  };
}

/** Free particles with a finite interaction range (no forces at all): nothing holds a molecule together. */
function freeWithCutoff(cutoff: number): Potential {
  return {
    name: "free",
    provides: ["energy", "forces"],
    cutoff,
    async compute(system: System, _positions: Float64Array, nBatch: number): Promise<PotentialOutput> {
      return { energy: new Float64Array(nBatch), forces: new Float64Array(3 * system.nAtoms * nBatch) };
    },
    dispose() {},
  };
}

const water = () => makeSystem(["O", "H", "H"]);
const GEOMETRY = [0, 0, 0, 1.8, 0, 0, -0.45, 1.75, 0];

function thermal(system: System, seed = 1) {
  const state = makeState(system, GEOMETRY);
  maxwellBoltzmann(state, system, kelvin(300), new Random(seed), { removeCenterOfMass: true });
  return state;
}

test("a drifting conserved quantity stops the run, naming the step and the size in eV", async () => {
  const system = water();
  const state = thermal(system);
  const file = join(mkdtempSync(join(tmpdir(), "equimd-blowup-")), "traj.extxyz");
  await assert.rejects(
    run(system, pumping(0.01), state, new VelocityVerlet({ dt: fs(0.5) }), {
      steps: 100_000,
      observers: [new TrajectoryWriter({ file, every: 1 })],
      temperature: kelvin(300),
    }),
    (e: Error) => {
      assert.match(
        e.message,
        /^trajectory blew up at step \d+ \(t = [\d.]+ fs\): the conserved quantity drifted by [\d.]+ eV since the start, more than 1 × N_dof k_B T = [\d.e-]+ eV/,
      );
      return true;
    },
  );
  assert.ok(state.step < 100_000, "stopped early");
  const frames = await readExtxyz(file);
  assert.equal(frames.length, state.step, "every step before the failing one is on disk");
});

test("temperature runaway stops the run (drift check off)", async () => {
  const system = water();
  const state = thermal(system);
  await assert.rejects(
    run(system, pumping(0.01), state, new VelocityVerlet({ dt: fs(0.5) }), {
      steps: 100_000,
      temperature: kelvin(300),
      maxDrift: Infinity,
    }),
    /temperature runaway: \d+ K, more than 10 × 300 K/,
  );
});

test("an atom leaving every other atom's cutoff (fragmentation) stops the run", async () => {
  const system = water();
  const state = makeState(system, GEOMETRY);
  // the second H flies off at a few thousand m/s; with no forces it coasts away
  state.momenta[6] = -0.02 * system.masses[2];
  await assert.rejects(
    run(system, freeWithCutoff(6), state, new VelocityVerlet({ dt: fs(0.5) }), {
      steps: 10_000,
      cutoff: 6, // what simulate() passes: the potential's cutoff
      temperature: kelvin(300),
      maxDrift: Infinity,
      maxTemperatureRatio: Infinity,
    }),
    /trajectory blew up at step \d+ .*fragmentation: atom 2 \(H\) is farther than the potential's cutoff from every other atom/,
  );
  // it is caught within the step it crosses 6 bohr from its nearest neighbour, the O at the origin
  const x = state.positions[6];
  const y = state.positions[7];
  assert.ok(Math.hypot(x, y) > 6 && Math.hypot(x, y) < 6 + 0.02 * fs(0.5) * 2);
});

test("a sane thermal NVE run is not stopped by the checks", async () => {
  const system = water();
  const state = thermal(system, 4);
  // free particles inside a large cutoff: kinetic energy constant, conserved exactly
  await run(system, freeWithCutoff(1e3), state, new VelocityVerlet({ dt: fs(0.5) }), { steps: 200 });
  assert.equal(state.step, 200);
});
