/**
 * Calibration of a committee (potentials/committee/) on labelled frames: per frame the committee's
 * spread and the error of its mean against the label, for energy (|ΔE| vs s_E), forces (RMS error over
 * the 3N components vs the RMS force spread) and dipole (|Δμ| vs √Σ s²(μ_α)), then the rank correlation,
 * calibration curve and scale of potentials/committee/calibration.ts. Atomic units.
 */
import { makeSystem, type Property } from "../core/index.ts";
import { calibrate, type Calibration } from "../../potentials/committee/calibration.ts";
import type { CommitteePotential } from "../../potentials/committee/committee-potential.ts";
import type { TrainingFrame } from "./dataset.ts";

export type CommitteeCalibration = Partial<Record<"energy" | "forces" | "dipole", Calibration>>;

/** Evaluate the committee on every frame and calibrate its spread against the labels. */
export async function calibrateCommittee(
  committee: CommitteePotential,
  frames: readonly TrainingFrame[],
  bins = 10,
): Promise<CommitteeCalibration> {
  const pairs = { energy: [[], []], forces: [[], []], dipole: [[], []] } as Record<
    "energy" | "forces" | "dipole",
    [number[], number[]]
  >;
  const hasDipole = committee.provides.includes("dipole");
  for (const f of frames) {
    const system = makeSystem(Array.from(f.numbers));
    const want: Property[] = f.dipole && hasDipole ? ["dipole"] : [];
    const out = await committee.compute(system, f.positions, 1, want);
    if (f.energy !== undefined) {
      pairs.energy[0].push(out.spread.energy[0]);
      pairs.energy[1].push(Math.abs(out.energy[0] - f.energy));
    }
    if (f.forces) {
      const e = Math.sqrt(out.forces.reduce((s, x, i) => s + (x - f.forces![i]) ** 2, 0) / out.forces.length);
      pairs.forces[0].push(out.spread.forcesRms[0]);
      pairs.forces[1].push(e);
    }
    if (f.dipole && out.dipole && out.spread.dipole) {
      pairs.dipole[0].push(out.spread.dipole[0]);
      pairs.dipole[1].push(Math.hypot(...[0, 1, 2].map((c) => out.dipole![c] - f.dipole![c])));
    }
  }
  const result: CommitteeCalibration = {};
  for (const key of ["energy", "forces", "dipole"] as const) {
    if (pairs[key][0].length >= 2) result[key] = calibrate(pairs[key][0], pairs[key][1], bins);
  }
  if (Object.keys(result).length === 0) {
    throw new Error("committee calibration: no labelled frames (energy, forces or dipole) to compare with");
  }
  return result;
}
