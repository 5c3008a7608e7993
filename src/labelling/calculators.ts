/**
 * The reference calculators by name, as the sample/label commands choose them, with their options.
 */
import type { Property } from "../core/potential.ts";
import { XtbCalculator } from "../../potentials/xtb/xtb-calculator.ts";
import type { XtbMethod } from "../../potentials/xtb/xtb-calculator.ts";
import { Psi4Calculator } from "../../potentials/psi4/psi4-calculator.ts";
import { potentialLabeller, psi4Labeller } from "./labeller.ts";
import type { Labeller } from "./labeller.ts";

export const CALCULATOR_NAMES = ["xtb", "psi4"] as const;
export type CalculatorName = (typeof CALCULATOR_NAMES)[number];

export interface CalculatorOptions {
  xtbPath?: string;
  xtbMethod?: XtbMethod;
  xtbAccuracy?: number;
  /** kelvin */
  xtbElectronicTemperature?: number;
  xtbUhf?: number;
  /** xtb processes at once for a batch. */
  parallel?: number;
  psi4Method?: string;
  psi4Basis?: string;
  psi4MemoryMb?: number;
  psi4Threads?: number;
  psi4Options?: Record<string, string | number | boolean>;
  psi4Properties?: Property[];
  psi4Python?: string;
  psi4PythonPath?: string;
}

const XTB_LEVEL: Record<XtbMethod, string> = { gfn2: "GFN2-xTB", gfn1: "GFN1-xTB", gfnff: "GFN-FF" };

export function makeXtb(options: CalculatorOptions): XtbCalculator {
  return new XtbCalculator({
    executable: options.xtbPath,
    method: options.xtbMethod,
    accuracy: options.xtbAccuracy,
    electronicTemperature: options.xtbElectronicTemperature,
    uhf: options.xtbUhf,
    parallel: options.parallel,
  });
}

export function makeLabeller(name: string, options: CalculatorOptions): Labeller {
  switch (name) {
    case "xtb":
      return potentialLabeller(makeXtb(options), "xtb", XTB_LEVEL[options.xtbMethod ?? "gfn2"]);
    case "psi4":
      return psi4Labeller(
        new Psi4Calculator({
          method: options.psi4Method,
          basis: options.psi4Basis,
          memoryMb: options.psi4MemoryMb,
          threads: options.psi4Threads,
          psi4Options: options.psi4Options,
          python: options.psi4Python,
          pythonPath: options.psi4PythonPath,
        }),
        options.psi4Properties,
      );
    default:
      throw new Error(`unknown calculator '${name}'; expected one of ${CALCULATOR_NAMES.join(", ")}`);
  }
}

/** Parse psi4 options given as key=value (numbers and booleans converted). */
export function parsePsi4Options(pairs: readonly string[]): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = { scf_type: "df" };
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new Error(`--psi4-option '${pair}': expected key=value, e.g. d_convergence=1e-8`);
    const key = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1).trim();
    const num = Number(raw);
    out[key] =
      raw === "true" ? true : raw === "false" ? false : raw !== "" && Number.isFinite(num) ? num : raw;
  }
  return out;
}
