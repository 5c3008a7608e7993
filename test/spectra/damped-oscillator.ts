/**
 * Exact samples of a stationary damped (Langevin) harmonic oscillator, q̈ = −ω₀² q − γ q̇ + noise, m = 1,
 * at temperature T: the state (q, p) is a Gaussian AR(1) process, x_{n+1} = A x_n + L ξ_n with
 * A = exp(MΔt), M = [[0, 1], [−ω₀², −γ]], and noise covariance Σ − AΣAᵀ, Σ = diag(T/ω₀², T).
 * Its position autocorrelation is known in closed form:
 *   C(t) = (T/ω₀²) e^{−γt/2} (cos ω₁t + γ/(2ω₁) sin ω₁t),   ω₁ = √(ω₀² − γ²/4).
 * A synthetic "trajectory" with a known line shape and honest noise, for the tests of error bands.
 */
import { Random } from "../../src/core/index.ts";
import { makeTimeSeries, type TimeSeries } from "../../src/spectra/time-series.ts";

export interface Oscillator {
  omega0: number;
  gamma: number;
  temperature: number;
}

export function positionCorrelation(o: Oscillator, t: number): number {
  const w1 = Math.sqrt(o.omega0 ** 2 - o.gamma ** 2 / 4);
  return (
    (o.temperature / o.omega0 ** 2) *
    Math.exp((-o.gamma * t) / 2) *
    (Math.cos(w1 * t) + (o.gamma / (2 * w1)) * Math.sin(w1 * t))
  );
}

/** One trajectory of `components` independent oscillators (e.g. 3: a dipole μ = q with unit charge). */
export function dampedOscillatorSeries(
  o: Oscillator,
  n: number,
  dt: number,
  rng: Random,
  components = 3,
): TimeSeries {
  const { omega0: w0, gamma: g, temperature: T } = o;
  const w1 = Math.sqrt(w0 * w0 - (g * g) / 4);
  const e = Math.exp((-g * dt) / 2);
  const c = Math.cos(w1 * dt);
  const s = Math.sin(w1 * dt) / w1;
  // A = e (c I + s (M + γ/2 I))
  const a00 = e * (c + (s * g) / 2);
  const a01 = e * s;
  const a10 = -e * s * w0 * w0;
  const a11 = e * (c - (s * g) / 2);
  const sq = T / (w0 * w0);
  const sp = T;
  const q00 = sq - (a00 * a00 * sq + a01 * a01 * sp);
  const q01 = -(a00 * a10 * sq + a01 * a11 * sp);
  const q11 = sp - (a10 * a10 * sq + a11 * a11 * sp);
  const l00 = Math.sqrt(q00);
  const l10 = q01 / l00;
  const l11 = Math.sqrt(q11 - l10 * l10);
  const values = new Float64Array(n * components);
  for (let k = 0; k < components; k++) {
    let q = Math.sqrt(sq) * rng.normal();
    let p = Math.sqrt(sp) * rng.normal();
    for (let i = 0; i < n; i++) {
      values[i * components + k] = q;
      const x1 = rng.normal();
      const x2 = rng.normal();
      const qn = a00 * q + a01 * p + l00 * x1;
      p = a10 * q + a11 * p + l10 * x1 + l11 * x2;
      q = qn;
    }
  }
  return makeTimeSeries(values, components, dt, { quantity: "dipole" });
}
