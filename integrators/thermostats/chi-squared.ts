/**
 * Gamma and chi-squared deviates from the seeded Random, for the stochastic velocity rescaling
 * thermostat, which needs Σ_{i=1}^{n} ξ_i² (a χ²(n) deviate) for n up to 3N per step.
 */
import type { Random } from "../../src/core/random.ts";

/**
 * Gamma(shape, 1) deviate by Marsaglia & Tsang, ACM Trans. Math. Softw. 26, 363 (2000): for shape ≥ 1
 * a squeeze-accepted transform of a normal deviate; for shape < 1 the boost Gamma(shape + 1)·U^(1/shape).
 */
export function gammaDeviate(rng: Random, shape: number): number {
  if (!(shape > 0)) throw new Error(`gammaDeviate: shape must be positive, got ${shape}`);
  if (shape < 1) {
    let u = 0;
    while (u === 0) u = rng.uniform();
    return gammaDeviate(rng, shape + 1) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** χ²(n) deviate: the sum of the squares of n independent standard normal deviates (0 for n = 0). */
export function chiSquaredDeviate(rng: Random, n: number): number {
  if (n === 0) return 0;
  return 2 * gammaDeviate(rng, n / 2);
}
