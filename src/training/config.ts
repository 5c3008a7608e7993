/**
 * The training configuration (YAML), validated with zod. Every error names the field it is about.
 * Lengths in the config (the cutoff) are in the data's length unit; see docs/training.md for an example.
 * Relative paths are relative to the config file's directory.
 */
import { z } from "zod";
import { loadYamlConfig, resolveConfigPath, validateConfig } from "../config/load-config.ts";

const positive = z.number().positive();
const weight = z.number().nonnegative();
const unit = z.string().min(1);

export const TrainingConfigSchema = z
  .object({
    data: z
      .object({
        path: z.string().min(1),
        format: z.enum(["auto", "extxyz", "npz"]).default("auto"),
        units: z
          .object({
            energy: unit.optional(),
            length: unit,
            forces: unit.optional(),
            dipole: unit.optional(),
            polarizability: unit.optional(),
          })
          .strict(),
        keys: z
          .object({ energy: unit, forces: unit, dipole: unit, polarizability: unit })
          .partial()
          .strict()
          .default({}),
      })
      .strict(),
    split: z
      .object({
        train: weight,
        validation: weight,
        test: weight.optional(),
        seed: z.number().int().default(1),
        /** Reuse a saved split (indices JSON) instead of drawing one. */
        file: z.string().optional(),
      })
      .strict(),
    model: z
      .object({
        features: z.number().int().positive().default(128),
        interactions: z.number().int().positive().default(3),
        radialBasis: z.enum(["gaussian", "bessel"]).default("gaussian"),
        radialFunctions: z.number().int().positive().default(20),
        /** Cutoff radius in the data's length unit. */
        cutoff: positive,
        sharedFilters: z.boolean().default(false),
        /** Interaction blocks (docs/eninet.md): painn, eninet_two_body or eninet_three_body. */
        interaction: z.enum(["painn", "eninet_two_body", "eninet_three_body"]).default("painn"),
        /** eninet_three_body: triplet features F₃ (default max(4, features/4)). */
        tripletFeatures: z.number().int().positive().optional(),
        /** eninet_three_body: cutoff on the k→i distance of a triplet, data length unit (default 2·cutoff). */
        threeBodyCutoff: positive.optional(),
        dipole: z.boolean().default(false),
        atomicDipoles: z.boolean().default(false),
        polarizability: z.boolean().default(false),
        seed: z.number().int().default(1),
      })
      .strict(),
    loss: z
      .object({
        energy: weight.default(1),
        forces: weight.default(100),
        dipole: weight.default(0),
        polarizability: weight.default(0),
      })
      .strict()
      .prefault({}),
    normalisation: z
      .object({ scale: z.enum(["auto", "force-rms", "energy-std"]).default("auto") })
      .strict()
      .prefault({}),
    optimizer: z
      .object({
        learningRate: positive.default(5e-4),
        batchSize: z.number().int().positive().default(32),
        epochs: z.number().int().positive().default(100),
        /** Stop after this many optimiser steps in total (optional). */
        maxSteps: z.number().int().positive().optional(),
        beta1: z.number().min(0).lt(1).default(0.9),
        beta2: z.number().min(0).lt(1).default(0.999),
        /** Maximum global gradient norm; 0 turns clipping off. */
        gradientClip: weight.default(10),
        /** Decay of the exponential moving average of the weights; omit for none. */
        ema: z.number().gt(0).lt(1).optional(),
        schedule: z
          .discriminatedUnion("type", [
            z.object({ type: z.literal("constant") }).strict(),
            z
              .object({
                type: z.literal("exponential"),
                decay: z.number().gt(0).max(1),
                every: positive.default(1),
                minLearningRate: weight.default(0),
              })
              .strict(),
            z
              .object({
                type: z.literal("plateau"),
                factor: z.number().gt(0).lt(1).default(0.5),
                patience: z.number().int().nonnegative().default(10),
                threshold: weight.default(1e-4),
                minLearningRate: weight.default(1e-6),
              })
              .strict(),
          ])
          .default({ type: "constant" }),
        /** Stop when the validation loss has not improved for this many validations; 0: never. */
        earlyStoppingPatience: z.number().int().nonnegative().default(0),
      })
      .strict()
      .prefault({}),
    output: z
      .object({
        directory: z.string().min(1),
        /** Validate (and maybe save the best model) every this many epochs. */
        validateEvery: z.number().int().positive().default(1),
        /** Write a checkpoint every this many epochs. */
        checkpointEvery: z.number().int().positive().default(1),
      })
      .strict(),
    /** Seed of the batch order (the split and model initialisation have their own). */
    seed: z.number().int().default(1),
    backend: z.string().optional(),
    /** What computes the training step: auto (the fast path where it supports the model), fast or tfjs. */
    path: z.enum(["auto", "fast", "tfjs"]).default("auto"),
    /** onnxruntime threads of the fast path (default: the machine's cores). */
    threads: z.number().int().positive().optional(),
  })
  .strict();

export type TrainingConfig = z.infer<typeof TrainingConfigSchema>;

/** Validate a parsed config object; errors name the file and every bad field (src/config/load-config.ts). */
export function parseTrainingConfig(value: unknown, fileName = "<config>"): TrainingConfig {
  return validateConfig(TrainingConfigSchema, value, fileName, "training config");
}

/**
 * Read and validate a training config file. Relative paths in it (data.path, split.file,
 * output.directory) are made absolute against the config file's directory, the rule of every config.
 */
export async function readTrainingConfig(path: string): Promise<TrainingConfig> {
  const { config, dir } = loadYamlConfig(path, TrainingConfigSchema, "training config");
  const at = (p: string) => resolveConfigPath(dir, p);
  return {
    ...config,
    data: { ...config.data, path: at(config.data.path) },
    split: { ...config.split, file: config.split.file === undefined ? undefined : at(config.split.file) },
    output: { ...config.output, directory: at(config.output.directory) },
  };
}
