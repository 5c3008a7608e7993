/**
 * The demo's spectra: IR of the classical and TRPMD runs and of the xtb reference trajectories (the
 * same correlation length, window and grid for all), Raman of the model, its harmonic sticks, the
 * comparison of model and reference, and the PNG + CSV files.
 *
 * Classical dipole/polarizability correlations get the harmonic quantum correction (the xtb reference
 * is classical MD too, so both are treated alike); TRPMD's bead-averaged correlations are Kubo-
 * transformed and get none (docs/spectra.md).
 */
import { join } from "node:path";
import { kelvin } from "../core/units.ts";
import type { Series } from "../plot/chart.ts";
import { compareSpectra, type Comparison } from "../spectra/compare.ts";
import type { Spectrum } from "../spectra/fourier.ts";
import { irSpectrum } from "../spectra/ir.ts";
import type { NormalModes } from "../spectra/normal-modes.ts";
import { stickSpectrum } from "../spectra/normal-modes.ts";
import { writeSpectraPlot } from "../spectra/plot-spectra.ts";
import { ramanSpectra, type RamanSpectra } from "../spectra/raman.ts";
import type { TimeSeries } from "../spectra/time-series.ts";

export interface SpectraSettings {
  temperatureK: number;
  maxLagFs: number;
  window: "none" | "hann" | "gaussian";
  minCm: number;
  maxCm: number;
  matchWindowCm: number;
  peakThreshold: number;
}

/** Polarizability series are empty when the model has no polarizability head: no Raman then. */
export interface SpectraInput {
  classical: { dipoles: TimeSeries[]; polarizabilities: TimeSeries[] };
  trpmd?: { dipoles: TimeSeries[]; polarizabilities: TimeSeries[]; beads: number };
  reference: TimeSeries[];
  modes: NormalModes;
}

export interface DemoSpectra {
  irClassical: Spectrum;
  irTrpmd?: Spectrum;
  irReference: Spectrum;
  /** Undefined for a model without a polarizability head (IR only). */
  ramanClassical?: RamanSpectra;
  ramanTrpmd?: RamanSpectra;
  /** Model classical IR against the xtb reference (reference = A, model = B). */
  comparison: Comparison;
  /** Model TRPMD IR against the xtb reference (classical) — quantum effects included, for information. */
  comparisonTrpmd?: Comparison;
}

const named = (s: Spectrum, label: string): Spectrum => ({ ...s, label });

/** All spectra and comparisons of the demo. */
export function computeSpectra(input: SpectraInput, s: SpectraSettings): DemoSpectra {
  const temperature = kelvin(s.temperatureK);
  const line = { temperature, maxLagFs: s.maxLagFs, window: s.window, fmin: s.minCm, fmax: s.maxCm };
  const irClassical = named(
    irSpectrum(input.classical.dipoles, { ...line, correction: "harmonic" }),
    "equimd PaiNN, classical MD (harmonic corr.)",
  );
  const irReference = named(
    irSpectrum(input.reference, { ...line, correction: "harmonic" }),
    "GFN2-xTB reference, classical MD (harmonic corr.)",
  );
  const withRaman = input.classical.polarizabilities.length > 0;
  const ramanClassical = withRaman
    ? ramanSpectra(input.classical.polarizabilities, { ...line, correction: "harmonic" })
    : undefined;
  const compare = { window: s.matchWindowCm, threshold: s.peakThreshold };
  const result: DemoSpectra = {
    irClassical,
    irReference,
    ramanClassical,
    comparison: compareSpectra(irReference, irClassical, compare),
  };
  if (input.trpmd) {
    result.irTrpmd = named(
      irSpectrum(input.trpmd.dipoles, { ...line, correction: "none" }),
      `equimd PaiNN, TRPMD ${input.trpmd.beads} beads`,
    );
    if (withRaman) {
      result.ramanTrpmd = ramanSpectra(input.trpmd.polarizabilities, { ...line, correction: "none" });
    }
    result.comparisonTrpmd = compareSpectra(irReference, result.irTrpmd, compare);
  }
  return result;
}

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

  const ir = [spectra.irClassical, ...(spectra.irTrpmd ? [spectra.irTrpmd] : []), spectra.irReference];
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
  if (!r) return files; // IR-only model
  const raman: Spectrum[] = [
    named(r.unpolarised, "classical MD, unpolarised"),
    named(r.isotropic, "classical MD, isotropic"),
    named(r.vh, "classical MD, anisotropic (VH)"),
  ];
  if (spectra.ramanTrpmd) raman.push(named(spectra.ramanTrpmd.unpolarised, "TRPMD, unpolarised"));
  const ramanSticks = scaledSticks(stickSpectrum(modes, "raman"), r.unpolarised, "model", "Å⁴/amu", range);
  const rPng = join(dir, "raman.png");
  files.push(
    rPng,
    await writeSpectraPlot(raman, rPng, `Raman activity of ethanol, ${T}: equimd PaiNN`, [ramanSticks]),
  );
  return files;
}
