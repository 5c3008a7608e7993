/**
 * `equimd run <config.yaml> [--resume] [--steps N]`: an MD run described by a config file
 * (src/config/run-config.ts), with trajectory, energy log, property series and checkpoints.
 *
 * --resume continues from the checkpoint file: the state and the integrator's state (random
 * generator included) are restored, the output files are cut back to the checkpoint's step and then
 * appended to, so the result equals an uninterrupted run with the same seed, bit for bit.
 * Ctrl-C stops the run after the current step and saves a checkpoint there.
 *
 * Ring-polymer MD (integrator.type rpmd, P beads): the state holds P configurations, all beads
 * start at the structure's geometry; with initial_velocities the bead momenta are drawn at the bead
 * temperature P·T (i-PI's convention, so the kinetic_md temperature reads T), the centroid's
 * centre-of-mass momentum removed with remove_com; without, the file's momenta are copied to every
 * bead. The log has the ring-polymer estimators, the trajectory holds the centroid (or every bead),
 * and dipole/polarizability are recorded as the bead average (or at the centroid geometry).
 */
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import type { Observer } from "../../core/observer.ts";
import type { Property } from "../../core/potential.ts";
import { Random } from "../../core/random.ts";
import type { MDState, System } from "../../core/system.ts";
import { kelvin, toAtomic } from "../../core/units.ts";
import { maxwellBoltzmann } from "../../../integrators/initial-velocities.ts";
import { expandToBeads, RingPolymerIntegrator } from "../../../integrators/ring-polymer/index.ts";
import { readCheckpoint, restoreCheckpoint } from "../../io/checkpoint.ts";
import { checkGeometry } from "../../core/geometry-check.ts";
import { readExtxyz } from "../../io/extxyz.ts";
import { stateFromFrames, systemFromFrame } from "../../io/frames.ts";
import { buildIntegrator } from "../../config/integrator-factory.ts";
import { buildPotential } from "../../config/potential-factory.ts";
import { loadRunConfig } from "../../config/run-config.ts";
import { CheckpointWriter } from "../../observers/checkpoint-writer.ts";
import { EnergyLogger } from "../../observers/energy-logger.ts";
import { ProgressBar } from "../../observers/progress-bar.ts";
import { PropertyRecorder } from "../../observers/property-recorder.ts";
import { TrajectoryWriter } from "../../observers/trajectory-writer.ts";
import { makeForceEvaluator, run, type RunObserver } from "../../simulate.ts";
import { outputSizeWarning } from "../output-size.ts";
import { nonNegativeInteger } from "./options.ts";

export interface RunFromConfigOptions {
  /** Continue from the checkpoint file named in the config. */
  resume?: boolean;
  /** Total number of steps (overrides the config's `steps`). */
  steps?: number;
  /** Show progress (default: the config's outputs.progress). */
  progress?: boolean;
  /** Further observers (e.g. in tests). */
  observers?: RunObserver[];
  signal?: AbortSignal;
}

export interface RunResult {
  system: System;
  state: MDState;
  /** Absolute paths of the files written. */
  files: { trajectory?: string; log?: string; properties?: string; checkpoint?: string };
}

/** Run the MD described by a config file. */
export async function runFromConfig(
  configPath: string,
  options: RunFromConfigOptions = {},
): Promise<RunResult> {
  const { config, dir, hash } = loadRunConfig(configPath);
  const totalSteps = options.steps ?? config.steps;
  if (!Number.isInteger(totalSteps) || totalSteps < 0) {
    throw new Error(`--steps: expected a non-negative integer, got ${totalSteps}`);
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
  const rpmd = config.integrator.type === "rpmd" ? config.integrator : undefined;
  const removeCom = config.initial_velocities?.remove_com ?? false;
  // Without a thermostat the total momentum is conserved: 3 fewer degrees of freedom when it is zero.
  // For a ring polymer that is the centroid's momentum, conserved unless the centroid is thermostatted.
  const comConserved = rpmd
    ? rpmd.thermostat === "none" || (rpmd.thermostat !== "pile_g" && rpmd.centroid_tau_fs === undefined)
    : config.thermostat.type === "none";
  const nDof = 3 * system.nAtoms - (removeCom && comConserved && system.nAtoms > 1 ? 3 : 0);
  const { integrator, nBatch } = buildIntegrator(config, nDof);
  // A ring polymer starts with all beads at the structure's geometry (and the file's momenta).
  const classical = stateFromFrames(system, [frames[k]], config.units);
  checkGeometry(system.symbols, classical.positions, `${structurePath}: frame ${k}`);
  const fromFile = rpmd ? expandToBeads(classical, nBatch) : classical;
  const potential = await buildPotential(config.potential.type, config.potential.parameters, {
    system,
    initial: fromFile,
    configDir: dir,
  });

  // Outputs
  const outDir = resolve(dir, config.outputs.directory);
  mkdirSync(outDir, { recursive: true });
  const out = config.outputs;
  const sizeWarning = outputSizeWarning(
    {
      steps: totalSteps,
      nAtoms: system.nAtoms,
      framesPerRecord: rpmd && out.trajectory?.beads === "all" ? nBatch : 1,
      ...out,
    },
    outDir,
  );
  if (sizeWarning) process.stderr.write(`equimd: warning: ${sizeWarning}\n`);
  const files: RunResult["files"] = {
    trajectory: out.trajectory && resolve(outDir, out.trajectory.file),
    log: out.log && resolve(outDir, out.log.file),
    properties: out.properties && resolve(outDir, out.properties.file),
    checkpoint: out.checkpoint && resolve(outDir, out.checkpoint.file),
  };
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
        throw new Error(
          `${configPath}: outputs.properties.quantities: potential '${potential.name}' does not provide ${q}`,
        );
      }
    }
  }
  for (const p of ["dipole", "polarizability"] as const) if (out.trajectory && provides(p)) want.add(p);

  const trajectory =
    out.trajectory &&
    new TrajectoryWriter({
      file: files.trajectory!,
      every: out.trajectory.every,
      units: config.units,
      forces: out.trajectory.forces,
      velocities: out.trajectory.velocities,
      momenta: out.trajectory.momenta,
      beads: out.trajectory.beads ?? (rpmd ? "centroid" : "all"),
    });
  const logger =
    out.log &&
    new EnergyLogger({
      file: files.log!,
      every: out.log.every,
      energyUnit: config.units.energy,
      // the beads move at P·T: 3·N·P degrees of freedom read the physical T
      degreesOfFreedom: nDof + 3 * system.nAtoms * (nBatch - 1),
    });
  const properties =
    out.properties &&
    new PropertyRecorder({
      file: files.properties!,
      every: out.properties.every,
      quantities: out.properties.quantities,
      units: config.units,
      estimator,
      potential,
    });
  const checkpoint =
    out.checkpoint &&
    new CheckpointWriter({
      file: files.checkpoint!,
      every: out.checkpoint.every,
      configHash: hash,
      metadata: () => ({ conservedReference: logger?.reference }),
    });

  // Initial state: fresh, or from the checkpoint
  let state: MDState;
  if (options.resume) {
    if (!files.checkpoint) throw new Error(`${configPath}: --resume needs outputs.checkpoint in the config`);
    if (!existsSync(files.checkpoint)) throw new Error(`--resume: no checkpoint file ${files.checkpoint}`);
    const saved = readCheckpoint(files.checkpoint);
    if (saved.configHash !== undefined && saved.configHash !== hash) {
      throw new Error(
        `--resume: ${files.checkpoint} was written with a different configuration (system, units, potential, ` +
          `integrator, thermostat, initial velocities or seed changed); only steps and outputs may change`,
      );
    }
    state = restoreCheckpoint(saved, system, integrator, files.checkpoint);
    if (state.step >= totalSteps) {
      throw new Error(
        `--resume: the checkpoint is at step ${state.step}, the run asks for ${totalSteps} steps: nothing to do`,
      );
    }
    await trajectory?.resumeAt(state.step);
    const reference = saved.metadata.conservedReference;
    await logger?.resumeAt(state.step, typeof reference === "number" ? reference : undefined);
    await properties?.resumeAt(state.step);
  } else {
    state = fromFile;
    state.forces.fill(0); // forces in the file may come from another potential: evaluate afresh
    if (config.initial_velocities) {
      const v = config.initial_velocities;
      const rng = new Random(v.seed ?? config.seed + 1);
      const temperature = kelvin(v.temperature_K);
      if (rpmd) {
        // every bead at P·T (i-PI's thermal velocities); remove_com fixes the centroid's momentum
        state = expandToBeads(classical, nBatch, {
          system,
          temperature,
          rng,
          removeCenterOfMass: v.remove_com,
        });
        state.forces.fill(0);
      } else {
        maxwellBoltzmann(state, system, temperature, rng, { removeCenterOfMass: v.remove_com });
      }
    }
  }

  const observers: (Observer | undefined)[] = [
    trajectory,
    logger,
    properties,
    checkpoint,
    ...(options.observers ?? []),
  ];
  if (options.progress ?? out.progress)
    observers.push(new ProgressBar({ startStep: state.step, endStep: totalSteps }));
  try {
    // A contracted ring polymer: the starting forces (and step 0 of the log) through the contraction too.
    const contracted = integrator instanceof RingPolymerIntegrator && integrator.contractTo < nBatch;
    if (contracted && !options.resume) {
      await integrator.computeForces(state, makeForceEvaluator(system, potential, [...want]));
    }
    await run(system, potential, state, integrator, {
      steps: totalSteps - state.step,
      observers: observers.filter((o): o is Observer => o !== undefined),
      want: [...want],
      signal: options.signal,
      initialForces: !options.resume && !contracted,
      observeStart: !options.resume,
      maxEnergyJump: config.max_energy_jump_eV && toAtomic("energy", config.max_energy_jump_eV, "eV"),
    });
  } finally {
    await potential.dispose();
  }
  return { system, state, files };
}

export function register(program: Command): void {
  program
    .command("run")
    .description("run molecular dynamics described by a YAML config file (see docs/cli.md)")
    .argument("<config>", "run configuration (YAML)")
    .option(
      "--resume",
      "continue from the checkpoint file of the config (same trajectory as an uninterrupted run)",
    )
    .option(
      "--steps <n>",
      "total number of steps, e.g. 20000 or 2e4 (overrides the config's steps)",
      nonNegativeInteger("--steps"),
    )
    .option("--no-progress", "no progress bar")
    .action(async (config: string, opts: { resume?: boolean; steps?: number; progress: boolean }) => {
      const controller = new AbortController();
      const stop = () => {
        process.stderr.write("\nequimd: stopping after this step (a checkpoint is saved if configured)\n");
        controller.abort();
      };
      process.once("SIGINT", stop);
      try {
        const { state, files } = await runFromConfig(config, {
          resume: opts.resume,
          steps: opts.steps,
          progress: opts.progress === false ? false : undefined,
          signal: controller.signal,
        });
        const written = Object.values(files).filter(Boolean).join(", ");
        process.stderr.write(
          `equimd: run ended at step ${state.step}${written ? `; wrote ${written}` : ""}\n`,
        );
      } finally {
        process.off("SIGINT", stop);
      }
    });
}
