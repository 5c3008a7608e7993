/**
 * A spectrum comparison (src/spectra/compare.ts) as the run summary records it: matched peaks, the
 * unmatched peaks of either side, and the overlap score with its error when one is known.
 */
import type { Comparison } from "../spectra/compare.ts";
import type { ComparisonSummary, PeakRow, Score } from "./summary-schema.ts";

export interface ComparisonLabels {
  name: string;
  reference: string;
  model: string;
  matchWindowCm?: number;
  peakThreshold?: number;
  /** The overlap's uncertainty (error bars of the spectra), when computed. */
  overlapError?: Omit<Score, "value">;
  /** Standard errors of the matched shifts, cm⁻¹, in the order of `comparison.matches`. */
  shiftErrorsCm?: readonly number[];
}

/** Summary entry of `c`, reference = A, model = B. */
export function comparisonSummary(c: Comparison, labels: ComparisonLabels): ComparisonSummary {
  const peaks: PeakRow[] = c.matches.map((m, i) => ({
    reference_cm: m.a.position,
    model_cm: m.b.position,
    shift_cm: m.shift,
    ...(labels.shiftErrorsCm ? { shift_error_cm: labels.shiftErrorsCm[i] } : {}),
    ratio: m.ratio,
  }));
  for (const p of c.unmatchedA)
    peaks.push({ reference_cm: p.position, model_cm: null, shift_cm: null, ratio: null });
  for (const p of c.unmatchedB)
    peaks.push({ reference_cm: null, model_cm: p.position, shift_cm: null, ratio: null });
  peaks.sort((u, v) => (u.reference_cm ?? u.model_cm!) - (v.reference_cm ?? v.model_cm!));
  return {
    name: labels.name,
    reference: labels.reference,
    model: labels.model,
    overlap: { value: c.overlap, ...labels.overlapError },
    peaks,
    ...(labels.matchWindowCm !== undefined ? { match_window_cm: labels.matchWindowCm } : {}),
    ...(labels.peakThreshold !== undefined ? { peak_threshold: labels.peakThreshold } : {}),
  };
}
