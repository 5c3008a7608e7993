/**
 * The pressure in the energy log of a periodic run (`equimd run` of the 64-molecule box): classical
 * velocity Verlet and TRPMD with 8 beads (examples/configs/water-box-64-trpmd.yaml), each checked
 * against the estimators of src/core/pressure.ts evaluated on the run's final state.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ATOMIC_PRESSURE_IN_BAR,
  centroidVirialPressure,
  classicalPressure,
} from "../../src/core/pressure.ts";
import { kineticEnergy } from "../../src/core/system.ts";
import { kelvin } from "../../src/core/units.ts";
import { runFromConfig } from "../../src/simulation/index.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

async function runShort(config: string, steps: number) {
  const dir = mkdtempSync(join(tmpdir(), "equimd-water-box-pressure-"));
  copyFileSync(join(ROOT, "examples/configs/water-box-64.xyz"), join(dir, "water-box-64.xyz"));
  const yaml = readFileSync(join(ROOT, "examples/configs", config), "utf8")
    .replace(/directory: \S+/, "directory: out")
    .replaceAll("every: 20 }", "every: 2 }");
  writeFileSync(join(dir, "run.yaml"), yaml);
  const result = await runFromConfig(join(dir, "run.yaml"), { steps });
  const lines = readFileSync(join(dir, "out/energy.log"), "utf8").trim().split("\n");
  const header = lines[0].replace(/^#\s*/, "").split(/\s+/);
  const rows = lines.slice(1).map((l) => l.trim().split(/\s+/).map(Number));
  return { result, header, rows };
}

test("classical run of the box logs P = (2K + tr W)/(3V) of its state", async () => {
  const { result, header, rows } = await runShort("water-box-64.yaml", 4);
  const col = header.indexOf("pressure_bar");
  assert.equal(col, header.length - 1, `header ${header.join(" ")}`);
  const { system, state } = result;
  const expected =
    classicalPressure(kineticEnergy(system, state.momenta), state.virial!, system.cell!.volume) *
    ATOMIC_PRESSURE_IN_BAR;
  const logged = rows[rows.length - 1][col];
  assert.ok(Math.abs(logged - expected) < 1e-9 * Math.max(1, Math.abs(expected)), `${logged} vs ${expected}`);
  // a liquid at its density: a pressure of order 10³ bar, not 10⁶ (units right), and finite on every line
  for (const r of rows) assert.ok(Number.isFinite(r[col]) && Math.abs(r[col]) < 5e4, `P = ${r[col]} bar`);
});

test("TRPMD (8 beads) run of the box logs the centroid-virial pressure and conserves its energy", async () => {
  const { result, header, rows } = await runShort("water-box-64-trpmd.yaml", 8);
  const { system, state } = result;
  assert.equal(state.nBatch, 8);
  const col = header.indexOf("pressure_bar");
  assert.ok(col > 0, `header ${header.join(" ")}`);
  const expected =
    centroidVirialPressure(
      state.positions,
      state.forces,
      state.virial!,
      8,
      kelvin(298),
      system.cell!.volume,
    ) * ATOMIC_PRESSURE_IN_BAR;
  const logged = rows[rows.length - 1][col];
  assert.ok(Math.abs(logged - expected) < 1e-8 * Math.max(1, Math.abs(expected)), `${logged} vs ${expected}`);
  // conserved quantity (H_P/P + thermostat heat) over 2 fs while the ring polymers grow from points:
  // drift per atom below the 2e-5 hartree of the NVE RPMD test, and small against the excursion of the
  // bead-averaged potential energy
  const drift = header.indexOf("drift_eV");
  const potential = header.indexOf("potential_eV");
  const worst = Math.max(...rows.map((r) => Math.abs(r[drift])));
  const v = rows.map((r) => r[potential]);
  const excursion = Math.max(...v) - Math.min(...v);
  console.log(`TRPMD: conserved drift ${worst} eV, potential excursion ${excursion} eV`);
  assert.ok(worst / 27.211386 / system.nAtoms < 2e-5, `conserved drift ${worst} eV`);
  assert.ok(worst < 0.02 * excursion, `drift ${worst} eV vs potential excursion ${excursion} eV`);
});
