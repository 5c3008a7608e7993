/**
 * Comparison of two spectra with sampling errors: the overlap score and the shift of each matched peak
 * (compare.ts), each with a bootstrap error. In every replicate each side that is an ensemble is
 * resampled over its own units (independently of the other side), the two replicate means are compared,
 * and each matched peak of the full comparison is followed to the replicate's nearest peak (within
 * `trackWindow`) on each side. A side given as a plain Spectrum (e.g. a harmonic or experimental
 * reference) is held fixed.
 *
 * Shifts get bootstrap percentile intervals. The overlap needs more care: noise lowers the overlap of two
 * finite estimates even when the underlying spectra are identical, and a bootstrap replicate (N draws
 * with repeats) is noisier still, so the replicates sit below the estimate by about its own bias. The
 * overlap therefore gets the bias-corrected value 2θ̂ − mean(θ*) (the estimate of the overlap of
 * infinitely sampled spectra) and the basic bootstrap interval [2θ̂ − q_hi, 2θ̂ − q_lo], capped at 1,
 * which is centred on it; the plain θ̂ stays the comparison's `overlap`. Compare a model–reference
 * overlap with that of two halves (or seeds) of the reference, each bias-corrected. Standard errors
 * carry the √(N/(N−1)) factor (bootstrap.ts).
 */
import { Random } from "../../core/random.ts";
import {
  compareSpectra,
  type CompareOptions,
  type Comparison,
  type Peak,
  type Uncertainty,
} from "../compare.ts";
import type { Spectrum } from "../fourier.ts";
import { resampleIndices, summarise, type BootstrapOptions } from "./bootstrap.ts";
import { ensembleMean, meanSpectrum, tooFewUnits, type SpectrumEnsemble } from "./ensemble.ts";

export type SpectrumOrEnsemble = Spectrum | SpectrumEnsemble;

const isEnsemble = (s: SpectrumOrEnsemble): s is SpectrumEnsemble => "members" in s;

export interface CompareEnsemblesOptions extends CompareOptions, BootstrapOptions {
  level?: number;
  /** Largest distance (cm⁻¹) at which a replicate's peak is the same peak (default 25). */
  trackWindow?: number;
}

function peaksOf(c: Comparison, side: "a" | "b"): Peak[] {
  return [...c.matches.map((m) => m[side]), ...(side === "a" ? c.unmatchedA : c.unmatchedB)];
}

function nearest(peaks: readonly Peak[], position: number, window: number): number {
  let best = NaN;
  for (const p of peaks) {
    const d = Math.abs(p.position - position);
    if (d <= window && !(Math.abs(best - position) <= d)) best = p.position;
  }
  return best;
}

/** Compare B against reference A with bootstrap errors of the overlap and of every matched shift. */
export function compareEnsembles(
  a: SpectrumOrEnsemble,
  b: SpectrumOrEnsemble,
  options: CompareEnsemblesOptions = {},
): Comparison {
  const sides = [a, b].filter(isEnsemble);
  if (sides.length === 0) {
    throw new Error("comparison errors need at least one side given as an ensemble of trajectories");
  }
  for (const e of sides) if (e.members.length < 2) throw tooFewUnits(e);
  const level = options.level ?? 0.95;
  const track = options.trackWindow ?? 25;
  const asSpectrum = (s: SpectrumOrEnsemble) => (isEnsemble(s) ? meanSpectrum(s) : s);
  const full = compareSpectra(asSpectrum(a), asSpectrum(b), options);
  const rng = new Random(options.seed ?? 1);
  const replicates = options.replicates ?? 500;
  const draw = (s: SpectrumOrEnsemble): Spectrum =>
    isEnsemble(s)
      ? { ...meanSpectrum(s), intensity: ensembleMean(s, resampleIndices(s.members.length, rng)) }
      : s;
  const overlaps: number[] = [];
  const shifts: number[][] = full.matches.map(() => []);
  for (let r = 0; r < replicates; r++) {
    const c = compareSpectra(draw(a), draw(b), options);
    overlaps.push(c.overlap);
    const pa = peaksOf(c, "a");
    const pb = peaksOf(c, "b");
    full.matches.forEach((m, k) => {
      shifts[k].push(nearest(pb, m.b.position, track) - nearest(pa, m.a.position, track));
    });
  }
  // the √(N/(N−1)) factor of the smaller side (the conservative choice when both are resampled)
  const units = Math.min(...sides.map((e) => e.members.length));
  const counts = [a, b].map((s) => (isEnsemble(s) ? `${s.members.length}` : "fixed")).join(" + ");
  const over = `${replicates} replicates over ${counts} trajectories/blocks`;
  const method = `bootstrap percentile, ${over}`;
  const uncertainty = (value: number, samples: number[]): Uncertainty => {
    const s = summarise(value, samples, units, level);
    return { standardError: s.standardError, lower: s.lower, upper: s.upper, level, method };
  };
  const o = summarise(full.overlap, overlaps, units, level);
  const meanReplicate = overlaps.reduce((t, x) => t + x, 0) / overlaps.length;
  const overlapError: Uncertainty = {
    standardError: o.standardError,
    lower: Math.min(1, 2 * full.overlap - o.upper),
    upper: Math.min(1, 2 * full.overlap - o.lower),
    level,
    method: `basic bootstrap (bias-corrected), ${over}`,
    corrected: Math.min(1, 2 * full.overlap - meanReplicate),
  };
  return {
    ...full,
    overlapError,
    matches: full.matches.map((m, k) => ({ ...m, shiftError: uncertainty(m.shift, shifts[k]) })),
  };
}
