/**
 * NVE energy conservation with an eninet_three_body potential: ethanol at 300 K, velocity Verlet, 200 steps
 * of 0.25 fs (random-weight model, energy scale 1 eV so that the forces are of molecular size). A
 * discontinuous energy surface (a neighbour cap, a hard triplet cutoff) or non-conservative forces would
 * show as a drift or jumps of the total energy comparable to its kinetic fluctuations.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBackend } from "../../potentials/tf/backend.ts";
import { PainnPotential } from "../../potentials/message-passing/message-passing-potential.ts";
import { VelocityVerlet } from "../../integrators/velocity-verlet.ts";
import { maxwellBoltzmann } from "../../integrators/initial-velocities.ts";
import { run } from "../../src/simulation/index.ts";
import {
  fs,
  kelvin,
  kineticEnergy,
  makeState,
  makeSystem,
  Random,
  type MDState,
} from "../../src/core/index.ts";
import { ETHANOL, readCases } from "../painn/helpers.ts";
import { smallArchitecture, smallModel } from "./helpers.ts";

test("eninet_three_body NVE ethanol: total-energy drift ≪ kinetic-energy fluctuation", async () => {
  await useBackend("wasm");
  const ethanol = readCases(ETHANOL)[0];
  // r_c = 3 Å, r₃ = 3.5 Å: pairs and triplets cross both cutoffs during the run.
  const model = smallModel(
    smallArchitecture("eninet_three_body", { F: 8, cutoff: 3, threeBodyCutoff: 3.5 }),
    5,
    1,
  );
  const potential = new PainnPotential(model);
  const system = makeSystem(ethanol.numbers);
  const state = makeState(
    system,
    ethanol.positions.flat().map((x) => x / 0.529177210903),
  );
  maxwellBoltzmann(state, system, kelvin(300), new Random(3), { removeCenterOfMass: true });
  const total: number[] = [];
  const kinetic: number[] = [];
  const recorder = {
    every: 1,
    observe(s: Readonly<MDState>) {
      const k = kineticEnergy(system, s.momenta);
      kinetic.push(k);
      total.push(k + s.potentialEnergy[0]);
    },
  };
  await run(system, potential, state, new VelocityVerlet({ dt: fs(0.25) }), {
    steps: 200,
    observers: [recorder],
  });
  potential.dispose();
  const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
  const std = (a: number[]) => Math.sqrt(mean(a.map((x) => (x - mean(a)) ** 2)));
  const kStd = std(kinetic);
  const drift = Math.abs(mean(total.slice(-20)) - mean(total.slice(0, 20)));
  const maxDev = Math.max(...total.map((e) => Math.abs(e - total[0])));
  assert.ok(kStd > 1e-5, `the kinetic energy fluctuates (σ_K = ${kStd} hartree)`);
  assert.ok(drift < 0.02 * kStd, `drift ${drift.toExponential(2)} vs σ_K ${kStd.toExponential(2)} hartree`);
  assert.ok(maxDev < 0.1 * kStd, `max |E − E₀| ${maxDev.toExponential(2)} vs σ_K ${kStd.toExponential(2)}`);
});
