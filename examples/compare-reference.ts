/**
 * Comparison against a reference: a short classical MD of ethanol with the shipped PaiNN model (four
 * replicas, NVE after a Langevin start), its IR spectrum against the IR of the GFN2-xTB reference
 * trajectories with the same correlation settings: matched peaks (shift, intensity ratio) and the overlap
 * score. Writes ir-vs-xtb.png/.csv. Run: npx tsx examples/compare-reference.ts [outDir]
 * (EQUIMD_EXAMPLE_TINY=1: a few steps)
 */
import { join } from "node:path";
import { readExtxyz } from "../src/io/extxyz.ts";
import { stateFromFrames, systemFromFrame } from "../src/io/frames.ts";
import { fs, kelvin } from "../src/core/units.ts";
import { loadPainnPotential } from "../potentials/fast/choose-potential.ts";
import { runClassical } from "../src/demo/classical-md.ts";
import { compareSpectra, formatComparison } from "../src/spectra/compare.ts";
import { irSpectrum } from "../src/spectra/ir.ts";
import { writeSpectraPlot } from "../src/spectra/plot-spectra.ts";
import { readTimeSeries } from "../src/spectra/read-series.ts";
import { makeTimeSeries } from "../src/spectra/time-series.ts";
import { pick } from "./tiny.ts";

const outDir = process.argv[2] ?? "runs/compare-reference";
const frames = await readExtxyz("data/ethanol/ethanol.xyz");
const system = systemFromFrame(frames[0]);
const start = stateFromFrames(system, frames.slice(0, 1)).positions; // bohr
const { potential } = await loadPainnPotential("models/ethanol-painn/model.json.gz");

const md = await runClassical(
  potential,
  system,
  start,
  {
    replicas: 4,
    timestepFs: 0.5,
    equilibrationFs: pick(500, 5),
    productionFs: pick(2000, 50),
    thermostatTauFs: 50,
    temperatureK: 300,
    seed: 1,
    progress: false,
  },
  (line) => console.log(line),
);
await potential.dispose();

// The same correlation settings for both; the reference cut to the model's length.
const settings = { temperature: kelvin(300), maxLagFs: pick(400, 20), fmin: 400, fmax: 4000 };
const n = md.dipoles[0].nSteps;
const reference = [];
for (let k = 0; k < 4; k++) {
  const s = await readTimeSeries(`data/ethanol/reference-md/segment-${k}-dipoles.csv.gz`, {
    property: "dipole",
  });
  const keep = Math.min(s.nSteps, Math.max(n, Math.round(fs(pick(5000, 200)) / s.dt)));
  reference.push(makeTimeSeries(s.values.subarray(0, 3 * keep), 3, s.dt, s.meta));
}
const model = { ...irSpectrum(md.dipoles, settings), label: "equimd PaiNN (classical)" };
const xtb = { ...irSpectrum(reference, settings), label: "GFN2-xTB (classical)" };
const comparison = compareSpectra(xtb, model, { window: 100, threshold: 0.08 });
console.log(formatComparison(comparison, "xtb", "model"));
const csv = await writeSpectraPlot(
  [model, xtb],
  join(outDir, "ir-vs-xtb.png"),
  "IR of ethanol: PaiNN vs GFN2-xTB",
);
console.log(`wrote ${join(outDir, "ir-vs-xtb.png")} and ${csv}`);
