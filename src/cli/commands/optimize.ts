/**
 * `equimd optimize --input x.xyz (--model m.json.gz | --potential <type> [--parameters p.yaml])
 *  -o optimised.xyz [--fmax 0.002] [--max-steps 3000]`: relaxes a structure to a minimum of the
 * potential with FIRE (src/optimize/fire.ts) and writes it as extxyz with its energy and forces, so that
 * normal-modes, run and demo can start from a stationary point. The criterion is the largest Cartesian
 * force component, in eV/Å. The output file is never overwritten.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { HARTREE_IN_EV } from "../../core/units.ts";
import { makeState } from "../../core/system.ts";
import { ExtxyzWriter, readExtxyz } from "../../io/extxyz.ts";
import { frameFromState, stateFromFrames, systemFromFrame } from "../../io/frames.ts";
import {
  DEFAULT_FMAX_EV_PER_A,
  EV_PER_A,
  formatOptimizeReport,
  optimizeStructure,
} from "../../optimize/optimize-structure.ts";
import { nonNegativeInteger, positiveInteger, positiveNumber } from "./options.ts";
import { addPotentialOptions, potentialFromOptions, type PotentialOptions } from "./potential-options.ts";

export { DEFAULT_FMAX_EV_PER_A, formatOptimizeReport, optimizeStructure };
export type { OptimizeReport } from "../../optimize/optimize-structure.ts";

export interface OptimizeArgs extends PotentialOptions {
  input: string;
  output: string;
  frame?: number;
  /** Largest force component at convergence, eV/Å. */
  fmax?: number;
  maxSteps?: number;
  quiet?: boolean;
}

/** Run the command: returns true when converged (the file is written either way). */
export async function optimizeCommand(args: OptimizeArgs): Promise<boolean> {
  const say = args.quiet ? () => {} : (l: string) => process.stderr.write(`equimd: ${l}\n`);
  if (resolve(args.output) === resolve(args.input)) {
    throw new Error(`-o ${args.output} is the input file; choose another output name`);
  }
  if (!existsSync(dirname(resolve(args.output)))) {
    throw new Error(`-o ${args.output}: the directory ${dirname(resolve(args.output))} does not exist`);
  }
  if (existsSync(args.output)) {
    throw new Error(`${args.output} already exists; remove it or choose another output name (-o)`);
  }
  const frames = await readExtxyz(args.input);
  const k = args.frame ?? 0;
  if (!frames[k]) throw new Error(`${args.input}: no frame ${k} (the file has ${frames.length})`);
  const system = systemFromFrame(frames[k]);
  const initial = stateFromFrames(system, [frames[k]]);
  const potential = await potentialFromOptions(args, system, initial);
  const fmax = args.fmax ?? DEFAULT_FMAX_EV_PER_A;
  try {
    say(`optimize: FIRE on ${potential.name}, ${system.nAtoms} atoms of ${args.input} (frame ${k})`);
    const report = await optimizeStructure(potential, system, initial.positions, {
      fmax,
      maxSteps: args.maxSteps,
      onStep: (step, energy, maxForce) => {
        if (step % 200 === 0) {
          say(
            `  step ${step}: E = ${(energy * HARTREE_IN_EV).toFixed(6)} eV, max force ${(maxForce * EV_PER_A).toExponential(2)} eV/Å`,
          );
        }
      },
    });
    for (const line of formatOptimizeReport(report, fmax)) say(line);
    const state = makeState(system, report.result.positions);
    const final = await potential.compute(system, report.result.positions, 1, []);
    state.potentialEnergy[0] = final.energy[0];
    state.forces.set(final.forces);
    const frame = frameFromState(system, state, 0, {
      forces: true,
      info: {
        optimizer: "FIRE",
        fmax_eV_per_A: fmax,
        max_force_eV_per_A: report.result.maxForce * EV_PER_A,
        converged: report.result.converged,
        optimizer_steps: report.result.steps,
      },
    });
    delete frame.info.time;
    delete frame.info.step;
    const writer = new ExtxyzWriter(args.output, { exclusive: true });
    writer.write(frame);
    writer.close();
    say(`wrote ${args.output}${report.result.converged ? "" : " (the last geometry, not converged)"}`);
    return report.result.converged;
  } finally {
    await potential.dispose();
  }
}

export function register(program: Command): void {
  const command = program
    .command("optimize")
    .description("relax a structure to a minimum of the potential (FIRE) and write it as extxyz")
    .requiredOption("--input <file>", "structure (extxyz or xyz, Å)")
    .requiredOption("-o, --output <file>", "optimised structure (extxyz; never overwritten)")
    .option("--frame <n>", "frame of the input file (0-based)", nonNegativeInteger("--frame"), 0)
    .option(
      "--fmax <eV/Å>",
      `converged when the largest force component is below this, eV/Å (default ${DEFAULT_FMAX_EV_PER_A})`,
      positiveNumber("--fmax"),
    )
    .option("--max-steps <n>", "FIRE step limit (default 3000)", positiveInteger("--max-steps"))
    .option("-q, --quiet", "no report");
  addPotentialOptions(command).action(async (opts: OptimizeArgs) => {
    const converged = await optimizeCommand(opts);
    if (!converged) {
      throw new Error(
        `not converged within the step limit; ${opts.output} holds the last geometry: ` +
          `continue with --input ${opts.output}, or raise --max-steps / --fmax`,
      );
    }
  });
}
