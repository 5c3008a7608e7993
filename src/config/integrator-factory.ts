/**
 * Builds the integrator (with its thermostat) a run config describes, converting user units
 * (fs, K) to atomic units. Thermostats with random numbers are seeded with the run's seed.
 */
import type { Integrator, Thermostat } from "../core/integrator.ts";
import { fs, kelvin } from "../core/units.ts";
import { VelocityVerlet } from "../../integrators/velocity-verlet.ts";
import { LangevinThermostat } from "../../integrators/thermostats/langevin.ts";
import { BussiThermostat } from "../../integrators/thermostats/bussi.ts";
import { NoseHooverChain } from "../../integrators/thermostats/nose-hoover-chain.ts";
import { BerendsenThermostat } from "../../integrators/thermostats/berendsen.ts";
import type { RunConfig } from "./run-config.ts";

/** The thermostat of a config (undefined for type none). `nDof` per configuration for Nosé–Hoover. */
export function buildThermostat(config: RunConfig, nDof?: number): Thermostat | undefined {
  const t = config.thermostat;
  if (t.type === "none") return undefined;
  const temperature = kelvin(t.temperature_K);
  const tau = fs(t.tau_fs);
  switch (t.type) {
    case "langevin":
      return new LangevinThermostat({ temperature, tau, seed: config.seed });
    case "bussi":
      return new BussiThermostat({ temperature, tau, seed: config.seed, nDof });
    case "nose_hoover":
      return new NoseHooverChain({ temperature, tau, chainLength: t.chain_length, nDof });
    case "berendsen":
      return new BerendsenThermostat({ temperature, tau, nDof });
  }
}

/** The integrator and the number of configurations (beads) it propagates. */
export function buildIntegrator(
  config: RunConfig,
  nDof?: number,
): { integrator: Integrator; nBatch: number } {
  const i = config.integrator;
  if (i.type === "verlet") {
    return {
      integrator: new VelocityVerlet({
        dt: fs(i.timestep_fs),
        thermostat: buildThermostat(config, nDof),
        splitting: i.splitting,
      }),
      nBatch: 1,
    };
  }
  throw new Error(
    `integrator.type 'rpmd' is accepted by the config schema but the ring-polymer integrator is not ` +
      `connected to the CLI in this build (src/config/integrator-factory.ts)`,
  );
}
