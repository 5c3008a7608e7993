/**
 * `equimd learn --reference-md` (a step of the result stage): xtb reference trajectories at the target
 * temperature, as `equimd reference-md` makes them (src/labelling/reference-md.ts: Langevin
 * equilibration, then independent NVE segments with the dipole every step), their classical IR with its
 * statistical band, and the committee's classical IR compared against it: matched peaks with the
 * bootstrap errors of their shifts and the overlap with its error (src/spectra/uncertainty/).
 *
 * The dipole series of every trajectory is saved as a property file when the MD ends (the step's
 * done-marker comes after), so a rerun after an interruption redoes the reference MD only if it was
 * not finished.
 */
import { join } from "node:path";
import type { Potential } from "../core/potential.ts";
import type { System } from "../core/system.ts";
import { runReferenceMd } from "../labelling/reference-md.ts";
import { childSeeds } from "../labelling/sampler.ts";
import { ProgressBar } from "../observers/progress-bar.ts";
import { PropertyRecorder } from "../observers/property-recorder.ts";
import type { Comparison } from "../spectra/compare.ts";
import { readTimeSeries } from "../spectra/read-series.ts";
import type { TimeSeries } from "../spectra/time-series.ts";
import { compareEnsembles, type SpectrumEnsemble } from "../spectra/uncertainty/index.ts";
import type { LearnConfig } from "./learn-config.ts";
import { runOnce } from "./stage-runner.ts";

/** Largest distance of a model peak from the reference peak it is matched with, cm⁻¹. */
export const MATCH_WINDOW_CM = 50;

/** Run (or find finished) the xtb reference NVE trajectories in `dir`; their dipole series. */
export async function referenceSeries(
  dir: string,
  system: System,
  start: Float64Array,
  xtb: Potential,
  config: LearnConfig,
  say: (line: string) => void,
  progress: boolean,
): Promise<TimeSeries[]> {
  const r = config.reference_md;
  const done = await runOnce(dir, "reference MD", async (d) => {
    say(
      `result: xtb reference MD at ${config.temperature_K} K: ${r.trajectories} NVE trajectories × ${r.steps} steps of ${r.dt_fs} fs`,
    );
    const files = Array.from({ length: r.trajectories }, (_, k) => `dipole-${k + 1}.json`);
    const recorders = files.map(
      (f, b) => new PropertyRecorder({ every: r.every, quantities: ["dipole"], batch: b, file: join(d, f) }),
    );
    await runReferenceMd(
      system,
      start,
      xtb,
      {
        temperatureK: config.temperature_K,
        segments: r.trajectories,
        equilibrationSteps: r.equilibration_steps,
        steps: r.steps,
        dtFs: r.dt_fs,
        tauFs: r.tau_fs,
        seed: childSeeds(config.seed + 13, 1)[0],
      },
      {
        production: [
          ...recorders,
          ...(progress ? [new ProgressBar({ startStep: 0, endStep: r.steps })] : []),
        ],
      },
    );
    return { files };
  });
  return Promise.all(done.files.map((f) => readTimeSeries(join(dir, f), { property: "dipole" })));
}

/** The committee's classical IR (B) against the reference's (A), with bootstrap errors. */
export function compareWithReference(
  reference: SpectrumEnsemble,
  model: SpectrumEnsemble,
  config: LearnConfig,
): Comparison {
  return compareEnsembles(reference, model, {
    window: MATCH_WINDOW_CM,
    range: [0, config.result.fmax_cm],
    seed: config.seed,
  });
}
