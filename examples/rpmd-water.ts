/**
 * Ring-polymer MD of one water molecule with the library API: 8 beads at 300 K, PILE-L equilibration,
 * then thermostatted RPMD (TRPMD) recording the bead-averaged dipole every step (the RPMD estimator
 * of the Kubo-transformed dipole autocorrelation an IR spectrum is computed from), the centroid
 * trajectory and the ring-polymer estimators. Run: npx tsx examples/rpmd-water.ts [outDir]
 * (EQUIMD_EXAMPLE_TINY=1: a few steps)
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { makeState, makeSystem } from "../src/core/system.ts";
import { Random } from "../src/core/random.ts";
import { fs, kelvin, unitFactor } from "../src/core/units.ts";
import { FlexibleWater, waterEquilibriumGeometry } from "../potentials/analytic/flexible-water.ts";
import {
  expandToBeads,
  ringPolymerEstimates,
  RingPolymerIntegrator,
} from "../integrators/ring-polymer/index.ts";
import { run } from "../src/simulation/index.ts";
import type { Observer } from "../src/core/observer.ts";
import { EnergyLogger } from "../src/observers/energy-logger.ts";
import { PropertyRecorder } from "../src/observers/property-recorder.ts";
import { TrajectoryWriter } from "../src/observers/trajectory-writer.ts";
import { pick } from "./tiny.ts";

const outDir = process.argv[2] ?? "runs/rpmd-water";
mkdirSync(outDir, { recursive: true });

const P = 8;
const temperature = kelvin(300); // k_B·T in hartree
const system = makeSystem(["O", "H", "H"]);
const potential = new FlexibleWater();

// All beads at the equilibrium geometry, bead momenta drawn at P·T (the centroid's COM momentum removed).
const classical = makeState(system, waterEquilibriumGeometry()); // bohr
const state = expandToBeads(classical, P, {
  system,
  temperature,
  rng: new Random(1),
  removeCenterOfMass: true,
});

// 1. Equilibrate 0.5 ps with PILE-L (internal modes critically damped, centroid Langevin τ = 50 fs).
const pile = new RingPolymerIntegrator({
  dt: fs(0.25),
  beads: P,
  temperature,
  thermostat: "pile_l",
  centroidTau: fs(50),
  seed: 2,
});
await run(system, potential, state, pile, { steps: pick(2000, 20) });

// 2. TRPMD for 1 ps (internal modes thermostatted with λ = 1/2, free centroid): dipole every step.
state.step = 0;
state.time = 0;
state.thermostatHeat = 0;
const trpmd = new RingPolymerIntegrator({
  dt: fs(0.25),
  beads: P,
  temperature,
  thermostat: "trpmd",
  seed: 3,
});
const dipole = new PropertyRecorder({
  every: 1,
  quantities: ["dipole"],
  estimator: "bead_average", // or "centroid": one more potential call per step, at the centroid geometry
  file: join(outDir, "dipole.csv"),
});
// Averages of the quantum kinetic-energy estimators (hartree) over the run.
const sums = { kineticCv: 0, kineticPrim: 0, n: 0 };
const averages: Observer = {
  every: 4,
  observe: (s) => {
    const e = ringPolymerEstimates(s, system, temperature);
    sums.kineticCv += e.kineticCentroidVirial;
    sums.kineticPrim += e.kineticPrimitive;
    sums.n += 1;
  },
};
await run(system, potential, state, trpmd, {
  steps: pick(4000, 80),
  want: ["dipole"],
  initialForces: true, // evaluate afresh at step 0, now with the dipole
  observers: [
    dipole,
    averages,
    new TrajectoryWriter({ file: join(outDir, "centroid.extxyz"), every: 8, beads: "centroid" }),
    new EnergyLogger({ file: join(outDir, "energy.log"), every: 40, degreesOfFreedom: 3 * 3 - 3 }),
  ],
});

const eV = unitFactor("energy", "eV");
const debye = unitFactor("dipole", "debye");
const mu = dipole.series().dipole!;
let norm = 0;
for (let k = 0; k < mu.length / 3; k++) norm += Math.hypot(mu[3 * k], mu[3 * k + 1], mu[3 * k + 2]);
console.log(
  `TRPMD (P = ${P}, 300 K, 1 ps): <K_cv> = ${(sums.kineticCv / sums.n / eV).toFixed(4)} eV, ` +
    `<K_prim> = ${(sums.kineticPrim / sums.n / eV).toFixed(4)} eV, ` +
    `<|μ|> = ${(norm / (mu.length / 3) / debye).toFixed(3)} D`,
);
console.log(`wrote ${join(outDir, "dipole.csv")}, centroid.extxyz and energy.log`);
