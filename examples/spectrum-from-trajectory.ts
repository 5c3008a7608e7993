/**
 * An IR spectrum from an existing trajectory: the dipole series of a file (an equimd property CSV/JSON,
 * an extxyz trajectory with a dipole per frame, or the xtb reference trajectories' dipole CSVs; .gz
 * allowed), classical with the harmonic quantum correction. Writes ir.png/.csv.
 * Run: npx tsx examples/spectrum-from-trajectory.ts [file] [outDir]   (EQUIMD_EXAMPLE_TINY=1: 1 ps of it)
 */
import { join } from "node:path";
import { fs, kelvin } from "../src/core/units.ts";
import { integrate } from "../src/spectra/fourier.ts";
import { irSpectrum } from "../src/spectra/ir.ts";
import { writeSpectraPlot } from "../src/spectra/plot-spectra.ts";
import { readTimeSeries } from "../src/spectra/read-series.ts";
import { makeTimeSeries } from "../src/spectra/time-series.ts";
import { TINY, pick } from "./tiny.ts";

const file = process.argv[2] ?? "data/ethanol/reference-md/segment-0-dipoles.csv.gz";
const outDir = process.argv[3] ?? "runs/spectrum-from-trajectory";
let dipole = await readTimeSeries(file, { property: "dipole" }); // e·bohr, dt from the file
if (TINY) {
  const n = Math.min(dipole.nSteps, Math.round(fs(1000) / dipole.dt));
  dipole = makeTimeSeries(dipole.values.subarray(0, 3 * n), 3, dipole.dt, dipole.meta);
}
const ir = irSpectrum(dipole, { temperature: kelvin(300), maxLagFs: pick(1000, 200), fmin: 400, fmax: 4000 });
const csv = await writeSpectraPlot([ir], join(outDir, "ir.png"), `IR from ${file}`);
const band = (a: number, b: number) => integrate(ir.wavenumber, ir.intensity, a, b).toFixed(1);
console.log(
  `${dipole.nSteps} samples; integrated IR: 400–2000 cm⁻¹ ${band(400, 2000)}, 2000–4000 cm⁻¹ ${band(2000, 4000)} km/mol`,
);
console.log(`wrote ${join(outDir, "ir.png")} and ${csv}`);
