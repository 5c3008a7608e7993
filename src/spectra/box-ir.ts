/**
 * IR of a box of molecules, split into self and cross parts.
 *
 * The box dipole M = Σ_m μ_m has the correlation
 *
 *   ⟨M(0)·M(t)⟩ = Σ_m ⟨μ_m(0)·μ_m(t)⟩  +  Σ_{m≠n} ⟨μ_m(0)·μ_n(t)⟩
 *                 └──── self ────────┘    └──── cross (between molecules) ──┘
 *
 * and the IR spectrum, linear in the correlation, splits the same way. All three are reported as the
 * cross-section per molecule (ir.ts with molecules = N): `total` is the spectrum of the box dipole,
 * `self` is the average single-molecule spectrum ("IR per molecule": what the molecules absorb as if
 * their dipoles were uncorrelated), and `cross = total − self` is what the correlations between
 * molecules (intermolecular coupling, collective motion) add or take away. The correlation functions
 * come back too, on the same lags: total, self (summed over molecules) and cross.
 */
import { autocorrelation, type CorrelationFunction } from "./correlation.ts";
import { derivativeLineShape, irSpectrumOf, type IrOptions, type IrSpectrum } from "./ir.ts";
import { chooseMaxLag } from "./line-shape.ts";
import { boxDipole } from "./molecular-dipoles.ts";
import type { TimeSeries } from "./time-series.ts";

export interface BoxIrSpectra {
  /** Number of molecules in the box. */
  readonly molecules: number;
  readonly total: IrSpectrum;
  readonly self: IrSpectrum;
  readonly cross: IrSpectrum;
  /** ⟨M(0)·M(t)⟩, Σ_m⟨μ_m(0)·μ_m(t)⟩ and their difference (e²·bohr², fluctuations about the mean). */
  readonly correlation: { total: CorrelationFunction; self: CorrelationFunction; cross: CorrelationFunction };
}

function asList(s: TimeSeries | readonly TimeSeries[]): readonly TimeSeries[] {
  return Array.isArray(s) ? (s as readonly TimeSeries[]) : [s as TimeSeries];
}

/**
 * Self, cross and total IR per molecule from per-molecule dipoles ([nSteps][nMolecules][3], e·bohr;
 * molecular-dipoles.ts), one series per trajectory. `options.molecules` and `componentsPerItem` are
 * set here.
 */
export function boxIrSpectra(
  moleculeDipoleSeries: TimeSeries | readonly TimeSeries[],
  options: Omit<IrOptions, "molecules" | "componentsPerItem">,
): BoxIrSpectra {
  const list = asList(moleculeDipoleSeries);
  if (list.length === 0) throw new Error("box IR: no molecule-dipole series given");
  const nc = list[0].nComponents;
  if (nc % 3 !== 0) throw new Error(`box IR: ${nc} components are not [nMolecules][3]`);
  const n = nc / 3;
  const boxes = list.map(boxDipole);
  // D(ω) of the box dipole, and the average single-molecule D(ω) (items of 3 components averaged)
  const dTotal = derivativeLineShape(boxes, { ...options, componentsPerItem: 3 });
  const dSelf = derivativeLineShape(list, { ...options, componentsPerItem: 3 });
  const scaledSelf = dSelf.values.map((v) => n * v);
  const dCross = { ...dTotal, values: dTotal.values.map((v, j) => v - scaledSelf[j]) };
  const perMolecule = { ...options, molecules: n };
  const maxLag = chooseMaxLag(list, options);
  const cTotal = autocorrelation(boxes, {
    maxLag,
    normalisation: options.normalisation,
    removeMean: true,
  });
  const cSelfAverage = autocorrelation(list, {
    maxLag,
    normalisation: options.normalisation,
    removeMean: true,
    componentsPerItem: 3,
  });
  const cSelf = { dt: cSelfAverage.dt, values: cSelfAverage.values.map((v) => n * v) };
  const cCross = { dt: cTotal.dt, values: cTotal.values.map((v, k) => v - cSelf.values[k]) };
  const label = (s: IrSpectrum, what: string): IrSpectrum => ({ ...s, label: `${s.label}, ${what}` });
  return {
    molecules: n,
    total: label(irSpectrumOf(dTotal, perMolecule), "box dipole"),
    self: label(irSpectrumOf({ ...dSelf, values: scaledSelf }, perMolecule), "self"),
    cross: label(irSpectrumOf(dCross, perMolecule), "cross"),
    correlation: { total: cTotal, self: cSelf, cross: cCross },
  };
}
