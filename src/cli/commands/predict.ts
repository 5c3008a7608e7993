/**
 * `equimd predict --model <file> --input <frames.extxyz[.gz]> --output <out.extxyz[.gz]>`: evaluate a
 * model on every frame, like an ASE calculator, through the Potential boundary (the fast onnxruntime
 * path where it supports the model, else tfjs, with the reason said).
 *
 * What is written (ASE units, through src/io/frame-codec.ts): the predictions under the ASE keys
 * energy (eV), forces (eV/Å), dipole (e·Å), polarizability (Å³, 9 numbers in Fortran order) and
 * charges (e), as far as the model has them. A value the input frame already holds under one of the
 * keys a prediction is written to is kept under `ref_<key>` (ref_energy, ref_forces, …); everything
 * else in the frame is kept as it is.
 *
 * Nothing is lost: the output must differ from the input (compared as real paths), an existing output
 * is replaced only with `overwrite`, and the frames go to a temporary file next to the output that is
 * renamed only when every frame succeeded. Every frame passes the one geometry check first.
 */
import { createReadStream, createWriteStream, existsSync, realpathSync, renameSync, rmSync } from "node:fs";
import { access } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import type { Command } from "commander";
import { checkGeometry } from "../../core/geometry-check.ts";
import type { Potential, PotentialOutput, Property } from "../../core/potential.ts";
import { makeSystem } from "../../core/system.ts";
import { iterateExtxyz, ExtxyzWriter, type Frame } from "../../io/extxyz.ts";
import { ASE_CODEC, frameLabel } from "../../io/frame-codec.ts";
import { loadPainnPotential, type PainnPath } from "../../../potentials/fast/choose-potential.ts";

export interface PredictArgs {
  model: string;
  input: string;
  output: string;
  backend?: string;
  /** Frames per batched evaluation; default 16. */
  batchSize?: number;
  /** Replace an existing output file. */
  overwrite?: boolean;
  /** Inference path: auto (default), fast or tfjs. */
  path?: PainnPath;
  /** Where the chosen path (and why not the fast one) is reported; default stderr. */
  log?: (line: string) => void;
}

/** Prefix of the keys that keep the input's own values where predictions are written. */
export const REFERENCE_PREFIX = "ref_";

/** Keys a prediction goes to: info values and per-atom columns. */
const INFO_KEYS = ["energy", "dipole", "polarizability"] as const;
const ARRAY_KEYS = ["forces", "charges"] as const;

/** Move the input's value under `key` to ref_<key> (refusing to overwrite an existing ref_<key>). */
function keepReference(frame: Frame, key: string, where: "info" | "arrays", at: string): void {
  const store = frame[where] as Record<string, unknown>;
  if (store[key] === undefined) return;
  const ref = REFERENCE_PREFIX + key;
  if (store[ref] !== undefined) {
    throw new Error(
      `${at}: has both '${key}' and '${ref}'; predict keeps the input's '${key}' as '${ref}' and will not ` +
        `overwrite it (rename one of them)`,
    );
  }
  store[ref] = store[key];
  delete store[key];
}

/** The frame with the prediction for configuration b (atomic units in `out`) added in ASE units. */
function withPrediction(frame: Frame, out: PotentialOutput, b: number, at: string): Frame {
  const f: Frame = { ...frame, info: { ...frame.info }, arrays: { ...frame.arrays } };
  const n = f.symbols.length;
  const predicted = new Set<string>(["energy", "forces"]);
  if (out.dipole) predicted.add("dipole");
  if (out.polarizability) predicted.add("polarizability");
  if (out.charges) predicted.add("charges");
  for (const k of INFO_KEYS) if (predicted.has(k)) keepReference(f, k, "info", at);
  for (const k of ARRAY_KEYS) if (predicted.has(k)) keepReference(f, k, "arrays", at);
  const codec = ASE_CODEC;
  f.info.energy = codec.energyValue(out.energy[b]);
  f.arrays.forces = codec.forcesColumn(out.forces.subarray(3 * n * b, 3 * n * (b + 1)));
  if (out.dipole) f.info.dipole = codec.dipoleValue(out.dipole.subarray(3 * b, 3 * b + 3));
  if (out.polarizability) {
    f.info.polarizability = codec.polarizabilityValue(out.polarizability.subarray(9 * b, 9 * b + 9));
  }
  if (out.charges) f.arrays.charges = out.charges.slice(n * b, n * (b + 1));
  return f;
}

/** Frames of one molecule (same atoms, same total charge) evaluated in one batched call. */
interface Group {
  frames: Frame[];
  /** 0-based frame numbers in the input. */
  first: number;
  key: string;
}

const groupKey = (f: Frame, at: string): string => `${f.symbols.join(" ")}|${ASE_CODEC.totalCharge(f, at)}`;

/** Evaluate a group of frames of one molecule with `potential`; returns them with the predictions. */
export async function predictGroup(
  potential: Potential,
  frames: readonly Frame[],
  source: string,
  firstIndex = 0,
): Promise<Frame[]> {
  const first = frames[0];
  const at0 = frameLabel(source, firstIndex);
  const system = makeSystem(first.symbols, { charge: ASE_CODEC.totalCharge(first, at0) });
  const n3 = 3 * system.nAtoms;
  const positions = new Float64Array(n3 * frames.length);
  frames.forEach((f, b) => {
    const at = frameLabel(source, firstIndex + b);
    const x = ASE_CODEC.positions(f, at);
    checkGeometry(f.symbols, x, at);
    positions.set(x, n3 * b);
  });
  const want = potential.provides.filter((p): p is Property => p === "dipole" || p === "polarizability");
  const out = await potential.compute(system, positions, frames.length, want);
  return frames.map((f, b) => withPrediction(f, out, b, frameLabel(source, firstIndex + b)));
}

/** Refuse an output that is the input or that exists (without overwrite), before anything is opened. */
async function checkFiles(args: PredictArgs): Promise<void> {
  try {
    await access(args.input);
  } catch (e) {
    throw new Error(`--input ${args.input}: cannot be read (${(e as NodeJS.ErrnoException).code})`, {
      cause: e,
    });
  }
  const input = realpathSync(args.input);
  const output = existsSync(args.output) ? realpathSync(args.output) : resolve(args.output);
  if (input === output) {
    throw new Error(
      `--output ${args.output} is the input file; predict writes a new file (choose another name)`,
    );
  }
  const outDir = dirname(output);
  if (!existsSync(outDir)) throw new Error(`--output ${args.output}: directory ${outDir} does not exist`);
  if (existsSync(args.output) && !args.overwrite) {
    throw new Error(`--output ${args.output} exists; choose another name or pass --overwrite to replace it`);
  }
}

/** Stream the input file through the model into the output file; returns the number of frames. */
export async function predictCommand(args: PredictArgs): Promise<number> {
  const batchSize = args.batchSize ?? 16;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`--batch-size must be a positive integer, got ${args.batchSize}`);
  }
  await checkFiles(args);
  const log = args.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const chosen = await loadPainnPotential(args.model, { path: args.path, backend: args.backend });
  log(
    `equimd: predict on the ${chosen.path} path (${chosen.potential.name})` +
      (chosen.reason ? `; not the fast path because ${chosen.reason}` : ""),
  );
  const tmp = join(dirname(resolve(args.output)), `.${basename(args.output)}.partial-${process.pid}`);
  const writer = new ExtxyzWriter(tmp);
  let count = 0;
  let group: Group | undefined;
  const flush = async (): Promise<void> => {
    if (!group) return;
    for (const f of await predictGroup(chosen.potential, group.frames, args.input, group.first)) {
      writer.write(f);
    }
    count += group.frames.length;
    group = undefined;
  };
  try {
    let k = 0;
    for await (const frame of iterateExtxyz(args.input)) {
      const key = groupKey(frame, frameLabel(args.input, k));
      if (group && (group.key !== key || group.frames.length === batchSize)) await flush();
      group ??= { frames: [], first: k, key };
      group.frames.push(frame);
      k++;
    }
    await flush();
    writer.close();
    if (args.output.endsWith(".gz")) {
      const gz = `${tmp}.gz`;
      await pipeline(createReadStream(tmp), createGzip(), createWriteStream(gz));
      rmSync(tmp);
      renameSync(gz, args.output);
    } else {
      renameSync(tmp, args.output);
    }
  } catch (err) {
    writer.close();
    rmSync(tmp, { force: true });
    rmSync(`${tmp}.gz`, { force: true });
    throw err;
  } finally {
    await chosen.potential.dispose();
  }
  return count;
}

export function register(program: Command): void {
  program
    .command("predict")
    .description(
      "evaluate a model on every frame of an extxyz file (energy, forces, dipole, polarizability, charges)",
    )
    .requiredOption("--model <file>", "equimd model file (.json or .json.gz)")
    .requiredOption("--input <frames.extxyz>", "input frames (positions in Å; .gz is read as gzip)")
    .requiredOption(
      "--output <out.extxyz>",
      "output: the input frames with the predictions under energy, forces, dipole, polarizability, " +
        "charges (ASE units); the input's own values under those keys are kept as ref_energy, " +
        "ref_forces, …; written to a temporary file and renamed when done (.gz writes gzip)",
    )
    .option("--overwrite", "replace an existing output file", false)
    .option("--path <auto|fast|tfjs>", "inference path: fast (onnxruntime) where possible, or tfjs", "auto")
    .option(
      "--backend <name>",
      "tfjs path: wasm (default), cpu, tensorflow, tensorflow-gpu; or $EQUIMD_BACKEND",
    )
    .option("--batch-size <n>", "frames per batched evaluation", "16")
    .action(async (opts: Record<string, string | boolean>) => {
      const path = String(opts.path);
      if (!["auto", "fast", "tfjs"].includes(path)) {
        throw new Error(`--path must be auto, fast or tfjs, got '${path}'`);
      }
      const n = await predictCommand({
        model: String(opts.model),
        input: String(opts.input),
        output: String(opts.output),
        backend: opts.backend === undefined ? undefined : String(opts.backend),
        batchSize: Number(opts.batchSize),
        overwrite: opts.overwrite === true,
        path: path as PainnPath,
      });
      console.log(`predicted ${n} frames → ${String(opts.output)}`);
    });
}
