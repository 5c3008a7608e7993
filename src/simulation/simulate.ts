/**
 * simulate(spec): carry out a RunSpec. Fresh runs draw the initial velocities; resumed runs restore the
 * checkpoint (state, integrator, random generator), cut every output back to its step and check that
 * nothing is missing, so the result equals an uninterrupted run bit for bit. Then the one run loop
 * (run-loop.ts) runs with the trajectory, energy log, property and checkpoint observers.
 *
 * With an equilibration leg the run loop runs twice on the same state: first the leg's integrator for
 * its steps (only checkpoints, marked `leg: "equilibration"`, and the leg's own observers), then,
 * from step 0 and time 0 with the thermostat heat reset, the production integrator with all outputs.
 * A checkpoint of either leg resumes that leg: the equilibration's remaining steps, then production.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { CommitteeModel } from "../core/committee.ts";
import type { Potential } from "../core/potential.ts";
import { Random } from "../core/random.ts";
import type { MDState, System } from "../core/system.ts";
import { maxwellBoltzmann } from "../../integrators/initial-velocities.ts";
import { expandToBeads } from "../../integrators/ring-polymer/expand-to-beads.ts";
import { readCheckpoint, restoreCheckpoint } from "../io/checkpoint.ts";
import { CheckpointWriter } from "../observers/checkpoint-writer.ts";
import { CommitteeSpreadRecorder } from "../observers/committee-spread-recorder.ts";
import { EnergyLogger } from "../observers/energy-logger.ts";
import { ProgressBar } from "../observers/progress-bar.ts";
import { PropertyRecorder } from "../observers/property-recorder.ts";
import { TrajectoryWriter } from "../observers/trajectory-writer.ts";
import type { RunObserver } from "../core/observer.ts";
import { checkOutputFiles, checkResumedOutput, type OutputFile } from "./output-files.ts";
import { run } from "./run-loop.ts";
import type { RunSpec } from "./run-spec.ts";

export interface RunResult {
  system: System;
  state: MDState;
  /** Absolute paths of the files written. */
  files: {
    trajectory?: string;
    log?: string;
    properties?: string;
    checkpoint?: string;
    committee_spread?: string;
  };
  /** The observers of the outputs (e.g. the property recorder's in-memory series). */
  recorders: { properties?: PropertyRecorder; log?: EnergyLogger };
  /** Whether the run was stopped by its signal before the last step. */
  stopped: boolean;
  /** The leg the run ended in ("equilibration" only when stopped during it). */
  leg: Leg;
}

export type Leg = "equilibration" | "production";

/** The starting state of a fresh run: all beads at the structure, momenta drawn or from the file. */
function freshState(spec: RunSpec): MDState {
  const { start, beads, system, initialVelocities: v } = spec;
  let state: MDState;
  if (v) {
    const rng = new Random(v.seed);
    if (beads > 1) {
      // every bead at P·T (i-PI's thermal velocities); remove_com fixes the centroid's momentum
      state = expandToBeads(start, beads, {
        system,
        temperature: v.temperature,
        rng,
        removeCenterOfMass: v.removeCenterOfMass,
      });
    } else {
      state = start;
      maxwellBoltzmann(state, system, v.temperature, rng, { removeCenterOfMass: v.removeCenterOfMass });
    }
  } else {
    state = beads > 1 ? expandToBeads(start, beads) : start;
  }
  state.forces.fill(0); // forces in the file may come from another potential: evaluate afresh
  return state;
}

/** The committee-spread output of a run: the potential must be a committee (potential.type committee). */
function committeeSpreadRecorder(
  potential: Potential,
  options: { file: string; every: number },
  resume: boolean,
): CommitteeSpreadRecorder {
  const committee = potential as Partial<CommitteeModel>;
  if (typeof committee.at !== "function" || typeof committee.size !== "number") {
    throw new Error(
      `outputs.committee_spread: the potential '${potential.name}' is not a committee (use potential.type committee)`,
    );
  }
  if (resume) {
    throw new Error(
      `outputs.committee_spread: ${options.file} cannot be continued by --resume yet; ` +
        "start a fresh run (or drop committee_spread from the outputs to resume)",
    );
  }
  return new CommitteeSpreadRecorder(committee as CommitteeModel, options);
}

/** Run the MD a RunSpec describes. The potential is disposed of at the end. */
export async function simulate(spec: RunSpec): Promise<RunResult> {
  const { system, potential, integrator, outputs: out } = spec;
  const resume = spec.resume ?? false;
  const files: RunResult["files"] = {
    trajectory: out.trajectory?.file,
    log: out.log?.file,
    properties: out.properties?.file,
    checkpoint: out.checkpoint?.file,
    committee_spread: out.committeeSpread?.file,
  };
  const outputFiles: OutputFile[] = Object.entries(files)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, path]) => ({ role: `outputs.${k}`, path }));
  try {
    checkOutputFiles(outputFiles, spec.inputs ?? [], { resume, overwrite: spec.overwrite ?? false });
    for (const f of outputFiles) mkdirSync(dirname(f.path), { recursive: true });

    const trajectory = out.trajectory && new TrajectoryWriter(out.trajectory);
    const logger = out.log && new EnergyLogger({ ...out.log, degreesOfFreedom: spec.degreesOfFreedom });
    const properties = out.properties && new PropertyRecorder(out.properties);
    const spread = out.committeeSpread && committeeSpreadRecorder(potential, out.committeeSpread, resume);
    /** Cut the outputs back to the checkpoint's production step and check that nothing is missing. */
    const resumeOutputs = async (at: number, reference: number | undefined) => {
      const file = (role: string) => outputFiles.find((f) => f.role === role)!;
      if (trajectory) {
        checkResumedOutput(file("outputs.trajectory"), await trajectory.resumeAt(at), at, trajectory.every);
      }
      if (logger)
        checkResumedOutput(file("outputs.log"), await logger.resumeAt(at, reference), at, logger.every);
      if (properties) {
        checkResumedOutput(file("outputs.properties"), await properties.resumeAt(at), at, properties.every);
      }
    };
    const checkpointWriter = (leg: Leg) =>
      out.checkpoint &&
      new CheckpointWriter({
        ...out.checkpoint,
        configHash: spec.configHash,
        metadata: () => ({ leg, conservedReference: logger?.reference }),
      });
    const eq = spec.equilibration;

    let state: MDState;
    let leg: Leg = eq ? "equilibration" : "production";
    if (resume) {
      if (!files.checkpoint) throw new Error(`--resume needs outputs.checkpoint in the config`);
      if (!existsSync(files.checkpoint)) throw new Error(`--resume: no checkpoint file ${files.checkpoint}`);
      const saved = readCheckpoint(files.checkpoint);
      if (saved.configHash !== undefined && saved.configHash !== spec.configHash) {
        throw new Error(
          `--resume: ${files.checkpoint} was written with a different configuration (system, units, potential, ` +
            `integrator, thermostat, equilibration, initial velocities or seed changed); only steps and outputs may change`,
        );
      }
      leg = saved.metadata.leg === "equilibration" ? "equilibration" : "production";
      if (leg === "equilibration" && !eq) {
        throw new Error(`--resume: ${files.checkpoint} is of an equilibration leg, but the run has none`);
      }
      state = restoreCheckpoint(
        saved,
        system,
        leg === "equilibration" ? eq!.integrator : integrator,
        files.checkpoint,
      );
      if (leg === "production") {
        if (state.step >= spec.steps) {
          throw new Error(
            `--resume: the checkpoint is at step ${state.step}, the run asks for ${spec.steps} steps: nothing to do`,
          );
        }
        await resumeOutputs(
          state.step,
          typeof saved.metadata.conservedReference === "number"
            ? saved.metadata.conservedReference
            : undefined,
        );
      }
    } else {
      state = freshState(spec);
    }

    const progress = (endStep: number, label?: string) =>
      out.progress ? [new ProgressBar({ startStep: state.step, endStep, label })] : [];
    let legStarts = !resume; // whether the current leg starts here (forces evaluated, step 0 observed)
    if (leg === "equilibration") {
      const observers = [
        checkpointWriter("equilibration"),
        ...(eq!.observers ?? []),
        ...progress(eq!.steps, "equilibration"),
      ];
      await run(system, potential, state, eq!.integrator, {
        cutoff: potential.cutoff,
        ...spec.blowUp,
        degreesOfFreedom: spec.degreesOfFreedom,
        steps: Math.max(0, eq!.steps - state.step),
        observers: observers.filter((o): o is RunObserver => o !== undefined),
        signal: spec.signal,
        initialForces: legStarts,
        observeStart: legStarts,
      });
      if (state.step < eq!.steps) {
        return { system, state, files, recorders: { properties, log: logger }, stopped: true, leg };
      }
      // production is a run of its own from the equilibrated configuration and momenta
      state.step = 0;
      state.time = 0;
      state.thermostatHeat = 0;
      leg = "production";
      legStarts = true;
    }
    const observers: (RunObserver | undefined)[] = [
      trajectory,
      logger,
      properties,
      spread,
      checkpointWriter("production"),
      ...(spec.observers ?? []),
      ...progress(spec.steps),
    ];
    await run(system, potential, state, integrator, {
      cutoff: potential.cutoff,
      ...spec.blowUp,
      degreesOfFreedom: spec.degreesOfFreedom,
      steps: spec.steps - state.step,
      observers: observers.filter((o): o is RunObserver => o !== undefined),
      want: spec.want,
      signal: spec.signal,
      // after an equilibration leg the production integrator evaluates its forces afresh
      initialForces: legStarts,
      observeStart: legStarts,
    });
    return {
      system,
      state,
      files,
      recorders: { properties, log: logger },
      stopped: state.step < spec.steps,
      leg,
    };
  } finally {
    await potential.dispose();
  }
}
