/**
 * --until: the loop adds trajectories until the target is met (synthetic errors that fall as 1/√N),
 * stops at the replica budget or the wall-time budget and says which; and on the tiny demo, seeded, the
 * classical IR's band narrows when the loop adds replicas (2 → 4) and the summary says the budget ended it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { overridesFrom } from "../../src/cli/commands/demo.ts";
import { untilStatus } from "../../src/demo/classical-until.ts";
import { loadDemoConfig, untilTarget } from "../../src/demo/config.ts";
import type { SpectraSettings } from "../../src/demo/spectra.ts";
import { runDemo } from "../../src/demo/run-demo.ts";
import { addReplicasUntil } from "../../src/demo/until.ts";
import {
  bandAreas,
  compareEnsembles,
  confidenceBand,
  convergenceStatus,
  makeEnsemble,
  meanSpectrum,
  parseConvergenceTarget,
  type CurveWithErrors,
  type SpectrumEnsemble,
} from "../../src/spectra/uncertainty/index.ts";

/** A status whose error is c/√N, the law of independent trajectories. */
function synthetic(c: number, target: string) {
  const t = parseConvergenceTarget(target);
  return (replicas: number) => {
    const se = c / Math.sqrt(replicas);
    const comparison = { overlapError: { standardError: se } } as never;
    return convergenceStatus(t, { comparison, units: replicas });
  };
}

test("until: adds batches until the target is met, and stops there", async () => {
  const batches: number[] = [];
  const out = await addReplicasUntil({
    target: parseConvergenceTarget("overlap:0.01"),
    budget: { maxReplicas: 100, maxWallS: 1e6 },
    replicas: 2,
    firstBatchWallS: 1,
    status: synthetic(0.05, "overlap:0.01"), // needs N ≥ 25
    addBatch: async (n) => {
      batches.push(n);
    },
  });
  assert.equal(out.stop, "met");
  assert.ok(out.met);
  assert.ok(out.replicas >= 25 && out.replicas <= 50, `${out.replicas}`);
  assert.ok(0.05 / Math.sqrt(out.replicas) <= 0.01);
  // the trajectory count before the last batch did not meet it: no batch more than needed
  const before = out.rounds[out.rounds.length - 2].replicas;
  assert.ok(0.05 / Math.sqrt(before) > 0.01);
  // never more than doubling on one estimate
  let n = 2;
  for (const b of batches) {
    assert.ok(b >= 1 && b <= n, `batch ${b} after ${n}`);
    n += b;
  }
  assert.match(out.message, /--until overlap:0\.01: met with \d+ trajectories/);
});

test("until: a target already met runs nothing more", async () => {
  let calls = 0;
  const out = await addReplicasUntil({
    target: parseConvergenceTarget("overlap:0.1"),
    budget: { maxReplicas: 8, maxWallS: 10 },
    replicas: 4,
    firstBatchWallS: 1,
    status: synthetic(0.05, "overlap:0.1"),
    addBatch: async () => {
      calls++;
    },
  });
  assert.equal(out.stop, "met");
  assert.equal(calls, 0);
  assert.equal(out.rounds.length, 1);
});

test("until: stops when the replica budget or the wall-time budget is spent, and says which", async () => {
  const byCount = await addReplicasUntil({
    target: parseConvergenceTarget("overlap:0.001"),
    budget: { maxReplicas: 7, maxWallS: 1e6 },
    replicas: 2,
    firstBatchWallS: 1,
    status: synthetic(0.05, "overlap:0.001"),
    addBatch: async () => {},
  });
  assert.equal(byCount.stop, "max_replicas");
  assert.equal(byCount.replicas, 7);
  assert.ok(!byCount.met);
  assert.match(byCount.message, /NOT met: the budget of 7 trajectories is spent/);

  // a fake clock: every trajectory costs 10 s; 2 run (20 s), budget 65 s → 4 more fit, not 5
  let now = 20;
  const byTime = await addReplicasUntil({
    target: parseConvergenceTarget("overlap:0.001"),
    budget: { maxReplicas: 1000, maxWallS: 65 },
    replicas: 2,
    firstBatchWallS: 20,
    status: synthetic(0.05, "overlap:0.001"),
    addBatch: async (n) => {
      now += 10 * n;
    },
    clock: () => now,
  });
  assert.equal(byTime.stop, "max_wall_s");
  assert.equal(byTime.replicas, 6);
  assert.ok(byTime.rounds.at(-1)!.elapsedS <= 65);
  assert.match(byTime.message, /NOT met: the wall-time budget of 65 s is spent/);
});

test("bad --until targets and budgets are errors naming the field", async () => {
  await assert.rejects(
    loadDemoConfig(undefined, { until: { max_replicas: 4 } }),
    /until: give exactly one target/,
  );
  const c = await loadDemoConfig(undefined, { until: { area: "five" } });
  await assert.rejects(
    runDemo({ ...c, model: c.model, output: join(tmpdir(), "never") }, () => {}),
    /until\.area: expected a relative error such as 5%/,
  );
});

test("--until on the command line: the target replaces the file's, budgets are numbers", async () => {
  const o = overridesFrom(
    { until: "area:5%", maxReplicas: "8", maxWallS: "60" },
    { classical: 0.5, trpmd: 0.5 },
  );
  const c = await loadDemoConfig(undefined, o);
  assert.deepEqual(untilTarget(c), { kind: "area", relativeError: 0.05 });
  assert.equal(c.until?.max_replicas, 8);
  assert.equal(c.until?.max_wall_s, 60);
  assert.throws(
    () => overridesFrom({ until: "area" }, { classical: 0.5, trpmd: 0.5 }),
    /--until: expected area:/,
  );
  assert.throws(
    () => overridesFrom({ until: "area:5%", maxReplicas: "x" }, { classical: 0.5, trpmd: 0.5 }),
    /--max-replicas/,
  );
});

/** A curve with errors from 2-peak Gaussian units whose heights scatter by 10 %. */
function syntheticCurve(units: number, seed: number): CurveWithErrors {
  const grid = Float64Array.from({ length: 901 }, (_, i) => 400 + 4 * i);
  let state = seed;
  const noise = () => ((state = (state * 16807) % 2147483647) / 2147483647 - 0.5) * 0.2;
  const spectra = Array.from({ length: units }, () => {
    const [a, b] = [1 + noise(), 1 + noise()];
    const y = grid.map(
      (x) => a * Math.exp(-(((x - 1000) / 30) ** 2)) + b * Math.exp(-(((x - 3000) / 30) ** 2)),
    );
    return { wavenumber: grid, intensity: y, unit: "km/mol/cm-1", label: "synthetic" };
  });
  const e = makeEnsemble(
    spectra,
    spectra.map(() => 1),
    spectra.map((_, i) => `unit ${i}`),
  );
  return units < 2
    ? { name: "ir", spectrum: meanSpectrum(e), ensemble: e, note: "one unit" }
    : {
        name: "ir",
        spectrum: meanSpectrum(e),
        ensemble: e,
        band: confidenceBand(e),
        total: bandAreas(e, [[400, 4000]])[0],
      };
}

test("until status: area from the curve's total, overlap from the comparison; no error is 'not met'", () => {
  const s = { matchWindowCm: 100, peakThreshold: 0.05, level: 0.95, seed: 1 } as SpectraSettings;
  const model = syntheticCurve(6, 7);
  const reference = syntheticCurve(4, 11);
  const area = untilStatus(parseConvergenceTarget("area:50%"), model, undefined, 6, s);
  assert.ok(area.met);
  assert.equal(area.value, model.total!.standardError / model.total!.value);
  const overlap = untilStatus(parseConvergenceTarget("overlap:1e-9"), model, reference, 6, s);
  const c = compareEnsembles(reference.ensemble, model.ensemble, {
    window: 100,
    threshold: 0.05,
    level: 0.95,
    seed: 1,
    replicates: 500,
  });
  assert.equal(overlap.value, c.overlapError!.standardError);
  assert.ok(!overlap.met && overlap.projectedUnits > 6);
  const none = untilStatus(parseConvergenceTarget("area:50%"), syntheticCurve(1, 3), undefined, 1, s);
  assert.ok(!none.met && Number.isNaN(none.value));
  assert.match(none.message, /no error yet/);
});

/** Mean width of the band of the first `n` units of an ensemble. */
function meanWidth(e: SpectrumEnsemble, n: number): number {
  const sub = {
    ...e,
    members: e.members.slice(0, n),
    weights: e.weights.slice(0, n),
    sources: e.sources.slice(0, n),
  };
  const b = confidenceBand(sub);
  let w = 0;
  for (let j = 0; j < b.lower.length; j++) w += b.upper[j] - b.lower[j];
  return w / b.lower.length;
}

test("tiny demo with until: 2 → 4 replicas by the budget; the band narrows", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-until-"));
  const config = await loadDemoConfig(undefined, {
    output: join(dir, "out"),
    reference: { dipoles: ["test/fixtures/demo/xtb-dipoles-200fs.csv"] },
    classical: { replicas: 2, equilibration_fs: 5, production_fs: 60 },
    trpmd: { enabled: false },
    spectra: { max_lag_fs: 15 },
    until: { area: "0.1%", max_replicas: 4 },
    progress: false,
  });
  const result = await runDemo(config, () => {});
  const u = result.until!;
  assert.equal(u.stop, "max_replicas");
  assert.deepEqual(
    u.rounds.map((r) => r.replicas),
    [2, 4],
  );
  const e = result.spectra.errors.irClassical;
  assert.equal(e.ensemble.members.length, 4);
  assert.deepEqual(
    e.ensemble.sources,
    [0, 1, 2, 3].map((k) => `classical replica ${k}`),
  );
  const w2 = meanWidth(e.ensemble, 2);
  const w4 = meanWidth(e.ensemble, 4);
  assert.ok(w4 < w2, `band width with 4 replicas ${w4} vs 2 replicas ${w2}`);
  // the band contains the mean
  const b = e.band!;
  for (let j = 0; j < b.center.length; j++) assert.ok(b.lower[j] <= b.center[j] && b.center[j] <= b.upper[j]);
  assert.match(result.summary, /--until area:0\.1%: NOT met: the budget of 4 trajectories is spent/);
  const json = JSON.parse(readFileSync(join(dir, "out/summary.json"), "utf8")) as {
    until: { stopped_by: string; trajectories: number };
  };
  assert.equal(json.until.stopped_by, "max_replicas");
  assert.equal(json.until.trajectories, 4);
});
