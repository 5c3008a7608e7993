import { test } from "node:test";
import assert from "node:assert/strict";
import { fs, fromWavenumber, kelvin, Random } from "../../src/core/index.ts";
import { powerSpectrum } from "../../src/spectra/power.ts";
import { compareSpectra, findPeaks, formatComparison } from "../../src/spectra/compare.ts";
import { integrate, type Spectrum } from "../../src/spectra/fourier.ts";
import { makeTimeSeries } from "../../src/spectra/time-series.ts";
import { windowFunction } from "../../src/spectra/windows.ts";

test("power spectrum: two atoms on springs of different frequency; area = degrees of freedom", () => {
  const rng = new Random(3);
  const dt = fs(1);
  const n = 4000;
  const masses = Float64Array.from([1, 1, 1, 16, 16, 16].map((m) => m * 1822.888));
  const freqs = [1000, 2500];
  const series = Array.from({ length: 20 }, () => {
    const v = new Float64Array(n * 6);
    for (let a = 0; a < 2; a++) {
      const w = fromWavenumber(freqs[a]);
      for (let x = 0; x < 3; x++) {
        const amp = rng.normal() * Math.sqrt(kelvin(300) / masses[3 * a]);
        const phase = 2 * Math.PI * rng.uniform();
        for (let i = 0; i < n; i++) v[i * 6 + 3 * a + x] = amp * Math.cos(w * i * dt + phase);
      }
    }
    return makeTimeSeries(v, 6, dt, { quantity: "velocities", masses });
  });
  const g = powerSpectrum(series, { maxLag: 2000, fmax: 4000, spacing: 1 });
  close(integrate(g.wavenumber, g.intensity), 6, 0.02, "∫g dν̃ = 3N");
  const peaks = findPeaks(g.wavenumber, g.intensity, { threshold: 0.1 });
  assert.deepEqual(
    peaks.map((p) => Math.round(p.position)),
    [1000, 2500],
  );
  // mass-weighted: each atom's band holds its 3 modes whatever its mass
  close(integrate(g.wavenumber, g.intensity, 0, 1750), 3, 0.05, "band of the light atom");
  assert.throws(
    () => powerSpectrum(makeTimeSeries(new Float64Array(600), 6, dt)),
    /needs masses/,
    "no masses for a mass-weighted spectrum",
  );
});

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

function gaussians(
  centres: number[],
  heights: number[],
  width: number,
  label: string,
  spacing = 1,
): Spectrum {
  const x = Float64Array.from({ length: Math.round(4000 / spacing) + 1 }, (_, i) => i * spacing);
  const y = x.map((v) =>
    centres.reduce((s, c, k) => s + heights[k] * Math.exp(-0.5 * ((v - c) / width) ** 2), 0),
  );
  return { wavenumber: x, intensity: y, unit: "arb", label };
}

test("peak picking: positions refined below the grid spacing, threshold and prominence", () => {
  const s = gaussians([1000.3, 1600, 1630, 3000], [1, 0.5, 0.48, 0.02], 8, "s", 2);
  const peaks = findPeaks(s.wavenumber, s.intensity, { threshold: 0.05 });
  assert.deepEqual(
    peaks.map((p) => Math.round(p.position * 10) / 10),
    [1000.3, 1600, 1630],
    "the 2 % peak is under the threshold",
  );
  // the 1630 band rises only ≈ 0.31 above its saddle with the higher 1600 band: prominence filters it
  const strict = findPeaks(s.wavenumber, s.intensity, { threshold: 0.05, minProminence: 0.4 });
  assert.deepEqual(
    strict.map((p) => Math.round(p.position)),
    [1000, 1600],
  );
  close(peaks[2].prominence, 0.48 - 2 * 0.49 * Math.exp(-0.5 * (15 / 8) ** 2), 0.05, "prominence of 1630");
});

test("comparison: matched peaks with shifts and ratios, overlap 1 for the same shape", () => {
  const a = gaussians([1600, 3400, 3500], [1, 2, 1], 10, "ref");
  const b = gaussians([1610, 3390, 3700], [2, 4, 2], 10, "md"); // doubled scale, shifted bands
  const c = compareSpectra(a, b, { window: 50 });
  assert.equal(c.matches.length, 2);
  close(c.matches[0].shift, 10, 1e-3, "shift of band 1");
  close(c.matches[1].shift, -10, 1e-3, "shift of band 2");
  close(c.matches[0].ratio, 1, 1e-3, "ratio after area normalisation");
  assert.deepEqual(
    c.unmatchedA.map((p) => Math.round(p.position)),
    [3500],
  );
  assert.deepEqual(
    c.unmatchedB.map((p) => Math.round(p.position)),
    [3700],
  );
  close(
    compareSpectra(a, { ...a, intensity: a.intensity.map((v) => 7 * v) }).overlap,
    1,
    1e-12,
    "same shape",
  );
  const far = compareSpectra(gaussians([500], [1], 10, "x"), gaussians([3000], [1], 10, "y"));
  assert.ok(far.overlap < 1e-6, `disjoint bands overlap ${far.overlap}`);
  assert.match(
    formatComparison(c, "ref", "md"),
    /overlap \(cosine similarity of area-normalised spectra\): 0\.\d{4}/,
  );
  assert.throws(
    () => compareSpectra(a, { ...b, intensity: b.intensity.map((v, i) => (i === 5 ? NaN : v)) }),
    /md: intensity at row 5 is not finite/,
  );
});

test("windows: w(0) = 1, Hann reaches 0 at the last lag, Gaussian width", () => {
  const h = windowFunction("hann", 10);
  close(h[0], 1, 0, "Hann w0");
  close(h[10], 0, 1e-15, "Hann wM");
  close(h[5], 0.5, 1e-15, "Hann mid");
  const g = windowFunction("gaussian", 30);
  close(g[10], Math.exp(-0.5), 1e-15, "Gaussian at σ = M/3");
  assert.throws(() => windowFunction("box" as never, 10), /unknown window 'box'/);
});
