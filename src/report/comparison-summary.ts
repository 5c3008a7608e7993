/**
 * A spectrum comparison (src/spectra/compare.ts) as the run summary records it: matched peaks, the
 * unmatched peaks of either side, and the overlap score with its error when one is known.
 */
import type { Comparison, Uncertainty } from "../spectra/compare.ts";
import type { ComparisonSummary, PeakRow, Score } from "./summary-schema.ts";

export interface ComparisonLabels {
  name: string;
  reference: string;
  model: string;
  matchWindowCm?: number;
  peakThreshold?: number;
  /** The overlap's uncertainty, when computed elsewhere (default: the comparison's own `overlapError`). */
  overlapError?: Omit<Score, "value">;
  /** Standard errors of the matched shifts, cm⁻¹, in the order of `comparison.matches` (default: theirs). */
  shiftErrorsCm?: readonly number[];
}

/** A comparison's own statistical error (src/spectra/uncertainty/) as a summary score. */
function scoreError(u: Uncertainty | undefined): Omit<Score, "value"> | undefined {
  return u && { error: u.standardError, lower: u.lower, upper: u.upper, method: u.method };
}

/** Summary entry of `c`, reference = A, model = B. */
export function comparisonSummary(c: Comparison, labels: ComparisonLabels): ComparisonSummary {
  const peaks: PeakRow[] = c.matches.map((m, i) => {
    const shiftError = labels.shiftErrorsCm?.[i] ?? m.shiftError?.standardError;
    return {
      reference_cm: m.a.position,
      model_cm: m.b.position,
      shift_cm: m.shift,
      ...(shiftError !== undefined ? { shift_error_cm: shiftError } : {}),
      ratio: m.ratio,
    };
  });
  for (const p of c.unmatchedA)
    peaks.push({ reference_cm: p.position, model_cm: null, shift_cm: null, ratio: null });
  for (const p of c.unmatchedB)
    peaks.push({ reference_cm: null, model_cm: p.position, shift_cm: null, ratio: null });
  peaks.sort((u, v) => (u.reference_cm ?? u.model_cm!) - (v.reference_cm ?? v.model_cm!));
  return {
    name: labels.name,
    reference: labels.reference,
    model: labels.model,
    overlap: { value: c.overlap, ...(labels.overlapError ?? scoreError(c.overlapError)) },
    peaks,
    ...(labels.matchWindowCm !== undefined ? { match_window_cm: labels.matchWindowCm } : {}),
    ...(labels.peakThreshold !== undefined ? { peak_threshold: labels.peakThreshold } : {}),
  };
}
