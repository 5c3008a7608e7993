/**
 * Stage 1 of `equimd learn`: the input structure is checked, relaxed with xtb (FIRE) and given a
 * harmonic analysis, as a sanity check before hours of sampling. It stops with a message saying what
 * to do when the file holds more than one structure or molecule, atoms overlap, an element is unknown
 * (equimd's element table, H–Xe, lies inside xtb's H–Rn, so every element it reads xtb has), the electron count does not fit the charge, xtb's SCF fails, the relaxation does not converge
 * or the relaxed structure has imaginary modes (a saddle point, not a minimum).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkGeometry } from "../core/geometry-check.ts";
import type { Potential } from "../core/potential.ts";
import { makeState, type System } from "../core/system.ts";
import { BOHR_IN_ANGSTROM } from "../core/units.ts";
import { ExtxyzWriter, readExtxyz } from "../io/extxyz.ts";
import { ASE_CODEC } from "../io/frame-codec.ts";
import { frameFromState, systemFromFrame } from "../io/frames.ts";
import { formatOptimizeReport, optimizeStructure } from "../optimize/optimize-structure.ts";
import { normalModes } from "../spectra/normal-modes.ts";
import { findTopology } from "../trajectory-comparison/topology.ts";
import type { LearnConfig } from "./learn-config.ts";

export interface StartResult {
  /** The relaxed structure (extxyz, Å), relative to the stage directory. */
  structure: string;
  energy_hartree: number;
  fire_steps: number;
  /** Harmonic wavenumbers, cm⁻¹ (ascending). */
  wavenumbers_cm: number[];
  ir_km_mol?: number[];
}

/** The one molecule of `path` as a system (with the charge) and its positions (bohr); bad input throws. */
export async function readStartStructure(
  path: string,
  config: Pick<LearnConfig, "charge" | "uhf">,
): Promise<{ system: System; positions: Float64Array }> {
  const frames = await readExtxyz(path);
  if (frames.length !== 1) {
    throw new Error(
      `${path}: ${frames.length} structures in the file; equimd learn takes one molecule: keep one frame`,
    );
  }
  const positions = ASE_CODEC.positions(frames[0], path);
  checkGeometry(frames[0].symbols, positions, path);
  const system = systemFromFrame({ ...frames[0], info: { ...frames[0].info, charge: config.charge } });
  const fragments = countFragments(system, positions);
  if (fragments > 1) {
    throw new Error(
      `${path}: the structure falls apart into ${fragments} molecules (no bond path between them); ` +
        `equimd learn takes one molecule: give each its own file`,
    );
  }
  const electrons = system.numbers.reduce((s, z) => s + z, 0) - config.charge;
  if ((electrons - config.uhf) % 2 !== 0) {
    throw new Error(
      `${path}: ${electrons} electrons with charge ${config.charge} and ${config.uhf} unpaired: an odd count ` +
        `cannot be a closed shell. A charged molecule needs --charge (e.g. --charge 1 or --charge -1); ` +
        `a radical needs uhf: 1 in the config`,
    );
  }
  return { system, positions };
}

/** Connected components of the bond graph (bonds: 1.2 × the sum of covalent radii). */
export function countFragments(system: System, positions: Float64Array): number {
  const parent = Array.from({ length: system.nAtoms }, (_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  for (const [i, j] of findTopology(system, positions).bonds) parent[root(i)] = root(j);
  return new Set(parent.map((_, i) => root(i))).size;
}

/** Relax and analyse; writes start.extxyz and modes.txt into `dir`. */
export async function prepareStart(
  dir: string,
  system: System,
  positions: Float64Array,
  xtb: Potential,
  config: LearnConfig,
  say: (line: string) => void,
): Promise<StartResult> {
  const s = config.start;
  let report;
  try {
    report = await optimizeStructure(xtb, system, positions, {
      fmax: s.fmax_eV_per_A,
      maxSteps: s.max_steps,
    });
  } catch (e) {
    throw new Error(
      `xtb fails on the input structure (charge ${config.charge}, ${config.uhf} unpaired electrons): ` +
        `${(e as Error).message}\ncheck the structure and --charge`,
      { cause: e },
    );
  }
  for (const line of formatOptimizeReport(report, s.fmax_eV_per_A)) say(`start: ${line}`);
  if (!report.result.converged) {
    throw new Error(
      `start: the xtb relaxation did not reach a stationary point in ${s.max_steps} FIRE steps ` +
        `(largest force component still above ${s.fmax_eV_per_A} eV/Å); raise start.max_steps or check the structure`,
    );
  }
  const relaxed = report.result.positions;
  const modes = await normalModes(xtb, system, relaxed, { step: s.hessian_step_bohr });
  const wavenumbers = [...modes.frequencies];
  const imaginary = wavenumbers.filter((f) => f < -s.imaginary_tolerance_cm);
  writeFileSync(
    join(dir, "modes.txt"),
    wavenumbers
      .map((f, k) => `${k + 1} ${f.toFixed(2)} ${modes.irIntensities?.[k].toFixed(3) ?? ""}`)
      .join("\n") + "\n",
  );
  if (imaginary.length > 0) {
    throw new Error(
      `start: the relaxed structure has ${imaginary.length} imaginary mode(s) (${imaginary.map((f) => `${(-f).toFixed(0)}i`).join(", ")} cm⁻¹): ` +
        `a saddle point, not a minimum. Displace the atoms along that mode (or start from another conformer) and rerun in a new directory`,
    );
  }
  say(
    `start: ${wavenumbers.length} harmonic modes, ${wavenumbers[0].toFixed(0)}–${wavenumbers.at(-1)!.toFixed(0)} cm⁻¹, none imaginary; ` +
      `rms displacement from the input ${(report.rmsDisplacement * BOHR_IN_ANGSTROM).toFixed(3)} Å`,
  );
  const state = makeState(system, relaxed);
  state.potentialEnergy[0] = report.result.energy;
  const writer = new ExtxyzWriter(join(dir, "start.extxyz"));
  const frame = frameFromState(system, state, 0, { info: { charge: config.charge } });
  delete frame.info.time;
  delete frame.info.step;
  writer.write(frame);
  writer.close();
  return {
    structure: "start.extxyz",
    energy_hartree: report.result.energy,
    fire_steps: report.result.steps,
    wavenumbers_cm: wavenumbers,
    ...(modes.irIntensities ? { ir_km_mol: [...modes.irIntensities] } : {}),
  };
}
