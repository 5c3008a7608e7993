import { test } from "node:test";
import assert from "node:assert/strict";
import { Random, SPEED_OF_LIGHT_AU, fromWavenumber, fs, kelvin } from "../../src/core/index.ts";
import { integrate, cosineTransform, omegaOf } from "../../src/spectra/fourier.ts";
import { irSpectrum } from "../../src/spectra/ir.ts";
import { ramanSpectra } from "../../src/spectra/raman.ts";
import { BOHR2_TO_KM_PER_MOL } from "../../src/spectra/spectral-units.ts";
import { makeTimeSeries, type TimeSeries } from "../../src/spectra/time-series.ts";
import { windowFunction } from "../../src/spectra/windows.ts";
import {
  bandAreas,
  compareEnsembles,
  confidenceBand,
  convergenceStatus,
  ensembleMean,
  ensembleUnits,
  irEnsemble,
  kineticTemperature,
  parseConvergenceTarget,
  peakStatistics,
  powerEnsemble,
  projectedUnits,
  ramanEnsembles,
  spectraWithErrors,
  splitIntoBlocks,
  studentTQuantile,
  type SpectrumEnsemble,
} from "../../src/spectra/uncertainty/index.ts";
import { dampedOscillatorSeries, positionCorrelation, type Oscillator } from "./damped-oscillator.ts";

const T = kelvin(300);
const dt = fs(1);
const steps = 2048;
const maxLag = 512;
const grid = { fmin: 0, fmax: 4000, spacing: 10, maxLag };
const band: Oscillator = { omega0: fromWavenumber(1500), gamma: fromWavenumber(60), temperature: T };

/** The expected IR spectrum of the estimator: the windowed exact correlation, transformed. */
function expectedIr(o: Oscillator, wavenumber: Float64Array): Float64Array {
  const w = windowFunction("hann", maxLag);
  const c = Float64Array.from({ length: maxLag + 1 }, (_, k) => 3 * positionCorrelation(o, k * dt) * w[k]);
  const omega = wavenumber.map(omegaOf);
  const s = cosineTransform({ dt, values: c }, omega);
  const prefactor = (1 / T / (6 * SPEED_OF_LIGHT_AU * (1 / (4 * Math.PI)))) * BOHR2_TO_KM_PER_MOL;
  return s.map((v, j) => prefactor * v * omega[j] ** 2);
}

function pool(o: Oscillator, count: number, seed: number): TimeSeries[] {
  const rng = new Random(seed);
  return Array.from({ length: count }, (_, i) => ({
    ...dampedOscillatorSeries(o, steps, dt, rng),
    meta: { quantity: "dipole", source: `trajectory ${i}` },
  }));
}

const members = pool(band, 160, 11);
const all = irEnsemble(members, { temperature: T, ...grid });
const truth = expectedIr(band, all.wavenumber);
const peak = Math.max(...truth);
/** Grid points where the band is (the tails are ~0 on both sides). */
const inBand = [...truth.keys()].filter((j) => truth[j] > 0.01 * peak);

function subset(e: SpectrumEnsemble, from: number, count: number): SpectrumEnsemble {
  return {
    ...e,
    members: e.members.slice(from, from + count),
    weights: e.weights.slice(from, from + count),
    sources: e.sources.slice(from, from + count),
  };
}

test("Student t quantiles equal the table", () => {
  for (const [p, dof, t] of [
    [0.975, 1, 12.7062],
    [0.975, 2, 4.3027],
    [0.975, 3, 3.1824],
    [0.975, 7, 2.3646],
    [0.975, 30, 2.0423],
    [0.995, 5, 4.0321],
    [0.025, 7, -2.3646],
  ]) {
    assert.ok(Math.abs(studentTQuantile(p, dof) - t) < 1e-4, `t(${p}, ${dof}) = ${studentTQuantile(p, dof)}`);
  }
});

test("the mean of the units' spectra is the spectrum of the pooled trajectories (equal lengths)", () => {
  const e = subset(all, 0, 4);
  const pooled = irSpectrum(members.slice(0, 4), { temperature: T, ...grid });
  const mean = ensembleMean(e);
  pooled.intensity.forEach((v, j) => assert.ok(Math.abs(v - mean[j]) <= 1e-9 * peak, `grid point ${j}`));
});

test("95 % t band covers the true spectrum at ≈ 95 % of grid points over 20 experiments of 8 trajectories", () => {
  let covered = 0;
  let total = 0;
  for (let x = 0; x < 20; x++) {
    const b = confidenceBand(subset(all, 8 * x, 8), { level: 0.95 });
    for (const j of inBand) {
      total++;
      if (b.lower[j] <= truth[j] && truth[j] <= b.upper[j]) covered++;
    }
  }
  const coverage = covered / total;
  assert.ok(coverage > 0.9 && coverage < 0.99, `coverage ${coverage.toFixed(3)}`);
  // a band at 50 % covers about half as often: the band's width means what it says
  let half = 0;
  for (let x = 0; x < 20; x++) {
    const b = confidenceBand(subset(all, 8 * x, 8), { level: 0.5 });
    for (const j of inBand) if (b.lower[j] <= truth[j] && truth[j] <= b.upper[j]) half++;
  }
  assert.ok(half / total > 0.38 && half / total < 0.62, `50 % band coverage ${(half / total).toFixed(3)}`);
});

test("the error shrinks as 1/√N, and the standard error predicts it", () => {
  const rms: number[] = [];
  for (const n of [2, 8, 32]) {
    let sq = 0;
    let se2 = 0;
    let count = 0;
    for (let x = 0; x + n <= 160; x += n) {
      const e = subset(all, x, n);
      const b = confidenceBand(e);
      for (const j of inBand) {
        sq += (b.center[j] - truth[j]) ** 2;
        se2 += b.standardError[j] ** 2;
        count++;
      }
    }
    rms.push(Math.sqrt(sq / count));
    const ratio = Math.sqrt(se2 / sq);
    assert.ok(ratio > 0.7 && ratio < 1.5, `N = ${n}: mean standard error / actual error = ${ratio}`);
  }
  for (const k of [0, 1]) {
    const r = rms[k] / rms[k + 1];
    assert.ok(r > 1.6 && r < 2.5, `error ratio for 4× more trajectories: ${r.toFixed(2)} (expected 2)`);
  }
});

test("percentile bootstrap band with many trajectories covers the truth too", () => {
  let covered = 0;
  let total = 0;
  for (let x = 0; x < 4; x++) {
    const b = confidenceBand(subset(all, 40 * x, 40), { method: "percentile", replicates: 400, seed: x });
    for (const j of inBand) {
      total++;
      if (b.lower[j] <= truth[j] && truth[j] <= b.upper[j]) covered++;
    }
  }
  assert.ok(covered / total > 0.85, `percentile coverage ${(covered / total).toFixed(3)}`);
});

test("one trajectory: a clear message instead of a zero-width band; blocks make it an ensemble", () => {
  const one = subset(all, 0, 1);
  assert.throws(() => confidenceBand(one), /1 independent trajectory.*at least 2.*--blocks N/s);
  assert.throws(() => bandAreas(one, [[1000, 2000]]), /at least 2/);
  // one long trajectory cut into 8 blocks gives about the error of 8 separate trajectories
  const long = dampedOscillatorSeries(band, 8 * steps, dt, new Random(5));
  const blocks = splitIntoBlocks(long, 8);
  assert.equal(blocks.length, 8);
  assert.match(String(blocks[2].meta.source), /block 3\/8/);
  const fromBlocks = confidenceBand(irEnsemble(blocks, { temperature: T, ...grid }));
  const fromRuns = confidenceBand(subset(all, 0, 8));
  const mean = (b: typeof fromRuns) => inBand.reduce((s, j) => s + b.standardError[j], 0) / inBand.length;
  const r = mean(fromBlocks) / mean(fromRuns);
  assert.ok(r > 0.5 && r < 2, `block / trajectory standard error ${r}`);
  assert.throws(() => splitIntoBlocks(long, 1), /blocks must be an integer ≥ 2/);
  assert.throws(() => irEnsemble(ensembleUnits([long], 64), { temperature: T, ...grid }), /series too short/);
});

test("band areas and peak positions carry standard errors that match their scatter", () => {
  // exact band area of the windowed spectrum and the areas of 20 independent 8-trajectory estimates
  const exact = integrate(all.wavenumber, truth, 1000, 2000);
  const estimates = Array.from({ length: 20 }, (_, x) => bandAreas(subset(all, 8 * x, 8), [[1000, 2000]])[0]);
  const values = estimates.map((a) => a.value);
  const m = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
  const se = Math.sqrt(estimates.reduce((s, a) => s + a.standardError ** 2, 0) / estimates.length);
  assert.ok(se / sd > 0.6 && se / sd < 1.6, `area standard error ${se} vs scatter ${sd}`);
  const inside = estimates.filter((a) => a.lower <= exact && exact <= a.upper).length;
  assert.ok(inside >= 16, `${inside}/20 area intervals contain the exact area`);

  const peaks = peakStatistics(subset(all, 0, 16), { replicates: 200 });
  assert.equal(peaks.length, 1, JSON.stringify(peaks.map((p) => p.peak.position)));
  const p = peaks[0];
  const top = all.wavenumber[truth.indexOf(peak)];
  assert.ok(Math.abs(p.position.value - top) < 4 * p.position.standardError + 5, `peak ${p.position.value}`);
  assert.ok(p.position.standardError > 0 && p.position.standardError < 20, `${p.position.standardError}`);
  assert.equal(p.position.found, 200);
  assert.ok(p.area.from < 1400 && p.area.to > 1600, `band range ${p.area.from}..${p.area.to}`);
});

test("comparison errors: a shifted band is resolved, the same process is not told apart", () => {
  const shifted = pool({ ...band, omega0: fromWavenumber(1530) }, 8, 99);
  const b = irEnsemble(shifted, { temperature: T, ...grid });
  const a = subset(all, 0, 8);
  const c = compareEnsembles(a, b, { replicates: 200 });
  assert.equal(c.matches.length, 1);
  const m = c.matches[0];
  assert.ok(m.shiftError !== undefined && c.overlapError !== undefined);
  assert.ok(m.shiftError.lower > 0, `shift ${m.shift} interval ${m.shiftError.lower}..${m.shiftError.upper}`);
  assert.ok(Math.abs(m.shift - 30) < 4 * m.shiftError.standardError + 3, `shift ${m.shift}`);
  const same = compareEnsembles(a, subset(all, 8, 8), { replicates: 200 });
  const e = same.matches[0].shiftError!;
  assert.ok(e.lower <= 0 && 0 <= e.upper, `same process: shift interval ${e.lower}..${e.upper}`);
  assert.ok(same.overlap > c.overlap, `overlap same ${same.overlap} vs shifted ${c.overlap}`);
  assert.ok(same.overlapError!.upper <= 1 && same.overlapError!.standardError > 0);
  // the same process: the infinitely sampled overlap is 1; the bias correction moves the estimate towards it
  // and the basic interval reaches it
  const corrected = same.overlapError!.corrected!;
  assert.ok(
    corrected > same.overlap && 1 - corrected < 0.6 * (1 - same.overlap),
    `${same.overlap} → ${corrected}`,
  );
  assert.ok(
    same.overlapError!.upper > 0.999,
    `interval ${same.overlapError!.lower}..${same.overlapError!.upper}`,
  );
  assert.ok(c.overlapError!.corrected! < 0.99 && c.overlapError!.upper < same.overlapError!.lower + 0.05);
  // a fixed reference spectrum on one side is allowed; two fixed spectra are not
  const fixed = { wavenumber: all.wavenumber, intensity: truth, unit: "km/mol/cm-1", label: "exact" };
  assert.ok(compareEnsembles(fixed, a, { replicates: 50 }).overlapError!.standardError > 0);
  assert.throws(() => compareEnsembles(fixed, fixed), /at least one side given as an ensemble/);
});

/** Exact trajectories of charged 3-D oscillators, each with its own energy (T_i), dipole and velocity. */
function spreadEnergies(temperatures: number[], omega0: number, mass: number, z: number, rng: Random) {
  const n = 1024;
  const step = fs(0.5);
  const dipoles: TimeSeries[] = [];
  const velocities: TimeSeries[] = [];
  for (const Ti of temperatures) {
    // three modes with equal energy k_B·T_i each (so that 2⟨K⟩/3 = k_B T_i exactly)
    const phases = [0, 1, 2].map(() => 2 * Math.PI * rng.uniform());
    const amp = Math.sqrt((2 * Ti) / (mass * omega0 ** 2));
    const mu = new Float64Array(n * 3);
    const v = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 3; k++) {
        const arg = omega0 * i * step + phases[k];
        mu[3 * i + k] = z * amp * Math.cos(arg);
        v[3 * i + k] = -amp * omega0 * Math.sin(arg);
      }
    }
    dipoles.push(makeTimeSeries(mu, 3, step, { quantity: "dipole" }));
    velocities.push(
      makeTimeSeries(v, 3, step, { quantity: "velocities", masses: new Float64Array(3).fill(mass) }),
    );
  }
  return { dipoles, velocities };
}

test("measured-temperature prefactor: spread energies give exact band areas with it, biased without", () => {
  const mass = 1837.15;
  const z = 0.7;
  const exact =
    ((Math.PI * z * z) / (2 * SPEED_OF_LIGHT_AU * (1 / (4 * Math.PI)) * mass)) * BOHR2_TO_KM_PER_MOL;
  const rng = new Random(3);
  const kelvins = Array.from({ length: 12 }, () => 150 + 400 * rng.uniform()); // mean ≈ 350 K, not 300
  const { dipoles, velocities } = spreadEnergies(kelvins.map(kelvin), fromWavenumber(1650), mass, z, rng);
  const measured = velocities.map((v) => kineticTemperature(v));
  measured.forEach((t, i) => assert.ok(Math.abs(t / kelvin(kelvins[i]) - 1) < 0.01, `T ${i}: ${t}`));
  const options = { temperature: T, maxLag: 512, fmax: 6000, spacing: 2 };
  // ∫σ dω (atomic units) in km/mol·(cm⁻¹ per a.u. of ω): compare the areas over ν̃ instead
  const exactPerCm = exact / fromWavenumber(1);
  const withT = irEnsemble(dipoles, { ...options, measuredTemperatures: measured });
  const without = irEnsemble(dipoles, options);
  withT.members.forEach((m, i) => {
    const area = integrate(withT.wavenumber, m);
    assert.ok(
      Math.abs(area / exactPerCm - 1) < 0.01,
      `trajectory ${i} (${kelvins[i].toFixed(0)} K): ${area}`,
    );
    const biased = integrate(without.wavenumber, without.members[i]) / exactPerCm;
    assert.ok(
      Math.abs(biased / (kelvins[i] / 300) - 1) < 0.01,
      `nominal β: ${biased} vs ${kelvins[i] / 300}`,
    );
  });
  const [a] = bandAreas(withT, [[0, 6000]]);
  assert.ok(Math.abs(a.value / exactPerCm - 1) < 0.005, `ensemble area ${a.value} vs ${exactPerCm}`);
  assert.ok(a.standardError / a.value < 0.005, `spread with measured T: ${a.standardError / a.value}`);
  const [b] = bandAreas(without, [[0, 6000]]);
  const meanT = kelvins.reduce((s, k) => s + k, 0) / kelvins.length;
  assert.ok(Math.abs(b.value / exactPerCm - meanT / 300) < 0.01, `nominal: ${b.value / exactPerCm}`);
  assert.ok(b.standardError / b.value > 0.05, `spread with nominal T: ${b.standardError / b.value}`);
});

test("convergence targets: parsing, status and the 1/√N projection", () => {
  assert.deepEqual(parseConvergenceTarget("area:5%"), { kind: "area", relativeError: 0.05 });
  assert.deepEqual(parseConvergenceTarget("overlap:0.01"), { kind: "overlap", error: 0.01 });
  assert.throws(() => parseConvergenceTarget("peaks:3"), /expected area:<relative error>/);
  assert.equal(projectedUnits(0.1, 4, 0.05), 16);
  const curves = spectraWithErrors(members.slice(0, 8), { kind: "ir", temperature: T, ...grid });
  const rel = curves[0].total!.standardError / curves[0].total!.value;
  const loose = convergenceStatus({ kind: "area", relativeError: 2 * rel }, { curve: curves[0], units: 8 });
  assert.ok(loose.met, loose.message);
  const tight = convergenceStatus({ kind: "area", relativeError: rel / 2 }, { curve: curves[0], units: 8 });
  assert.ok(!tight.met && tight.projectedUnits === 32, tight.message);
  // and the projection is honest: 32 units do reach about that error
  const more = spectraWithErrors(members.slice(0, 32), { kind: "ir", temperature: T, ...grid });
  const rel32 = more[0].total!.standardError / more[0].total!.value;
  assert.ok(rel32 < 0.75 * rel, `32 units: ${rel32} vs 8 units: ${rel}`);
});

test("Raman (each component) and power ensembles: the mean is the pooled spectrum, bands on every curve", () => {
  const rng = new Random(21);
  // polarizability tensors: a mean part and an anisotropic part driven by two damped oscillators
  const tensors = Array.from({ length: 4 }, () => {
    const a = dampedOscillatorSeries(band, steps, dt, rng, 2);
    const v = new Float64Array(steps * 9);
    for (let i = 0; i < steps; i++) {
      const [p, q] = [a.values[2 * i], a.values[2 * i + 1]];
      v.set([10 + 40 * p, 30 * q, 0, 30 * q, 10 + 40 * p, 0, 0, 0, 10 - 20 * p], 9 * i);
    }
    return makeTimeSeries(v, 9, dt, { quantity: "polarizability" });
  });
  const r = ramanEnsembles(tensors, { temperature: T, ...grid });
  const pooled = ramanSpectra(tensors, { temperature: T, ...grid });
  for (const key of ["isotropic", "vh", "vv", "unpolarised"] as const) {
    const mean = ensembleMean(r[key]);
    const max = Math.max(...pooled[key].intensity);
    pooled[key].intensity.forEach((v, j) => assert.ok(Math.abs(v - mean[j]) <= 1e-9 * max, `${key} at ${j}`));
    const b = confidenceBand(r[key]);
    assert.ok(
      b.upper.some((u, j) => u - b.lower[j] > 0.01 * max),
      `${key}: the band has a width`,
    );
  }
  // power spectra: every member is normalised to its 3N = 3 modes
  const velocities = members
    .slice(0, 4)
    .map((s) => ({ ...s, meta: { ...s.meta, masses: new Float64Array(3).fill(1) } }));
  const p = powerEnsemble(velocities, { ...grid, fmax: 16000 });
  p.members.forEach((m, i) => {
    const area = integrate(p.wavenumber, m);
    assert.ok(Math.abs(area - 3) < 0.05, `member ${i}: ${area} modes`);
  });
});
