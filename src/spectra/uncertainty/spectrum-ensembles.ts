/**
 * IR, Raman (each component) and power-spectrum ensembles: the spectrum of every unit (trajectory or
 * block, blocks.ts) with one maximum lag (the options' one, checked against the shortest unit; default
 * half the shortest unit) and therefore one grid, computed by the ordinary ir.ts / raman.ts / power.ts
 * code, so that an ensemble's mean is the same spectrum the single-series path gives.
 */
import type { Spectrum } from "../fourier.ts";
import { irSpectrum, type IrOptions } from "../ir.ts";
import { chooseMaxLag, type LineShapeOptions } from "../line-shape.ts";
import { powerSpectrum, type PowerOptions } from "../power.ts";
import { ramanSpectra, type RamanOptions } from "../raman.ts";
import type { TimeSeries } from "../time-series.ts";
import { makeEnsemble, type SpectrumEnsemble } from "./ensemble.ts";
import { prefactorScale } from "./measured-temperature.ts";

export interface MeasuredTemperatures {
  /**
   * Each unit's measured k_B·T (hartree), used in the classical prefactor instead of options.temperature
   * (measured-temperature.ts). Omit for the nominal temperature.
   */
  measuredTemperatures?: readonly number[];
}

/** One maximum lag for all units. */
export function commonMaxLag(units: readonly TimeSeries[], options: LineShapeOptions): number {
  if (units.length === 0) throw new Error("no time series given");
  return chooseMaxLag(units, options) ?? Math.floor(Math.min(...units.map((u) => u.nSteps)) / 2);
}

const sourceOf = (s: TimeSeries, i: number) => s.meta.source ?? `trajectory ${i + 1}`;

function scales(units: readonly TimeSeries[], nominal: number, measured?: readonly number[]): number[] {
  if (measured === undefined) return units.map(() => 1);
  if (measured.length !== units.length) {
    throw new Error(`${measured.length} measured temperatures for ${units.length} trajectories/blocks`);
  }
  return measured.map((t, i) => prefactorScale(nominal, t, sourceOf(units[i], i)));
}

const scaled = (s: Spectrum, f: number): Spectrum =>
  f === 1 ? s : { ...s, intensity: s.intensity.map((v) => v * f) };

function ensembleOf(spectra: Spectrum[], units: readonly TimeSeries[], label?: string): SpectrumEnsemble {
  return makeEnsemble(
    spectra,
    units.map((u) => u.nSteps),
    units.map(sourceOf),
    label,
  );
}

/** IR ensemble from dipole units. */
export function irEnsemble(
  units: readonly TimeSeries[],
  options: IrOptions & MeasuredTemperatures,
): SpectrumEnsemble {
  const maxLag = commonMaxLag(units, options);
  const f = scales(units, options.temperature, options.measuredTemperatures);
  const spectra = units.map((u, i) => scaled(irSpectrum(u, { ...options, maxLag }), f[i]));
  return ensembleOf(spectra, units);
}

export interface RamanEnsembles {
  isotropic: SpectrumEnsemble;
  vh: SpectrumEnsemble;
  vv: SpectrumEnsemble;
  unpolarised: SpectrumEnsemble;
}

/** Raman ensembles (isotropic, VH, VV, unpolarised) from polarizability units. */
export function ramanEnsembles(
  units: readonly TimeSeries[],
  options: RamanOptions & MeasuredTemperatures,
): RamanEnsembles {
  const maxLag = commonMaxLag(units, options);
  const f = scales(units, options.temperature, options.measuredTemperatures);
  const all = units.map((u, i) => {
    const r = ramanSpectra(u, { ...options, maxLag });
    return {
      isotropic: scaled(r.isotropic, f[i]),
      vh: scaled(r.vh, f[i]),
      vv: scaled(r.vv, f[i]),
      unpolarised: scaled(r.unpolarised, f[i]),
    };
  });
  const part = (k: keyof RamanEnsembles) =>
    ensembleOf(
      all.map((r) => r[k]),
      units,
    );
  return { isotropic: part("isotropic"), vh: part("vh"), vv: part("vv"), unpolarised: part("unpolarised") };
}

/**
 * Power-spectrum ensemble from velocity units. Each unit is normalised by its own C(0), so every member
 * has area n_dof; no temperature enters.
 */
export function powerEnsemble(units: readonly TimeSeries[], options: PowerOptions = {}): SpectrumEnsemble {
  const maxLag = commonMaxLag(units, options);
  return ensembleOf(
    units.map((u) => powerSpectrum(u, { ...options, maxLag })),
    units,
  );
}
