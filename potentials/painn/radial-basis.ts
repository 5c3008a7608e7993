/**
 * Radial basis functions φ(d) that expand an interatomic distance d (model length unit) into K features.
 *
 * - Gaussian: φ_k(d) = exp(−½ ((d − μ_k)/w_k)²), schnetpack: μ = linspace(0, r_c, K), w_k = μ₁ − μ₀.
 * - Bessel:   φ_n(d) = sin(ω_n d)/d, schnetpack: ω_n = nπ/r_c, n = 1..K.
 * The centres, widths and frequencies are read from the parameters (named as schnetpack's buffers), so a
 * model with other values is evaluated as trained.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { RadialBasisSpec } from "./architecture.ts";
import type { ParameterSet } from "./parameters.ts";

/**
 * φ(d) for distances d of shape [E, 1]; returns [E, K]. `prefix` names the constants (ENINet's triplet
 * basis uses "representation.triplet_radial_basis").
 */
export function radialBasis(
  spec: RadialBasisSpec,
  params: ParameterSet,
  d: tf.Tensor2D,
  prefix = "representation.radial_basis",
): tf.Tensor2D {
  if (spec.type === "gaussian") {
    const mu = params.get(`${prefix}.offsets`);
    const w = params.get(`${prefix}.widths`);
    const z = tf.div(tf.sub(d, mu), w);
    return tf.exp(tf.mul(tf.square(z), -0.5)) as tf.Tensor2D;
  }
  const omega = params.get(`${prefix}.freqs`);
  return tf.div(tf.sin(tf.mul(d, omega)), d) as tf.Tensor2D;
}

/** Gaussian centres and widths as schnetpack sets them: μ = linspace(0, r_c, K), w = μ₁ − μ₀. */
export function gaussianBasisConstants(
  nRbf: number,
  cutoff: number,
): { offsets: number[]; widths: number[] } {
  const offsets = Array.from({ length: nRbf }, (_, k) => (cutoff * k) / (nRbf - 1));
  const w = offsets[1] - offsets[0];
  return { offsets, widths: offsets.map(() => w) };
}

/** Bessel frequencies as schnetpack sets them: ω_n = nπ/r_c. */
export function besselBasisConstants(nRbf: number, cutoff: number): { freqs: number[] } {
  return { freqs: Array.from({ length: nRbf }, (_, k) => ((k + 1) * Math.PI) / cutoff) };
}
