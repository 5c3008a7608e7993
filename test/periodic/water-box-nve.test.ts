/**
 * NVE of a periodic box of 32 q-TIP4P/F molecules (test/fixtures/periodic/water-box-32.xyz, made by
 * `npx tsx examples/water-box.ts 32 test/fixtures/periodic/water-box-32.xyz 1`: lattice, FIRE, 1 ps
 * Langevin NVT at 298 K) with the library's run(): classical velocity Verlet and NVE RPMD.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { toFractional } from "../../src/core/cell.ts";
import { kineticEnergy } from "../../src/core/system.ts";
import { fs, kelvin } from "../../src/core/units.ts";
import { Random } from "../../src/core/random.ts";
import { readExtxyz } from "../../src/io/extxyz.ts";
import { stateFromFrames, systemFromFrame } from "../../src/io/frames.ts";
import { run } from "../../src/simulation/index.ts";
import { VelocityVerlet } from "../../integrators/velocity-verlet.ts";
import { expandToBeads } from "../../integrators/ring-polymer/expand-to-beads.ts";
import { RingPolymerIntegrator } from "../../integrators/ring-polymer/ring-polymer-integrator.ts";
import { QTip4pF } from "../../potentials/analytic/q-tip4p-f.ts";

const FIXTURE = new URL("../fixtures/periodic/water-box-32.xyz", import.meta.url).pathname;

test("NVE at 0.25 fs conserves energy over 300 steps while atoms cross the cell boundary", async () => {
  const frames = await readExtxyz(FIXTURE);
  const system = systemFromFrame(frames[0]);
  const cell = system.cell!;
  const state = stateFromFrames(system, frames);
  const start = toFractional(cell, state.positions).map(Math.floor);
  const potential = new QTip4pF();
  const total: number[] = [];
  const potentialEnergy: number[] = [];
  const observer = {
    every: 1,
    observe(s: typeof state) {
      potentialEnergy.push(s.potentialEnergy[0]);
      total.push(s.potentialEnergy[0] + kineticEnergy(system, s.momenta));
    },
  };
  await run(system, potential, state, new VelocityVerlet({ dt: fs(0.25) }), {
    steps: 300,
    observers: [observer],
  });
  const spread = (x: number[]) => Math.max(...x) - Math.min(...x);
  const n = total.length;
  const drift =
    Math.abs(total.slice(-50).reduce((a, b) => a + b, 0) - total.slice(0, 50).reduce((a, b) => a + b, 0)) /
    50;
  // the total energy moves by a small fraction of what the potential energy does
  assert.ok(
    spread(total) < 0.01 * spread(potentialEnergy),
    `ΔE_total ${spread(total)} vs ΔV ${spread(potentialEnergy)}`,
  );
  assert.ok(drift < 2e-3 * spread(potentialEnergy), `drift ${drift}`);
  assert.equal(n, 301);
  const end = toFractional(cell, state.positions).map(Math.floor);
  const crossings = end.filter((f, i) => f !== start[i]).length;
  assert.ok(crossings > 0, "some atom crossed a face of the cell (positions are never wrapped)");
  const perAtom = spread(total) / system.nAtoms;
  // measured: 9.7e-7 hartree per atom at 0.25 fs, 4.7e-6 at 0.5 fs (∝ dt², the Verlet error of the O–H stretch)
  assert.ok(perAtom < 2e-6, `total energy spread ${perAtom} hartree per atom`);
});

test("RPMD NVE (4 beads, 298 K) at 0.25 fs conserves the ring-polymer energy over 200 steps", async () => {
  const frames = await readExtxyz(FIXTURE);
  const system = systemFromFrame(frames[0]);
  const classical = stateFromFrames(system, frames);
  const beads = 4;
  const temperature = kelvin(298);
  const state = expandToBeads(classical, beads, {
    system,
    temperature,
    rng: new Random(5),
    removeCenterOfMass: true,
  });
  const integrator = new RingPolymerIntegrator({ dt: fs(0.25), beads, temperature });
  const conserved: number[] = [];
  const beadAverageV: number[] = [];
  const observer = {
    every: 1,
    observe(s: typeof state) {
      conserved.push(integrator.conservedQuantity(s, system));
      beadAverageV.push(s.potentialEnergy.reduce((a, b) => a + b, 0) / beads);
    },
  };
  await run(system, new QTip4pF(), state, integrator, { steps: 200, observers: [observer] });
  const spread = (x: number[]) => Math.max(...x) - Math.min(...x);
  assert.ok(
    spread(conserved) < 0.02 * spread(beadAverageV), // measured 0.66 %
    `ΔH_P/P ${spread(conserved)} vs Δ⟨V⟩ ${spread(beadAverageV)}`,
  );
  // measured: 7.1e-6 hartree per atom (the beads move at P·T = 1192 K, faster than the classical box)
  assert.ok(
    spread(conserved) / system.nAtoms < 2e-5,
    `${spread(conserved) / system.nAtoms} hartree per atom`,
  );
});
