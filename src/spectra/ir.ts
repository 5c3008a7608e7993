/**
 * Infrared absorption from the dipole time series.
 *
 * Quantum linear response (SI form with ε₀; atomic units: ħ = 1, ε₀ = 1/(4π), e = 1):
 *
 *   n(ω) α(ω) = ω (1 − e^{−βħω}) / (6 ħ c V ε₀) · ∫ ⟨μ(0)·μ(t)⟩ e^{−iωt} dt
 *
 * with the quantum correlation spectrum estimated from the classical one, C(ω) ≈ Q(ω) C_cl(ω)
 * (quantum-corrections.ts). With the harmonic factor (and, exactly, with a Kubo-transformed RPMD
 * correlation: correction "none") this is the classical line shape
 *
 *   n(ω) α(ω) = β / (6 c V ε₀) · ∫ ⟨μ̇(0)·μ̇(t)⟩ e^{−iωt} dt  · R(ω),   R = Q / Q_harmonic
 *
 * (R = 1 for none/harmonic). The sum rule ∫_0^∞ nα dω = π Z² e² / (2 c V ε₀ m) holds for a charged
 * harmonic oscillator μ = Z e q, independent of ω₀ and T.
 *
 * The volume-independent quantity reported is the cross-section per molecule σ = nαV / N_molecules
 * (bohr², refractive index n ≈ 1), given as the molar density in km·mol⁻¹·(cm⁻¹)⁻¹: the area of a band
 * over ν̃ in cm⁻¹ is its integrated intensity in km/mol, comparable with harmonic intensities.
 *
 * ∫⟨μ̇μ̇⟩e^{−iωt}dt is obtained either spectrally, ω²·FT⟨δμ δμ⟩ (δμ = μ − mean; default), or from
 * central differences μ̇_n = (μ_{n+1} − μ_{n−1})/(2Δt), whose transfer function sin(ωΔt)/Δt is divided
 * out. Components are never normalised separately: x, y and z enter one dot product.
 */
import { SPEED_OF_LIGHT_AU } from "../core/index.ts";
import { integrate, type Spectrum } from "./fourier.ts";
import { lineShape, type LineShapeOptions } from "./line-shape.ts";
import { relativeCorrection, type QuantumCorrection } from "./quantum-corrections.ts";
import { BOHR2_TO_KM_PER_MOL } from "./spectral-units.ts";
import { makeTimeSeries, type TimeSeries } from "./time-series.ts";

export type DerivativeMethod = "spectral" | "finite-difference";

export interface IrOptions extends LineShapeOptions {
  /** k_B·T in hartree (the β of the classical line shape and of the correction factors). */
  temperature: number;
  /** Quantum correction (default "harmonic"; use "none" for RPMD/TRPMD dipoles). */
  correction?: QuantumCorrection;
  /** Molecules whose summed dipole is in each item of the series (default 1): σ is per molecule. */
  molecules?: number;
  /** How μ̇ enters (default "spectral"). */
  derivative?: DerivativeMethod;
  /**
   * Components per item (default 3: one dipole vector). A series holding several molecules' dipoles
   * side by side (3·n components) gives the average of their self-correlations.
   */
  componentsPerItem?: number;
}

export interface IrSpectrum extends Spectrum {
  /** Angular frequencies, atomic units. */
  readonly omega: Float64Array;
  /** σ(ω) = nαV per molecule, bohr². */
  readonly crossSection: Float64Array;
  /** ∫ ε dν̃ over the grid, km/mol. */
  readonly integrated: number;
}

/** Central-difference derivative of each component, steps 1..N−2 (N − 2 samples). */
export function centralDifference(series: TimeSeries): TimeSeries {
  const { nSteps: n, nComponents: nc, values, dt } = series;
  if (n < 3) throw new Error(`${series.meta.source ?? "series"}: a derivative needs at least 3 samples`);
  const out = new Float64Array((n - 2) * nc);
  for (let i = 1; i < n - 1; i++) {
    for (let c = 0; c < nc; c++) {
      out[(i - 1) * nc + c] = (values[(i + 1) * nc + c] - values[(i - 1) * nc + c]) / (2 * dt);
    }
  }
  return makeTimeSeries(out, nc, dt, { ...series.meta, quantity: `d/dt ${series.meta.quantity ?? ""}` });
}

/** ∫⟨Ẋ(0)·Ẋ(t)⟩e^{−iωt}dt = ω²·∫⟨δX(0)·δX(t)⟩e^{−iωt}dt from the line shape of the fluctuation δX. */
export function spectralDerivative<S extends { omega: Float64Array; values: Float64Array }>(s: S): S {
  return { ...s, values: s.values.map((v, j) => v * s.omega[j] ** 2) };
}

/**
 * D(ω) = ∫⟨Ẋ(0)·Ẋ(t)⟩e^{−iωt}dt of a series X, by the chosen derivative method. Exported for the Raman
 * spectra, which need the same quantity of the polarizability.
 */
export function derivativeLineShape(
  series: TimeSeries | readonly TimeSeries[],
  options: LineShapeOptions & { derivative?: DerivativeMethod; componentsPerItem?: number },
): { wavenumber: Float64Array; omega: Float64Array; values: Float64Array } {
  const list = Array.isArray(series) ? (series as readonly TimeSeries[]) : [series as TimeSeries];
  const method = options.derivative ?? "spectral";
  const perItem = { componentsPerItem: options.componentsPerItem };
  if (method === "spectral")
    return spectralDerivative(lineShape(list, options, { ...perItem, removeMean: true }));
  if (method !== "finite-difference") {
    throw new Error(
      `unknown derivative method '${method as string}'; expected spectral or finite-difference`,
    );
  }
  const s = lineShape(list.map(centralDifference), options, perItem);
  const dt = list[0].dt;
  // the central difference multiplies the transform by (sin ωΔt / ωΔt)²; divide it out
  const values = s.values.map((v, j) => {
    const x = s.omega[j] * dt;
    return x === 0 ? v : v * (x / Math.sin(x)) ** 2;
  });
  return { ...s, values };
}

/** IR absorption cross-section per molecule from a dipole series (e·bohr, 3 components per item). */
export function irSpectrum(dipole: TimeSeries | readonly TimeSeries[], options: IrOptions): IrSpectrum {
  const d = derivativeLineShape(dipole, { ...options, componentsPerItem: options.componentsPerItem ?? 3 });
  return irSpectrumOf(d, options);
}

/**
 * The IR cross-section from D(ω) = ∫⟨μ̇(0)·μ̇(t)⟩e^{−iωt}dt (e²·bohr², per item of 3 components), e.g. from
 * an ensemble's averaged dipole correlation function through spectralDerivative.
 */
export function irSpectrumOf(
  d: { wavenumber: Float64Array; omega: Float64Array; values: Float64Array },
  options: IrOptions,
): IrSpectrum {
  const beta = 1 / options.temperature;
  if (!(options.temperature > 0)) {
    throw new Error(
      `IR spectrum needs a positive temperature (k_B·T in hartree), got ${options.temperature}`,
    );
  }
  const molecules = options.molecules ?? 1;
  if (!(molecules > 0)) throw new Error(`number of molecules must be positive, got ${molecules}`);
  const correction = options.correction ?? "harmonic";
  const epsilon0 = 1 / (4 * Math.PI);
  const prefactor = beta / (6 * SPEED_OF_LIGHT_AU * epsilon0 * molecules);
  const crossSection = d.values.map(
    (v, j) => prefactor * v * relativeCorrection(correction, d.omega[j], options.temperature),
  );
  const intensity = crossSection.map((s) => s * BOHR2_TO_KM_PER_MOL);
  return {
    wavenumber: d.wavenumber,
    omega: d.omega,
    crossSection,
    intensity,
    unit: "km/mol/cm-1",
    label: `IR (${correction} correction)`,
    integrated: integrate(d.wavenumber, intensity),
  };
}
