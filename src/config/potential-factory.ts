/**
 * Potentials a run config can name: one entry per `potential.type`, with the schema of its
 * `potential.parameters` (in user units, with the unit in the key name) and an async builder (so a
 * potential that loads a model file or starts an external program, e.g. `painn` or `xtb`, can be
 * added as one more entry that imports its module only when used).
 */
import { z } from "zod";
import type { Potential } from "../core/potential.ts";
import type { MDState, System } from "../core/system.ts";
import { angstrom, toAtomic } from "../core/units.ts";
import { HarmonicBonds, HarmonicPotential } from "../../potentials/analytic/harmonic.ts";
import { MorsePotential } from "../../potentials/analytic/morse.ts";
import { FlexibleWater } from "../../potentials/analytic/flexible-water.ts";
import { resolve } from "node:path";
import { formatIssues } from "./load-config.ts";

/** What a builder gets besides its parameters. */
export interface PotentialContext {
  system: System;
  /** The starting state (atomic units), e.g. for centres at the initial positions. */
  initial: Readonly<MDState>;
  /** Directory of the config file: relative file names in parameters are relative to it. */
  configDir: string;
  /** Where the parameters come from, for messages (default 'potential.parameters'). */
  source?: string;
}

interface PotentialEntry<S extends z.ZodType> {
  /** One line for `equimd run --help` and docs/cli.md. */
  description: string;
  parameters: S;
  build(parameters: z.infer<S>, context: PotentialContext): Promise<Potential>;
}

function entry<S extends z.ZodType>(e: PotentialEntry<S>): PotentialEntry<S> {
  return e;
}

/** Force constant in eV/Å² → hartree/bohr². */
const forceConstant = (k: number) => toAtomic("energy", k, "eV") / angstrom(1) ** 2;
const index = z.int().nonnegative();

/** `bonds: [{i, j, …}]` with the given per-bond parameters (user units in the key names). */
function bondList<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object({ bonds: z.array(z.object({ i: index, j: index, ...shape }).strict()).min(1) }).strict();
}

export const POTENTIALS = {
  harmonic: entry({
    description: "every atom tethered to a centre: V = Σ ½ k |r − r0|²; with charges also the dipole Σ q r",
    parameters: z
      .object({
        /** eV/Å², one for all atoms or one per atom. */
        k_eV_per_A2: z.union([z.number().positive(), z.array(z.number().positive())]),
        /** Centres: the starting positions (default) or the origin. */
        centers: z.enum(["initial", "origin"]).default("initial"),
        /** Point charges in e, one per atom. */
        charges: z.array(z.number()).optional(),
      })
      .strict(),
    build: async (p, { initial, system }) =>
      new HarmonicPotential({
        k:
          typeof p.k_eV_per_A2 === "number" ? forceConstant(p.k_eV_per_A2) : p.k_eV_per_A2.map(forceConstant),
        r0: p.centers === "initial" ? initial.positions.subarray(0, 3 * system.nAtoms) : undefined,
        charges: p.charges,
      }),
  }),
  harmonic_bonds: entry({
    description: "harmonic bonds V = Σ ½ k (|r_j − r_i| − r0)²",
    parameters: bondList({ k_eV_per_A2: z.number().positive(), r0_A: z.number().nonnegative() }),
    build: async (p) =>
      new HarmonicBonds({
        bonds: p.bonds.map((b) => ({
          i: b.i,
          j: b.j,
          k: forceConstant(b.k_eV_per_A2),
          r0: angstrom(b.r0_A),
        })),
      }),
  }),
  morse: entry({
    description: "Morse bonds V = Σ D (1 − exp(−a (r − r0)))²",
    parameters: bondList({
      D_eV: z.number().positive(),
      a_per_A: z.number().positive(),
      r0_A: z.number().positive(),
    }),
    build: async (p) =>
      new MorsePotential({
        bonds: p.bonds.map((b) => ({
          i: b.i,
          j: b.j,
          D: toAtomic("energy", b.D_eV, "eV"),
          a: b.a_per_A / angstrom(1),
          r0: angstrom(b.r0_A),
        })),
      }),
  }),
  water: entry({
    description:
      "gas-phase flexible water (q-TIP4P/F intramolecular part, M-site charges): energy, forces, dipole",
    parameters: z.object({}).strict(),
    build: async (_p, { system }) => {
      FlexibleWater.checkSystem(system);
      return new FlexibleWater();
    },
  }),
  q_tip4p_f: entry({
    description:
      "q-TIP4P/F liquid water in a periodic box (needs Lattice= in the file), Ewald electrostatics: energy, forces, dipole",
    parameters: z
      .object({
        /** Ewald accuracy δ (relative size of the neglected tails). */
        ewald_accuracy: z.number().positive().lt(1).default(1e-6),
        lj_cutoff_A: z.number().positive().default(9),
      })
      .strict(),
    build: async (p, { system }) => {
      const { QTip4pF } = await import("../../potentials/analytic/q-tip4p-f.ts");
      FlexibleWater.checkSystem(system);
      return new QTip4pF({ ewaldAccuracy: p.ewald_accuracy, ljCutoff: angstrom(p.lj_cutoff_A) });
    },
  }),
  painn: entry({
    description:
      "a PaiNN model file (equimd-painn JSON, .json or .json.gz): energy, forces, dipole, polarizability",
    parameters: z
      .object({
        /** Model file, relative to the config file. */
        model: z.string().min(1),
        /**
         * Inference path: auto (the onnxruntime fast path when it supports the model, else TensorFlow.js,
         * saying why), fast (fast path or an error), tfjs.
         */
        path: z.enum(["auto", "fast", "tfjs"]).default("auto"),
        /** TensorFlow.js backend when the tfjs path is used: wasm (default), cpu, tensorflow, tensorflow-gpu. */
        backend: z.string().optional(),
      })
      .strict(),
    build: async (p, { configDir }) => {
      // Imported only when used: loading TensorFlow.js / onnxruntime costs time analytic runs need not pay.
      const { loadPainnPotential } = await import("../../potentials/fast/choose-potential.ts");
      const chosen = await loadPainnPotential(resolve(configDir, p.model), {
        path: p.path,
        backend: p.backend,
      });
      if (chosen.reason) process.stderr.write(`equimd: PaiNN on the ${chosen.path} path: ${chosen.reason}\n`);
      return chosen.potential;
    },
  }),
  committee: entry({
    description:
      "a committee of PaiNN models (mean energy, forces, dipole, polarizability and their spread; docs/committee.md)",
    parameters: z
      .object({
        /** Member model files, or one `equimd train --committee` directory; relative to the config file. */
        models: z.array(z.string().min(1)).min(1),
        /** Inference path of every member (as for `painn`). */
        path: z.enum(["auto", "fast", "tfjs"]).default("auto"),
        backend: z.string().optional(),
      })
      .strict(),
    build: async (p, { configDir }) => {
      const { loadCommittee } = await import("../../potentials/committee/load-committee.ts");
      return loadCommittee(
        p.models.map((m) => resolve(configDir, m)),
        { path: p.path, backend: p.backend },
      );
    },
  }),
  xtb: entry({
    description: "GFN2-xTB (or GFN1-xTB, GFN-FF) through the xtb program: energy, forces, dipole",
    parameters: z
      .object({
        method: z.enum(["gfn2", "gfn1", "gfnff"]).default("gfn2"),
        /** Total charge in e (default: the system's). */
        charge: z.int().optional(),
        /** Unpaired electrons. */
        uhf: z.int().nonnegative().optional(),
        /** xtb --acc (smaller is tighter). */
        accuracy: z.number().positive().optional(),
        electronic_temperature_K: z.number().positive().optional(),
        /** xtb processes at once for a batch (beads, replicas). */
        parallel: z.int().positive().optional(),
        /** Path of the xtb executable (default: xtb on PATH). */
        executable: z.string().min(1).optional(),
      })
      .strict(),
    build: async (p) => {
      const { XtbCalculator } = await import("../../potentials/xtb/xtb-calculator.ts");
      return new XtbCalculator({
        method: p.method,
        charge: p.charge,
        uhf: p.uhf,
        accuracy: p.accuracy,
        electronicTemperature: p.electronic_temperature_K,
        parallel: p.parallel,
        executable: p.executable,
      });
    },
  }),
} satisfies Record<string, PotentialEntry<z.ZodType>>;

export type PotentialType = keyof typeof POTENTIALS;
export const POTENTIAL_TYPES = Object.keys(POTENTIALS) as [PotentialType, ...PotentialType[]];

/**
 * Validate `parameters` against the entry of `type` and build the potential. Bad parameters are an
 * Error naming `context.source` (the file the parameters came from) and every bad field.
 */
export async function buildPotential(
  type: PotentialType,
  parameters: unknown,
  context: PotentialContext,
): Promise<Potential> {
  const e = POTENTIALS[type] as PotentialEntry<z.ZodType>;
  const checked = e.parameters.safeParse(parameters ?? {}, { reportInput: true });
  if (!checked.success) {
    throw new Error(
      `invalid parameters of potential '${type}'\n` +
        formatIssues(checked.error.issues, context.source ?? "potential.parameters"),
    );
  }
  return e.build(checked.data, context);
}

/** Parse the parameters of a potential type (for validation before anything is built). */
export function potentialParameterSchema(type: PotentialType): z.ZodType {
  return POTENTIALS[type].parameters;
}
