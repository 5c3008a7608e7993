/**
 * Berendsen weak coupling (H. J. C. Berendsen et al., J. Chem. Phys. 81, 3684 (1984)): the momenta of
 * each configuration are scaled by λ = sqrt(1 + (h/τ)(T₀/T − 1)), T = 2K/N_f, so the kinetic temperature
 * relaxes exponentially to T₀ with time constant τ. It does not sample the canonical ensemble (the
 * kinetic energy fluctuations are suppressed); use it to equilibrate, Bussi or Langevin to sample.
 * The kinetic energy change is booked as heat.
 */
import type { Thermostat } from "../../src/core/integrator.ts";
import type { MDState, System } from "../../src/core/system.ts";
import { configurationKineticEnergy, degreesOfFreedom, scaleConfigurationMomenta } from "../kinetic.ts";
import { requirePositive } from "../validate.ts";

export interface BerendsenOptions {
  /** Target temperature k_B·T in hartree. */
  temperature: number;
  /** Coupling time, atomic time. */
  tau: number;
  /** Degrees of freedom per configuration; default 3N. */
  nDof?: number;
}

export class BerendsenThermostat implements Thermostat {
  readonly name = "berendsen";
  readonly preferredSplitting = "obabo" as const;
  readonly temperature: number;
  readonly tau: number;
  readonly nDof?: number;

  constructor(options: BerendsenOptions) {
    this.temperature = requirePositive(
      options.temperature,
      "BerendsenThermostat: temperature",
      "k_B·T in hartree",
    );
    this.tau = requirePositive(options.tau, "BerendsenThermostat: tau", "atomic time");
    this.nDof = options.nDof;
  }

  apply(state: MDState, system: System, h: number): void {
    const nf = degreesOfFreedom(system, this.nDof, "BerendsenThermostat");
    for (let b = 0; b < state.nBatch; b++) {
      const k = configurationKineticEnergy(system, state.momenta, b);
      if (k === 0) continue;
      const t = (2 * k) / nf;
      // Clamp at 0 for h > τ and a very hot system, where the linearised formula would go negative.
      const lambda2 = Math.max(0, 1 + (h / this.tau) * (this.temperature / t - 1));
      scaleConfigurationMomenta(system, state.momenta, b, Math.sqrt(lambda2));
      state.thermostatHeat -= (lambda2 - 1) * k;
    }
  }

  energy(): number {
    return 0;
  }

  saveState(): Record<string, never> {
    return {};
  }

  loadState(): void {}
}
