/**
 * Units of spectral intensities (derived from src/core/units.ts plus the Avogadro constant).
 *
 * IR: a cross-section per molecule σ (bohr²) as a function of wavenumber ν̃ (cm⁻¹) is reported as the
 * molar density ε(ν̃) = N_A σ[cm²] / 10⁵ in km·mol⁻¹ per cm⁻¹, so that ∫ ε dν̃ over a band is the
 * integrated absorption coefficient in km/mol that harmonic codes print for each mode.
 */
import { AMU_IN_ELECTRON_MASS, BOHR_IN_ANGSTROM } from "../core/index.ts";

/** Avogadro constant, 1/mol (exact, SI 2019). */
export const AVOGADRO = 6.02214076e23;

/** One bohr in cm. */
export const BOHR_IN_CM = BOHR_IN_ANGSTROM * 1e-8;

/** A cross-section per molecule in bohr², per cm⁻¹ of wavenumber, in km·mol⁻¹·(cm⁻¹)⁻¹. */
export const BOHR2_TO_KM_PER_MOL = BOHR_IN_CM ** 2 * AVOGADRO * 1e-5;

/** An integrated absorption per molecule in bohr (∫σ dν̃ with ν̃ in 1/bohr) in km/mol. */
export const BOHR_TO_KM_PER_MOL = BOHR_IN_CM * AVOGADRO * 1e-5;

/** A squared polarizability derivative bohr⁴/electron-mass in Å⁴/amu (Raman activities). */
export const BOHR4_PER_ME_TO_A4_PER_AMU = BOHR_IN_ANGSTROM ** 4 * AMU_IN_ELECTRON_MASS;
