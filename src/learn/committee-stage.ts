/**
 * Training a committee on the learn dataset (stage 3, and every active-learning iteration): the
 * dataset file and its split are written into the step's directory, a training config next to them,
 * and `equimd train --committee M` (src/training/committee-training.ts) trains the members there,
 * resumably, warm-started from the previous committee when there is one. The validation frames are
 * fixed for the whole run (drawn once from the initial data), so the validation errors of successive
 * iterations are comparable; every frame added later trains.
 *
 * The training config leaves the training path at its default, `auto`: the fast path where it
 * supports the model, else TensorFlow.js.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { makeSystem } from "../core/system.ts";
import { readExtxyz } from "../io/extxyz.ts";
import { ASE_CODEC } from "../io/frame-codec.ts";
import { ErrorAccumulator } from "../statistics/error-statistics.ts";
import { scaleStats, userUnitFactor } from "../training/metrics.ts";
import { runCommitteeTraining } from "../training/committee-training.ts";
import { TrainingConfigSchema } from "../training/config.ts";
import { saveSplit } from "../training/split.ts";
import { loadCommittee } from "../../potentials/committee/index.ts";
import type { LearnConfig } from "./learn-config.ts";

/** Committee validation errors in eV and eV/Å (the committee mean against xtb). */
export interface ValidationErrors {
  frames: number;
  energy_mae_eV: number;
  forces_mae_eV_per_A: number;
  forces_rmse_eV_per_A: number;
}

export interface CommitteeResult {
  /** Committee directory (committee.json), relative to the step directory. */
  committee: string;
  dataset: string;
  split: string;
  config: string;
  frames: number;
  validation: ValidationErrors;
}

export const DATA_UNITS = { energy: "eV", length: "angstrom", forces: "eV/angstrom", dipole: "e*angstrom" };

/** The training config of a committee step (as the YAML file written for it). */
export function trainingConfig(
  config: LearnConfig,
  epochs: number,
  polarizability = false,
): Record<string, unknown> {
  const c = config.committee;
  const out: Record<string, unknown> = {
    data: {
      path: "dataset.extxyz",
      units: { ...DATA_UNITS, ...(polarizability ? { polarizability: "angstrom^3" } : {}) },
    },
    split: { train: 1, validation: 1, file: "split.json" },
    model: {
      features: c.features,
      interactions: c.interactions,
      radialFunctions: c.radial_functions,
      cutoff: c.cutoff_A,
      dipole: c.dipole_weight > 0,
      polarizability: polarizability && c.polarizability_weight > 0,
    },
    loss: {
      energy: 1,
      forces: c.force_weight,
      dipole: c.dipole_weight,
      polarizability: polarizability ? c.polarizability_weight : 0,
    },
    optimizer: { batchSize: c.batch_size, epochs, learningRate: c.learning_rate },
    output: { directory: "committee" },
    seed: config.seed,
    ...(config.backend ? { backend: config.backend } : {}),
  };
  // The training path (fast or tfjs) is chosen by the training config where it knows the key.
  if ("path" in TrainingConfigSchema.shape) out.path = "auto";
  return out;
}

/** Concatenate extxyz files (each ends in a newline, as ExtxyzWriter writes them) into `path`. */
export function concatenateFrames(path: string, files: readonly string[]): void {
  writeFileSync(path, files.map((f) => readFileSync(f, "utf8")).join(""));
}

/**
 * Train (or continue) the committee of a step directory on the frames of `files`, warm-started from
 * `previous` (a committee directory) when given; returns where everything is and the validation errors.
 */
export async function trainCommittee(
  dir: string,
  files: readonly string[],
  validation: readonly number[],
  config: LearnConfig,
  options: { epochs: number; previous?: string; quiet?: boolean; polarizability?: boolean },
): Promise<CommitteeResult> {
  concatenateFrames(join(dir, "dataset.extxyz"), files);
  const data = await readExtxyz(join(dir, "dataset.extxyz"));
  const n = data.length;
  const held = new Set(validation);
  const train = Array.from({ length: n }, (_, i) => i).filter((i) => !held.has(i));
  await saveSplit(join(dir, "split.json"), {
    seed: config.seed,
    nFrames: n,
    train,
    validation: [...validation],
    test: [],
  });
  writeFileSync(
    join(dir, "train.yaml"),
    stringify(trainingConfig(config, options.epochs, options.polarizability)),
  );
  await runCommitteeTraining(join(dir, "train.yaml"), config.committee.members, {
    resume: true,
    quiet: options.quiet ?? true,
    warmStartFrom: options.previous,
  });
  return {
    committee: "committee",
    dataset: "dataset.extxyz",
    split: "split.json",
    config: "train.yaml",
    frames: n,
    validation: await validationErrors(
      join(dir, "committee"),
      join(dir, "dataset.extxyz"),
      validation,
      config,
    ),
  };
}

/** Errors of the committee mean on the validation frames of a dataset file. */
export async function validationErrors(
  committeeDir: string,
  datasetFile: string,
  validation: readonly number[],
  config: LearnConfig,
): Promise<ValidationErrors> {
  const frames = (await readExtxyz(datasetFile)).filter((_, i) => validation.includes(i));
  const committee = await loadCommittee([committeeDir], { backend: config.backend });
  const energy = new ErrorAccumulator();
  const forces = new ErrorAccumulator();
  try {
    for (const [k, f] of frames.entries()) {
      const where = `${datasetFile}: validation frame ${k}`;
      const system = makeSystem(f.symbols, { charge: config.charge });
      const out = await committee.compute(system, ASE_CODEC.positions(f, where), 1, []);
      energy.add(out.energy[0] - ASE_CODEC.energy(f, where)!);
      forces.addDifferences(out.forces, ASE_CODEC.forces(f, where)!);
    }
  } finally {
    await committee.dispose();
  }
  const e = scaleStats(energy.stats(), 1 / userUnitFactor("energy", DATA_UNITS));
  const f = scaleStats(forces.stats(), 1 / userUnitFactor("forces", DATA_UNITS));
  return {
    frames: frames.length,
    energy_mae_eV: e.mae,
    forces_mae_eV_per_A: f.mae,
    forces_rmse_eV_per_A: f.rmse,
  };
}
