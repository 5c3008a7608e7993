/**
 * The configuration of `equimd learn` (YAML, read by the one config loader src/config/load-config.ts),
 * validated with zod (strict: an unknown key is an error naming it). Every section has defaults sized
 * for a small organic molecule on a laptop; tests and demos shrink them. Units are in the key names
 * (K, fs, eV/Å, Å, h). `--charge` and `--budget-*` on the command line override the file.
 *
 * The hash of the validated config and of the input structure identifies a learn directory: a rerun
 * with another config or molecule is refused (config-hash.ts).
 */
import { z } from "zod";
import { loadYamlConfig, validateConfig } from "../config/load-config.ts";

const positive = z.number().positive();
const count = z.int().positive();

const Md = z
  .object({
    /** Configurations run side by side (replicas), each with its own momenta and noise. */
    replicas: count.default(2),
    /** Ring-polymer beads (TRPMD only). */
    beads: count.default(8),
    dt_fs: positive.default(0.5),
    equilibration_steps: z.int().nonnegative().default(200),
    steps: count.default(2000),
    /** Steps between recorded frames (candidates, or property samples for spectra). */
    every: count.default(10),
    /** Langevin (classical) or centroid (TRPMD) relaxation time, fs. */
    tau_fs: positive.default(100),
  })
  .strict();

export const LearnConfigSchema = z
  .object({
    seed: z.int().default(1),
    /** Total charge, e (the command line's --charge wins). */
    charge: z.int().default(0),
    /** Unpaired electrons for xtb (default 0: closed shell). */
    uhf: z.int().nonnegative().default(0),
    /** The temperature of the spectra and of the active-learning runs, K. */
    temperature_K: positive.default(300),
    budget: z
      .object({
        /** Labelled frames in all (initial + active learning). */
        frames: count.default(1500),
        /** Wall time of the active learning (summed over interrupted runs), hours. */
        wall_time_h: positive.default(2),
      })
      .strict()
      .prefault({}),
    xtb: z
      .object({
        method: z.enum(["gfn2", "gfn1"]).default("gfn2"),
        /** xtb processes at once for a batch. */
        parallel: count.default(2),
        executable: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    /** psi4 for the polarizabilities (when installed): level of theory and resources. */
    psi4: z
      .object({
        method: z.string().min(1).default("hf"),
        basis: z.string().min(1).default("def2-svpd"),
        threads: count.default(1),
        memory_mb: count.default(1000),
      })
      .strict()
      .prefault({}),
    start: z
      .object({
        /** Converged when the largest force component is below this, eV/Å. */
        fmax_eV_per_A: positive.default(0.002),
        max_steps: count.default(3000),
        /** Imaginary modes with |ν̃| above this (cm⁻¹) stop the run: not a minimum. */
        imaginary_tolerance_cm: positive.default(30),
        /** Finite-difference step of the Hessian, bohr. */
        hessian_step_bohr: positive.default(0.005),
      })
      .strict()
      .prefault({}),
    initial_data: z
      .object({
        /** Multiples of temperature_K of the classical sampling runs (up to well above the target). */
        temperature_factors: z.array(positive).min(1).default([0.5, 1, 2, 3]),
        frames_per_temperature: count.default(50),
        replicas: count.default(2),
        every: count.default(20),
        equilibration_steps: z.int().nonnegative().default(200),
        dt_fs: positive.default(0.5),
        tau_fs: positive.default(50),
        /** Ring-polymer configurations (PILE-L with the reference, at temperature_K): their beads are labelled. */
        ring_polymer: z
          .object({
            beads: count.default(8),
            steps: z.int().nonnegative().default(200),
            every: count.default(50),
            dt_fs: positive.default(0.25),
          })
          .strict()
          .prefault({}),
        /** Frames relabelled with psi4 polarizabilities when psi4 is installed (0: none). */
        psi4_frames: z.int().nonnegative().default(100),
        /** Fraction of the initial frames held out (fixed) for validation in every iteration. */
        validation_fraction: z.number().gt(0).lt(1).default(0.1),
      })
      .strict()
      .prefault({}),
    committee: z
      .object({
        members: z.int().min(2).default(4),
        features: count.default(64),
        interactions: count.default(3),
        radial_functions: count.default(20),
        cutoff_A: positive.default(5),
        epochs: count.default(300),
        /** Epochs of each warm-started retraining. */
        retrain_epochs: count.default(100),
        batch_size: count.default(16),
        learning_rate: positive.default(5e-4),
        /** Loss weight of the forces (energy 1). */
        force_weight: positive.default(100),
        dipole_weight: z.number().nonnegative().default(1),
        /** Loss weight of the polarizability, when the data have one (psi4). */
        polarizability_weight: z.number().nonnegative().default(1),
      })
      .strict()
      .prefault({}),
    active_learning: z
      .object({
        max_iterations: z.int().nonnegative().default(10),
        /** Frames labelled per iteration. */
        frames_per_iteration: count.default(50),
        /** Candidates of highest disagreement among which the diverse batch is chosen (× frames_per_iteration). */
        candidate_factor: positive.default(4),
        /** Stop after this many iterations without improvement of disagreement and validation error. */
        patience: count.default(2),
        /** Relative improvement that counts. */
        min_improvement: z.number().nonnegative().default(0.05),
        classical: Md.prefault({}),
        trpmd: Md.prefault({}),
      })
      .strict()
      .prefault({}),
    /** Held-out test frames at a temperature the training never saw (src/learn/test-set.ts; 0 frames: none). */
    test_set: z
      .object({
        /** Default 4/3 of temperature_K (400 K for 300 K); must not be a training temperature. */
        temperature_K: positive.optional(),
        /** Frames in all (spread over the replicas). */
        frames: z.int().nonnegative().default(50),
        replicas: count.default(2),
        every: count.default(20),
        equilibration_steps: z.int().nonnegative().default(200),
      })
      .strict()
      .prefault({}),
    /** xtb reference NVE trajectories and the comparison against them (--reference-md; reference-comparison.ts). */
    reference_md: z
      .object({
        enabled: z.boolean().default(false),
        trajectories: z.int().min(2).default(2),
        /** NVE steps per trajectory (default 10000 × 0.5 fs = 5 ps). */
        steps: count.default(10000),
        dt_fs: positive.default(0.5),
        equilibration_steps: z.int().nonnegative().default(2000),
        tau_fs: positive.default(100),
        /** Steps between dipole samples. */
        every: count.default(2),
      })
      .strict()
      .prefault({}),
    result: z
      .object({
        classical: Md.prefault({ replicas: 4, steps: 20000, every: 2 }),
        trpmd: Md.prefault({ replicas: 2, steps: 10000, every: 2 }),
        /** Highest wavenumber of the spectra, cm⁻¹. */
        fmax_cm: positive.default(4000),
      })
      .strict()
      .prefault({}),
    /** TensorFlow.js backend of training and inference (default: wasm). */
    backend: z.string().optional(),
  })
  .strict();

export type LearnConfig = z.infer<typeof LearnConfigSchema>;

/** Overrides from the command line. */
export interface LearnOverrides {
  charge?: number;
  budgetFrames?: number;
  budgetHours?: number;
  /** --reference-md: the xtb reference trajectories and the comparison (reference_md.enabled). */
  referenceMd?: boolean;
}

/** The config of a file (or the defaults), with the command line's overrides applied. */
export function readLearnConfig(path: string | undefined, overrides: LearnOverrides = {}): LearnConfig {
  const c = path
    ? loadYamlConfig(path, LearnConfigSchema, "learn config").config
    : validateConfig(LearnConfigSchema, {}, "<defaults>", "learn config");
  return {
    ...c,
    charge: overrides.charge ?? c.charge,
    budget: {
      frames: overrides.budgetFrames ?? c.budget.frames,
      wall_time_h: overrides.budgetHours ?? c.budget.wall_time_h,
    },
    reference_md: { ...c.reference_md, enabled: overrides.referenceMd || c.reference_md.enabled },
  };
}
