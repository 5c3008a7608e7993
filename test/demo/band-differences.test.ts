/**
 * The per-band verdicts of the demo's comparison (src/demo/band-differences.ts) on synthetic ensembles
 * with known line shapes: 8 "trajectories" per side, each a sum of two Gaussian bands whose position
 * and area scatter from unit to unit. A shift of 30 cm⁻¹ (ten times the position scatter) is OUTSIDE the
 * errors and the unchanged band within; a band with 1.5× the area is OUTSIDE in area; the same process
 * on both sides is within on every band.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Random } from "../../src/core/random.ts";
import { bandDifferences } from "../../src/demo/band-differences.ts";
import {
  bandAreas,
  compareEnsembles,
  confidenceBand,
  makeEnsemble,
  meanSpectrum,
  peakStatistics,
  type CurveWithErrors,
  type SpectrumEnsemble,
} from "../../src/spectra/uncertainty/index.ts";

const grid = Float64Array.from({ length: 1801 }, (_, i) => 400 + 2 * i);

/** Units with bands at `positions` (cm⁻¹, width 25), areas `areas` (km/mol), scatter 3 cm⁻¹ and 5 %. */
function ensemble(positions: number[], areas: number[], seed: number, label: string): SpectrumEnsemble {
  const rng = new Random(seed);
  const spectra = Array.from({ length: 8 }, () => {
    const bands = positions.map((p, k) => ({
      p: p + 3 * rng.normal(),
      a: areas[k] * (1 + 0.05 * rng.normal()),
    }));
    const y = grid.map((x) =>
      bands.reduce(
        (s, b) => s + (b.a / (25 * Math.sqrt(2 * Math.PI))) * Math.exp(-0.5 * ((x - b.p) / 25) ** 2),
        0,
      ),
    );
    return { wavenumber: grid, intensity: y, unit: "km/mol/cm-1", label };
  });
  return makeEnsemble(
    spectra,
    spectra.map(() => 1),
    spectra.map((_, i) => `${label} ${i}`),
    label,
  );
}

/** A curve with errors as spectraWithErrors makes it, from a ready ensemble. */
function curve(e: SpectrumEnsemble): CurveWithErrors {
  const band = confidenceBand(e);
  return {
    name: "ir",
    spectrum: meanSpectrum(e),
    ensemble: e,
    band,
    peaks: peakStatistics(e),
    total: bandAreas(e, [[grid[0], grid[grid.length - 1]]])[0],
  };
}

function verdicts(a: SpectrumEnsemble, b: SpectrumEnsemble) {
  const c = compareEnsembles(a, b, { window: 100, threshold: 0.05, replicates: 200 });
  return bandDifferences(c, curve(a), curve(b));
}

test("a real shift and a real area difference are outside the errors", () => {
  const reference = ensemble([1000, 3000], [60, 40], 1, "reference");
  const model = ensemble([1030, 3000], [60, 60], 2, "model");
  const d = verdicts(reference, model);
  assert.equal(d.length, 2);
  const [low, high] = d;
  assert.ok(Math.abs(low.shiftCm - 30) < 5, `shift ${low.shiftCm}`);
  assert.equal(low.shiftOutsideErrors, true);
  assert.equal(high.shiftOutsideErrors, false);
  // areas: the reference band owns its range; 1.5× is outside, equal is within
  assert.ok(Math.abs(high.referenceArea.value - 40) < 2, `${high.referenceArea.value}`);
  assert.ok(Math.abs(high.modelArea.value - 60) < 3, `${high.modelArea.value}`);
  assert.equal(high.areaOutsideErrors, true);
  assert.equal(low.areaOutsideErrors, false);
  // the combined error is the quadrature sum of the two sides' errors
  assert.ok(
    Math.abs(
      high.areaDifferenceError - Math.hypot(high.referenceArea.standardError, high.modelArea.standardError),
    ) < 1e-12,
  );
});

test("the same process on both sides is within the errors on every band", () => {
  const d = verdicts(ensemble([1000, 3000], [60, 40], 3, "a"), ensemble([1000, 3000], [60, 40], 4, "b"));
  assert.equal(d.length, 2);
  for (const b of d) {
    assert.equal(b.shiftOutsideErrors, false, `shift ${b.shiftCm} ± ${b.shiftErrorCm}`);
    assert.equal(b.areaOutsideErrors, false, `area ${b.areaDifference} ± ${b.areaDifferenceError}`);
  }
});

test("a side with one unit has no verdict, not 'within'", () => {
  const one = ensemble([1000, 3000], [60, 40], 5, "one");
  const single = {
    ...one,
    members: one.members.slice(0, 1),
    weights: one.weights.slice(0, 1),
    sources: ["x"],
  };
  const spectrum = meanSpectrum(single);
  const other = ensemble([1000, 3000], [60, 40], 6, "other");
  const c = compareEnsembles(spectrum, other, { window: 100, threshold: 0.05, replicates: 100 });
  const singleCurve: CurveWithErrors = { name: "ir", spectrum, ensemble: single, note: "one unit" };
  const d = bandDifferences(c, singleCurve, curve(other));
  for (const b of d) {
    assert.equal(b.areaOutsideErrors, undefined);
    assert.ok(Number.isNaN(b.referenceArea.standardError));
    assert.equal(typeof b.shiftOutsideErrors, "boolean", "the shift error comes from the resampled side");
  }
});
