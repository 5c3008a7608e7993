/**
 * Power spectrum (vibrational density of states) from a velocity series.
 *
 *   C(t) = Σ_i w_i ⟨v_i(0) v_i(t)⟩        (i over the 3N Cartesian components; w_i = m_i when
 *                                           mass-weighted, else 1)
 *   g(ω) = n_dof / (π C(0)) · ∫ C(t) e^{−iωt} dt,   so that ∫_0^∞ g dω = n_dof
 *
 * reported per cm⁻¹ (g(ν̃) = g(ω) dω/dν̃), so that the area over ν̃ is the number of degrees of
 * freedom in the series (3N). Mass-weighted, C(0) = 2⟨K⟩ and g is the classical density of states whose
 * band areas count the modes; without weights light atoms dominate.
 */
import { WAVENUMBER_IN_HARTREE } from "../core/index.ts";
import type { Spectrum } from "./fourier.ts";
import { lineShape, type LineShape, type LineShapeOptions } from "./line-shape.ts";
import type { TimeSeries } from "./time-series.ts";

export interface PowerOptions extends LineShapeOptions {
  /** Weight each component by its mass (from the series' meta.masses or `masses`), default true. */
  massWeighted?: boolean;
  /** Per-component masses (electron masses), 3 per atom; default the series' meta.masses. */
  masses?: ArrayLike<number>;
}

/** Vibrational density of states from velocities (bohr per atomic time, 3N components). */
export function powerSpectrum(
  velocities: TimeSeries | readonly TimeSeries[],
  options: PowerOptions = {},
): Spectrum {
  const list = Array.isArray(velocities) ? (velocities as readonly TimeSeries[]) : [velocities as TimeSeries];
  if (list.length === 0) throw new Error("power spectrum: no velocity series given");
  const massWeighted = options.massWeighted ?? true;
  let weights: ArrayLike<number> | undefined;
  if (massWeighted) {
    weights = options.masses ?? list[0].meta.masses;
    if (weights === undefined) {
      throw new Error(
        `${list[0].meta.source ?? "velocities"}: a mass-weighted power spectrum needs masses ` +
          `(3 per atom); give them or ask for massWeighted: false`,
      );
    }
    if (weights.length !== list[0].nComponents) {
      throw new Error(
        `power spectrum: ${weights.length} masses for ${list[0].nComponents} velocity components`,
      );
    }
  }
  return powerSpectrumOf(lineShape(list, options, { weights }), list[0].nComponents, massWeighted);
}

/**
 * The density of states from the line shape of a (mass-weighted) velocity correlation function of
 * nDof components, e.g. an ensemble's averaged one: normalised by its own C(0), area nDof.
 */
export function powerSpectrumOf(s: LineShape, nDof: number, massWeighted: boolean): Spectrum {
  const c0 = s.correlation.values[0];
  if (!(c0 > 0)) throw new Error("power spectrum: the velocities are all zero");
  const scale = (nDof / (Math.PI * c0)) * WAVENUMBER_IN_HARTREE;
  return {
    wavenumber: s.wavenumber,
    intensity: s.values.map((v) => v * scale),
    unit: "modes/cm-1",
    label: massWeighted ? "power spectrum (mass-weighted)" : "power spectrum",
  };
}
