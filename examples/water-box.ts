/**
 * A box of liquid q-TIP4P/F water, made from scratch: N molecules on a lattice at 0.997 g/cm³ with
 * random (seeded) orientations, relaxed with FIRE, then equilibrated by Langevin NVT at 298 K; writes
 * the last frame (Lattice, pbc, unwrapped positions, velocities) as extxyz and prints averages over the
 * second half of the NVT run (potential energy per molecule, O–H length, H–O–H angle, with the standard
 * error from 10 blocks).
 *
 * Run: npx tsx examples/water-box.ts [nMolecules=64] [out=examples/configs/water-box-64.xyz] [ps=2]
 * (EQUIMD_EXAMPLE_TINY=1: a few steps)
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { makeState } from "../src/core/system.ts";
import { minimumImage } from "../src/core/cell.ts";
import { Random } from "../src/core/random.ts";
import { fs, HARTREE_IN_KCAL_PER_MOL, kelvin, BOHR_IN_ANGSTROM } from "../src/core/units.ts";
import { QTip4pF } from "../potentials/analytic/q-tip4p-f.ts";
import { waterBox } from "../potentials/analytic/water-box.ts";
import { VelocityVerlet } from "../integrators/velocity-verlet.ts";
import { LangevinThermostat } from "../integrators/thermostats/langevin.ts";
import { maxwellBoltzmann } from "../integrators/initial-velocities.ts";
import { fireMinimise } from "../src/optimize/fire.ts";
import { run } from "../src/simulation/index.ts";
import { ExtxyzWriter } from "../src/io/extxyz.ts";
import { frameFromState } from "../src/io/frames.ts";
import { pick } from "./tiny.ts";

const nMolecules = Number(process.argv[2] ?? 64);
const out = process.argv[3] ?? `examples/configs/water-box-${nMolecules}.xyz`;
const picoseconds = Number(process.argv[4] ?? 2);
const T = 298;
const dt = 0.5; // fs

const { system, positions } = waterBox(nMolecules, { seed: 2009 });
const potential = new QTip4pF();
const relaxed = await fireMinimise(potential, system, positions, { fmax: 1e-3, maxSteps: pick(300, 5) });
console.log(
  `FIRE: ${relaxed.steps} steps, V/molecule = ${((relaxed.energy / nMolecules) * HARTREE_IN_KCAL_PER_MOL).toFixed(3)} kcal/mol`,
);

const state = makeState(system, relaxed.positions);
maxwellBoltzmann(state, system, kelvin(T), new Random(11), { removeCenterOfMass: true });
const thermostat = new LangevinThermostat({ temperature: kelvin(T), tau: fs(100), seed: 12 });
const steps = pick(Math.round((picoseconds * 1000) / dt), 20);
const samples: { v: number; r: number; theta: number }[] = [];
const d1 = [0, 0, 0];
const d2 = [0, 0, 0];
const observer = {
  every: 10,
  observe(s: typeof state) {
    if (s.step < steps / 2) return;
    let r = 0;
    let theta = 0;
    for (let m = 0; m < nMolecules; m++) {
      for (let x = 0; x < 3; x++) {
        d1[x] = s.positions[9 * m + 3 + x] - s.positions[9 * m + x];
        d2[x] = s.positions[9 * m + 6 + x] - s.positions[9 * m + x];
      }
      minimumImage(system.cell!, d1);
      minimumImage(system.cell!, d2);
      const a = Math.hypot(...d1);
      const b = Math.hypot(...d2);
      r += (a + b) / (2 * nMolecules);
      theta += Math.acos((d1[0] * d2[0] + d1[1] * d2[1] + d1[2] * d2[2]) / (a * b)) / nMolecules;
    }
    samples.push({ v: s.potentialEnergy[0] / nMolecules, r, theta });
  },
};
const t0 = performance.now();
await run(system, potential, state, new VelocityVerlet({ dt: fs(dt), thermostat }), {
  steps,
  observers: [observer],
});
const seconds = (performance.now() - t0) / 1000;

/** Mean and standard error from 10 consecutive blocks. */
function blockMean(values: number[]): [number, number] {
  const nb = Math.min(10, values.length);
  const size = Math.floor(values.length / nb);
  const means = Array.from(
    { length: nb },
    (_, k) => values.slice(k * size, (k + 1) * size).reduce((a, b) => a + b, 0) / size,
  );
  const mean = means.reduce((a, b) => a + b, 0) / nb;
  const variance = means.reduce((a, b) => a + (b - mean) ** 2, 0) / (nb - 1 || 1);
  return [mean, Math.sqrt(variance / nb)];
}
const [v, dv] = blockMean(samples.map((s) => s.v * HARTREE_IN_KCAL_PER_MOL));
const [r, dr] = blockMean(samples.map((s) => s.r * BOHR_IN_ANGSTROM));
const [th, dth] = blockMean(samples.map((s) => (s.theta * 180) / Math.PI));
console.log(
  `NVT ${T} K, ${steps} steps of ${dt} fs (${seconds.toFixed(1)} s); averages over the second half:`,
);
console.log(`  <V>/molecule = ${v.toFixed(3)} ± ${dv.toFixed(3)} kcal/mol`);
console.log(
  `  <r_OH> = ${r.toFixed(4)} ± ${dr.toFixed(4)} Å, <θ_HOH> = ${th.toFixed(2)} ± ${dth.toFixed(2)}°`,
);

mkdirSync(dirname(out), { recursive: true });
state.step = 0;
state.time = 0;
const writer = new ExtxyzWriter(out);
writer.write(
  frameFromState(system, state, 0, {
    velocities: true,
    info: { comment: `q-TIP4P/F water, ${nMolecules} molecules, NVT ${T} K` },
  }),
);
writer.close();
console.log(`wrote ${out}`);
