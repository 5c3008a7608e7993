/**
 * How much the measured-temperature prefactor narrows the run-to-run spread of IR band areas
 * (src/spectra/uncertainty/measured-temperature.ts). Independent NVE segments: each starts from a
 * Langevin (BAOAB) equilibration at 300 K with its own seed, then runs NVE recording the dipole and the
 * velocities every step; per segment the IR spectrum with the nominal 300 K and with the segment's own
 * kinetic temperature; the spread (sd/mean over segments) of each band area, with either prefactor.
 *
 *   nice -n 10 npx tsx bench/measured-temperature.ts water [segments] [nve_fs]
 *   nice -n 10 npx tsx bench/measured-temperature.ts ethanol [segments] [nve_fs]   # the shipped model, fast path
 */
import { FlexibleWater, waterEquilibriumGeometry } from "../potentials/analytic/flexible-water.ts";
import { loadPainnPotential } from "../potentials/fast/choose-potential.ts";
import { VelocityVerlet } from "../integrators/velocity-verlet.ts";
import { LangevinThermostat } from "../integrators/thermostats/langevin.ts";
import { maxwellBoltzmann } from "../integrators/initial-velocities.ts";
import { angstrom, fs, kelvin, makeState, makeSystem, Random, KB_HARTREE_PER_K } from "../src/core/index.ts";
import type { Potential } from "../src/core/potential.ts";
import type { Observer } from "../src/core/observer.ts";
import type { MDState, System } from "../src/core/system.ts";
import { PropertyRecorder } from "../src/observers/property-recorder.ts";
import { run } from "../src/simulation/index.ts";
import { integrate } from "../src/spectra/fourier.ts";
import { makeTimeSeries, type TimeSeries } from "../src/spectra/time-series.ts";
import { irEnsemble, kineticTemperature } from "../src/spectra/uncertainty/index.ts";
import { ETHANOL_X, ETHANOL_Z } from "./ethanol.ts";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const which = process.argv[2] ?? "water";
const segments = Number(process.argv[3] ?? 12);
const nveFs = Number(process.argv[4] ?? 8000);
/** Optional directory for the segments' dipoles (PropertyRecorder-style CSV, e·Å), e.g. for equimd compare. */
const saveTo = process.argv[5];
const T = kelvin(300);
const dtFs = 0.5;

let system: System;
let potential: Potential;
let start: Float64Array;
if (which === "water") {
  system = makeSystem(["O", "H", "H"]);
  potential = new FlexibleWater();
  start = waterEquilibriumGeometry();
} else {
  system = makeSystem(ETHANOL_Z);
  potential = (await loadPainnPotential("models/ethanol-painn/model.json.gz", { path: "fast" })).potential;
  start = Float64Array.from(ETHANOL_X.flat(), angstrom);
}

/** Velocities of the one configuration at every observed step (for the measured temperature). */
class VelocityRecorder implements Observer {
  readonly every = 1;
  readonly values: number[] = [];
  observe(state: Readonly<MDState>, system: System): void {
    for (let k = 0; k < 3 * system.nAtoms; k++) {
      this.values.push(state.momenta[k] / system.masses[Math.floor(k / 3)]);
    }
  }
}

async function segment(seed: number): Promise<{ dipole: TimeSeries; velocities: TimeSeries }> {
  const state: MDState = makeState(system, start);
  maxwellBoltzmann(state, system, T, new Random(seed));
  const nvt = new VelocityVerlet({
    dt: fs(dtFs),
    thermostat: new LangevinThermostat({ temperature: T, tau: fs(100), seed }),
  });
  await run(system, potential, state, nvt, { steps: 2000 / dtFs, initialForces: true });
  const nve = new VelocityVerlet({ dt: fs(dtFs) });
  const dipoles = new PropertyRecorder({
    every: 1,
    quantities: ["dipole"],
    file: saveTo === undefined ? undefined : join(saveTo, `segment-${seed}-dipoles.csv`),
  });
  const velocities = new VelocityRecorder();
  state.step = 0;
  state.time = 0;
  await run(system, potential, state, nve, {
    steps: Math.round(nveFs / dtFs),
    want: ["dipole"],
    observers: [dipoles, velocities],
    observeStart: false, // samples after each NVE step, as before
  });
  const dipole = dipoles.timeSeries("dipole", `segment ${seed}`);
  const w = 3 * system.nAtoms;
  const v = Float64Array.from(velocities.values);
  const masses = Float64Array.from({ length: w }, (_, k) => system.masses[Math.floor(k / 3)]);
  return {
    dipole: makeTimeSeries(dipole.values, 3, fs(dtFs), {
      quantity: "dipole",
      source: `segment ${seed}`,
    }),
    velocities: makeTimeSeries(v, w, fs(dtFs), { quantity: "velocities", masses }),
  };
}

if (saveTo !== undefined) mkdirSync(saveTo, { recursive: true });
const t0 = performance.now();
const runs = [];
for (let s = 1; s <= segments; s++) runs.push(await segment(s));
const measured = runs.map((r) => kineticTemperature(r.velocities));
console.log(
  `${which}: ${segments} NVE segments of ${nveFs} fs after 2 ps Langevin at 300 K (${((performance.now() - t0) / 1000).toFixed(0)} s); ` +
    `kinetic T per segment: ${measured.map((t) => (t / KB_HARTREE_PER_K).toFixed(0)).join(", ")} K`,
);
const options = { temperature: T, maxLagFs: 2000, fmax: 4200, spacing: 2 };
const nominal = irEnsemble(
  runs.map((r) => r.dipole),
  options,
);
const own = irEnsemble(
  runs.map((r) => r.dipole),
  { ...options, measuredTemperatures: measured },
);
const bands: [string, number, number][] =
  which === "water"
    ? [
        ["rotation 0–1000", 0, 1000],
        ["bend 1400–1800", 1400, 1800],
        ["stretch 3400–4200", 3400, 4200],
        ["total", 0, 4200],
      ]
    : [
        ["0–1000", 0, 1000],
        ["1000–1600", 1000, 1600],
        ["2700–3200 (C–H)", 2700, 3200],
        ["3400–4000 (O–H)", 3400, 4000],
        ["total", 0, 4200],
      ];
const spread = (e: typeof nominal, lo: number, hi: number) => {
  const a = e.members.map((m) => integrate(e.wavenumber, m, lo, hi));
  const mean = a.reduce((s, x) => s + x, 0) / a.length;
  const sd = Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / (a.length - 1));
  return { mean, rel: sd / mean };
};
const totals = nominal.members.map((m) => integrate(nominal.wavenumber, m));
const pearson = (x: number[], y: number[]) => {
  const mx = x.reduce((t, v) => t + v, 0) / x.length;
  const my = y.reduce((t, v) => t + v, 0) / y.length;
  const sxy = x.reduce((t, v, k) => t + (v - mx) * (y[k] - my), 0);
  return sxy / Math.sqrt(x.reduce((t, v) => t + (v - mx) ** 2, 0) * y.reduce((t, v) => t + (v - my) ** 2, 0));
};
console.log(
  `per segment: total area (nominal T) ${totals.map((a) => a.toFixed(0)).join(", ")} km/mol; ` +
    `correlation with the segment's kinetic T: ${pearson(totals, measured).toFixed(2)}`,
);
console.log(
  `${"band (cm-1)".padEnd(20)}${"nominal T: mean km/mol, spread".padStart(34)}${"measured T: mean, spread".padStart(30)}`,
);
for (const [name, lo, hi] of bands) {
  const a = spread(nominal, lo, hi);
  const b = spread(own, lo, hi);
  console.log(
    `${name.padEnd(20)}${a.mean.toFixed(1).padStart(20)}  ±${(100 * a.rel).toFixed(1).padStart(5)} %${b.mean.toFixed(1).padStart(20)}  ±${(100 * b.rel).toFixed(1).padStart(5)} %`,
  );
}
await potential.dispose();
