/**
 * The test bed of the thermostat tests: many independent 3-D harmonic oscillators (N atoms of
 * different frequencies in one configuration, nBatch replicas), started from Maxwell–Boltzmann momenta
 * at the target temperature. A thermostat is right if the mean kinetic temperature matches the target
 * within its statistical error, and if K + V + heat (+ thermostat energy) stays flat.
 */
import type { Thermostat } from "../../src/core/integrator.ts";
import { Random } from "../../src/core/random.ts";
import { kineticEnergy, makeState, makeSystem } from "../../src/core/system.ts";
import { kineticTemperature, maxwellBoltzmann } from "../../integrators/initial-velocities.ts";
import { VelocityVerlet, type Splitting } from "../../integrators/velocity-verlet.ts";
import { HarmonicPotential } from "../../potentials/analytic/harmonic.ts";
import { blockAverage, evaluatorFor, integrate, std } from "./helpers.ts";

export interface BathResult {
  /** Block-averaged mean kinetic temperature (hartree) and its standard error. */
  temperature: { mean: number; error: number };
  /** Largest |C(t) − C(0)| of the conserved quantity, hartree. */
  conservedDrift: number;
  /** Standard deviation of the total kinetic energy of the batch, hartree. */
  kineticFluctuation: number;
  /** Standard deviation of the batch-mean kinetic temperature samples, hartree. */
  temperatureSpread: number;
  /** Block-averaged variance of the batch-mean kinetic temperature and its standard error, hartree². */
  temperatureVariance: { mean: number; error: number };
}

export const BATH = { nAtoms: 8, nBatch: 24, mass: 1, kT: 0.5, dt: 0.05 };

export async function runOscillatorBath(
  thermostat: Thermostat,
  options: { steps: number; splitting?: Splitting; startTemperature?: number; equilibrate?: number },
): Promise<BathResult> {
  const { nAtoms, nBatch, mass, kT, dt } = BATH;
  const system = makeSystem(Array(nAtoms).fill("H"), { masses: Array(nAtoms).fill(mass) });
  // Angular frequencies from 0.6 to 1.5 (atomic units): no two oscillators alike.
  const k = Array.from({ length: nAtoms }, (_, a) => mass * (0.6 + (0.9 * a) / (nAtoms - 1)) ** 2);
  const potential = new HarmonicPotential({ k });
  const rng = new Random(2024);
  const positions = Array.from({ length: nBatch * nAtoms * 3 }, (_, i) => {
    const a = Math.floor(i / 3) % nAtoms;
    return Math.sqrt(kT / k[a]) * rng.normal();
  });
  const state = makeState(system, positions, nBatch);
  maxwellBoltzmann(state, system, options.startTemperature ?? kT, rng);
  const evaluate = evaluatorFor(system, potential);
  await evaluate(state);
  const vv = new VelocityVerlet({ dt, thermostat, splitting: options.splitting });
  await integrate(vv, state, system, evaluate, options.equilibrate ?? 0);
  const c0 = vv.conservedQuantity(state, system);
  let drift = 0;
  const temperatures: number[] = [];
  const kinetic: number[] = [];
  await integrate(vv, state, system, evaluate, options.steps, (s) => {
    drift = Math.max(drift, Math.abs(vv.conservedQuantity(s, system) - c0));
    temperatures.push(kineticTemperature(s, system));
    kinetic.push(kineticEnergy(system, s.momenta));
  });
  const tMean = temperatures.reduce((a, x) => a + x, 0) / temperatures.length;
  return {
    temperature: blockAverage(temperatures, 20),
    temperatureVariance: blockAverage(
      temperatures.map((x) => (x - tMean) ** 2),
      20,
    ),
    conservedDrift: drift,
    kineticFluctuation: std(kinetic),
    temperatureSpread: std(temperatures),
  };
}
