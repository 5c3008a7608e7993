/**
 * Langevin thermostat: the O piece of BAOAB / OBABO (Leimkuhler & Matthews, Appl. Math. Res. Express
 * 2013, 34; Bussi & Parrinello, Phys. Rev. E 75, 056707 (2007)). Over a time h it solves the
 * Ornstein–Uhlenbeck process dp = −p/τ dt + sqrt(2m k_BT/τ) dW exactly:
 *
 *   p ← c₁ p + sqrt(m k_BT (1 − c₁²)) ξ,   c₁ = e^(−h/τ),   ξ ~ N(0, 1) per Cartesian component,
 *
 * independently for every atom of every configuration (a local thermostat: no coupling between
 * replicas or beads). The kinetic energy it adds is booked as heat with a minus sign, so that
 * H + state.thermostatHeat is conserved up to the integration error of the Hamiltonian pieces.
 */
import type { Thermostat } from "../../src/core/integrator.ts";
import { Random, type RandomState } from "../../src/core/random.ts";
import type { MDState, System } from "../../src/core/system.ts";
import { requirePositive, requireSeed } from "../validate.ts";

export interface LangevinOptions {
  /** Target temperature k_B·T in hartree. */
  temperature: number;
  /** Relaxation time τ = 1/γ of the momenta, atomic time. */
  tau: number;
  /** Seed of the thermostat's own random stream. */
  seed: number;
}

export class LangevinThermostat implements Thermostat {
  readonly name = "langevin";
  readonly preferredSplitting = "baoab" as const;
  readonly temperature: number;
  readonly tau: number;
  private rng: Random;

  constructor(options: LangevinOptions) {
    this.temperature = requirePositive(
      options.temperature,
      "LangevinThermostat: temperature",
      "k_B·T in hartree",
    );
    this.tau = requirePositive(options.tau, "LangevinThermostat: tau", "atomic time");
    this.rng = new Random(requireSeed(options.seed, "LangevinThermostat: seed"));
  }

  apply(state: MDState, system: System, h: number): void {
    const c1 = Math.exp(-h / this.tau);
    const c2 = Math.sqrt(1 - c1 * c1);
    const n = system.nAtoms;
    const p = state.momenta;
    let dK = 0;
    for (let b = 0; b < state.nBatch; b++) {
      for (let a = 0; a < n; a++) {
        const m = system.masses[a];
        const sigma = c2 * Math.sqrt(m * this.temperature);
        const i = (b * n + a) * 3;
        for (let k = i; k < i + 3; k++) {
          const old = p[k];
          p[k] = c1 * old + sigma * this.rng.normal();
          dK += (p[k] * p[k] - old * old) / (2 * m);
        }
      }
    }
    state.thermostatHeat -= dK;
  }

  energy(): number {
    return 0;
  }

  saveState(): { rng: RandomState } {
    return { rng: this.rng.getState() };
  }

  loadState(saved: unknown): void {
    const s = saved as { rng?: RandomState } | null;
    if (!s || !s.rng) throw new Error("LangevinThermostat.loadState: saved state has no 'rng' entry");
    this.rng = Random.fromState(s.rng);
  }
}
