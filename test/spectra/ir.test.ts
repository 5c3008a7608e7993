import { test } from "node:test";
import assert from "node:assert/strict";
import { Random, SPEED_OF_LIGHT_AU, fs, kelvin, fromWavenumber } from "../../src/core/index.ts";
import { autocorrelation, crossCorrelation, directCorrelation } from "../../src/spectra/correlation.ts";
import { irSpectrum } from "../../src/spectra/ir.ts";
import { integrate } from "../../src/spectra/fourier.ts";
import { makeTimeSeries, type TimeSeries } from "../../src/spectra/time-series.ts";
import { quantumCorrectionFactor } from "../../src/spectra/quantum-corrections.ts";
import { BOHR2_TO_KM_PER_MOL } from "../../src/spectra/spectral-units.ts";

/** Index of the largest value. */
const argmax = (y: ArrayLike<number>): number => {
  let best = 0;
  for (let i = 1; i < y.length; i++) if (y[i] > y[best]) best = i;
  return best;
};

test("FFT correlation equals the direct sum (auto and cross, unbiased and biased, several components)", () => {
  const rng = new Random(7);
  const n = 301;
  const values = rng.fillNormal(new Float64Array(n * 2));
  const other = rng.fillNormal(new Float64Array(n * 2));
  const a = makeTimeSeries(values, 2, 1);
  const b = makeTimeSeries(other, 2, 1);
  const col = (s: TimeSeries, c: number) => Float64Array.from({ length: n }, (_, i) => s.values[i * 2 + c]);
  for (const normalisation of ["unbiased", "biased"] as const) {
    const fft = crossCorrelation(a, b, { maxLag: 300, normalisation });
    const d0 = directCorrelation(col(a, 0), col(b, 0), 300, normalisation);
    const d1 = directCorrelation(col(a, 1), col(b, 1), 300, normalisation);
    fft.values.forEach((v, k) => assert.ok(Math.abs(v - (d0[k] + d1[k])) < 1e-12, `lag ${k}: ${v}`));
  }
  // two items of one component each: averaged, not summed
  const auto = autocorrelation(a, { maxLag: 50, componentsPerItem: 1 });
  const e0 = directCorrelation(col(a, 0), col(a, 0), 50);
  const e1 = directCorrelation(col(a, 1), col(a, 1), 50);
  auto.values.forEach((v, k) => assert.ok(Math.abs(v - (e0[k] + e1[k]) / 2) < 1e-12, `items lag ${k}`));
  // pooling two trajectories of different length: lag sums and counts add up
  const short = makeTimeSeries(values.subarray(0, 400), 2, 1); // 200 steps
  const pooled = autocorrelation([a, short], { maxLag: 10 });
  const sum = (x: Float64Array, k: number) => {
    let s = 0;
    for (let i = 0; i + k < x.length / 2; i++)
      s += x[2 * i] * x[2 * (i + k)] + x[2 * i + 1] * x[2 * (i + k) + 1];
    return s;
  };
  for (let k = 0; k <= 10; k++) {
    const expected = (sum(values, k) + sum(values.subarray(0, 400), k)) / (n - k + 200 - k);
    assert.ok(Math.abs(pooled.values[k] - expected) < 1e-12, `pooled lag ${k}`);
  }
});

test("zero padding: no circular wrap-around at long lags", () => {
  // a constant signal: the unbiased autocorrelation is exactly 1 at every lag (wrap-around would add)
  const s = makeTimeSeries(new Float64Array(64).fill(1), 1, 1);
  const c = autocorrelation(s, { maxLag: 63 });
  c.values.forEach((v, k) => assert.ok(Math.abs(v - 1) < 1e-12, `lag ${k}: ${v}`));
});

/** Dipole trajectory of two cosine bands in different Cartesian components. */
function twoBands(n: number, dt: number, nu1: number, a1: number, nu2: number, a2: number): TimeSeries {
  const v = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    v[i * 3] = a1 * Math.cos(fromWavenumber(nu1) * i * dt);
    v[i * 3 + 2] = a2 * Math.cos(fromWavenumber(nu2) * i * dt + 0.3);
  }
  return makeTimeSeries(v, 3, dt, { quantity: "dipole" });
}

test("a cosine dipole gives a peak at its frequency; two bands keep their intensity ratio", () => {
  const dt = fs(0.5);
  const s = twoBands(8000, dt, 1650, 0.02, 3400, 0.05);
  const ir = irSpectrum(s, {
    temperature: kelvin(300),
    maxLag: 4000,
    fmax: 4000,
    spacing: 1,
    window: "hann",
  });
  const lo = ir.wavenumber.findIndex((x) => x > 2500);
  const p1 = argmax(ir.intensity.subarray(0, lo));
  const p2 = lo + argmax(ir.intensity.subarray(lo));
  assert.ok(Math.abs(ir.wavenumber[p1] - 1650) <= 1, `band 1 at ${ir.wavenumber[p1]}`);
  assert.ok(Math.abs(ir.wavenumber[p2] - 3400) <= 1, `band 2 at ${ir.wavenumber[p2]}`);
  // for μ = a cos ωt the band area of ⟨μ̇μ̇⟩ is ∝ a²ω²: ratio (0.05·3400)² / (0.02·1650)²
  const area1 = integrate(ir.wavenumber, ir.intensity, 0, 2500);
  const area2 = integrate(ir.wavenumber, ir.intensity, 2500, 4000);
  const expected = (0.05 * 3400) ** 2 / (0.02 * 1650) ** 2;
  assert.ok(Math.abs(area2 / area1 / expected - 1) < 0.01, `ratio ${area2 / area1} vs ${expected}`);
  // per-component normalisation (schnetpack's defect) would give a ratio of (3400/1650)² instead
  assert.ok(Math.abs(area2 / area1 - (3400 / 1650) ** 2) > 1, "not the per-component ratio");
  // finite differences (with their transfer function divided out) agree with the spectral derivative
  const fd = irSpectrum(s, {
    temperature: kelvin(300),
    maxLag: 4000,
    fmax: 4000,
    spacing: 1,
    derivative: "finite-difference",
  });
  const fdArea2 = integrate(fd.wavenumber, fd.intensity, 2500, 4000);
  assert.ok(Math.abs(fdArea2 / area2 - 1) < 0.01, `finite-difference area ${fdArea2} vs ${area2}`);
});

/**
 * An ensemble of charged 3-D harmonic oscillators with exact trajectories from Maxwell–Boltzmann
 * initial conditions: μ(t) = Z [q₀ cos ω₀t + p₀/(mω₀) sin ω₀t].
 */
function oscillatorEnsemble(
  count: number,
  omega0: number,
  temperature: number,
  mass: number,
  z: number,
  n: number,
  dt: number,
  rng: Random,
): TimeSeries[] {
  const out: TimeSeries[] = [];
  for (let j = 0; j < count; j++) {
    const q0 = [0, 1, 2].map(() => rng.normal() * Math.sqrt(temperature / (mass * omega0 ** 2)));
    const p0 = [0, 1, 2].map(() => rng.normal() * Math.sqrt(mass * temperature));
    const v = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      const t = i * dt;
      for (let k = 0; k < 3; k++) {
        v[i * 3 + k] = z * (q0[k] * Math.cos(omega0 * t) + (p0[k] / (mass * omega0)) * Math.sin(omega0 * t));
      }
    }
    out.push(makeTimeSeries(v, 3, dt, { quantity: "dipole" }));
  }
  return out;
}

test("IR sum rule: ∫nα dω = πZ²/(2cVε₀m) for a charged oscillator, independent of ω₀ and T", () => {
  const mass = 1837.15;
  const z = 0.7;
  const epsilon0 = 1 / (4 * Math.PI);
  const exact = (Math.PI * z * z) / (2 * SPEED_OF_LIGHT_AU * epsilon0 * mass); // × 1/V, per oscillator
  const rng = new Random(2024);
  for (const [nu0, T] of [
    [1650, 300],
    [3400, 300],
    [1650, 50],
    [800, 1000],
  ]) {
    const dt = fs(0.5);
    const ensemble = oscillatorEnsemble(400, fromWavenumber(nu0), kelvin(T), mass, z, 1024, dt, rng);
    const ir = irSpectrum(ensemble, { temperature: kelvin(T), maxLag: 512, fmax: 6000, spacing: 2 });
    // σ is per molecule and V = 1: integrate over ω in atomic units
    const area = integrate(ir.omega, ir.crossSection);
    // the ensemble's kinetic energy fluctuates: compare with what equipartition of this sample gives
    assert.ok(Math.abs(area / exact - 1) < 0.05, `ν₀ = ${nu0} cm⁻¹, T = ${T} K: ${area} vs ${exact}`);
    // the intensity column is the same σ in km/mol per cm⁻¹
    assert.ok(Math.abs(ir.intensity[10] / ir.crossSection[10] - BOHR2_TO_KM_PER_MOL) < 1e-9, "km/mol units");
  }
});

test("quantum correction factors equal the reference table (300 K)", () => {
  const T = kelvin(300);
  const table: [number, number, number, number][] = [
    [200, 1.5551, 1.6154, 1.4459],
    [1650, 7.9162, 52.28, 1.9993],
    [3400, 16.306, 3474, 2.0],
  ];
  for (const [nu, harmonic, schofield, standard] of table) {
    const w = fromWavenumber(nu);
    const close = (a: number, b: number, what: string) =>
      assert.ok(Math.abs(a / b - 1) < 5e-4, `${what} at ${nu} cm⁻¹: ${a} vs ${b}`);
    close(quantumCorrectionFactor("harmonic", w, T), harmonic, "harmonic");
    close(quantumCorrectionFactor("none", w, T), harmonic, "none (Kubo → standard)");
    close(quantumCorrectionFactor("schofield", w, T), schofield, "Schofield");
    close(quantumCorrectionFactor("standard", w, T), standard, "standard");
  }
  assert.throws(() => quantumCorrectionFactor("bogus" as never, 1, T), /unknown quantum correction 'bogus'/);
});

test("bad input: too short for the resolution, missing temperature, NaN", () => {
  const s = twoBands(200, fs(0.5), 1650, 0.02, 3400, 0.05);
  assert.throws(
    () => irSpectrum(s, { temperature: kelvin(300), resolution: 2 }),
    /series too short: a maximum lag of \d+ steps \(for a resolution of 2 cm⁻¹\) needs at least/,
  );
  assert.throws(() => irSpectrum(s, { temperature: kelvin(300), maxLagFs: 500 }), /series too short/);
  assert.throws(() => irSpectrum(s, { temperature: 0 }), /positive temperature/);
  assert.throws(() => irSpectrum(s, { temperature: kelvin(300), fmax: 50000 }), /above the Nyquist/);
  const bad = s.values.slice();
  bad[31] = NaN;
  assert.throws(
    () => makeTimeSeries(bad, 3, fs(0.5), { source: "x.xyz", quantity: "dipole" }),
    /x.xyz: dipole: non-finite value \(NaN\) at step 10, component 1/,
  );
});
