/**
 * Stochastic velocity rescaling (G. Bussi, D. Donadio, M. Parrinello, J. Chem. Phys. 126, 014101
 * (2007)). The kinetic energy K of each configuration follows the stochastic differential equation
 *
 *   dK = (K̄ − K) dt/τ + 2 sqrt(K K̄ / N_f) dW/sqrt(τ),   K̄ = N_f k_BT/2,
 *
 * whose exact solution over a time h is drawn (their Eq. (A7)) as
 *
 *   K' = c K + (1 − c) K̄/N_f (R₁² + Σ_{i=2}^{N_f} R_i²) + 2 R₁ sqrt(c (1 − c) K K̄/N_f),   c = e^(−h/τ),
 *
 * with R_i standard normal (the sum drawn as one χ²(N_f − 1) deviate). The momenta of the configuration
 * are scaled by α = sign(R₁ + sqrt(c N_f K/((1 − c) K̄)))·sqrt(K'/K), the sign that makes the update the
 * exact solution for the component of the momentum along p. The canonical distribution is sampled,
 * and the kinetic energy change is booked as heat (H + heat is conserved up to integration error).
 */
import type { Thermostat } from "../../src/core/integrator.ts";
import { Random, type RandomState } from "../../src/core/random.ts";
import type { MDState, System } from "../../src/core/system.ts";
import { configurationKineticEnergy, degreesOfFreedom, scaleConfigurationMomenta } from "../kinetic.ts";
import { requirePositive, requireSeed } from "../validate.ts";
import { chiSquaredDeviate } from "./chi-squared.ts";

export interface BussiOptions {
  /** Target temperature k_B·T in hartree. */
  temperature: number;
  /** Relaxation time of the kinetic energy, atomic time. */
  tau: number;
  /** Seed of the thermostat's own random stream. */
  seed: number;
  /** Degrees of freedom per configuration; default 3N (use 3N − 3 when the CoM momentum is zero). */
  nDof?: number;
}

export class BussiThermostat implements Thermostat {
  readonly name = "bussi";
  readonly preferredSplitting = "obabo" as const;
  readonly temperature: number;
  readonly tau: number;
  readonly nDof?: number;
  private rng: Random;

  constructor(options: BussiOptions) {
    this.temperature = requirePositive(
      options.temperature,
      "BussiThermostat: temperature",
      "k_B·T in hartree",
    );
    this.tau = requirePositive(options.tau, "BussiThermostat: tau", "atomic time");
    this.rng = new Random(requireSeed(options.seed, "BussiThermostat: seed"));
    this.nDof = options.nDof;
  }

  apply(state: MDState, system: System, h: number): void {
    const nf = degreesOfFreedom(system, this.nDof, "BussiThermostat");
    const c = Math.exp(-h / this.tau);
    const kBar = 0.5 * nf * this.temperature;
    for (let b = 0; b < state.nBatch; b++) {
      const k = configurationKineticEnergy(system, state.momenta, b);
      if (k === 0) continue; // nothing to rescale: start from Maxwell–Boltzmann momenta
      const r1 = this.rng.normal();
      const rest = chiSquaredDeviate(this.rng, nf - 1);
      const kNew =
        c * k + ((1 - c) * kBar * (r1 * r1 + rest)) / nf + 2 * r1 * Math.sqrt((c * (1 - c) * k * kBar) / nf);
      const sign = r1 + Math.sqrt((c * nf * k) / ((1 - c) * kBar)) < 0 ? -1 : 1;
      scaleConfigurationMomenta(system, state.momenta, b, sign * Math.sqrt(kNew / k));
      state.thermostatHeat -= kNew - k;
    }
  }

  energy(): number {
    return 0;
  }

  saveState(): { rng: RandomState } {
    return { rng: this.rng.getState() };
  }

  loadState(saved: unknown): void {
    const s = saved as { rng?: RandomState } | null;
    if (!s || !s.rng) throw new Error("BussiThermostat.loadState: saved state has no 'rng' entry");
    this.rng = Random.fromState(s.rng);
  }
}
