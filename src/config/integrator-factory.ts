/**
 * Builds the integrator (with its thermostat) a run config describes, converting user units
 * (fs, K) to atomic units. Thermostats with random numbers are seeded with the run's seed.
 *
 * `integrator.type: verlet` is classical MD (one configuration); `integrator.type: rpmd` is a ring
 * polymer of P = `beads` configurations (the batch dimension of the state), whose thermostat
 * (PILE-L/G, TRPMD) is part of the integrator (integrators/ring-polymer/, docs/rpmd.md).
 */
import type { Integrator, Thermostat } from "../core/integrator.ts";
import { fs, kelvin } from "../core/units.ts";
import { VelocityVerlet } from "../../integrators/velocity-verlet.ts";
import { LangevinThermostat } from "../../integrators/thermostats/langevin.ts";
import { BussiThermostat } from "../../integrators/thermostats/bussi.ts";
import { NoseHooverChain } from "../../integrators/thermostats/nose-hoover-chain.ts";
import { BerendsenThermostat } from "../../integrators/thermostats/berendsen.ts";
import { RingPolymerIntegrator } from "../../integrators/ring-polymer/index.ts";
import type { RunConfig } from "./run-config.ts";

type ThermostatConfig = RunConfig["thermostat"];

/** The thermostat of a config (undefined for type none). `nDof` per configuration for Nosé–Hoover. */
export function buildThermostat(config: RunConfig, nDof?: number): Thermostat | undefined {
  return thermostatOf(config.thermostat, config.seed, nDof);
}

function thermostatOf(t: ThermostatConfig, seed: number, nDof?: number): Thermostat | undefined {
  if (t.type === "none") return undefined;
  const temperature = kelvin(t.temperature_K);
  const tau = fs(t.tau_fs);
  switch (t.type) {
    case "langevin":
      return new LangevinThermostat({ temperature, tau, seed });
    case "bussi":
      return new BussiThermostat({ temperature, tau, seed, nDof });
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
  return { integrator: buildRingPolymer(i, config.seed), nBatch: i.beads };
}

/**
 * The integrator of the config's equilibration leg (undefined without one): the production integrator's
 * time step and splitting with the leg's thermostat (verlet), or the same ring polymer with PILE-L/G
 * and the default λ = 1 (rpmd). Its thermostat draws from equilibration.seed (default −(seed + 1)).
 */
export function buildEquilibrationIntegrator(config: RunConfig, nDof?: number): Integrator | undefined {
  const eq = config.equilibration;
  if (!eq) return undefined;
  const seed = eq.seed ?? -(config.seed + 1);
  const i = config.integrator;
  if (i.type === "verlet") {
    const t = eq.thermostat;
    if (t === undefined || typeof t === "string")
      throw new Error("equilibration.thermostat: expected a thermostat object");
    return new VelocityVerlet({
      dt: fs(i.timestep_fs),
      thermostat: thermostatOf(t, seed, nDof),
      splitting: i.splitting,
    });
  }
  const thermostat = typeof eq.thermostat === "string" ? eq.thermostat : "pile_l";
  return buildRingPolymer(
    { ...i, thermostat, lambda: undefined, centroid_tau_fs: eq.centroid_tau_fs ?? i.centroid_tau_fs },
    seed,
    "equilibration",
  );
}

type RpmdConfig = Extract<RunConfig["integrator"], { type: "rpmd" }>;

/** The ring-polymer integrator of `integrator.type: rpmd` (the run's seed drives its thermostat). */
function buildRingPolymer(i: RpmdConfig, seed: number, section = "integrator"): RingPolymerIntegrator {
  try {
    return new RingPolymerIntegrator({
      dt: fs(i.timestep_fs),
      beads: i.beads,
      temperature: kelvin(i.temperature_K),
      propagator: i.propagator,
      thermostat: i.thermostat,
      lambda: i.lambda,
      centroidTau: i.centroid_tau_fs === undefined ? undefined : fs(i.centroid_tau_fs),
      splitting: i.splitting,
      contractTo: i.contract_to,
      seed,
    });
  } catch (e) {
    // The schema checks every field; this names the section for anything the integrator refuses.
    throw new Error(`${section} (rpmd): ${(e as Error).message}`, { cause: e });
  }
}
