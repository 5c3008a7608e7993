/**
 * `equimd predict --model <file> --input <frames.extxyz> --output <out.extxyz>`: evaluate a PaiNN model on
 * every frame, like an ASE calculator: energy (eV), forces (eV/Å), dipole (e·Å), polarizability (Å³,
 * 9 numbers as ASE writes them) and partial charges (e) are added to each frame; everything else in the
 * frame is kept. Frames are evaluated in batches (different molecules may share a batch).
 */
import type { Command } from "commander";
import { atomicNumber } from "../../core/elements.ts";
import { unitFactor } from "../../core/units.ts";
import { iterateExtxyz, ExtxyzWriter, type Frame } from "../../io/extxyz.ts";
import { layoutOfCounts } from "../../../potentials/painn/graph.ts";
import { loadModel } from "../../../potentials/painn/model-file.ts";
import type { PainnModel } from "../../../potentials/painn/model.ts";

export interface PredictArgs {
  model: string;
  input: string;
  output: string;
  backend?: string;
  /** Frames per batched evaluation; default 16. */
  batchSize?: number;
}

/** ASE units of the outputs, as equimd unit names. */
const ASE = { length: "angstrom", energy: "eV", dipole: "e*angstrom", polarizability: "angstrom^3" };

/** Evaluate `frames` with `model` and return them with the results added (ASE units). */
export async function predictFrames(model: PainnModel, frames: Frame[]): Promise<Frame[]> {
  const u = model.spec.units;
  const toModelLength = unitFactor("length", ASE.length) / unitFactor("length", u.length);
  const energyOut = unitFactor("energy", u.energy) / unitFactor("energy", ASE.energy);
  const forceOut = energyOut / (unitFactor("length", u.length) / unitFactor("length", ASE.length));
  const dipoleOut = unitFactor("dipole", u.dipole) / unitFactor("dipole", ASE.dipole);
  const alphaOut =
    unitFactor("polarizability", u.polarizability) / unitFactor("polarizability", ASE.polarizability);

  const counts = frames.map((f) => f.symbols.length);
  const numbers = Int32Array.from(frames.flatMap((f) => f.symbols.map((s) => atomicNumber(s))));
  const positions = new Float64Array(numbers.length * 3);
  let offset = 0;
  for (const f of frames) {
    for (let k = 0; k < f.positions.length; k++) positions[offset + k] = f.positions[k] * toModelLength;
    offset += f.positions.length;
  }
  const totalCharge = Float64Array.from(frames, (f) =>
    typeof f.info.charge === "number" ? f.info.charge : 0,
  );
  const p = await model.predict(
    { layout: layoutOfCounts(counts), numbers, positions, totalCharge },
    { forces: true, dipole: model.hasDipole, polarizability: model.hasPolarizability },
  );
  let atom = 0;
  return frames.map((f, b) => {
    const n = f.symbols.length;
    const info: Frame["info"] = { ...f.info, energy: p.energy[b] * energyOut };
    const arrays: Frame["arrays"] = {
      ...f.arrays,
      forces: p.forces!.slice(3 * atom, 3 * (atom + n)).map((x) => x * forceOut),
    };
    if (p.dipole) info.dipole = Array.from(p.dipole.subarray(3 * b, 3 * b + 3), (x) => x * dipoleOut);
    if (p.polarizability) {
      const a = p.polarizability.subarray(9 * b, 9 * b + 9);
      // ASE writes a 3×3 info value as 9 numbers in column-major (Fortran) order.
      info.polarizability = Array.from(
        { length: 9 },
        (_, k) => a[3 * (k % 3) + Math.floor(k / 3)] * alphaOut,
      );
    }
    if (p.charges) arrays.charges = p.charges.slice(atom, atom + n);
    atom += n;
    return { ...f, info, arrays };
  });
}

/** Stream the input file through the model into the output file; returns the number of frames. */
export async function predictCommand(args: PredictArgs): Promise<number> {
  const batchSize = args.batchSize ?? 16;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`--batch-size must be a positive integer, got ${args.batchSize}`);
  }
  const model = await loadModel(args.model, { backend: args.backend });
  const writer = new ExtxyzWriter(args.output);
  let count = 0;
  let pending: Frame[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    try {
      for (const f of await predictFrames(model, pending)) writer.write(f);
    } catch (err) {
      throw new Error(
        `${args.input}, frames ${count + 1}–${count + pending.length}: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
    count += pending.length;
    pending = [];
  };
  try {
    for await (const frame of iterateExtxyz(args.input)) {
      pending.push(frame);
      if (pending.length === batchSize) await flush();
    }
    await flush();
  } finally {
    writer.close();
    model.dispose();
  }
  return count;
}

export function register(program: Command): void {
  program
    .command("predict")
    .description(
      "evaluate a PaiNN model on every frame of an extxyz file (energy, forces, dipole, polarizability)",
    )
    .requiredOption("--model <file>", "equimd model file (.json or .json.gz)")
    .requiredOption("--input <frames.extxyz>", "input frames (positions in Å)")
    .requiredOption("--output <out.extxyz>", "output: the frames with the predictions added (ASE units)")
    .option("--backend <name>", "wasm (default), cpu, tensorflow, tensorflow-gpu; or $EQUIMD_BACKEND")
    .option("--batch-size <n>", "frames per batched evaluation", "16")
    .action(async (opts: Record<string, string>) => {
      const n = await predictCommand({
        model: opts.model,
        input: opts.input,
        output: opts.output,
        backend: opts.backend,
        batchSize: Number(opts.batchSize),
      });
      console.log(`predicted ${n} frames → ${opts.output}`);
    });
}
