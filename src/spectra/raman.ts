/**
 * Raman spectra from the polarizability time series, and the rotational invariants they rest on.
 *
 * Convention (D. A. Long, The Raman Effect, 2002; linearly polarised excitation, orientational average):
 *   mean polarizability      ā = Tr α / 3
 *   anisotropic part         β = α − ā·1                        (traceless)
 *   anisotropy               γ² = ½[(α_xx−α_yy)² + (α_yy−α_zz)² + (α_zz−α_xx)² + 6(α_xy² + α_yz² + α_zx²)]
 *                               = (3/2) Tr(β·β)                 (symmetric α)
 *   VH (depolarised)         I_VH ∝ γ²/15              ⇔  (1/10) ⟨Tr β(0)·β(t)⟩
 *   isotropic                I_iso ∝ ā²                ⇔  ⟨ā(0) ā(t)⟩
 *   VV (polarised)           I_VV = I_iso + (4/3) I_VH ∝ (45ā² + 4γ²)/45
 *   unpolarised (VV + VH)    I_un = I_iso + (7/3) I_VH ∝ (45ā² + 7γ²)/45
 *   depolarisation ratio     ρ = I_VH / I_VV = 3γ² / (45ā² + 4γ²)
 * (The "(2/15)⟨Tr ββ⟩" of some texts is the anisotropic part of VV, (4/3)·I_VH.)
 *
 * Line shapes. For each part X (ā, or β with the 1/10 and the sum over its 9 entries) the activity
 * spectrum is A_X(ω) = (45/π) · β_T ω² ∫⟨X(0)X(t)⟩e^{−iωt}dt · R(ω), with β_T = 1/k_BT and R the relative
 * quantum correction (quantum-corrections.ts). For a harmonic mode Q this gives a band whose area over
 * ν̃ equals the harmonic activity: 45ā'² (iso), 3γ'² (VH), 45ā'² + 4γ'² (VV), 45ā'² + 7γ'² (unpolarised),
 * in Å⁴/amu, so MD spectra and normal-mode activities (normal-modes.ts) share one scale.
 *
 * Intensities. With a laser wavenumber ν̃_L the Stokes intensity is
 *   I(ν̃) = (ν̃_L − ν̃)⁴ / ν̃ · 1/(1 − exp(−hcν̃/k_BT)) · A(ν̃)
 * (proportional to the differential cross-section; hcν̃/k_BT = ν̃·WAVENUMBER_IN_HARTREE / (k_B T in
 * hartree), from units.ts — schnetpack's version of this factor uses a wrong ħ·c and lands in the
 * classical limit). The Bose factor times ω²β·C_cl(ω)/ν̃ is the harmonic quantum correction; with a
 * Kubo-transformed (RPMD) input it is exact.
 */
import { WAVENUMBER_IN_HARTREE } from "../core/index.ts";
import type { Spectrum } from "./fourier.ts";
import { derivativeLineShape, type DerivativeMethod } from "./ir.ts";
import type { LineShapeOptions } from "./line-shape.ts";
import { relativeCorrection, type QuantumCorrection } from "./quantum-corrections.ts";
import { BOHR4_PER_ME_TO_A4_PER_AMU } from "./spectral-units.ts";
import { makeTimeSeries, type TimeSeries } from "./time-series.ts";

export interface PolarizabilityInvariants {
  /** ā = Tr α / 3. */
  mean: number;
  /** γ² (the off-diagonal pairs are symmetrised first). */
  anisotropy: number;
}

/** Invariants of a 3×3 row-major tensor starting at `offset`. */
export function polarizabilityInvariants(alpha: ArrayLike<number>, offset = 0): PolarizabilityInvariants {
  const a = (i: number, j: number) => alpha[offset + 3 * i + j];
  const xy = (a(0, 1) + a(1, 0)) / 2;
  const yz = (a(1, 2) + a(2, 1)) / 2;
  const zx = (a(2, 0) + a(0, 2)) / 2;
  const mean = (a(0, 0) + a(1, 1) + a(2, 2)) / 3;
  const anisotropy =
    0.5 *
    ((a(0, 0) - a(1, 1)) ** 2 +
      (a(1, 1) - a(2, 2)) ** 2 +
      (a(2, 2) - a(0, 0)) ** 2 +
      6 * (xy * xy + yz * yz + zx * zx));
  return { mean, anisotropy };
}

/** Scattering factors (Long's 45-normalised activities) of a tensor or tensor derivative. */
export function ramanActivities(inv: PolarizabilityInvariants): {
  isotropic: number;
  vh: number;
  vv: number;
  unpolarised: number;
  depolarisation: number;
} {
  const iso = 45 * inv.mean ** 2;
  const vh = 3 * inv.anisotropy;
  const vv = iso + 4 * inv.anisotropy;
  return {
    isotropic: iso,
    vh,
    vv,
    unpolarised: iso + 7 * inv.anisotropy,
    depolarisation: vv > 0 ? vh / vv : NaN,
  };
}

/** Split a polarizability series (9 components per tensor, row-major) into ā (1 per tensor) and β (9). */
export function decomposePolarizability(alpha: TimeSeries): {
  isotropic: TimeSeries;
  anisotropic: TimeSeries;
} {
  if (alpha.nComponents % 9 !== 0) {
    throw new Error(
      `${alpha.meta.source ?? "polarizability"}: expected 9 components per tensor, got ${alpha.nComponents}`,
    );
  }
  const nT = alpha.nComponents / 9;
  const iso = new Float64Array(alpha.nSteps * nT);
  const aniso = new Float64Array(alpha.nSteps * 9 * nT);
  for (let n = 0; n < alpha.nSteps; n++) {
    for (let t = 0; t < nT; t++) {
      const o = (n * nT + t) * 9;
      const mean = (alpha.values[o] + alpha.values[o + 4] + alpha.values[o + 8]) / 3;
      iso[n * nT + t] = mean;
      for (let k = 0; k < 9; k++) aniso[o + k] = alpha.values[o + k] - (k % 4 === 0 ? mean : 0);
    }
  }
  return {
    isotropic: makeTimeSeries(iso, nT, alpha.dt, { ...alpha.meta, quantity: "mean polarizability" }),
    anisotropic: makeTimeSeries(aniso, 9 * nT, alpha.dt, {
      ...alpha.meta,
      quantity: "anisotropic polarizability",
    }),
  };
}

export interface RamanOptions extends LineShapeOptions {
  /** k_B·T in hartree. */
  temperature: number;
  /** Default "harmonic"; "none" for RPMD/TRPMD (Kubo) polarizabilities. */
  correction?: QuantumCorrection;
  /** Laser wavelength in nm: gives intensities (cross-section and Bose factors) instead of activities. */
  laserNm?: number;
  derivative?: DerivativeMethod;
  /** Molecules whose summed polarizability is in each tensor of the series (default 1). */
  molecules?: number;
}

export interface RamanSpectra {
  isotropic: Spectrum;
  /** The anisotropic spectrum is the VH (depolarised) one: (1/10)⟨Tr ββ⟩. */
  vh: Spectrum;
  vv: Spectrum;
  unpolarised: Spectrum;
  /** ρ(ν̃) = I_VH / I_VV (NaN where I_VV = 0). */
  depolarisation: Float64Array;
  /** Laser wavenumber (cm⁻¹) if intensities were asked for. */
  laserWavenumber?: number;
}

/** Stokes factor (ν̃_L − ν̃)⁴/ν̃ · 1/(1 − e^{−hcν̃/k_BT}); ν̃ in cm⁻¹, k_BT in hartree. 0 at ν̃ = 0 or ν̃ ≥ ν̃_L. */
export function stokesFactor(wavenumber: number, laserWavenumber: number, temperature: number): number {
  if (wavenumber <= 0 || wavenumber >= laserWavenumber) return 0;
  const x = (wavenumber * WAVENUMBER_IN_HARTREE) / temperature; // hcν̃ / k_BT
  return (laserWavenumber - wavenumber) ** 4 / wavenumber / -Math.expm1(-x);
}

/** Isotropic, VH, VV and unpolarised Raman spectra from a polarizability series (bohr³, 9 per tensor). */
export function ramanSpectra(alpha: TimeSeries | readonly TimeSeries[], options: RamanOptions): RamanSpectra {
  const list = Array.isArray(alpha) ? (alpha as readonly TimeSeries[]) : [alpha as TimeSeries];
  if (!(options.temperature > 0)) {
    throw new Error(
      `Raman spectra need a positive temperature (k_B·T in hartree), got ${options.temperature}`,
    );
  }
  const parts = list.map(decomposePolarizability);
  const iso = derivativeLineShape(
    parts.map((p) => p.isotropic),
    { ...options, componentsPerItem: 1 },
  );
  const aniso = derivativeLineShape(
    parts.map((p) => p.anisotropic),
    { ...options, componentsPerItem: 9 },
  );
  return ramanSpectraOf(iso, aniso, options);
}

/** A line shape D(ω) = ∫⟨Ẋ(0)·Ẋ(t)⟩e^{−iωt}dt on a wavenumber grid (derivativeLineShape). */
export interface DerivativeLineShape {
  wavenumber: Float64Array;
  omega: Float64Array;
  values: Float64Array;
}

/**
 * The Raman spectra from the derivative line shapes of ā (1 component) and of β (the sum over its 9
 * entries), e.g. from an ensemble's averaged correlation functions through spectralDerivative.
 */
export function ramanSpectraOf(
  iso: DerivativeLineShape,
  aniso: DerivativeLineShape,
  options: RamanOptions,
): RamanSpectra {
  if (!(options.temperature > 0)) {
    throw new Error(
      `Raman spectra need a positive temperature (k_B·T in hartree), got ${options.temperature}`,
    );
  }
  const molecules = options.molecules ?? 1;
  const correction = options.correction ?? "harmonic";
  let laserWavenumber: number | undefined;
  if (options.laserNm !== undefined) {
    if (!(options.laserNm > 0))
      throw new Error(`laser wavelength must be positive (nm), got ${options.laserNm}`);
    laserWavenumber = 1e7 / options.laserNm;
  }
  // activity density per cm⁻¹ in Å⁴/amu: (45/π) β ω² C(ω) · dω/dν̃, per molecule
  const scale =
    ((45 / Math.PI) * WAVENUMBER_IN_HARTREE * BOHR4_PER_ME_TO_A4_PER_AMU) / options.temperature / molecules;
  const n = iso.wavenumber.length;
  const make = (f: (j: number) => number) => Float64Array.from({ length: n }, (_, j) => f(j));
  const factor = make((j) => {
    const r = relativeCorrection(correction, iso.omega[j], options.temperature) * scale;
    return laserWavenumber === undefined
      ? r
      : r * stokesFactor(iso.wavenumber[j], laserWavenumber, options.temperature);
  });
  const isoY = make((j) => iso.values[j] * factor[j]);
  const vhY = make((j) => (aniso.values[j] / 10) * factor[j]);
  const vvY = make((j) => isoY[j] + (4 / 3) * vhY[j]);
  const unY = make((j) => isoY[j] + (7 / 3) * vhY[j]);
  const unit = laserWavenumber === undefined ? "A^4/amu/cm-1" : "A^4/amu*cm^-3/cm-1 (relative cross-section)";
  const spectrum = (intensity: Float64Array, label: string): Spectrum => ({
    wavenumber: iso.wavenumber,
    intensity,
    unit,
    label,
  });
  return {
    isotropic: spectrum(isoY, "Raman isotropic"),
    vh: spectrum(vhY, "Raman VH (anisotropic)"),
    vv: spectrum(vvY, "Raman VV"),
    unpolarised: spectrum(unY, "Raman unpolarised"),
    depolarisation: make((j) => (vvY[j] !== 0 ? vhY[j] / vvY[j] : NaN)),
    laserWavenumber,
  };
}
