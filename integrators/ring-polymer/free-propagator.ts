/**
 * Free ring-polymer propagation: the A piece of RPMD, the flow of the kinetic energy plus the springs,
 * H₀ = Σ_k [p̃_k²/2m + ½ m ω_k² q̃_k²], acting on normal-mode coordinates (see normal-modes.ts).
 *
 * Each mode is a harmonic oscillator, advanced over h by a 2×2 matrix per coordinate,
 *
 *   q̃' = a q̃ + (b/m) p̃,    p̃' = −m c q̃ + a p̃.
 *
 * - "exact": a = cos(ω_k h), b = sin(ω_k h)/ω_k, c = ω_k sin(ω_k h); the centroid (ω_0 = 0) drifts
 *   freely, a = 1, b = h, c = 0. This is i-PI's propagator.
 * - "cayley": the Cayley transform (1 − hL/2)⁻¹(1 + hL/2) of the mode's generator (Korol, Bou-Rabee,
 *   Miller, J. Chem. Phys. 151, 124103 (2019)): with x = ω_k h/2, a = (1 − x²)/(1 + x²),
 *   b = h/(1 + x²), c = ω_k² h/(1 + x²). It is a rotation by 2·atan(ω_k h/2) < π in the mode's phase
 *   plane, so the stiff modes never reach the resonance windows of the exact propagator (below), and
 *   the RPMD integrator is stable for every ω_k·h; the centroid still drifts exactly.
 *
 * Stability of the exact propagator. Composed with kicks by a physical force of curvature m Ω²
 * (B(h/2) A(h) B(h/2)), the one-step matrix of mode k has trace 2cos θ − (Ω² h/ω_k) sin θ, θ = ω_k h.
 * It exceeds 2 in magnitude, and the step is unstable, where θ lies just below nπ (n = 1, 2, …):
 * for nπ − θ < 2·atan(Ω² h/(2ω_k)) ≈ Ω² h/ω_k. `exactPropagatorResonances` flags the modes for which
 * that trace exceeds 2 in magnitude with a safety factor of 2 on Ω² (so about twice the window), Ω
 * being the highest physical frequency expected (default 4000 cm⁻¹).
 */
import { WAVENUMBER_IN_HARTREE } from "../../src/core/units.ts";

export type FreePropagatorKind = "exact" | "cayley";

/** Propagates [P][nAtoms][3] normal-mode positions and momenta over a fixed time h. */
export class FreeRingPolymerPropagator {
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly c: Float64Array;

  /**
   * @param omegas ring-polymer frequencies ω_k (atomic units), one per mode
   * @param h time of the propagation (atomic time)
   */
  constructor(
    readonly omegas: Float64Array,
    readonly h: number,
    readonly kind: FreePropagatorKind = "exact",
  ) {
    if (kind !== "exact" && kind !== "cayley") {
      throw new Error(`propagator must be "exact" or "cayley", got "${String(kind)}"`);
    }
    const P = omegas.length;
    this.a = new Float64Array(P);
    this.b = new Float64Array(P);
    this.c = new Float64Array(P);
    for (let k = 0; k < P; k++) {
      const w = omegas[k];
      if (w === 0) {
        this.a[k] = 1;
        this.b[k] = h;
        this.c[k] = 0;
      } else if (kind === "exact") {
        this.a[k] = Math.cos(w * h);
        this.b[k] = Math.sin(w * h) / w;
        this.c[k] = w * Math.sin(w * h);
      } else {
        const x2 = (w * h * 0.5) ** 2;
        this.a[k] = (1 - x2) / (1 + x2);
        this.b[k] = h / (1 + x2);
        this.c[k] = (w * w * h) / (1 + x2);
      }
    }
  }

  /** Advance the normal-mode coordinates qModes, pModes ([P][nAtoms][3]) in place. masses: [nAtoms]. */
  apply(qModes: Float64Array, pModes: Float64Array, masses: Float64Array): void {
    const nAtoms = masses.length;
    const P = this.omegas.length;
    for (let k = 0; k < P; k++) {
      const a = this.a[k];
      const b = this.b[k];
      const c = this.c[k];
      for (let at = 0; at < nAtoms; at++) {
        const m = masses[at];
        const i0 = (k * nAtoms + at) * 3;
        for (let i = i0; i < i0 + 3; i++) {
          const q = qModes[i];
          const p = pModes[i];
          qModes[i] = a * q + (b / m) * p;
          pModes[i] = -m * c * q + a * p;
        }
      }
    }
  }
}

/** A mode whose exact free propagation sits in (or next to) a resonance window. */
export interface Resonance {
  /** Mode index k. */
  mode: number;
  /** ω_k·h. */
  omegaH: number;
  /** The multiple of π that ω_k·h lies just below. */
  n: number;
}

/** Default highest physical vibrational frequency assumed by the stability check: 4000 cm⁻¹ (O–H stretch). */
export const DEFAULT_MAX_PHYSICAL_FREQUENCY = 4000 * WAVENUMBER_IN_HARTREE;

/**
 * Modes k whose exact free propagation over h is unstable, or nearly so, when combined with physical
 * forces of frequency up to `maxPhysicalFrequency` Ω (atomic units): those where the one-step map
 * B(h/2) A(h) B(h/2) of a harmonic force of frequency √2·Ω has |trace| = |2cos θ − (2Ω² h/ω_k) sin θ| > 2,
 * θ = ω_k h. (The trace is linear in Ω², so weaker forces are covered too.) This happens only just
 * below θ = nπ, in a window of width ≈ 2Ω² h/ω_k, twice the exact one.
 */
export function exactPropagatorResonances(
  omegas: Float64Array,
  h: number,
  maxPhysicalFrequency: number = DEFAULT_MAX_PHYSICAL_FREQUENCY,
): Resonance[] {
  const found: Resonance[] = [];
  const safety = 2;
  omegas.forEach((w, k) => {
    if (w <= 0) return;
    const theta = w * h;
    const trace = 2 * Math.cos(theta) - ((safety * maxPhysicalFrequency ** 2 * h) / w) * Math.sin(theta);
    if (Math.abs(trace) > 2)
      found.push({ mode: k, omegaH: theta, n: Math.max(1, Math.ceil(theta / Math.PI)) });
  });
  return found;
}

/** The warning text for resonant modes (empty string when there are none). */
export function resonanceWarning(resonances: readonly Resonance[], h: number): string {
  if (resonances.length === 0) return "";
  const list = resonances
    .map((r) => `k = ${r.mode}: ω_k·dt = ${r.omegaH.toFixed(4)} just below ${r.n}π`)
    .join("; ");
  return (
    `ring polymer: the exact free ring-polymer propagator is unstable or nearly so for ` +
    `${resonances.length} mode(s) at this time step (${list}; propagation time ${h.toPrecision(6)} a.u.). ` +
    `Use propagator: cayley (stable for every ω_k·dt), or a smaller timestep or fewer beads.`
  );
}
