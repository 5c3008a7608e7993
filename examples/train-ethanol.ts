/**
 * Training a PaiNN model on a dataset with the library API: a small model fitted to GFN2-xTB energies,
 * forces and dipoles of ethanol (extended XYZ in ASE units, data/ethanol/), then loaded as a Potential
 * to predict the equilibrium structure. The config is the same YAML `equimd train` reads
 * (docs/training.md); here it is written from code.
 * Run: npx tsx examples/train-ethanol.ts [outDir]     (EQUIMD_EXAMPLE_TINY=1: a few steps)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { DEBYE_IN_E_BOHR, HARTREE_IN_EV } from "../src/core/units.ts";
import { readExtxyz } from "../src/io/extxyz.ts";
import { stateFromFrames, systemFromFrame } from "../src/io/frames.ts";
import { runTraining } from "../src/training/run-training.ts";
import { loadPainnPotential } from "../potentials/fast/choose-potential.ts";
import { pick } from "./tiny.ts";

const outDir = process.argv[2] ?? "runs/train-ethanol";
mkdirSync(outDir, { recursive: true });
const config = {
  data: {
    // absolute: relative paths in a config are relative to the config file (docs/training.md)
    path: resolve("data/ethanol/train-xtb.extxyz.gz"),
    units: { energy: "eV", length: "angstrom", forces: "eV/angstrom", dipole: "e*angstrom" },
  },
  split: { train: pick(800, 16), validation: pick(100, 8), test: pick(100, 8), seed: 1 },
  model: {
    features: pick(32, 8),
    interactions: pick(3, 2),
    radialFunctions: pick(20, 8),
    cutoff: 5.0,
    dipole: true,
  },
  loss: { energy: 1, forces: 50, dipole: 10 },
  optimizer: { learningRate: 2e-3, batchSize: 16, epochs: pick(30, 1), maxSteps: pick(undefined, 3) },
  output: { directory: resolve(outDir, "training") },
};
const configPath = join(outDir, "train.yaml");
writeFileSync(configPath, stringify(config));
await runTraining(configPath, { overwrite: true }); // a re-run of the example replaces its own earlier model

// The best model (validation loss) as a Potential: energy and dipole of the equilibrium structure.
const { potential } = await loadPainnPotential(join(outDir, "training", "best-model.json.gz"));
const [frame] = await readExtxyz("data/ethanol/ethanol.xyz");
const system = systemFromFrame(frame);
const out = await potential.compute(system, stateFromFrames(system, [frame]).positions, 1, ["dipole"]);
const mu = Math.hypot(...out.dipole!) / DEBYE_IN_E_BOHR;
console.log(`predicted energy ${(out.energy[0] * HARTREE_IN_EV).toFixed(3)} eV, |dipole| ${mu.toFixed(3)} D`);
await potential.dispose();
