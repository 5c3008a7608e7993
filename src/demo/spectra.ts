/**
 * The demo's spectra: IR of the classical and TRPMD runs and of the xtb reference trajectories (the
 * same correlation length, window and grid for all), Raman of the model, its harmonic sticks, the
 * comparison of model and reference, and the PNG + CSV files.
 *
 * Classical dipole/polarizability correlations get the harmonic quantum correction (the xtb reference
 * is classical MD too, so both are treated alike); TRPMD's bead-averaged correlations are Kubo-
 * transformed and get none (docs/spectra.md).
 *
 * Every curve carries its statistical error (src/spectra/uncertainty/): the units are a stage's
 * trajectories (replicas, ring polymers, reference segments), or blocks of its one trajectory
 * (trajectory-units.ts); the curve drawn is their mean, with a t confidence band, peaks and band areas
 * with standard errors; the model–reference comparison has bootstrap errors of its overlap and shifts,
 * and each matched band a verdict (band-differences.ts). The classical prefactor uses the nominal
 * temperature unless `temperatureSource` is "measured" (each unit's kinetic temperature; for ethanol it
 * does not narrow the spread, docs/spectra.md); TRPMD always the nominal one.
 */
import { join } from "node:path";
import { kelvin } from "../core/units.ts";
import type { Series } from "../plot/chart.ts";
import { compareSpectra, type Comparison } from "../spectra/compare.ts";
import { integrate, type Spectrum } from "../spectra/fourier.ts";
import type { NormalModes } from "../spectra/normal-modes.ts";
import { stickSpectrum } from "../spectra/normal-modes.ts";
import { writeSpectraPlot, type PlottedSpectrum } from "../spectra/plot-spectra.ts";
import type { RamanSpectra } from "../spectra/raman.ts";
import type { TimeSeries } from "../spectra/time-series.ts";
import {
  committeeIrEnsemble,
  committeeRamanEnsembles,
  compareEnsembles,
  irEnsemble,
  modelBand,
  type ModelBand,
  plottedWithBands,
  spectraWithErrors,
  type CurveWithErrors,
  type SpectrumOrEnsemble,
} from "../spectra/uncertainty/index.ts";
import { bandDifferences, type BandDifference } from "./band-differences.ts";
import { trajectoryUnits, type KineticEnergies, type TrajectoryUnits } from "./trajectory-units.ts";

export interface SpectraSettings {
  temperatureK: number;
  maxLagFs: number;
  window: "none" | "hann" | "gaussian";
  minCm: number;
  maxCm: number;
  matchWindowCm: number;
  peakThreshold: number;
  /** Blocks a stage's one trajectory is cut into for its errors (several trajectories: none). */
  blocks: number;
  /** Confidence level of bands and verdicts. */
  level: number;
  /** Classical prefactor β: nominal, or each unit's measured kinetic temperature (classical + xtb). */
  temperatureSource: "nominal" | "measured";
  /** Seed of the bootstrap resampling. */
  seed: number;
}

/** Polarizability series are empty when the model has no polarizability head: no Raman then. */
export interface SpectraInput {
  classical: {
    dipoles: TimeSeries[];
    polarizabilities: TimeSeries[];
    kinetic?: KineticEnergies;
    /** A committee model's members' series, [member][replica]: the model-uncertainty band. */
    members?: { dipoles: TimeSeries[][]; polarizabilities: TimeSeries[][] };
  };
  trpmd?: { dipoles: TimeSeries[]; polarizabilities: TimeSeries[]; beads: number };
  reference: TimeSeries[];
  /** Kinetic energies of the reference trajectories, for the measured-temperature option. */
  referenceKinetic?: KineticEnergies;
  modes: NormalModes;
}

/** The curves with their errors (src/spectra/uncertainty/): band, peaks ± s.e., band areas ± s.e. */
export interface DemoErrors {
  irClassical: CurveWithErrors;
  irTrpmd?: CurveWithErrors;
  irReference: CurveWithErrors;
  /** Unpolarised, VV, VH, isotropic. */
  ramanClassical?: CurveWithErrors[];
  ramanTrpmd?: CurveWithErrors[];
  /**
   * With a committee model: the model band of the classical IR and Raman (unpolarised, VV, VH, isotropic)
   * curves (mean ± s over members along the same trajectories), and the members' total IR areas.
   */
  committee?: {
    members: number;
    ir: ModelBand;
    raman?: ModelBand[];
    irArea: { mean: number; sigma: number };
  };
  /** How each stage's units were made (trajectories or blocks), and why a stage has no band. */
  units: { stage: string; count: number; kind: TrajectoryUnits["kind"]; note?: string }[];
}

export interface DemoSpectra {
  /** Ensemble means (the curves drawn, the centres of their bands). */
  irClassical: Spectrum;
  irTrpmd?: Spectrum;
  irReference: Spectrum;
  /** Undefined for a model without a polarizability head (IR only). */
  ramanClassical?: RamanSpectra;
  ramanTrpmd?: RamanSpectra;
  /** Model classical IR against the xtb reference (reference = A, model = B), with bootstrap errors. */
  comparison: Comparison;
  /** Model TRPMD IR against the xtb reference (classical) — quantum effects included, for information. */
  comparisonTrpmd?: Comparison;
  /** Half of the xtb trajectories against the other half: the overlap two samplings of one PES give. */
  comparisonReferenceHalves?: Comparison;
  /** Per matched band: is the model–reference shift / area difference outside the errors? */
  bandDifferences: BandDifference[];
  bandDifferencesTrpmd?: BandDifference[];
  errors: DemoErrors;
}

const named = (s: Spectrum, label: string): Spectrum => ({ ...s, label });
const relabel = (c: CurveWithErrors, label: string): CurveWithErrors => ({
  ...c,
  spectrum: named(c.spectrum, label),
});

/** Raman curves (unpolarised, VV, VH, isotropic) as the RamanSpectra of their means. */
function ramanOf(curves: CurveWithErrors[]): RamanSpectra {
  const [unpolarised, vv, vh, isotropic] = curves.map((c) => c.spectrum);
  const depolarisation = vh.intensity.map((v, j) => (vv.intensity[j] === 0 ? NaN : v / vv.intensity[j]));
  return { unpolarised, vv, vh, isotropic, depolarisation };
}

/** One side of a comparison: the ensemble when it has an error, else its mean spectrum. */
const side = (c: CurveWithErrors): SpectrumOrEnsemble => (c.band ? c.ensemble : c.spectrum);

/** The comparison of `model` against `reference`, with bootstrap errors where a side has units. */
export function compareCurves(
  reference: CurveWithErrors,
  model: CurveWithErrors,
  s: SpectraSettings,
): Comparison {
  const options = { window: s.matchWindowCm, threshold: s.peakThreshold };
  if (!reference.band && !model.band) return compareSpectra(reference.spectrum, model.spectrum, options);
  return compareEnsembles(side(reference), side(model), {
    ...options,
    level: s.level,
    seed: s.seed,
    replicates: 500,
  });
}

export const CLASSICAL_LABEL = "equimd PaiNN, classical MD (harmonic corr.)";
export const REFERENCE_LABEL = "GFN2-xTB reference, classical MD (harmonic corr.)";

const lineOf = (s: SpectraSettings) => ({
  temperature: kelvin(s.temperatureK),
  maxLagFs: s.maxLagFs,
  window: s.window,
  fmin: s.minCm,
  fmax: s.maxCm,
});

const errorOptionsOf = (s: SpectraSettings) => ({
  band: { level: s.level, seed: s.seed },
  peaks: { threshold: s.peakThreshold, seed: s.seed },
});

/** The IR of a stage's units with its errors. */
export function irCurve(
  u: TrajectoryUnits,
  correction: "harmonic" | "none",
  label: string,
  s: SpectraSettings,
): CurveWithErrors {
  const [curve] = spectraWithErrors(u.units, {
    kind: "ir",
    ...lineOf(s),
    correction,
    ...(u.temperatures ? { measuredTemperatures: u.temperatures } : {}),
    ...errorOptionsOf(s),
  });
  return relabel(curve, label);
}

/** All spectra, their errors and comparisons of the demo. */
export function computeSpectra(input: SpectraInput, s: SpectraSettings): DemoSpectra {
  const line = lineOf(s);
  const errorOptions = errorOptionsOf(s);
  const measured = s.temperatureSource === "measured";
  const unitsOf = (series: TimeSeries[], kinetic?: KineticEnergies) =>
    trajectoryUnits(series, s.blocks, s.maxLagFs, measured ? kinetic : undefined);
  const stages: DemoErrors["units"] = [];
  const book = (stage: string, u: TrajectoryUnits) => {
    stages.push({ stage, count: u.units.length, kind: u.kind, ...(u.note ? { note: u.note } : {}) });
    return u;
  };
  if (measured && !input.referenceKinetic) {
    throw new Error("spectra.temperature_source measured: the reference files have no kinetic_energy column");
  }

  const classicalDipoles = book("classical MD", unitsOf(input.classical.dipoles, input.classical.kinetic));
  const referenceUnits = book("GFN2-xTB reference", unitsOf(input.reference, input.referenceKinetic));
  const irClassical = irCurve(classicalDipoles, "harmonic", CLASSICAL_LABEL, s);
  const irReference = irCurve(referenceUnits, "harmonic", REFERENCE_LABEL, s);
  const ramanCurves = (u: TrajectoryUnits, correction: "harmonic" | "none") =>
    spectraWithErrors(u.units, {
      kind: "raman",
      ...line,
      correction,
      ...(u.temperatures ? { measuredTemperatures: u.temperatures } : {}),
      ...errorOptions,
    });
  const withRaman = input.classical.polarizabilities.length > 0;
  const ramanClassical = withRaman
    ? ramanCurves(unitsOf(input.classical.polarizabilities, input.classical.kinetic), "harmonic")
    : undefined;
  const comparison = compareCurves(irReference, irClassical, s);
  const errors: DemoErrors = { irClassical, irReference, ramanClassical, units: stages };
  const result: DemoSpectra = {
    irClassical: irClassical.spectrum,
    irReference: irReference.spectrum,
    ramanClassical: ramanClassical && ramanOf(ramanClassical),
    comparison,
    bandDifferences: bandDifferences(comparison, irReference, irClassical, s.level),
    errors,
  };

  const members = input.classical.members;
  if (members) {
    // the committee's own uncertainty, separate from the sampling error (docs/committee.md)
    const perReplica = classicalDipoles.kind === "trajectories" ? classicalDipoles.temperatures : undefined;
    const options = {
      ...line,
      correction: "harmonic" as const,
      ...(perReplica ? { measuredTemperatures: perReplica } : {}),
    };
    const irMembers = committeeIrEnsemble(members.dipoles, options);
    const areas = irMembers.members.map((m) => integrate(irMembers.wavenumber, m));
    const mean = areas.reduce((a, b) => a + b, 0) / areas.length;
    const sigma = Math.sqrt(areas.reduce((a, b) => a + (b - mean) ** 2, 0) / (areas.length - 1));
    const r = withRaman ? committeeRamanEnsembles(members.polarizabilities, options) : undefined;
    errors.committee = {
      members: irMembers.members.length,
      ir: modelBand(irMembers),
      ...(r ? { raman: [r.unpolarised, r.vv, r.vh, r.isotropic].map((e) => modelBand(e)) } : {}),
      irArea: { mean, sigma },
    };
  }

  // two samplings of the same potential: half of the reference trajectories against the other half
  if (referenceUnits.kind === "trajectories" && referenceUnits.units.length >= 4) {
    const h = Math.floor(referenceUnits.units.length / 2);
    const half = (from: number, to: number) =>
      irEnsemble(referenceUnits.units.slice(from, to), {
        ...line,
        correction: "harmonic",
        ...(referenceUnits.temperatures
          ? { measuredTemperatures: referenceUnits.temperatures.slice(from, to) }
          : {}),
      });
    result.comparisonReferenceHalves = compareEnsembles(half(0, h), half(h, referenceUnits.units.length), {
      window: s.matchWindowCm,
      threshold: s.peakThreshold,
      level: s.level,
      seed: s.seed,
      replicates: 500,
    });
  }

  if (input.trpmd) {
    // ring polymers: Kubo-transformed correlations, no correction; nominal β (docs/demo.md)
    const trpmdUnits = book("TRPMD", trajectoryUnits(input.trpmd.dipoles, s.blocks, s.maxLagFs));
    const irTrpmd = irCurve(trpmdUnits, "none", `equimd PaiNN, TRPMD ${input.trpmd.beads} beads`, s);
    errors.irTrpmd = irTrpmd;
    result.irTrpmd = irTrpmd.spectrum;
    if (withRaman) {
      errors.ramanTrpmd = ramanCurves(
        trajectoryUnits(input.trpmd.polarizabilities, s.blocks, s.maxLagFs),
        "none",
      );
      result.ramanTrpmd = ramanOf(errors.ramanTrpmd);
    }
    result.comparisonTrpmd = compareCurves(irReference, irTrpmd, s);
    result.bandDifferencesTrpmd = bandDifferences(result.comparisonTrpmd, irReference, irTrpmd, s.level);
  }
  return result;
}

/** Curves with their statistical bands, CSV columns named by label (`<label> [unit]`, `…_lower/_upper`). */
const withBands = (
  curves: CurveWithErrors[],
  modelBands: (ModelBand | undefined)[] = [],
): PlottedSpectrum[] => plottedWithBands(curves, modelBands).map((p) => ({ ...p, name: undefined }));

/** Sticks scaled so that the tallest equals the tallest point of `curve`, labelled with the factor. */
function scaledSticks(
  sticks: { x: Float64Array; y: Float64Array },
  curve: Spectrum,
  what: string,
  unit: string,
  range: [number, number],
): Series {
  const keep = [...sticks.x.keys()].filter((k) => sticks.x[k] >= range[0] && sticks.x[k] <= range[1]);
  const x = Float64Array.from(keep, (k) => sticks.x[k]);
  const y = Float64Array.from(keep, (k) => sticks.y[k]);
  const top = Math.max(...curve.intensity);
  const tallest = Math.max(...y, 1e-300);
  const f = top / tallest;
  return {
    label: `${what} harmonic sticks (${unit}, scaled × ${f.toPrecision(3)})`,
    x,
    y: y.map((v) => v * f),
    style: "sticks",
    color: "#888888",
  };
}

/** Write ir.png/.csv, ir-normalised.png/.csv, raman.png/.csv (if any) into `dir`; returns the file names. */
export async function writeDemoPlots(
  dir: string,
  spectra: DemoSpectra,
  modes: NormalModes,
  s: SpectraSettings,
): Promise<string[]> {
  const range: [number, number] = [s.minCm, s.maxCm];
  const files: string[] = [];
  const T = `${s.temperatureK} K`;

  const e = spectra.errors;
  const ir = withBands([e.irClassical, ...(e.irTrpmd ? [e.irTrpmd] : []), e.irReference], [e.committee?.ir]);
  const irSticks = scaledSticks(stickSpectrum(modes, "ir"), spectra.irClassical, "model", "km/mol", range);
  const irPng = join(dir, "ir.png");
  files.push(
    irPng,
    await writeSpectraPlot(ir, irPng, `IR of ethanol, ${T}: equimd PaiNN vs GFN2-xTB`, [irSticks]),
  );

  // area-normalised overlay, as the overlap score sees it
  const c = spectra.comparison;
  const unit = "1/cm-1 (area-normalised)";
  const normalised: Spectrum[] = [
    { wavenumber: c.grid, intensity: c.b, unit, label: `${spectra.irClassical.label}` },
    { wavenumber: c.grid, intensity: c.a, unit, label: `${spectra.irReference.label}` },
  ];
  const nPng = join(dir, "ir-normalised.png");
  files.push(
    nPng,
    await writeSpectraPlot(
      normalised,
      nPng,
      `IR, area-normalised (overlap ${c.overlap.toFixed(3)}): classical PaiNN vs GFN2-xTB`,
    ),
  );

  const r = spectra.ramanClassical;
  if (!r || !e.ramanClassical) return files; // IR-only model
  const [unpolarised, , vh, isotropic] = e.ramanClassical;
  const curves = [
    relabel(unpolarised, "classical MD, unpolarised"),
    relabel(isotropic, "classical MD, isotropic"),
    relabel(vh, "classical MD, anisotropic (VH)"),
  ];
  if (e.ramanTrpmd) curves.push(relabel(e.ramanTrpmd[0], "TRPMD, unpolarised"));
  const mb = e.committee?.raman;
  const raman = withBands(curves, mb ? [mb[0], mb[3], mb[2]] : []);
  const ramanSticks = scaledSticks(stickSpectrum(modes, "raman"), r.unpolarised, "model", "Å⁴/amu", range);
  const rPng = join(dir, "raman.png");
  files.push(
    rPng,
    await writeSpectraPlot(raman, rPng, `Raman activity of ethanol, ${T}: equimd PaiNN`, [ramanSticks]),
  );
  return files;
}
