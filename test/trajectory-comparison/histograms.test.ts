import { test } from "node:test";
import assert from "node:assert/strict";
import { Random } from "../../src/core/random.ts";
import {
  binCentres,
  commonGrid,
  histogram,
  histogramsOnCommonGrid,
  periodicGrid,
} from "../../src/trajectory-comparison/histograms.ts";
import { jensenShannonDivergence, overlapCoefficient } from "../../src/trajectory-comparison/divergence.ts";

/** Normal cumulative distribution via erfc (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    ); // prettier-ignore
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

test("histogram of Gaussian samples matches the bin integrals of the Gaussian", () => {
  const rng = new Random(2024);
  const N = 200_000;
  const [mu, sigma] = [1.5, 0.2];
  const samples = Float64Array.from({ length: N }, () => mu + sigma * rng.normal());
  const h = histogram(samples, { lo: mu - 5 * sigma, hi: mu + 5 * sigma, nBins: 50, periodic: false });
  assert.equal(h.total, N);
  const w = (10 * sigma) / 50;
  let worst = 0;
  h.probability.forEach((p, i) => {
    const lo = mu - 5 * sigma + i * w;
    const expected = normalCdf((lo + w - mu) / sigma) - normalCdf((lo - mu) / sigma);
    const z = Math.abs(p - expected) / Math.sqrt(expected / N + 1e-12);
    worst = Math.max(worst, z);
    // density integrates back: density × width = probability
    assert.ok(Math.abs(h.density[i] * w - p) < 1e-15);
  });
  assert.ok(worst < 5, `largest deviation ${worst.toFixed(2)} standard errors`);
  // The density at the centre is close to 1/(σ√2π) (bin-averaged, 0.2σ wide bins).
  const centre = h.density[24] + h.density[25];
  assert.ok(Math.abs(centre / 2 - 1 / (sigma * Math.sqrt(2 * Math.PI))) < 0.03 / sigma);
});

test("common grid covers both sample sets; periodic grid wraps by one period", () => {
  const g = commonGrid(
    [
      [1, 2, 3],
      [2.5, 4],
    ],
    4,
  );
  assert.ok(g.lo < 1 && g.hi > 4 && !g.periodic);
  const [a, b] = histogramsOnCommonGrid(
    [
      [1, 2, 3],
      [2.5, 4],
    ],
    { nBins: 4 },
  );
  assert.equal(a.total, 3);
  assert.equal(
    b.counts.reduce((s, c) => s + c, 0),
    2,
  );
  const p = periodicGrid(36);
  const h1 = histogram([3.1, -3.1, 0.2], p);
  const h2 = histogram([3.1 - 2 * Math.PI, -3.1 + 4 * Math.PI, 0.2 + 2 * Math.PI], p);
  assert.deepEqual([...h1.counts], [...h2.counts]);
  // −3.1 and 3.1 are in the first and last bins: neighbours across the periodic boundary
  assert.equal(h1.counts[0], 1);
  assert.equal(h1.counts[35], 1);
  assert.equal(binCentres(p).length, 36);
  assert.throws(
    () => histogram([5], { lo: 0, hi: 1, nBins: 2, periodic: false }),
    /sample 0 = 5 lies outside/,
  );
  assert.throws(() => histogram([NaN], p), /sample 0 is not finite/);
  assert.throws(() => commonGrid([[1]], 0), /positive integer/);
});

test("JS divergence and overlap: identical samples 0 and 1, disjoint samples 1 and 0, a hand case", () => {
  const rng = new Random(5);
  const x = Float64Array.from({ length: 5000 }, () => rng.normal());
  const [h1, h2] = histogramsOnCommonGrid([x, x.slice()], { nBins: 40 });
  assert.equal(jensenShannonDivergence(h1.probability, h2.probability), 0);
  assert.equal(overlapCoefficient(h1.probability, h2.probability), 1);
  const [d1, d2] = histogramsOnCommonGrid([x, Float64Array.from(x, (v) => v + 100)], { nBins: 400 });
  assert.ok(Math.abs(jensenShannonDivergence(d1.probability, d2.probability) - 1) < 1e-12);
  assert.equal(overlapCoefficient(d1.probability, d2.probability), 0);
  // p = (1, 0), q = (½, ½), m = (¾, ¼): JS = ½ log₂(4/3) + ¼ log₂(2/3) + ¼ log₂ 2
  const expected = 0.5 * Math.log2(4 / 3) + 0.25 * Math.log2(2 / 3) + 0.25;
  assert.ok(Math.abs(jensenShannonDivergence([1, 0], [0.5, 0.5]) - expected) < 1e-15);
  assert.equal(overlapCoefficient([1, 0], [0.5, 0.5]), 0.5);
  // Two independent samples of one distribution: small but nonzero divergence.
  const y = Float64Array.from({ length: 5000 }, () => rng.normal());
  const [s1, s2] = histogramsOnCommonGrid([x, y], { nBins: 40 });
  const js = jensenShannonDivergence(s1.probability, s2.probability);
  assert.ok(js > 0 && js < 0.01, `JS ${js}`);
  assert.throws(() => jensenShannonDivergence([1], [0.5, 0.5]), /same grid; got 1 and 2 bins/);
  assert.throws(() => overlapCoefficient([0.7, 0.7], [0.5, 0.5]), /sums to 1.4/);
});
