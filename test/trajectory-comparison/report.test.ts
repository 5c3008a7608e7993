import { test } from "node:test";
import assert from "node:assert/strict";
import { HARTREE_IN_EV, HARTREE_IN_KCAL_PER_MOL, BOHR_IN_ANGSTROM } from "../../src/core/units.ts";
import { errorStats } from "../../src/statistics/error-statistics.ts";
import {
  formatReportMarkdown,
  safeName,
  type ComparisonResults,
} from "../../src/trajectory-comparison/report.ts";
import type { ErrorsAlongReference } from "../../src/trajectory-comparison/errors-along-reference.ts";

/** Two frames, energy errors 0.01 and 0.03 hartree, force errors of 0.002 hartree/bohr. */
function results(): ComparisonResults {
  const error = Float64Array.from([0.01, 0.03]);
  const frameForce = Float64Array.from([0.002, 0.002]);
  const errors: ErrorsAlongReference = {
    source: "ref.extxyz",
    model: "test model",
    nAtoms: 2,
    nFrames: 2,
    frameNumbers: Int32Array.from([0, 5]),
    energy: {
      model: Float64Array.from([1.01, 2.03]),
      reference: Float64Array.from([1, 2]),
      error,
      offset: 0.02,
      raw: errorStats(error),
      offsetRemoved: errorStats([-0.01, 0.01]),
      perAtom: errorStats([0.005, 0.015]),
      perAtomOffsetRemoved: errorStats([-0.005, 0.005]),
    },
    forces: {
      frameMae: frameForce,
      frameRmse: frameForce,
      frameMax: frameForce,
      total: errorStats([0.002, -0.002]),
      perElement: { H: errorStats([0.002, -0.002]) },
    },
    worst: [{ index: 1, frame: 5, forceRmse: 0.002, forceMax: 0.002, energyError: 0.01 }],
    rankedBy: "force RMSE",
  };
  return {
    model: "test model",
    reference: { source: "ref.extxyz", nFrames: 2, every: 5 },
    errors,
    notes: ["distributions and IR spectra: no model run given (--run model.extxyz)"],
  };
}

test("report converts atomic units to the user's units in every table", () => {
  const md = formatReportMarkdown(results());
  // energy MAE 0.02 hartree in eV, RMSE sqrt(0.0005) hartree
  const mae = (0.02 * HARTREE_IN_EV).toPrecision(4);
  const rmse = (Math.sqrt(0.0005) * HARTREE_IN_EV).toPrecision(4);
  assert.ok(
    md.includes(`| energy (raw) | ${mae} | ${rmse} | ${(0.03 * HARTREE_IN_EV).toPrecision(4)} | eV |`),
    md,
  );
  const force = ((0.002 * HARTREE_IN_EV) / BOHR_IN_ANGSTROM).toPrecision(4);
  assert.ok(md.includes(`| forces on H | ${force} | ${force} | ${force} | eV/Å |`), md);
  assert.match(md, /2 frames read: one in 5/);
  assert.match(md, /\| 5 \| — \| /);
  assert.match(md, /## Notes\n\n- distributions and IR spectra: no model run given/);
  const kcal = formatReportMarkdown(results(), {
    energy: "kcal/mol",
    length: "bohr",
    dipole: "D",
    polarizability: "bohr^3",
    time: "fs",
  });
  assert.ok(kcal.includes(`| ${(0.02 * HARTREE_IN_KCAL_PER_MOL).toPrecision(4)} |`), kcal);
  assert.ok(kcal.includes(`| forces on H | ${(0.002 * HARTREE_IN_KCAL_PER_MOL).toPrecision(4)} `), kcal);
  assert.ok(kcal.includes("kcal/mol/bohr |"));
  assert.equal(safeName("potential energy"), "potential-energy");
  assert.equal(safeName("H1-O0-H2"), "H1-O0-H2");
});
