/**
 * A RunSpec from a validated run config (src/config/run-config.ts): reads the structure, counts the
 * degrees of freedom once, builds the integrator (with its thermostat), the equilibration leg's
 * integrator (if any) and the potential, picks the properties the outputs need and resolves the output
 * files against the config's directory.
 *
 * Ring-polymer MD (integrator.type rpmd, P beads): all beads start at the structure's geometry; with
 * initial_velocities the bead momenta are drawn at P·T (i-PI's convention, so kinetic_md reads T),
 * the centroid's centre-of-mass momentum removed with remove_com; without, the file's momenta are
 * copied to every bead. The log has the integrator's estimators, the trajectory holds the centroid
 * (or every bead), and dipole/polarizability are recorded as the bead average (or at the centroid).
 */
import { resolve } from "node:path";
import type { Property } from "../core/potential.ts";
import { kelvin, toAtomic } from "../core/units.ts";
import { expandToBeads } from "../../integrators/ring-polymer/expand-to-beads.ts";
import { checkGeometry } from "../core/geometry-check.ts";
import { readExtxyz } from "../io/extxyz.ts";
import { outputSizeWarning } from "./output-size.ts";
import { stateFromFrames, systemFromFrame } from "../io/frames.ts";
import { buildEquilibrationIntegrator, buildIntegrator } from "../config/integrator-factory.ts";
import { buildPotential } from "../config/potential-factory.ts";
import { loadRunConfig, type RunConfig } from "../config/run-config.ts";
import { degreesOfFreedom } from "./degrees-of-freedom.ts";
import type { RunSpec } from "./run-spec.ts";

export interface FromConfigOptions {
  /** Continue from the checkpoint file named in the config. */
  resume?: boolean;
  /** Replace the files of an earlier run in the output directory. */
  overwrite?: boolean;
  /** Total number of steps (overrides the config's `steps`). */
  steps?: number;
  /** Where warnings go before the run starts (e.g. an output estimated to fill the disk). */
  warn?: (message: string) => void;
  /** Show progress (default: the config's outputs.progress). */
  progress?: boolean;
}

/**
 * Whether the total momentum is conserved, so that remove_com freezes 3 degrees of freedom: without a
 * thermostat; for a ring polymer, the centroid's momentum unless the centroid is thermostatted.
 */
function momentumConserved(config: RunConfig): boolean {
  const i = config.integrator;
  // an equilibration thermostat changes the total momentum before production starts
  if (config.equilibration) return false;
  if (i.type === "rpmd") {
    return i.thermostat === "none" || (i.thermostat !== "pile_g" && i.centroid_tau_fs === undefined);
  }
  return config.thermostat.type === "none";
}

/** The temperature of a classical equilibration leg's thermostat (K), if any. */
function equilibrationTemperature(config: RunConfig): number | undefined {
  const t = config.equilibration?.thermostat;
  return typeof t === "object" && t.type !== "none" ? t.temperature_K : undefined;
}

/** The run temperature k_B·T (hartree) for the blow-up checks, if the config states one. */
function runTemperature(config: RunConfig): number | undefined {
  const i = config.integrator;
  const kelvins =
    i.type === "rpmd"
      ? i.temperature_K
      : config.thermostat.type !== "none"
        ? config.thermostat.temperature_K
        : (config.initial_velocities?.temperature_K ?? equilibrationTemperature(config));
  return kelvins === undefined ? undefined : kelvin(kelvins);
}

/** Build the RunSpec of a run config file. */
export async function runSpecFromConfig(
  configPath: string,
  options: FromConfigOptions = {},
): Promise<RunSpec> {
  const { config, dir, hash } = loadRunConfig(configPath);
  const steps = options.steps ?? config.steps;
  if (!Number.isInteger(steps) || steps < 0) {
    throw new Error(`--steps: expected a non-negative integer, got ${steps}`);
  }

  // Starting structure
  const structurePath = resolve(dir, config.system.file);
  const frames = await readExtxyz(structurePath);
  const k = config.system.frame < 0 ? frames.length + config.system.frame : config.system.frame;
  if (!frames[k]) {
    throw new Error(
      `${configPath}: system.frame: ${structurePath} has ${frames.length} frames, no frame ${config.system.frame}`,
    );
  }
  const system = systemFromFrame(frames[k]);
  const rpmd = config.integrator.type === "rpmd";
  const removeCom = config.initial_velocities?.remove_com ?? false;
  const nDof = degreesOfFreedom(system.nAtoms, removeCom && momentumConserved(config));
  const { integrator, nBatch } = buildIntegrator(config, nDof);
  const equilibrationIntegrator = buildEquilibrationIntegrator(config, nDof);
  const start = stateFromFrames(system, [frames[k]], config.units);
  checkGeometry(system.symbols, start.positions, `${structurePath}: frame ${k}`);
  const potential = await buildPotential(config.potential.type, config.potential.parameters, {
    system,
    initial: rpmd ? expandToBeads(start, nBatch) : start,
    configDir: dir,
  });

  // Outputs and the properties they need
  const outDir = resolve(dir, config.outputs.directory);
  const out = config.outputs;
  const sizeWarning = outputSizeWarning(
    {
      steps,
      nAtoms: system.nAtoms,
      framesPerRecord: rpmd && out.trajectory?.beads === "all" ? nBatch : 1,
      ...out,
    },
    outDir,
  );
  if (sizeWarning) options.warn?.(sizeWarning);
  const want = new Set<Property>();
  const provides = (p: Property) => potential.provides.includes(p);
  // At the centroid the recorder evaluates dipole/polarizability itself: the beads need not.
  const estimator = rpmd ? (out.properties?.estimator ?? "bead_average") : undefined;
  if (estimator !== "centroid") {
    for (const q of out.properties?.quantities ?? ["dipole", "polarizability"]) {
      if (q !== "energy" && (out.properties?.quantities || provides(q))) want.add(q);
    }
  } else {
    for (const q of out.properties?.quantities ?? []) {
      if (q !== "energy" && !provides(q)) {
        await potential.dispose();
        throw new Error(
          `${configPath}: outputs.properties.quantities: potential '${potential.name}' does not provide ${q}`,
        );
      }
    }
  }
  for (const p of ["dipole", "polarizability"] as const) if (out.trajectory && provides(p)) want.add(p);
  // a periodic system's energy log carries the pressure when the potential gives the virial
  const pressure = out.log !== undefined && system.cell !== undefined && provides("virial");
  if (pressure) want.add("virial");

  const v = config.initial_velocities;
  return {
    system,
    potential,
    integrator,
    start,
    beads: nBatch,
    equilibration: equilibrationIntegrator && {
      integrator: equilibrationIntegrator,
      steps: config.equilibration!.steps,
    },
    steps,
    degreesOfFreedom: nDof,
    initialVelocities: v && {
      temperature: kelvin(v.temperature_K),
      seed: v.seed ?? config.seed + 1,
      removeCenterOfMass: v.remove_com,
    },
    want: [...want],
    outputs: {
      trajectory: out.trajectory && {
        file: resolve(outDir, out.trajectory.file),
        every: out.trajectory.every,
        units: config.units,
        forces: out.trajectory.forces,
        velocities: out.trajectory.velocities,
        momenta: out.trajectory.momenta,
        beads: out.trajectory.beads ?? (rpmd ? "centroid" : "all"),
      },
      log: out.log && {
        file: resolve(outDir, out.log.file),
        every: out.log.every,
        energyUnit: config.units.energy,
        pressure,
      },
      properties: out.properties && {
        file: resolve(outDir, out.properties.file),
        every: out.properties.every,
        quantities: out.properties.quantities,
        units: config.units,
        estimator,
        potential,
        // a CSV file is streamed: nothing need stay in memory (a JSON file is written from memory)
        inMemory: out.properties.file.endsWith(".json"),
      },
      checkpoint: out.checkpoint && {
        file: resolve(outDir, out.checkpoint.file),
        every: out.checkpoint.every,
      },
      committeeSpread: out.committee_spread && {
        file: resolve(outDir, out.committee_spread.file),
        every: out.committee_spread.every,
      },
      progress: options.progress ?? out.progress,
    },
    resume: options.resume,
    overwrite: options.overwrite,
    inputs: [structurePath],
    configHash: hash,
    blowUp: {
      maxEnergyJump: config.max_energy_jump_eV && toAtomic("energy", config.max_energy_jump_eV, "eV"),
      temperature: runTemperature(config),
    },
  };
}
