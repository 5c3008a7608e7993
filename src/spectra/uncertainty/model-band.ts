/**
 * The model-uncertainty band of a spectrum from a committee run (potentials/committee/): along the one
 * trajectory (driven by the committee mean), each member's own dipole (polarizability) gives a spectrum;
 * their spread is how much the spectrum depends on which member one believes. The band is
 * mean ± scale·s, s the unbiased (1/(M − 1)) standard deviation over members at each wavenumber; scale
 * 1 by default (the committee's own error estimate) or a calibration factor (calibration.ts, if the
 * committee is found over- or under-confident on a labelled test set).
 *
 * It is drawn separately from the statistical band: the members share the trajectory, so the sampling
 * noise is common to them and does not enter s, and the statistical band (ensemble.ts) says nothing
 * about the model.
 */
import type { IrOptions } from "../ir.ts";
import type { RamanOptions } from "../raman.ts";
import { makeTimeSeries, type TimeSeries } from "../time-series.ts";
import { ensembleMean, makeEnsemble, meanSpectrum, type SpectrumEnsemble } from "./ensemble.ts";
import { commonMaxLag, irEnsemble, ramanEnsembles, type MeasuredTemperatures } from "./spectrum-ensembles.ts";

export interface ModelBand {
  wavenumber: Float64Array;
  /** Mean of the members' spectra. */
  center: Float64Array;
  /** Unbiased standard deviation over members. */
  sigma: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  members: number;
  scale: number;
}

/**
 * Series of each member: values[k][c] is member k's property on configuration c as a flat
 * [nSamples][width] array (atomic units), dt the sampling interval (atomic time).
 */
export function memberSeries(
  values: readonly (readonly (readonly number[])[])[],
  width: number,
  dt: number,
  quantity: string,
): TimeSeries[][] {
  return values.map((member, k) =>
    member.map((v, c) =>
      makeTimeSeries(v, width, dt, {
        quantity,
        source: `member ${k + 1}${member.length > 1 ? ` configuration ${c + 1}` : ""}`,
      }),
    ),
  );
}

function checkMembers(perMember: readonly (readonly TimeSeries[])[]): void {
  if (perMember.length < 2)
    throw new Error(`a model band needs at least 2 committee members, got ${perMember.length}`);
}

/**
 * IR spectra of each member's dipole as an ensemble over members. Each member's spectrum is the mean over
 * its series (trajectories or configurations, in the same order for every member), with the same
 * measured temperatures as the statistical ensemble if given (one per series).
 */
export function committeeIrEnsemble(
  perMember: readonly (readonly TimeSeries[])[],
  options: IrOptions & MeasuredTemperatures,
): SpectrumEnsemble {
  checkMembers(perMember);
  const maxLag = commonMaxLag(perMember.flat(), options);
  const spectra = perMember.map((list) => meanSpectrum(irEnsemble(list, { ...options, maxLag })));
  return makeEnsemble(
    spectra,
    spectra.map(() => 1),
    perMember.map((_, k) => `member ${k + 1}`),
  );
}

/** Raman spectra (unpolarised, VV, VH, isotropic) of each member's polarizability, as ensembles. */
export function committeeRamanEnsembles(
  perMember: readonly (readonly TimeSeries[])[],
  options: RamanOptions & MeasuredTemperatures,
): Record<"unpolarised" | "vv" | "vh" | "isotropic", SpectrumEnsemble> {
  checkMembers(perMember);
  const maxLag = commonMaxLag(perMember.flat(), options);
  const all = perMember.map((list) => ramanEnsembles(list, { ...options, maxLag }));
  const names = perMember.map((_, k) => `member ${k + 1}`);
  const part = (key: "unpolarised" | "vv" | "vh" | "isotropic") =>
    makeEnsemble(
      all.map((r) => meanSpectrum(r[key])),
      all.map(() => 1),
      names,
    );
  return { unpolarised: part("unpolarised"), vv: part("vv"), vh: part("vh"), isotropic: part("isotropic") };
}

/** mean ± scale·s over the members of an ensemble of member spectra. */
export function modelBand(e: SpectrumEnsemble, scale = 1): ModelBand {
  const m = e.members.length;
  if (m < 2) throw new Error(`a model band needs at least 2 committee members, got ${m}`);
  if (!(scale > 0)) throw new Error(`model band scale must be positive, got ${scale}`);
  const center = ensembleMean(e);
  const sigma = center.map((c, j) => Math.sqrt(e.members.reduce((s, x) => s + (x[j] - c) ** 2, 0) / (m - 1)));
  return {
    wavenumber: e.wavenumber,
    center,
    sigma,
    lower: center.map((c, j) => c - scale * sigma[j]),
    upper: center.map((c, j) => c + scale * sigma[j]),
    members: m,
    scale,
  };
}
