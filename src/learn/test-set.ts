/**
 * The held-out test set of `equimd learn` (a step of the result stage): classical Langevin MD with xtb
 * at a temperature the training data never saw (default 4/3 of the target: 400 K for 300 K), labelled
 * by the same xtb evaluations that moved it. These frames are used for nothing but this measurement:
 * not for training, not for the validation that steers the active learning, not for selection.
 *
 * On them: the committee mean's energy, force and dipole errors against xtb, and the committee's
 * calibration (does its spread predict its error? src/training/committee-calibration.ts, which writes
 * calibration/calibration.json and a calibration plot per property next to the frames).
 */
import { dirname, join } from "node:path";
import type { Potential } from "../core/potential.ts";
import { makeSystem, type System } from "../core/system.ts";
import { childSeeds } from "../labelling/sampler.ts";
import type { Calibration } from "../../potentials/committee/calibration.ts";
import { loadCommittee } from "../../potentials/committee/index.ts";
import { ErrorAccumulator } from "../statistics/error-statistics.ts";
import { runCommitteeCalibration } from "../training/committee-calibration.ts";
import { loadDataset } from "../training/load-dataset.ts";
import { scaleStats, userUnitFactor } from "../training/metrics.ts";
import { DATA_UNITS } from "./committee-stage.ts";
import type { LearnConfig } from "./learn-config.ts";
import { writeSampledFrames } from "./labelled-frame.ts";

/** The temperature of the test set, K: the configured one, else 4/3 of the target. */
export const testTemperature = (c: LearnConfig) => c.test_set.temperature_K ?? (4 / 3) * c.temperature_K;

/** Refuse a test temperature that is one of the training temperatures (then it tests nothing new). */
export function checkTestTemperature(c: LearnConfig): void {
  const t = testTemperature(c);
  const sampled = [...c.initial_data.temperature_factors.map((f) => f * c.temperature_K), c.temperature_K];
  if (c.test_set.frames > 0 && sampled.some((s) => Math.abs(s - t) < 1e-6)) {
    throw new Error(
      `learn config: test_set.temperature_K ${t} K is a temperature of the training data ` +
        `(${[...new Set(sampled)].join(", ")} K); choose another one, so the test frames are held out`,
    );
  }
}

/** Errors of the committee mean against xtb on the test frames (eV, eV/Å, e·Å) and its calibration. */
export interface TestSetResult {
  file: string;
  frames: number;
  temperature_K: number;
  energy_mae_eV: number;
  energy_mae_meV_per_atom: number;
  forces_mae_eV_per_A: number;
  forces_rmse_eV_per_A: number;
  dipole_mae_e_A?: number;
  /** Per property: Spearman ρ(spread, error), RMS spread and error (atomic units), scale α. */
  calibration: Partial<Record<"energy" | "forces" | "dipole", Omit<Calibration, "curve">>>;
}

/** Sample and label the test frames into `<dir>/frames.extxyz`; returns their count. */
export async function sampleTestSet(
  dir: string,
  system: System,
  start: Float64Array,
  xtb: Potential,
  config: LearnConfig,
): Promise<number> {
  const t = config.test_set;
  return writeSampledFrames(
    join(dir, "frames.extxyz"),
    system,
    start,
    xtb,
    {
      temperatures: [testTemperature(config)],
      frames: t.frames,
      replicas: t.replicas,
      every: t.every,
      dtFs: config.initial_data.dt_fs,
      equilibrationSteps: t.equilibration_steps,
      tauFs: config.initial_data.tau_fs,
      seed: childSeeds(config.seed + 11, 1)[0],
    },
    "test_set",
  );
}

/** The committee mean's errors and the committee's calibration on a labelled test file. */
export async function testSetErrors(
  committeeDir: string,
  file: string,
  config: LearnConfig,
): Promise<TestSetResult> {
  const frames = await loadDataset({ path: file, units: DATA_UNITS });
  const committee = await loadCommittee([committeeDir], { backend: config.backend });
  const energy = new ErrorAccumulator();
  const forces = new ErrorAccumulator();
  const dipole = new ErrorAccumulator();
  let atoms = 0;
  try {
    const hasDipole = committee.provides.includes("dipole");
    for (const f of frames) {
      const system = makeSystem(Array.from(f.numbers), { charge: config.charge });
      const out = await committee.compute(system, f.positions, 1, f.dipole && hasDipole ? ["dipole"] : []);
      atoms = f.numbers.length;
      if (f.energy !== undefined) energy.add(out.energy[0] - f.energy);
      if (f.forces) forces.addDifferences(out.forces, f.forces);
      if (f.dipole && out.dipole) dipole.addDifferences(out.dipole, f.dipole);
    }
    // calibration.json and calibration-<property>.png next to the frames
    const calibration =
      frames.length >= 2
        ? await runCommitteeCalibration(
            {
              committee: [committeeDir],
              data: file,
              units: DATA_UNITS,
              output: join(dirname(file), "calibration"),
              backend: config.backend,
            },
            () => {},
          )
        : {};
    const e = scaleStats(energy.stats(), 1 / userUnitFactor("energy", DATA_UNITS));
    const fo = scaleStats(forces.stats(), 1 / userUnitFactor("forces", DATA_UNITS));
    const d =
      dipole.stats().count > 0
        ? scaleStats(dipole.stats(), 1 / userUnitFactor("dipole", DATA_UNITS))
        : undefined;
    return {
      file,
      frames: frames.length,
      temperature_K: testTemperature(config),
      energy_mae_eV: e.mae,
      energy_mae_meV_per_atom: (1000 * e.mae) / Math.max(1, atoms),
      forces_mae_eV_per_A: fo.mae,
      forces_rmse_eV_per_A: fo.rmse,
      ...(d ? { dipole_mae_e_A: d.mae } : {}),
      calibration: Object.fromEntries(
        Object.entries(calibration).map(([k, { curve: _curve, ...rest }]) => [k, rest]),
      ),
    };
  } finally {
    await committee.dispose();
  }
}

/** One line of the log or README: the test errors and the calibration. */
export function describeTestSet(r: TestSetResult): string {
  const cal = Object.entries(r.calibration)
    .map(([k, c]) => `${k} ρ = ${c.spearman.toFixed(2)}, α = ${c.scale.toPrecision(3)}`)
    .join("; ");
  return (
    `held-out test set (${r.frames} frames at ${r.temperature_K.toFixed(0)} K, never trained on), committee mean vs xtb: ` +
    `energy MAE ${r.energy_mae_eV.toExponential(3)} eV (${r.energy_mae_meV_per_atom.toPrecision(3)} meV/atom), ` +
    `force MAE ${r.forces_mae_eV_per_A.toExponential(3)} eV/Å (RMSE ${r.forces_rmse_eV_per_A.toExponential(3)})` +
    (r.dipole_mae_e_A !== undefined ? `, dipole MAE ${r.dipole_mae_e_A.toExponential(3)} e·Å` : "") +
    (cal ? `; calibration (spread vs error): ${cal}` : "")
  );
}
