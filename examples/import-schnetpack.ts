/**
 * Importing a schnetpack PaiNN model: the reference export of schnetpack's own rMD17 ethanol PaiNN
 * (test/fixtures/painn/, state-dict JSON written by the Python lines in docs/painn.md) is converted to an
 * equimd model file, checked against schnetpack's energies for the reference cases, and used for a few
 * steps of NVE MD. Run: npx tsx examples/import-schnetpack.ts [outDir]  (EQUIMD_EXAMPLE_TINY=1: few steps)
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { makeState, makeSystem } from "../src/core/system.ts";
import { angstrom, fs, HARTREE_IN_KCAL_PER_MOL } from "../src/core/units.ts";
import { importSchnetpackFile } from "../potentials/message-passing/schnetpack-import.ts";
import { writeModelFile } from "../potentials/message-passing/model-file.ts";
import { choosePainnPotential } from "../potentials/fast/choose-potential.ts";
import { VelocityVerlet } from "../integrators/velocity-verlet.ts";
import { run } from "../src/simulation/index.ts";
import { pick } from "./tiny.ts";

const outDir = process.argv[2] ?? "runs/import-schnetpack";
mkdirSync(outDir, { recursive: true });
const data = await importSchnetpackFile("test/fixtures/painn/ethanol_rmd17.weights.json.gz");
const modelPath = join(outDir, "ethanol-rmd17-painn.json.gz");
await writeModelFile(modelPath, data);
const { potential, path } = await choosePainnPotential(data);
console.log(`wrote ${modelPath}; evaluating on the ${path} path`);

// schnetpack's energies (kcal/mol) leave out a constant offset per atom, which the import keeps.
const weights = JSON.parse(
  gunzipSync(readFileSync("test/fixtures/painn/ethanol_rmd17.weights.json.gz")).toString("utf8"),
) as { energy_offset_per_atom: number };
interface Case {
  name: string;
  symbols: string[];
  positions: number[][];
  energy: number;
}
const cases = (
  JSON.parse(readFileSync("test/fixtures/painn/ethanol_rmd17.cases.json", "utf8")) as { cases: Case[] }
).cases;
for (const c of cases.slice(0, pick(cases.length, 2))) {
  const system = makeSystem(c.symbols);
  const out = await potential.compute(system, Float64Array.from(c.positions.flat(), angstrom), 1, []);
  const ours = out.energy[0] * HARTREE_IN_KCAL_PER_MOL - weights.energy_offset_per_atom * c.symbols.length;
  console.log(`${c.name.padEnd(28)} schnetpack ${c.energy.toFixed(5)}  equimd ${ours.toFixed(5)} kcal/mol`);
}

// A few NVE steps from the first case's geometry (at rest).
const first = cases[0];
const system = makeSystem(first.symbols);
const state = makeState(system, Float64Array.from(first.positions.flat(), angstrom));
const nve = new VelocityVerlet({ dt: fs(0.5) });
await run(system, potential, state, nve, { steps: pick(200, 5) });
console.log(
  `after ${state.step} NVE steps: conserved ${(nve.conservedQuantity(state, system) * HARTREE_IN_KCAL_PER_MOL).toFixed(4)} kcal/mol`,
);
await potential.dispose();
