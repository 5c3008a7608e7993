/**
 * IR spectra of a reference run and a model run from their dipole time series, compared with the
 * spectra module (src/spectra/ir.ts for the line shape, src/spectra/compare.ts for matched peaks and the
 * overlap score). Both runs need dipoles in every frame and equally spaced frame times; the spectra are
 * computed with the same options (temperature, quantum correction, resolution) so that they differ only
 * through the dynamics and the dipole surfaces.
 */
import { ATOMIC_TIME_IN_FS } from "../core/units.ts";
import { compareSpectra, type CompareOptions, type Comparison } from "../spectra/compare.ts";
import { irSpectrum, type IrOptions, type IrSpectrum } from "../spectra/ir.ts";
import { makeTimeSeries } from "../spectra/time-series.ts";
import { requireProperty, requireTime, type Trajectory } from "./trajectory.ts";

export interface IrComparison {
  reference: IrSpectrum;
  model: IrSpectrum;
  comparison: Comparison;
  /** Options the spectra were computed with. */
  temperature: number;
  correction: NonNullable<IrOptions["correction"]>;
}

/** Frame spacing (atomic time) of a trajectory whose frames are equally spaced in time. */
export function frameSpacing(trajectory: Trajectory, purpose: string): number {
  const time = requireTime(trajectory, purpose);
  if (trajectory.nFrames < 3) throw new Error(`${trajectory.source}: ${purpose} needs at least 3 frames`);
  const dt = time[1] - time[0];
  for (let k = 1; k < trajectory.nFrames; k++) {
    const gap = time[k] - time[k - 1];
    if (!(dt > 0) || Math.abs(gap - dt) > 1e-6 * dt) {
      throw new Error(
        `${trajectory.source}: frames ${trajectory.frameNumbers[k - 1]} and ${trajectory.frameNumbers[k]} are ` +
          `${(gap * ATOMIC_TIME_IN_FS).toPrecision(6)} fs apart, the first two ${(dt * ATOMIC_TIME_IN_FS).toPrecision(6)} fs; ` +
          `${purpose} needs equally spaced frames`,
      );
    }
  }
  return dt;
}

/** IR spectra of both runs and their comparison (peaks of the model matched to the reference's). */
export function compareIrSpectra(
  reference: Trajectory,
  model: Trajectory,
  options: Omit<IrOptions, "componentsPerItem"> & { compare?: CompareOptions },
): IrComparison {
  const spectrumOf = (t: Trajectory) => {
    const dipole = requireProperty(t, "dipole", "the IR spectrum");
    const dt = frameSpacing(t, "the IR spectrum");
    return irSpectrum(
      makeTimeSeries(dipole, 3, dt, { quantity: "dipole", unit: "e*bohr", source: t.source }),
      options,
    );
  };
  const ref = spectrumOf(reference);
  const mod = spectrumOf(model);
  return {
    reference: ref,
    model: mod,
    comparison: compareSpectra(ref, mod, options.compare),
    temperature: options.temperature,
    correction: options.correction ?? "harmonic",
  };
}
