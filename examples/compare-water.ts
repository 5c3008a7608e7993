/**
 * Comparing a model with a reference trajectory, end to end with analytic potentials: the reference is
 * q-TIP4P/F water (FlexibleWater, with dipoles), the "model" a cruder water made of Morse bonds
 * (O–H Morse with the q-TIP4P/F parameters and a weak H–H Morse bond in place of the bend term).
 * Both run Langevin at 300 K then NVE; the comparison writes report.md, CSV and PNG files.
 * Run: npx tsx examples/compare-water.ts [outDir]     (EQUIMD_EXAMPLE_TINY=1: a few steps)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Potential, Property } from "../src/core/potential.ts";
import { makeState, makeSystem } from "../src/core/system.ts";
import { Random } from "../src/core/random.ts";
import { BOHR_IN_ANGSTROM, HARTREE_IN_EV, fs, kelvin } from "../src/core/units.ts";
import { FlexibleWater, QTIP4PF, waterEquilibriumGeometry } from "../potentials/analytic/flexible-water.ts";
import { MorsePotential } from "../potentials/analytic/morse.ts";
import { VelocityVerlet } from "../integrators/velocity-verlet.ts";
import { LangevinThermostat } from "../integrators/thermostats/langevin.ts";
import { maxwellBoltzmann } from "../integrators/initial-velocities.ts";
import { run } from "../src/simulation/index.ts";
import { TrajectoryWriter } from "../src/observers/trajectory-writer.ts";
import { compareTrajectoriesCommand } from "../src/cli/commands/compare-trajectories.ts";
import { pick } from "./tiny.ts";

const outDir = process.argv[2] ?? "runs/compare-water";
mkdirSync(outDir, { recursive: true });
const system = makeSystem(["O", "H", "H"]);

/** 0.5 ps Langevin at 300 K, then 2 ps NVE written every 1 fs (positions, velocities, forces). */
async function trajectory(potential: Potential, file: string, seed: number, want: Property[]) {
  const state = makeState(system, waterEquilibriumGeometry());
  maxwellBoltzmann(state, system, kelvin(300), new Random(seed), { removeCenterOfMass: true });
  const thermostat = new LangevinThermostat({ temperature: kelvin(300), tau: fs(50), seed: seed + 1 });
  await run(system, potential, state, new VelocityVerlet({ dt: fs(0.25), thermostat }), {
    steps: pick(2000, 20),
  });
  Object.assign(state, { step: 0, time: 0, thermostatHeat: 0 });
  const writer = new TrajectoryWriter({ file, every: 4, forces: true, velocities: true });
  await run(system, potential, state, new VelocityVerlet({ dt: fs(0.25) }), {
    steps: pick(8000, 800),
    want,
    observers: [writer],
  });
}

const bonds = [
  { i: 0, j: 1, D: QTIP4PF.D, a: QTIP4PF.alpha, r0: QTIP4PF.rEq },
  { i: 0, j: 2, D: QTIP4PF.D, a: QTIP4PF.alpha, r0: QTIP4PF.rEq },
  { i: 1, j: 2, D: 0.05, a: 1.0, r0: 2.86 },
];
const reference = join(outDir, "reference.extxyz");
const modelRun = join(outDir, "model.extxyz");
await trajectory(new FlexibleWater(), reference, 1, ["dipole"]);
await trajectory(new MorsePotential({ bonds }), modelRun, 11, []);

// The model as the CLI reads it: a potential spec in user units (eV, Å).
const spec = join(outDir, "model.yaml");
const A = BOHR_IN_ANGSTROM;
writeFileSync(
  spec,
  "type: morse\nparameters:\n  bonds:\n" +
    bonds
      .map(
        (b) =>
          `    - {i: ${b.i}, j: ${b.j}, D_eV: ${b.D * HARTREE_IN_EV}, a_per_A: ${b.a / A}, r0_A: ${b.r0 * A}}`,
      )
      .join("\n") +
    "\n",
);
// Same as: equimd compare-trajectories --model model.yaml --reference reference.extxyz
//            --run model.extxyz --divergence-starts 8 --divergence-steps 400 -o report
await compareTrajectoriesCommand({
  model: spec,
  reference,
  run: modelRun,
  output: join(outDir, "report"),
  divergenceStarts: pick(8, 2),
  divergenceSteps: pick(400, 40),
});
