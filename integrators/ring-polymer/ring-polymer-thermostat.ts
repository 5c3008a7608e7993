/**
 * The ring-polymer thermostats, all acting on normal-mode momenta:
 *
 * - "pile_l": PILE-L (Ceriotti et al., J. Chem. Phys. 133, 124104 (2010)): a Langevin thermostat on
 *   every internal mode with γ_k = 2λω_k (λ = 1 damps the free ring-polymer modes critically, which
 *   is i-PI's default `pile_lambda` and the setting of the reference averages), and a Langevin
 *   thermostat on the centroid with γ_0 = 1/τ_centroid (none if no τ is given).
 * - "pile_g": PILE-G: internal modes as PILE-L; the centroid by global stochastic velocity rescaling
 *   (Bussi) with relaxation time τ_centroid (required).
 * - "trpmd": thermostatted RPMD (Rossi, Ceriotti, Manolopoulos, J. Chem. Phys. 140, 234116 (2014)):
 *   the internal modes as PILE-L, default λ = 1/2 (γ_k = ω_k, the value commonly used for TRPMD
 *   spectra: it removes the spurious resonances of the internal modes while broadening the
 *   centroid's lines less than critical damping); the centroid evolves freely (dynamics stay RPMD-
 *   like) unless τ_centroid is given, in which case it is weakly Langevin-coupled with γ_0 = 1/τ.
 * - "none": no thermostat (NVE RPMD).
 */
import type { Random } from "../../src/core/random.ts";
import { CentroidSvr } from "./centroid-svr.ts";
import { NormalModeLangevin } from "./normal-mode-langevin.ts";

export type RingPolymerThermostatKind = "none" | "pile_l" | "pile_g" | "trpmd";

/** λ used when none is given: 1 for PILE-L/G (critical damping, i-PI's default), 1/2 for TRPMD. */
export function defaultLambda(kind: RingPolymerThermostatKind): number {
  return kind === "trpmd" ? 0.5 : 1;
}

export interface RingPolymerThermostatOptions {
  kind: RingPolymerThermostatKind;
  /** Ring-polymer frequencies ω_k (atomic units). */
  omegas: Float64Array;
  /** Bead temperature P·k_B·T (hartree). */
  beadTemperature: number;
  /** γ_k = 2λω_k for the internal modes. */
  lambda?: number;
  /** Centroid time constant (atomic time); undefined = no centroid thermostat (pile_l, trpmd). */
  centroidTau?: number;
  /** Time one application covers (atomic time). */
  h: number;
}

/** An O step on normal-mode momenta, composed of a local Langevin part and an optional centroid SVR. */
export class RingPolymerThermostat {
  readonly kind: RingPolymerThermostatKind;
  readonly lambda: number;
  private readonly langevin: NormalModeLangevin | null;
  private readonly svr: CentroidSvr | null;

  constructor(o: RingPolymerThermostatOptions) {
    this.kind = o.kind;
    this.lambda = o.lambda ?? defaultLambda(o.kind);
    if (!["none", "pile_l", "pile_g", "trpmd"].includes(o.kind)) {
      throw new Error(`thermostat must be one of none, pile_l, pile_g, trpmd; got "${String(o.kind)}"`);
    }
    if (!(this.lambda > 0) || !Number.isFinite(this.lambda)) {
      throw new Error(`lambda must be a positive number (γ_k = 2λω_k), got ${o.lambda}`);
    }
    if (o.centroidTau !== undefined && !(o.centroidTau > 0)) {
      throw new Error(`centroid_tau must be a positive time, got ${o.centroidTau}`);
    }
    if (o.kind === "pile_g" && o.centroidTau === undefined) {
      throw new Error(
        "thermostat pile_g needs centroid_tau (the time constant of the centroid's Bussi thermostat)",
      );
    }
    if (o.kind === "none") {
      this.langevin = null;
      this.svr = null;
      return;
    }
    const gammas = o.omegas.map((w) => 2 * this.lambda * w);
    gammas[0] = o.kind === "pile_g" || o.centroidTau === undefined ? 0 : 1 / o.centroidTau;
    this.langevin = new NormalModeLangevin(gammas, o.beadTemperature, o.h);
    this.svr = o.kind === "pile_g" ? new CentroidSvr(o.centroidTau!, o.beadTemperature, o.h) : null;
  }

  /** Apply to pModes ([P][nAtoms][3]) in place; returns the kinetic-energy change Σ Δ(p̃²/2m) (hartree). */
  apply(pModes: Float64Array, masses: Float64Array, rng: Random): number {
    let dK = 0;
    if (this.langevin) dK += this.langevin.apply(pModes, masses, rng);
    if (this.svr) dK += this.svr.apply(pModes, masses, rng);
    return dK;
  }

  get active(): boolean {
    return this.langevin !== null;
  }
}
