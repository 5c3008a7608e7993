/**
 * Relaxing a structure to a minimum of a potential with FIRE (fire.ts), with the report lines that
 * `equimd optimize`, `normal-modes --optimize` and `equimd learn` print. The criterion is the largest
 * Cartesian force component, given in eV/Å.
 */
import type { Potential } from "../core/potential.ts";
import type { System } from "../core/system.ts";
import { BOHR_IN_ANGSTROM, HARTREE_IN_EV } from "../core/units.ts";
import { fireMinimise, type OptimisationResult } from "./fire.ts";

/** eV/Å per hartree/bohr. */
export const EV_PER_A = HARTREE_IN_EV / BOHR_IN_ANGSTROM;

/** Default convergence: largest force component below 0.002 eV/Å (as the demo), tight enough for modes. */
export const DEFAULT_FMAX_EV_PER_A = 0.002;

export interface OptimizeReport {
  system: System;
  start: { energy: number; maxForce: number };
  result: OptimisationResult;
  /** Root-mean-square displacement from the start, bohr. */
  rmsDisplacement: number;
}

/** Relax `start` (bohr) with FIRE; energies hartree, forces hartree/bohr. */
export async function optimizeStructure(
  potential: Potential,
  system: System,
  start: Float64Array,
  options: { fmax?: number; maxSteps?: number; onStep?: (step: number, e: number, f: number) => void } = {},
): Promise<OptimizeReport> {
  const first = await potential.compute(system, start, 1, []);
  let startMax = 0;
  for (const f of first.forces) startMax = Math.max(startMax, Math.abs(f));
  const result = await fireMinimise(potential, system, start, {
    fmax: (options.fmax ?? DEFAULT_FMAX_EV_PER_A) / EV_PER_A,
    maxSteps: options.maxSteps ?? 3000,
    onStep: options.onStep,
  });
  let sq = 0;
  for (let i = 0; i < start.length; i++) sq += (result.positions[i] - start[i]) ** 2;
  return {
    system,
    start: { energy: first.energy[0], maxForce: startMax },
    result,
    rmsDisplacement: Math.sqrt(sq / system.nAtoms),
  };
}

/** The report lines of an optimisation, in eV, eV/Å and Å. */
export function formatOptimizeReport(r: OptimizeReport, fmaxEvPerA: number): string[] {
  const e = (x: number) => (x * HARTREE_IN_EV).toFixed(6);
  const f = (x: number) => (x * EV_PER_A).toExponential(2);
  const o = r.result;
  return [
    `start: E = ${e(r.start.energy)} eV, largest force component ${f(r.start.maxForce)} eV/Å`,
    `${o.converged ? "converged" : "NOT converged"} after ${o.steps} FIRE steps ` +
      `(criterion: largest force component < ${fmaxEvPerA} eV/Å)`,
    `end:   E = ${e(o.energy)} eV (ΔE = ${((o.energy - r.start.energy) * HARTREE_IN_EV).toExponential(3)} eV), ` +
      `largest force component ${f(o.maxForce)} eV/Å, rms displacement ${(r.rmsDisplacement * BOHR_IN_ANGSTROM).toFixed(4)} Å`,
  ];
}
