/**
 * The maximum lag of a spectrum when the user gives none, and what the choice means for the user.
 *
 * Default: the shorter of a quarter of the (shortest) series and 2 ps. Why not half the series (the
 * library's plain default): the lag-window estimate has a relative variance ≈ (1/N) Σ_{|k|≤M} w_k²,
 * = 0.75·M/N for the Hann window; at M = N/2 that is a 61 % scatter at every grid point of one trajectory
 * and long runs resolve the gas-phase lines of a classical NVE trajectory into needles whose noisy tails
 * swing negative. M = N/4 keeps it at 43 % (an ensemble of n trajectories divides the variance by n); the
 * 2 ps cap (resolution 1/(cT) = 16.7 cm⁻¹) is as fine as band positions of MD force fields need, and
 * longer runs then buy lower noise instead of needles. An explicit maximum lag or resolution is used
 * as given.
 *
 * Checks: fewer than MIN_SAMPLES samples, or a resolution coarser than half the plotted range (no band
 * could be told from its neighbour), is refused; a resolution coarser than USEFUL_RESOLUTION gets a
 * warning that says the resolution and the run length needed for 10 cm⁻¹.
 */
import { ATOMIC_TIME_IN_FS } from "../core/index.ts";
import { resolutionWavenumber, maxLagForResolution } from "./fourier.ts";

/** Cap of the default maximum lag, fs. */
export const DEFAULT_MAX_LAG_FS = 2000;
/** Fewer samples than this cannot be a spectrum. */
export const MIN_SAMPLES = 8;
/** Resolutions coarser than this (cm⁻¹) get a warning. */
export const USEFUL_RESOLUTION = 50;

/** The default maximum lag (steps) of series of `samples` samples spaced dt (atomic time). */
export function defaultMaxLag(samples: number, dt: number): number {
  return Math.max(
    1,
    Math.min(Math.floor(samples / 4), Math.round(DEFAULT_MAX_LAG_FS / ATOMIC_TIME_IN_FS / dt)),
  );
}

export interface LagChoice {
  /** Maximum lag in steps. */
  maxLag: number;
  /** Resolution 1/(c·M·Δt), cm⁻¹. */
  resolution: number;
  /** Warnings for the user (empty when all is well). */
  warnings: string[];
}

/**
 * Choose and check the maximum lag for series of `samples` samples (the shortest unit) spaced dt, given
 * the user's maximum lag (steps) if any, and the plotted range fmin..fmax (cm⁻¹).
 */
export function chooseLag(
  name: string,
  samples: number,
  dt: number,
  requested: number | undefined,
  range: [number, number],
): LagChoice {
  const durationFs = samples * dt * ATOMIC_TIME_IN_FS;
  if (samples < MIN_SAMPLES) {
    throw new Error(
      `${name}: ${samples} samples (${durationFs.toFixed(1)} fs) cannot be a spectrum; ` +
        `at least ${MIN_SAMPLES} are needed, and thousands for useful resolution`,
    );
  }
  const maxLag = requested ?? defaultMaxLag(samples, dt);
  const resolution = resolutionWavenumber(maxLag * dt);
  const span = range[1] - range[0];
  const lag10 = (maxLagForResolution(10, dt) * dt * ATOMIC_TIME_IN_FS).toFixed(0);
  const advice = `10 cm⁻¹ needs a maximum lag of ${lag10} fs (--max-lag-fs) and a series several times longer`;
  if (resolution > span / 2) {
    throw new Error(
      `${name}: resolution ${resolution.toFixed(0)} cm⁻¹ (maximum lag ${(maxLag * dt * ATOMIC_TIME_IN_FS).toFixed(1)} fs ` +
        `of ${durationFs.toFixed(1)} fs) is coarser than half the range ${range[0]}–${range[1]} cm⁻¹: ` +
        `this cannot be a spectrum; ${advice}`,
    );
  }
  const warnings: string[] = [];
  if (resolution > USEFUL_RESOLUTION) {
    warnings.push(
      `resolution ${resolution.toFixed(0)} cm⁻¹ (maximum lag ${(maxLag * dt * ATOMIC_TIME_IN_FS).toFixed(1)} fs of ` +
        `a ${durationFs.toFixed(1)} fs series): bands closer than that merge into one and positions are ` +
        `uncertain by a fraction of it; ${advice}`,
    );
  }
  return { maxLag, resolution, warnings };
}
