import { test } from "node:test";
import assert from "node:assert/strict";
import {
  fs,
  kelvin,
  fromWavenumber,
  makeSystem,
  BOHR_IN_ANGSTROM,
  AMU_IN_ELECTRON_MASS,
  WAVENUMBER_IN_HARTREE,
  type Potential,
  type PotentialOutput,
  type System,
} from "../../src/core/index.ts";
import {
  decomposePolarizability,
  polarizabilityInvariants,
  ramanActivities,
  ramanSpectra,
  stokesFactor,
} from "../../src/spectra/raman.ts";
import { integrate } from "../../src/spectra/fourier.ts";
import { normalModes, stickSpectrum } from "../../src/spectra/normal-modes.ts";
import { makeTimeSeries } from "../../src/spectra/time-series.ts";

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test("invariants on constructed tensors: isotropic, traceless, uniaxial", () => {
  const iso = polarizabilityInvariants([2, 0, 0, 0, 2, 0, 0, 0, 2]);
  close(iso.mean, 2, 1e-15, "mean of 2·1");
  close(iso.anisotropy, 0, 1e-15, "anisotropy of an isotropic tensor");
  const traceless = polarizabilityInvariants([1, 0.3, 0, 0.3, -1, 0, 0, 0, 0]);
  close(traceless.mean, 0, 1e-15, "mean of a traceless tensor");
  // γ² = ½[(1+1)² + 1 + 1 + 6·0.09]
  close(traceless.anisotropy, 0.5 * (4 + 1 + 1 + 0.54), 1e-14, "anisotropy");
  // α = diag(1, 0, 0): ā = 1/3, γ² = 1, ρ = 3γ²/(45ā² + 4γ²) = 1/3
  const uni = ramanActivities(polarizabilityInvariants([1, 0, 0, 0, 0, 0, 0, 0, 0]));
  close(uni.depolarisation, 1 / 3, 1e-14, "depolarisation ratio of diag(1,0,0)");
  close(uni.unpolarised, 45 / 9 + 7, 1e-14, "45ā² + 7γ²");
  // γ² = (3/2) Tr ββ
  const t = [1.2, 0.4, -0.1, 0.4, 0.3, 0.2, -0.1, 0.2, -0.5];
  const d = decomposePolarizability(makeTimeSeries(t, 9, 1));
  const trBB = d.anisotropic.values.reduce((s, x) => s + x * x, 0);
  close(polarizabilityInvariants(t).anisotropy, 1.5 * trBB, 1e-14, "γ² = 3/2 Tr ββ");
  close(d.isotropic.values[0], (1.2 + 0.3 - 0.5) / 3, 1e-15, "ā");
});

/**
 * A vibrating uniaxial tensor α(t) = Δr(t) [a₁·1 + b₁(uuᵀ − ⅓)] with Δr = A cos ωt (u = z): band areas
 * are 45a₁'², 3γ'², 45a₁'² + 4γ'², 45a₁'² + 7γ'² with γ'² = b₁'² (primes: per unit of Q).
 */
test("Raman spectra of a vibrating tensor: iso/VH/VV/unpolarised areas and depolarisation", () => {
  const temperature = kelvin(300);
  const omega = fromWavenumber(1000);
  const dt = fs(1);
  const n = 4000;
  // mass-weighted amplitude with ⟨Q̇²⟩ = k_BT; Δr = Q (unit mass)
  const amplitude = Math.sqrt(2 * temperature) / omega;
  const a1 = 3;
  const b1 = 2;
  for (const [aa, bb, what] of [
    [a1, 0, "pure isotropic"],
    [0, b1, "traceless"],
    [a1, b1, "mixed"],
  ] as const) {
    const v = new Float64Array(n * 9);
    for (let i = 0; i < n; i++) {
      const q = amplitude * Math.cos(omega * i * dt + 0.2);
      const diag = [aa - bb / 3, aa - bb / 3, aa + (2 * bb) / 3];
      for (let x = 0; x < 3; x++) v[i * 9 + 4 * x] = 5 + q * diag[x]; // static 5·1 does not contribute
    }
    const alpha = makeTimeSeries(v, 9, dt, { quantity: "polarizability" });
    const r = ramanSpectra(alpha, { temperature, maxLag: 2000, fmax: 2000, spacing: 1 });
    const scale = BOHR_IN_ANGSTROM ** 4 * AMU_IN_ELECTRON_MASS; // bohr⁴/me → Å⁴/amu
    const area = (y: Float64Array) => integrate(r.isotropic.wavenumber, y) / scale;
    close(area(r.isotropic.intensity), 45 * aa * aa, 0.01, `${what}: isotropic`);
    close(area(r.vh.intensity), 3 * bb * bb, 0.01, `${what}: VH`);
    close(area(r.vv.intensity), 45 * aa * aa + 4 * bb * bb, 0.01, `${what}: VV`);
    close(area(r.unpolarised.intensity), 45 * aa * aa + 7 * bb * bb, 0.01, `${what}: unpolarised`);
    if (aa > 0 && bb > 0) {
      const peak = r.isotropic.wavenumber.findIndex((x) => x === 1000);
      close(r.depolarisation[peak], (3 * bb * bb) / (45 * aa * aa + 4 * bb * bb), 1e-6, "ρ at the band");
    }
  }
});

test("Stokes factor: (ν̃_L − ν̃)⁴/ν̃ and the Bose factor with hc/k_B from units.ts", () => {
  const T = kelvin(300);
  const kT = T / WAVENUMBER_IN_HARTREE; // 208.51 cm⁻¹
  close(kT, 208.5, 1e-3, "k_BT at 300 K in cm⁻¹");
  const laser = 1e7 / 532;
  // at ν̃ = k_BT/hc the Bose factor is 1/(1 − 1/e)
  close(stokesFactor(kT, laser, T), (laser - kT) ** 4 / kT / (1 - Math.exp(-1)), 1e-12, "at ν̃ = kT/hc");
  // high frequency: Bose → 1
  close(stokesFactor(3000, laser, T), (laser - 3000) ** 4 / 3000, 1e-6, "at 3000 cm⁻¹");
  assert.equal(stokesFactor(0, laser, T), 0);
  assert.equal(stokesFactor(laser + 1, laser, T), 0);
  // with a laser the spectra get the factor
  const v = Float64Array.from({ length: 2000 * 9 }, (_, i) =>
    i % 9 === 0 ? Math.cos(fromWavenumber(1000) * Math.floor(i / 9) * fs(1)) : 0,
  );
  const alpha = makeTimeSeries(v, 9, fs(1));
  const plain = ramanSpectra(alpha, { temperature: T, maxLag: 1000, fmax: 2000, spacing: 1 });
  const withLaser = ramanSpectra(alpha, {
    temperature: T,
    maxLag: 1000,
    fmax: 2000,
    spacing: 1,
    laserNm: 532,
  });
  const j = 1000;
  close(
    withLaser.unpolarised.intensity[j] / plain.unpolarised.intensity[j],
    stokesFactor(plain.unpolarised.wavenumber[j], laser, T),
    1e-9,
    "laser factor applied",
  );
  assert.throws(() => ramanSpectra(alpha, { temperature: T, laserNm: -1, maxLag: 100 }), /laser wavelength/);
});

/** A harmonic diatomic along z whose polarizability follows the bond: α = (α₀ + a₁Δr)·1 + b₁Δr(uuᵀ − ⅓). */
class PolarizableDiatomic implements Potential {
  readonly name = "polarizable diatomic";
  readonly provides = ["energy", "forces", "polarizability"] as const;
  constructor(
    readonly k: number,
    readonly r0: number,
    readonly a1: number,
    readonly b1: number,
  ) {}
  async compute(_s: System, positions: Float64Array, nBatch: number): Promise<PotentialOutput> {
    const energy = new Float64Array(nBatch);
    const forces = new Float64Array(nBatch * 6);
    const polarizability = new Float64Array(nBatch * 9);
    for (let b = 0; b < nBatch; b++) {
      const d = [0, 1, 2].map((x) => positions[6 * b + 3 + x] - positions[6 * b + x]);
      const r = Math.hypot(...d);
      const u = d.map((x) => x / r);
      const dr = r - this.r0;
      energy[b] = 0.5 * this.k * dr * dr;
      for (let x = 0; x < 3; x++) {
        forces[6 * b + x] = this.k * dr * u[x];
        forces[6 * b + 3 + x] = -this.k * dr * u[x];
        for (let y = 0; y < 3; y++) {
          polarizability[9 * b + 3 * x + y] =
            (x === y ? 10 + this.a1 * dr : 0) + this.b1 * dr * (u[x] * u[y] - (x === y ? 1 / 3 : 0));
        }
      }
    }
    return { energy, forces, polarizability };
  }
  dispose(): void {}
}

test("normal modes of a diatomic: analytic frequency, 5 rigid-body modes, Raman activity 45a'² + 7γ'²", async () => {
  const system = makeSystem(["H", "Cl"]);
  const k = 0.32;
  const r0 = 2.41;
  const a1 = 1.7;
  const b1 = 2.3;
  // bond along an oblique direction: the result must not depend on orientation
  const u = [0.3, -0.5, 0.81];
  const norm = Math.hypot(...u);
  const positions = [0.1, 0.2, 0.3, ...u.map((x, i) => [0.1, 0.2, 0.3][i] + (r0 * x) / norm)];
  const nm = await normalModes(new PolarizableDiatomic(k, r0, a1, b1), system, positions);
  const mu = (system.masses[0] * system.masses[1]) / (system.masses[0] + system.masses[1]);
  assert.equal(nm.removed, 5);
  assert.equal(nm.frequencies.length, 1);
  close(nm.frequencies[0], Math.sqrt(k / mu) / WAVENUMBER_IN_HARTREE, 1e-5, "ν̃ = √(k/μ)/(2πc)");
  assert.equal(nm.irIntensities, undefined, "no dipole, no IR intensities");
  // Δr = Q/√μ: ā' = a₁/√μ, γ'² = b₁²/μ (γ² of uuᵀ − ⅓ is 1)
  const expected = ((45 * a1 * a1 + 7 * b1 * b1) / mu) * BOHR_IN_ANGSTROM ** 4 * AMU_IN_ELECTRON_MASS;
  close(nm.ramanActivities![0], expected, 2e-5, "Raman activity (Å⁴/amu): O(h²) finite-difference error");
  close(nm.depolarisation![0], (3 * b1 * b1) / (45 * a1 * a1 + 4 * b1 * b1), 2e-5, "depolarisation");
  const sticks = stickSpectrum(nm, "raman");
  assert.deepEqual([...sticks.y], [nm.ramanActivities![0]]);
  assert.throws(() => stickSpectrum(nm, "ir"), /no IR intensities/);
});
