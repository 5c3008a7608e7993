/**
 * Calibration of a committee (potentials/committee/) on labelled frames: per frame the committee's
 * spread and the error of its mean against the label, for energy (|ΔE| vs s_E), forces (RMS error over
 * the 3N components vs the RMS force spread) and dipole (|Δμ| vs √Σ s²(μ_α)), then the rank correlation,
 * calibration curve and scale of potentials/committee/calibration.ts. Atomic units.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { makeSystem, type Property } from "../core/index.ts";
import { calibrate, type Calibration } from "../../potentials/committee/calibration.ts";
import type { CommitteePotential } from "../../potentials/committee/committee-potential.ts";
import { loadCommittee } from "../../potentials/committee/load-committee.ts";
import { renderLineChart, writePng } from "../plot/chart.ts";
import type { DatasetUnits, TrainingFrame } from "./dataset.ts";
import { loadDataset } from "./load-dataset.ts";
import { userUnitFactor } from "./metrics.ts";
import { readSplit } from "./split.ts";

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

export interface CommitteeCalibrationOptions {
  /** Committee directory (train --committee) or member model files. */
  committee: string[];
  data: string;
  units: DatasetUnits;
  /** Only the test frames of this split file. */
  split?: string;
  /** Directory for calibration.json and calibration-<property>.png. */
  output: string;
  bins?: number;
  backend?: string;
}

/** Load, calibrate, print and write the calibration of a committee on a labelled dataset. */
export async function runCommitteeCalibration(
  o: CommitteeCalibrationOptions,
  say: (line: string) => void = console.log,
): Promise<CommitteeCalibration> {
  let frames: TrainingFrame[] = await loadDataset({ path: o.data, units: o.units });
  if (o.split) frames = (await readSplit(o.split, frames.length)).test.map((i) => frames[i]);
  if (frames.length < 2)
    throw new Error(`${o.split ?? o.data}: calibration needs at least 2 labelled frames`);
  const committee = await loadCommittee(o.committee, { backend: o.backend });
  try {
    const c = await calibrateCommittee(committee, frames, o.bins);
    await mkdir(o.output, { recursive: true });
    const units: Record<string, [string, number]> = {
      energy: [o.units.energy ?? "hartree", o.units.energy ? userUnitFactor("energy", o.units) : 1],
      forces: [o.units.forces ?? "hartree/bohr", o.units.forces ? userUnitFactor("forces", o.units) : 1],
      dipole: [o.units.dipole ?? "e*angstrom", o.units.dipole ? userUnitFactor("dipole", o.units) : 1],
    };
    say(`committee of ${committee.size} on ${frames.length} frames: does the spread predict the error?`);
    for (const [key, cal] of Object.entries(c) as [keyof CommitteeCalibration, Calibration][]) {
      const [unit, f] = units[key];
      say(
        `  ${key}: Spearman ρ(spread, error) = ${cal.spearman.toFixed(3)}; RMS spread ${(cal.rmsSpread / f).toPrecision(3)} ` +
          `vs RMS error ${(cal.rmsError / f).toPrecision(3)} ${unit}; calibration scale α = ${cal.scale.toPrecision(3)}`,
      );
      const png = await renderLineChart({
        title: `committee calibration: ${key} (ρ = ${cal.spearman.toFixed(2)}, α = ${cal.scale.toPrecision(3)})`,
        xLabel: `predicted spread (${unit})`,
        yLabel: `observed RMS error (${unit})`,
        series: [
          {
            label: "bins of equal count",
            x: cal.curve.map((b) => b.predicted / f),
            y: cal.curve.map((b) => b.observed / f),
            style: "scatter",
          },
          {
            label: "calibrated",
            x: [0, Math.max(...cal.curve.map((b) => Math.max(b.predicted, b.observed))) / f],
            y: [0, Math.max(...cal.curve.map((b) => Math.max(b.predicted, b.observed))) / f],
            dashed: true,
          },
        ],
      });
      await writePng(join(o.output, `calibration-${key}.png`), png);
    }
    await writeFile(
      join(o.output, "calibration.json"),
      JSON.stringify(
        {
          format: "equimd-committee-calibration",
          frames: frames.length,
          members: committee.size,
          units: "atomic",
          ...c,
        },
        null,
        2,
      ) + "\n",
    );
    say(`  wrote ${join(o.output, "calibration.json")} and calibration-<property>.png`);
    return c;
  } finally {
    await committee.dispose();
  }
}
