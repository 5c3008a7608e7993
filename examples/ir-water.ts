/**
 * IR spectrum of gas-phase flexible water (q-TIP4P/F intramolecular) from classical MD, overlaid with
 * the harmonic stick spectrum of the same potential. Thirty-two independent molecules (a batch of replicas)
 * are equilibrated at 300 K with a Langevin thermostat, then run NVE for 4 ps; their dipole series are
 * averaged as independent trajectories. Writes ir-water.png and ir-water.csv.
 * Run: npx tsx examples/ir-water.ts [outDir]     (EQUIMD_EXAMPLE_TINY=1: a few steps)
 */
import { join } from "node:path";
import { makeState, makeSystem } from "../src/core/system.ts";
import { Random } from "../src/core/random.ts";
import { fs, kelvin } from "../src/core/units.ts";
import { FlexibleWater, waterEquilibriumGeometry } from "../potentials/analytic/flexible-water.ts";
import { VelocityVerlet } from "../integrators/velocity-verlet.ts";
import { LangevinThermostat } from "../integrators/thermostats/langevin.ts";
import { maxwellBoltzmann } from "../integrators/initial-velocities.ts";
import { run } from "../src/simulation/index.ts";
import { irSpectrum } from "../src/spectra/ir.ts";
import { integrate } from "../src/spectra/fourier.ts";
import { normalModes, stickSpectrum } from "../src/spectra/normal-modes.ts";
import { PropertyRecorder } from "../src/observers/property-recorder.ts";
import { writeSpectraPlot } from "../src/spectra/plot-spectra.ts";
import { pick } from "./tiny.ts";

const outDir = process.argv[2] ?? "runs/ir-water";
const temperature = kelvin(300);
const replicas = pick(32, 4);
const dt = fs(0.25);

const system = makeSystem(["O", "H", "H"]);
const potential = new FlexibleWater();
const state = makeState(system, waterEquilibriumGeometry(), replicas);
maxwellBoltzmann(state, system, temperature, new Random(1), { removeCenterOfMass: true });

// 1. Equilibrate 1 ps (Langevin, BAOAB).
const langevin = new LangevinThermostat({ temperature, tau: fs(50), seed: 2 });
await run(system, potential, state, new VelocityVerlet({ dt, thermostat: langevin }), {
  steps: pick(4000, 40),
});

// 2. NVE for 4 ps, recording each replica's dipole (e·bohr) every step.
const recorders = Array.from(
  { length: replicas },
  (_, b) => new PropertyRecorder({ every: 1, batch: b, quantities: ["dipole"] }),
);
await run(system, potential, state, new VelocityVerlet({ dt }), {
  steps: pick(16000, 200),
  want: ["dipole"],
  observers: recorders,
  initialForces: true, // evaluate at the start so that the first sample has a dipole
});

// 3. IR (harmonic quantum correction, km/mol per cm⁻¹ per molecule) and the harmonic sticks (km/mol).
const series = recorders.map((r) => r.timeSeries("dipole"));
const ir = irSpectrum(series, { temperature, maxLagFs: pick(1000, 20), fmax: 4500, correction: "harmonic" });
const modes = await normalModes(potential, system, waterEquilibriumGeometry());
const sticks = stickSpectrum(modes, "ir");
// scale the sticks to the vibrational bands (the pure-rotation band below 500 cm⁻¹ is much taller)
const peak = Math.max(...ir.intensity.filter((_, j) => ir.wavenumber[j] > 1000));
const tallest = Math.max(...sticks.y);
const csv = await writeSpectraPlot(
  [ir],
  join(outDir, "ir-water.png"),
  "q-TIP4P/F water, 300 K, classical MD",
  [
    {
      label: `harmonic sticks (km/mol × ${(peak / tallest).toPrecision(3)})`,
      x: sticks.x,
      y: sticks.y.map((y) => (y * peak) / tallest),
      style: "sticks",
    },
  ],
);
const area = (from: number, to: number) => integrate(ir.wavenumber, ir.intensity, from, to).toFixed(1);
console.log(`bend band (1000–2500 cm⁻¹): ${area(1000, 2500)} km/mol; harmonic ${sticks.y[0].toFixed(1)}`);
console.log(
  `stretch bands (2500–4500 cm⁻¹): ${area(2500, 4500)} km/mol; harmonic ${(sticks.y[1] + sticks.y[2]).toFixed(1)}`,
);
console.log(`wrote ${join(outDir, "ir-water.png")} and ${csv}`);
