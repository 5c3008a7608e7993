/**
 * MD of one water molecule with the library API: Langevin equilibration at 300 K (run(), the loop
 * itself), then NVE as a RunSpec built in code and carried out by simulate() (what `equimd run` does
 * with a config file), writing the NVE trajectory (extxyz, Å) and the energy log. Run: npx tsx examples/md-water.ts [outDir]
 * (EQUIMD_EXAMPLE_TINY=1: a few steps)
 */
import { join } from "node:path";
import { makeState, makeSystem } from "../src/core/system.ts";
import { Random } from "../src/core/random.ts";
import { fs, kelvin } from "../src/core/units.ts";
import { FlexibleWater, waterEquilibriumGeometry } from "../potentials/analytic/flexible-water.ts";
import { VelocityVerlet } from "../integrators/velocity-verlet.ts";
import { LangevinThermostat } from "../integrators/thermostats/langevin.ts";
import { maxwellBoltzmann } from "../integrators/initial-velocities.ts";
import { degreesOfFreedom, run, simulate } from "../src/simulation/index.ts";
import { pick } from "./tiny.ts";

const outDir = process.argv[2] ?? "runs/md-water";

const system = makeSystem(["O", "H", "H"]);
const potential = new FlexibleWater();
const state = makeState(system, waterEquilibriumGeometry()); // bohr
maxwellBoltzmann(state, system, kelvin(300), new Random(1), { removeCenterOfMass: true });

// 1. Equilibrate 1 ps with a Langevin thermostat (BAOAB), time step 0.25 fs.
const langevin = new LangevinThermostat({ temperature: kelvin(300), tau: fs(50), seed: 2 });
await run(system, potential, state, new VelocityVerlet({ dt: fs(0.25), thermostat: langevin }), {
  steps: pick(4000, 40),
});

// 2. NVE for 1 ps, writing positions, velocities and the dipole every 2 fs.
state.step = 0;
state.time = 0;
state.thermostatHeat = 0;
const { files } = await simulate({
  system,
  potential,
  integrator: new VelocityVerlet({ dt: fs(0.25) }),
  start: state, // the equilibrated positions and momenta
  beads: 1,
  steps: pick(4000, 80),
  degreesOfFreedom: degreesOfFreedom(system.nAtoms, true), // centre-of-mass momentum removed, conserved
  want: ["dipole"],
  outputs: {
    trajectory: { file: join(outDir, "trajectory.extxyz"), every: 8, velocities: true },
    log: { file: join(outDir, "energy.log"), every: 40 },
  },
  overwrite: true, // an example: replace the files of its last run
});
console.log(`wrote ${files.trajectory} and ${files.log}`);
