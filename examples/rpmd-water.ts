/**
 * Thermostatted ring-polymer MD (TRPMD) of one flexible water molecule with the library API: 16 beads at
 * 300 K, PILE-L equilibration, then TRPMD recording the bead-averaged dipole, and the IR spectrum of the
 * Kubo-transformed dipole correlation (no quantum correction factor). Writes ir-trpmd-water.png/.csv.
 * Run: npx tsx examples/rpmd-water.ts [outDir]     (EQUIMD_EXAMPLE_TINY=1: a few steps)
 */
import { join } from "node:path";
import { makeState, makeSystem, type MDState } from "../src/core/system.ts";
import { Random } from "../src/core/random.ts";
import { fs, kelvin } from "../src/core/units.ts";
import { FlexibleWater, waterEquilibriumGeometry } from "../potentials/analytic/flexible-water.ts";
import { RingPolymerIntegrator } from "../integrators/ring-polymer/ring-polymer-integrator.ts";
import { expandToBeads } from "../integrators/ring-polymer/expand-to-beads.ts";
import { beadAverage } from "../integrators/ring-polymer/estimators.ts";
import { run } from "../src/simulate.ts";
import { irSpectrum } from "../src/spectra/ir.ts";
import { makeTimeSeries } from "../src/spectra/time-series.ts";
import { writeSpectraPlot } from "../src/spectra/plot-spectra.ts";
import { pick } from "./tiny.ts";

const outDir = process.argv[2] ?? "runs/rpmd-water";
const beads = 16;
const temperature = kelvin(300);
const dt = fs(0.25);
const system = makeSystem(["O", "H", "H"]);
const potential = new FlexibleWater();

// The ring polymer starts with every bead at the equilibrium geometry and thermal bead momenta (P·T).
const classical = makeState(system, waterEquilibriumGeometry());
const state = expandToBeads(classical, beads, { system, temperature, rng: new Random(1) });

// 1. PILE-L: internal modes critically damped, centroid Langevin (τ = 50 fs).
const pile = new RingPolymerIntegrator({
  dt,
  beads,
  temperature,
  thermostat: "pile_l",
  centroidTau: fs(50),
  seed: 2,
});
await run(system, potential, state, pile, { steps: pick(2000, 20) });

// 2. TRPMD (internal modes at λ = 1/2, free centroid), bead-averaged dipole every step.
const dipole: number[] = [];
const recorder = {
  every: 1,
  observe: (s: Readonly<MDState>) => {
    dipole.push(...beadAverage(s.dipole!, beads));
  },
};
const trpmd = new RingPolymerIntegrator({ dt, beads, temperature, thermostat: "trpmd", seed: 3 });
state.step = 0;
state.time = 0;
await run(system, potential, state, trpmd, {
  steps: pick(8000, 60),
  want: ["dipole"],
  observers: [recorder],
  initialForces: true,
});

const series = makeTimeSeries(dipole, 3, dt, { quantity: "dipole" });
const ir = irSpectrum(series, { temperature, maxLagFs: pick(500, 10), fmax: 4500, correction: "none" });
const csv = await writeSpectraPlot(
  [ir],
  join(outDir, "ir-trpmd-water.png"),
  `q-TIP4P/F water, TRPMD ${beads} beads, 300 K`,
);
console.log(
  `integrated IR ${ir.integrated.toFixed(1)} km/mol; wrote ${join(outDir, "ir-trpmd-water.png")} and ${csv}`,
);
