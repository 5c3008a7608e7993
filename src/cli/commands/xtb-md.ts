/**
 * What the MD-driving commands (`sample`, `reference-md`) share: the starting geometry, the time step,
 * Langevin τ, seed and progress options, the calculator options, and the start-up (first frame → system,
 * xtb calculator, level of theory).
 */
import type { Command } from "commander";
import { makeSystem, type System } from "../../core/system.ts";
import type { Frame } from "../../io/extxyz.ts";
import { makeXtb } from "../../labelling/calculators.ts";
import { readFrames } from "../../labelling/frame-files.ts";
import {
  addCalculatorOptions,
  calculatorOptionsFrom,
  type RawCalculatorOptions,
} from "./calculator-options.ts";
import { nonNegativeInteger, positiveNumber } from "./options.ts";

const LEVEL_OF_THEORY = { gfn2: "GFN2-xTB", gfn1: "GFN1-xTB", gfnff: "GFN-FF" } as const;

/** Options of an xtb-driven MD command; `output` describes what --output names. */
export function addXtbMdOptions(command: Command, output: string): Command {
  command
    .requiredOption("--input <file>", "starting geometry (xyz/extxyz, Å; the first frame is used)")
    .requiredOption("-o, --output <path>", output)
    .option("--calculator <name>", "calculator driving the MD (xtb)", "xtb")
    .option("--dt <fs>", "time step in fs", positiveNumber("--dt"), 0.5)
    .option("--tau <fs>", "Langevin relaxation time in fs", positiveNumber("--tau"), 50)
    .option("--seed <n>", "random seed", nonNegativeInteger("--seed"), 1)
    .option("--overwrite", "replace the output of an earlier run")
    .option("--no-progress", "no progress bar");
  return addCalculatorOptions(command);
}

/** Everything an xtb-driven MD command starts from. */
export interface XtbMdStart {
  first: Frame;
  system: System;
  xtb: ReturnType<typeof makeXtb>;
  /** e.g. "GFN2-xTB". */
  levelOfTheory: string;
}

/** Check the calculator, read the first frame of --input and make the xtb calculator. */
export function startXtbMd(
  commandName: string,
  raw: RawCalculatorOptions & { calculator: string; input: string },
): XtbMdStart {
  if (raw.calculator !== "xtb") {
    throw new Error(
      `${commandName} --calculator '${raw.calculator}': only xtb can drive the MD (psi4 is for labelling)`,
    );
  }
  const options = calculatorOptionsFrom(raw);
  const [first] = readFrames(raw.input);
  if (!first) throw new Error(`${raw.input}: no frame found`);
  return {
    first,
    system: makeSystem(first.symbols),
    xtb: makeXtb(options),
    levelOfTheory: LEVEL_OF_THEORY[options.xtbMethod ?? "gfn2"],
  };
}
