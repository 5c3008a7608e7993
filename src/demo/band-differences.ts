/**
 * Is a model–reference band difference real or sampling noise? For every matched IR peak of a
 * comparison (reference = A, model = B; src/spectra/compare.ts):
 *
 * - shift: the bootstrap standard error of the shift (compare-ensembles.ts resamples both sides, so it
 *   already combines their errors); the shift is outside the errors when |shift| > t_ν·s.e., with
 *   ν = (fewer units of the two resampled sides) − 1 (the conservative choice for so few units);
 * - intensity: the absolute band area (km/mol) of model and reference over the same range, the band the
 *   reference peak owns (between the lowest points towards its neighbouring peaks; band-statistics.ts),
 *   each with the standard error of its units' areas; the difference is outside the errors when
 *   |ΔA| > t_ν·√(s_A² + s_B²), ν by Welch–Satterthwaite.
 *
 * A side with one unit has no error: its verdicts are undefined (not "inside").
 */
import type { Comparison, Peak } from "../spectra/compare.ts";
import { integrate } from "../spectra/fourier.ts";
import { bandRanges, standardErrorOfMean, studentTQuantile } from "../spectra/uncertainty/index.ts";
import type { CurveWithErrors } from "../spectra/uncertainty/index.ts";

export interface AreaWithError {
  /** Area of the ensemble mean over the band, intensity unit × cm⁻¹ (km/mol for IR). */
  value: number;
  /** NaN with one unit. */
  standardError: number;
  units: number;
}

export interface BandDifference {
  referenceCm: number;
  modelCm: number;
  /** Model − reference, cm⁻¹, with its bootstrap standard error (NaN without one). */
  shiftCm: number;
  shiftErrorCm: number;
  /** True/false when the errors are known; undefined otherwise. */
  shiftOutsideErrors?: boolean;
  /** The reference peak's band, cm⁻¹. */
  rangeCm: [number, number];
  referenceArea: AreaWithError;
  modelArea: AreaWithError;
  /** Model − reference area with the combined standard error √(s_A² + s_B²). */
  areaDifference: number;
  areaDifferenceError: number;
  areaOutsideErrors?: boolean;
  level: number;
}

function areaOver(c: CurveWithErrors, from: number, to: number): AreaWithError {
  const e = c.ensemble;
  const value = integrate(c.spectrum.wavenumber, c.spectrum.intensity, from, to);
  const n = e.members.length;
  const se =
    n < 2
      ? NaN
      : standardErrorOfMean(
          e.members.map((m) => integrate(e.wavenumber, m, from, to)),
          e.weights,
        );
  return { value, standardError: se, units: n };
}

/** Welch–Satterthwaite degrees of freedom of a difference of two means. */
export function welchDegreesOfFreedom(a: AreaWithError, b: AreaWithError): number {
  const va = a.standardError ** 2;
  const vb = b.standardError ** 2;
  return (va + vb) ** 2 / (va ** 2 / (a.units - 1) + vb ** 2 / (b.units - 1));
}

/** The verdict of every matched band of `c` (reference curve A, model curve B). */
export function bandDifferences(
  c: Comparison,
  reference: CurveWithErrors,
  model: CurveWithErrors,
  level = 0.95,
): BandDifference[] {
  const peaksA: Peak[] = [...c.matches.map((m) => m.a), ...c.unmatchedA].sort((p, q) => p.index - q.index);
  const ranges = bandRanges(c.grid, c.a, peaksA);
  const rangeOf = (p: Peak) => ranges[peaksA.indexOf(p)];
  const resampled = [reference, model].map((s) => s.ensemble.members.length).filter((n) => n >= 2);
  const shiftDof = resampled.length > 0 ? Math.min(...resampled) - 1 : NaN;
  return c.matches.map((m) => {
    const [from, to] = rangeOf(m.a);
    const ra = areaOver(reference, from, to);
    const ma = areaOver(model, from, to);
    const se = m.shiftError?.standardError ?? NaN;
    const shiftOutside =
      Number.isFinite(se) && shiftDof >= 1
        ? Math.abs(m.shift) > studentTQuantile((1 + level) / 2, shiftDof) * se
        : undefined;
    const combined = Math.hypot(ra.standardError, ma.standardError);
    const dof = welchDegreesOfFreedom(ra, ma);
    const areaOutside =
      combined > 0 && dof > 0
        ? Math.abs(ma.value - ra.value) > studentTQuantile((1 + level) / 2, dof) * combined
        : undefined;
    return {
      referenceCm: m.a.position,
      modelCm: m.b.position,
      shiftCm: m.shift,
      shiftErrorCm: se,
      shiftOutsideErrors: shiftOutside,
      rangeCm: [from, to],
      referenceArea: ra,
      modelArea: ma,
      areaDifference: ma.value - ra.value,
      areaDifferenceError: combined,
      areaOutsideErrors: areaOutside,
      level,
    };
  });
}
