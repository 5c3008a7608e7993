/**
 * Block averaging: one long trajectory cut into B consecutive blocks of equal length, each treated as an
 * independent unit of the ensemble (ensemble.ts). Assumptions: the trajectory is stationary (equilibrated
 * before its first sample), and each block is much longer than the correlation time of the property and
 * than the maximum lag, so that neighbouring blocks are nearly independent. Correlations that straddle a
 * block boundary are lost (lags up to the maximum lag within each block remain). Samples left over after
 * B whole blocks (fewer than B) are dropped.
 */
import { makeTimeSeries, type TimeSeries } from "../time-series.ts";

/** Cut a series into `blocks` consecutive blocks of ⌊N/blocks⌋ samples. */
export function splitIntoBlocks(series: TimeSeries, blocks: number): TimeSeries[] {
  const name = series.meta.source ?? series.meta.quantity ?? "series";
  if (!Number.isInteger(blocks) || blocks < 2) {
    throw new Error(`${name}: the number of blocks must be an integer ≥ 2, got ${blocks}`);
  }
  const length = Math.floor(series.nSteps / blocks);
  if (length < 2) {
    throw new Error(`${name}: ${series.nSteps} samples cannot be cut into ${blocks} blocks of ≥ 2 samples`);
  }
  const nc = series.nComponents;
  return Array.from({ length: blocks }, (_, b) =>
    makeTimeSeries(series.values.subarray(b * length * nc, (b + 1) * length * nc), nc, series.dt, {
      ...series.meta,
      source: `${name} block ${b + 1}/${blocks}`,
    }),
  );
}

/** The units of an ensemble: each series itself, or each cut into `blocks` blocks. */
export function ensembleUnits(series: readonly TimeSeries[], blocks?: number): TimeSeries[] {
  if (series.length === 0) throw new Error("no time series given");
  return blocks === undefined || blocks === 1
    ? [...series]
    : series.flatMap((s) => splitIntoBlocks(s, blocks));
}
