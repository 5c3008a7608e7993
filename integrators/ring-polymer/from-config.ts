/**
 * Config glue: the ring-polymer keys of an equimd run config, in user units, mapped to a
 * RingPolymerIntegrator (atomic units inside).
 *
 *   beads: 32              number of beads P (1 = classical)
 *   timestep: 0.25         fs
 *   temperature: 300       K
 *   propagator: exact      exact | cayley
 *   thermostat: pile_l     none | pile_l | pile_g | trpmd
 *   lambda: 1              γ_k = 2λω_k (default 1 for pile_l/pile_g, 0.5 for trpmd)
 *   centroid_tau: 10       fs (centroid thermostat; none if absent, required for pile_g)
 *   contract_to: 4         evaluate the potential on P' contracted beads
 *   splitting: baoab       baoab | obabo
 *   seed: 1
 */
import { fs, kelvin } from "../../src/core/units.ts";
import { RingPolymerIntegrator, type RingPolymerOptions } from "./ring-polymer-integrator.ts";

export interface RingPolymerConfig {
  beads: number;
  timestep: number;
  temperature: number;
  propagator?: string;
  thermostat?: string;
  lambda?: number;
  centroid_tau?: number;
  contract_to?: number;
  splitting?: string;
  seed?: number;
}

function field(
  cfg: Record<string, unknown>,
  key: string,
  kind: "number" | "string",
  required: boolean,
): unknown {
  const v = cfg[key];
  if (v === undefined || v === null) {
    if (required) throw new Error(`config: '${key}' is required for ring-polymer MD`);
    return undefined;
  }
  if (typeof v !== kind) throw new Error(`config: '${key}' must be a ${kind}, got ${JSON.stringify(v)}`);
  return v;
}

function oneOf<T extends string>(value: unknown, key: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) {
    throw new Error(`config: '${key}' must be one of ${allowed.join(", ")}; got "${String(value)}"`);
  }
  return value as T;
}

/** Options of the integrator from a config object (units converted, every key checked). */
export function ringPolymerOptionsFromConfig(
  config: Record<string, unknown>,
  extra: Partial<RingPolymerOptions> = {},
): RingPolymerOptions {
  const beads = field(config, "beads", "number", true) as number;
  if (!Number.isInteger(beads) || beads < 1)
    throw new Error(`config: 'beads' must be an integer ≥ 1, got ${beads}`);
  const timestep = field(config, "timestep", "number", true) as number;
  if (!(timestep > 0)) throw new Error(`config: 'timestep' (fs) must be positive, got ${timestep}`);
  const temperature = field(config, "temperature", "number", true) as number;
  if (!(temperature > 0)) throw new Error(`config: 'temperature' (K) must be positive, got ${temperature}`);
  const centroidTau = field(config, "centroid_tau", "number", false) as number | undefined;
  if (centroidTau !== undefined && !(centroidTau > 0)) {
    throw new Error(`config: 'centroid_tau' (fs) must be positive, got ${centroidTau}`);
  }
  const contractTo = field(config, "contract_to", "number", false) as number | undefined;
  if (contractTo !== undefined && (!Number.isInteger(contractTo) || contractTo < 1 || contractTo > beads)) {
    throw new Error(
      `config: 'contract_to' must be an integer between 1 and beads = ${beads}, got ${contractTo}`,
    );
  }
  const lambda = field(config, "lambda", "number", false) as number | undefined;
  if (lambda !== undefined && !(lambda > 0))
    throw new Error(`config: 'lambda' must be positive, got ${lambda}`);
  const seed = field(config, "seed", "number", false) as number | undefined;
  if (seed !== undefined && !Number.isInteger(seed))
    throw new Error(`config: 'seed' must be an integer, got ${seed}`);
  return {
    dt: fs(timestep),
    beads,
    temperature: kelvin(temperature),
    propagator: oneOf(field(config, "propagator", "string", false), "propagator", [
      "exact",
      "cayley",
    ] as const),
    thermostat: oneOf(field(config, "thermostat", "string", false), "thermostat", [
      "none",
      "pile_l",
      "pile_g",
      "trpmd",
    ] as const),
    lambda,
    centroidTau: centroidTau === undefined ? undefined : fs(centroidTau),
    splitting: oneOf(field(config, "splitting", "string", false), "splitting", ["baoab", "obabo"] as const),
    contractTo,
    seed,
    ...extra,
  };
}

/** The integrator for a config object (see the header for the keys and units). */
export function ringPolymerFromConfig(
  config: RingPolymerConfig | Record<string, unknown>,
  extra: Partial<RingPolymerOptions> = {},
): RingPolymerIntegrator {
  return new RingPolymerIntegrator(ringPolymerOptionsFromConfig(config as Record<string, unknown>, extra));
}
