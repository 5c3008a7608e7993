/**
 * The independent units behind a stage's error bars: its trajectories (classical replicas, ring
 * polymers, reference segments) when there are at least two, otherwise its one trajectory cut into
 * consecutive blocks (src/spectra/uncertainty/blocks.ts). Blocks must be much longer than the
 * correlation length: each block keeps at least `minLagsPerBlock` (default 2) maximum lags, and the
 * number of blocks is lowered until it does; when not even two such blocks fit, the stage has one unit
 * and no band, and `note` says why (never a zero-width band).
 * With kinetic energies per sample (hartree) each unit also gets its measured k_B·T = 2⟨K⟩/n_dof, for
 * the measured-temperature prefactor (src/spectra/uncertainty/measured-temperature.ts).
 */
import { ATOMIC_TIME_IN_FS } from "../core/units.ts";
import { blockTemperatures, splitIntoBlocks } from "../spectra/uncertainty/index.ts";
import type { TimeSeries } from "../spectra/time-series.ts";

export interface TrajectoryUnits {
  units: TimeSeries[];
  /** "trajectories" or "blocks of one trajectory". */
  kind: "trajectories" | "blocks";
  /** Why there is no band (one unit), when so. */
  note?: string;
  /** Measured k_B·T of each unit (hartree), when kinetic energies were given. */
  temperatures?: number[];
}

/** Kinetic energy per sample of each trajectory (hartree) and the degrees of freedom it is shared by. */
export interface KineticEnergies {
  perSample: readonly Float64Array[];
  degreesOfFreedom: number;
}

/** Units of `series` for a maximum lag of `maxLagFs`: the series themselves, or blocks of the one. */
export function trajectoryUnits(
  series: readonly TimeSeries[],
  blocks: number,
  maxLagFs: number,
  kinetic?: KineticEnergies,
  minLagsPerBlock = 2,
): TrajectoryUnits {
  if (series.length === 0) throw new Error("no trajectories given");
  if (kinetic && kinetic.perSample.length !== series.length) {
    throw new Error(`${kinetic.perSample.length} kinetic-energy series for ${series.length} trajectories`);
  }
  const temperatures = (blocks: number) =>
    kinetic?.perSample.flatMap((k) => blockTemperatures(k, kinetic.degreesOfFreedom, blocks));
  if (series.length > 1) return { units: [...series], kind: "trajectories", temperatures: temperatures(1) };
  const one = series[0];
  const lagSteps = Math.round(maxLagFs / ATOMIC_TIME_IN_FS / one.dt);
  const fit = Math.floor(one.nSteps / (minLagsPerBlock * (lagSteps + 1)));
  const b = Math.min(blocks, fit);
  if (b < 2) {
    const fs = one.nSteps * one.dt * ATOMIC_TIME_IN_FS;
    return {
      units: [one],
      kind: "trajectories",
      temperatures: temperatures(1),
      note:
        `one trajectory of ${fs.toFixed(0)} fs is too short for ≥ 2 blocks of ${minLagsPerBlock} correlation ` +
        `lengths (${maxLagFs} fs): no error band (run more replicas or longer)`,
    };
  }
  return { units: splitIntoBlocks(one, b), kind: "blocks", temperatures: temperatures(b) };
}
