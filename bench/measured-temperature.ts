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
import {
  angstrom,
  BOHR_IN_ANGSTROM,
  fs,
  kelvin,
  makeState,
  makeSystem,
  Random,
  KB_HARTREE_PER_K,
} from "../src/core/index.ts";
import type { Potential } from "../src/core/potential.ts";
import type { MDState, System } from "../src/core/system.ts";
import { integrate } from "../src/spectra/fourier.ts";
import { makeTimeSeries, type TimeSeries } from "../src/spectra/time-series.ts";
import { irEnsemble, kineticTemperature } from "../src/spectra/uncertainty/index.ts";
import { ETHANOL_X, ETHANOL_Z } from "./ethanol.ts";
import { mkdirSync, writeFileSync } from "node:fs";
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

async function segment(seed: number): Promise<{ dipole: TimeSeries; velocities: TimeSeries }> {
  const state: MDState = makeState(system, start);
  maxwellBoltzmann(state, system, T, new Random(seed));
  const evaluate = async (s: MDState) => {
    const o = await potential.compute(system, s.positions, 1, ["dipole"]);
    s.forces.set(o.forces);
    s.potentialEnergy.set(o.energy);
    s.dipole = o.dipole;
  };
  await evaluate(state);
  const nvt = new VelocityVerlet({
    dt: fs(dtFs),
    thermostat: new LangevinThermostat({ temperature: T, tau: fs(100), seed }),
  });
  for (let i = 0; i < 2000 / dtFs; i++) await nvt.step(state, system, evaluate);
  const nve = new VelocityVerlet({ dt: fs(dtFs) });
  const n = Math.round(nveFs / dtFs);
  const mu = new Float64Array(n * 3);
  const v = new Float64Array(n * 3 * system.nAtoms);
  for (let i = 0; i < n; i++) {
    await nve.step(state, system, evaluate);
    mu.set(state.dipole!, 3 * i);
    for (let k = 0; k < 3 * system.nAtoms; k++)
      v[i * 3 * system.nAtoms + k] = state.momenta[k] / system.masses[Math.floor(k / 3)];
  }
  const masses = Float64Array.from({ length: 3 * system.nAtoms }, (_, k) => system.masses[Math.floor(k / 3)]);
  return {
    dipole: makeTimeSeries(mu, 3, fs(dtFs), { quantity: "dipole", source: `segment ${seed}` }),
    velocities: makeTimeSeries(v, 3 * system.nAtoms, fs(dtFs), { quantity: "velocities", masses }),
  };
}

const t0 = performance.now();
const runs = [];
for (let s = 1; s <= segments; s++) runs.push(await segment(s));
const measured = runs.map((r) => kineticTemperature(r.velocities));
if (saveTo !== undefined) {
  mkdirSync(saveTo, { recursive: true });
  runs.forEach((r, k) => {
    const lines = [
      `# equimd properties: sampling_interval_fs=${dtFs} dipole_unit=e*angstrom (bench/measured-temperature.ts ${which} segment ${k + 1})`,
      "step,time_fs,dipole_x,dipole_y,dipole_z",
    ];
    for (let i = 0; i < r.dipole.nSteps; i++) {
      const mu = [0, 1, 2].map((c) => r.dipole.values[3 * i + c] * BOHR_IN_ANGSTROM);
      lines.push([i, i * dtFs, ...mu].join(","));
    }
    writeFileSync(join(saveTo, `segment-${k + 1}-dipoles.csv`), lines.join("\n") + "\n");
  });
}
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
