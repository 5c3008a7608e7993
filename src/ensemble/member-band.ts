/**
 * The error band of a merged ensemble curve, by the project's one band method (src/spectra/uncertainty/):
 * the members are the independent units, each member's own curve (its spectrum, or its correlation
 * function) is one unit's value at every grid point, and confidenceBand gives, at the spec's level,
 *
 *   "t" (default)   mean ± t_{M−1}((1 + level)/2) · SE,  SE = s/√M over the M members' curves
 *   "percentile"    the (1 ∓ level)/2 quantiles of bootstrap means of the members' curves (seeded)
 *
 * The band is placed around the merged curve, which is the transform of the members' *averaged*
 * correlation function: band = merged + (interval − mean of the members' curves). For the IR and Raman
 * spectra and for the correlation functions themselves the transform is linear, so the merged curve is
 * that mean to rounding and this is exactly the uncertainty module's band. The power spectrum is
 * normalised by C(0) (of the averaged C for the merged curve, of each member's own C for the members'
 * spectra), so there the two centres differ at second order in the members' scatter and the band keeps
 * its width and shape around the merged curve. One member gives no band (the module refuses it).
 */
import { confidenceBand, type BandOptions } from "../spectra/uncertainty/confidence-band.ts";
import { makeEnsemble } from "../spectra/uncertainty/ensemble.ts";

export interface MemberBand {
  lower: Float64Array;
  upper: Float64Array;
  /** How the band was obtained, for summary.json and the plot legend. */
  description: string;
  level: number;
  method: "t" | "percentile";
}

/**
 * Band around `merged` (the merged curve on `grid`: wavenumbers, or lags) from each member's own curve
 * on the same grid; `names` name the members in messages. Needs at least two members.
 */
export function memberBand(
  merged: ArrayLike<number>,
  grid: Float64Array,
  perMember: readonly Float64Array[],
  names: readonly string[],
  options: BandOptions = {},
): MemberBand {
  // equal weights: the members have equal lengths (the SE does not depend on a common weight factor)
  const ensemble = makeEnsemble(
    perMember.map((intensity) => ({ wavenumber: grid, intensity, unit: "", label: "" })),
    perMember.map(() => 1),
    names,
    "ensemble",
  );
  const band = confidenceBand(ensemble, options);
  const n = grid.length;
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    lower[j] = merged[j] + (band.lower[j] - band.center[j]);
    upper[j] = merged[j] + (band.upper[j] - band.center[j]);
  }
  const level = `${+(band.level * 100).toFixed(2)} %`;
  const description =
    band.method === "t"
      ? `${level} t interval over ${band.units} members: merged ± t_${band.units - 1}·s/√${band.units}`
      : `${level} bootstrap percentile interval over ${band.units} members (${options.replicates ?? 1000} ` +
        `replicates, seed ${options.seed ?? 1}), around the merged curve`;
  return { lower, upper, description, level: band.level, method: band.method };
}
