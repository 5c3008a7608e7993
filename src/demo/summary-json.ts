/**
 * The demo's own keys of summary.json (the CLI's run report keeps them at the top level; the report's
 * comparisons read the errors from the Comparison itself, src/report/command-summaries.ts). Numbers
 * that are not known (an error with one unit) are left out, never written as NaN.
 */
import type { Comparison, Uncertainty } from "../spectra/compare.ts";
import type { NormalModes } from "../spectra/normal-modes.ts";
import type { CurveWithErrors } from "../spectra/uncertainty/index.ts";
import type { EnergyDrift } from "../statistics/energy-drift.ts";
import type { BandDifference } from "./band-differences.ts";
import type { DemoConfig } from "./config.ts";
import type { DemoSpectra } from "./spectra.ts";
import type { StageTime } from "./stopwatch.ts";
import type { UntilOutcome } from "./until.ts";

const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : undefined);

const peaks = (c: Comparison) =>
  c.matches.map((m) => ({
    reference_cm: m.a.position,
    model_cm: m.b.position,
    shift_cm: m.shift,
    ...(finite(m.shiftError?.standardError) !== undefined
      ? { shift_error_cm: m.shiftError!.standardError }
      : {}),
    ratio: m.ratio,
  }));

const score = (value: number, e: Uncertainty | undefined) => ({
  value,
  ...(e
    ? {
        error: finite(e.standardError),
        bias_corrected: finite(e.corrected),
        lower: e.lower,
        upper: e.upper,
        level: e.level,
        method: e.method,
      }
    : {}),
});

const verdicts = (d: readonly BandDifference[]) =>
  d.map((b) => ({
    reference_cm: b.referenceCm,
    model_cm: b.modelCm,
    shift_cm: b.shiftCm,
    shift_error_cm: finite(b.shiftErrorCm),
    shift_outside_errors: b.shiftOutsideErrors,
    band_cm: b.rangeCm,
    reference_area_km_mol: b.referenceArea.value,
    reference_area_error: finite(b.referenceArea.standardError),
    model_area_km_mol: b.modelArea.value,
    model_area_error: finite(b.modelArea.standardError),
    area_difference_km_mol: b.areaDifference,
    area_difference_error: finite(b.areaDifferenceError),
    area_outside_errors: b.areaOutsideErrors,
    level: b.level,
  }));

/** Total band area of a curve with its error (unit: the curve's intensity unit × cm⁻¹). */
const totalArea = (c: CurveWithErrors | undefined) =>
  c && {
    curve: c.spectrum.label,
    unit: c.spectrum.unit.replace(/\/cm-1$/, ""),
    units: c.ensemble.members.length,
    value: c.total?.value,
    error: finite(c.total?.standardError),
    relative_error: c.total ? finite(c.total.standardError / Math.abs(c.total.value)) : undefined,
    ...(c.note ? { note: c.note } : {}),
  };

export interface SummaryJsonInput {
  config: DemoConfig;
  modes: NormalModes;
  spectra: DemoSpectra;
  drift: EnergyDrift;
  until?: UntilOutcome;
  times: StageTime[];
}

export function demoSummaryJson(x: SummaryJsonInput): Record<string, unknown> {
  const s = x.spectra;
  const e = s.errors;
  return {
    config: x.config,
    harmonic_cm: [...x.modes.frequencies],
    ir_peaks_classical_vs_xtb: peaks(s.comparison),
    overlap_classical_vs_xtb: s.comparison.overlap,
    overlap_classical_vs_xtb_error: score(s.comparison.overlap, s.comparison.overlapError),
    ir_bands_classical_vs_xtb: verdicts(s.bandDifferences),
    ir_peaks_trpmd_vs_xtb: s.comparisonTrpmd ? peaks(s.comparisonTrpmd) : undefined,
    overlap_trpmd_vs_xtb: s.comparisonTrpmd?.overlap,
    overlap_trpmd_vs_xtb_error: s.comparisonTrpmd
      ? score(s.comparisonTrpmd.overlap, s.comparisonTrpmd.overlapError)
      : undefined,
    ir_bands_trpmd_vs_xtb: s.bandDifferencesTrpmd ? verdicts(s.bandDifferencesTrpmd) : undefined,
    overlap_xtb_vs_xtb: s.comparisonReferenceHalves
      ? score(s.comparisonReferenceHalves.overlap, s.comparisonReferenceHalves.overlapError)
      : undefined,
    band_areas: {
      ir_classical: totalArea(e.irClassical),
      ir_trpmd: totalArea(e.irTrpmd),
      ir_reference: totalArea(e.irReference),
      raman_classical_unpolarised: totalArea(e.ramanClassical?.[0]),
      raman_trpmd_unpolarised: totalArea(e.ramanTrpmd?.[0]),
    },
    committee: e.committee && {
      members: e.committee.members,
      ir_total_area_km_mol: e.committee.irArea.mean,
      ir_total_area_sigma_km_mol: e.committee.irArea.sigma,
    },
    error_units: e.units,
    temperature_source: x.config.spectra.temperature_source,
    until: x.until && {
      met: x.until.met,
      stopped_by: x.until.stop,
      trajectories: x.until.replicas,
      message: x.until.message,
      rounds: x.until.rounds.map((r) => ({
        trajectories: r.replicas,
        error: finite(r.status.value),
        target: r.status.target,
        elapsed_s: r.elapsedS,
      })),
    },
    raman: s.ramanClassical ? "computed" : "skipped: the model has no polarizability head",
    nve_drift: x.drift,
    times: x.times,
  };
}
