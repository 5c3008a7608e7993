/**
 * The reference-calculator options of the sample, label and reference-md commands.
 */
import type { Command } from "commander";
import type { Property } from "../../core/potential.ts";
import { parsePsi4Options, type CalculatorOptions } from "../../labelling/calculators.ts";
import type { XtbMethod } from "../../../potentials/xtb/xtb-calculator.ts";
import { collect, nonNegativeInteger, positiveInteger, positiveNumber } from "./options.ts";

export function addCalculatorOptions(command: Command): Command {
  return command
    .option("--xtb-path <file>", "xtb executable", "xtb")
    .option("--xtb-method <gfn2|gfn1|gfnff>", "xtb Hamiltonian", "gfn2")
    .option(
      "--xtb-accuracy <x>",
      "xtb --acc (smaller is tighter; xtb default 1)",
      positiveNumber("--xtb-accuracy"),
    )
    .option(
      "--xtb-etemp <K>",
      "xtb electronic temperature in K (xtb default 300)",
      positiveNumber("--xtb-etemp"),
    )
    .option("--xtb-uhf <n>", "unpaired electrons for xtb", nonNegativeInteger("--xtb-uhf"), 0)
    .option("--parallel <n>", "xtb processes at once for a batch", positiveInteger("--parallel"), 2)
    .option("--psi4-method <name>", "psi4 method", "hf")
    .option("--psi4-basis <name>", "psi4 basis set", "def2-svpd")
    .option("--psi4-memory <MB>", "psi4 memory in MB", positiveInteger("--psi4-memory"), 1000)
    .option("--psi4-threads <n>", "psi4 threads", positiveInteger("--psi4-threads"), 1)
    .option("--psi4-option <key=value>", "extra psi4 option (repeatable), default scf_type=df", collect, [])
    .option("--psi4-properties <list>", "psi4 properties to compute", "dipole,polarizability")
    .option("--psi4-python <file>", "Python that can import psi4 (default: Debian's /usr/bin/python3)");
}

export interface RawCalculatorOptions {
  xtbPath: string;
  xtbMethod: string;
  xtbAccuracy?: number;
  xtbEtemp?: number;
  xtbUhf: number;
  parallel: number;
  psi4Method: string;
  psi4Basis: string;
  psi4Memory: number;
  psi4Threads: number;
  psi4Option: string[];
  psi4Properties: string;
  psi4Python?: string;
}

const XTB_METHODS = ["gfn2", "gfn1", "gfnff"];
const PSI4_PROPERTIES = ["energy", "forces", "dipole", "polarizability"];

export function calculatorOptionsFrom(raw: RawCalculatorOptions): CalculatorOptions {
  if (!XTB_METHODS.includes(raw.xtbMethod)) {
    throw new Error(`--xtb-method '${raw.xtbMethod}': expected one of ${XTB_METHODS.join(", ")}`);
  }
  const props = raw.psi4Properties.split(",").map((s) => s.trim());
  const bad = props.filter((p) => !PSI4_PROPERTIES.includes(p));
  if (bad.length > 0)
    throw new Error(`--psi4-properties: unknown ${bad.join(", ")}; expected ${PSI4_PROPERTIES.join(", ")}`);
  return {
    xtbPath: raw.xtbPath,
    xtbMethod: raw.xtbMethod as XtbMethod,
    xtbAccuracy: raw.xtbAccuracy,
    xtbElectronicTemperature: raw.xtbEtemp,
    xtbUhf: raw.xtbUhf,
    parallel: raw.parallel,
    psi4Method: raw.psi4Method,
    psi4Basis: raw.psi4Basis,
    psi4MemoryMb: raw.psi4Memory,
    psi4Threads: raw.psi4Threads,
    psi4Options: parsePsi4Options(raw.psi4Option),
    psi4Properties: ["energy", ...props.filter((p) => p !== "energy")] as Property[],
    psi4Python: raw.psi4Python,
  };
}
