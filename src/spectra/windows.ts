/**
 * Windows applied to a one-sided correlation function over its lag range 0..M before the Fourier
 * transform. They damp the noisy long-time tail and the truncation ripples (sinc side lobes), at the
 * price of a broader line; w(0) = 1 always, so the area of the spectrum (= 2π·C(0)) is unchanged.
 *
 *   none:      w_k = 1
 *   Hann:      w_k = ½ (1 + cos(π k / M))          (the right half of a Hann window of length 2M + 1)
 *   Gaussian:  w_k = exp(−½ (k / (σ M))²), σ = 1/3 by default (w_M ≈ 0.011)
 */
import type { CorrelationFunction } from "./correlation.ts";

export type WindowKind = "none" | "hann" | "gaussian";

export const WINDOW_KINDS: readonly WindowKind[] = ["none", "hann", "gaussian"];

export interface WindowOptions {
  /** Width σ of the Gaussian window as a fraction of the maximum lag (default 1/3). */
  gaussianWidth?: number;
}

/** The window values w_0..w_M for a correlation of maxLag = M. */
export function windowFunction(kind: WindowKind, maxLag: number, options: WindowOptions = {}): Float64Array {
  if (!Number.isInteger(maxLag) || maxLag < 1)
    throw new Error(`window: maximum lag must be ≥ 1, got ${maxLag}`);
  const w = new Float64Array(maxLag + 1);
  switch (kind) {
    case "none":
      return w.fill(1);
    case "hann":
      for (let k = 0; k <= maxLag; k++) w[k] = 0.5 * (1 + Math.cos((Math.PI * k) / maxLag));
      return w;
    case "gaussian": {
      const sigma = (options.gaussianWidth ?? 1 / 3) * maxLag;
      if (!(sigma > 0))
        throw new Error(`window: Gaussian width must be positive, got ${options.gaussianWidth}`);
      for (let k = 0; k <= maxLag; k++) w[k] = Math.exp(-0.5 * (k / sigma) ** 2);
      return w;
    }
    default:
      throw new Error(`unknown window '${kind as string}'; expected one of: ${WINDOW_KINDS.join(", ")}`);
  }
}

/** A windowed copy of a correlation function. */
export function applyWindow(
  cf: CorrelationFunction,
  kind: WindowKind,
  options: WindowOptions = {},
): CorrelationFunction {
  const w = windowFunction(kind, cf.values.length - 1, options);
  return { dt: cf.dt, values: cf.values.map((c, k) => c * w[k]) };
}
