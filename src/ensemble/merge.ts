/**
 * Merging an ensemble's members into one result, in <directory>/merged/:
 *
 * - run members (IR): each member's dipole fluctuation autocorrelation C_m(t) = ⟨δμ(0)·δμ(t)⟩ (FFT,
 *   unbiased, spectra/correlation.ts) on a common lag range; their plain average C̄ = (1/M) Σ_m C_m
 *   (every member has the same length, so each weighs the same) is written to dipole-correlation.csv
 *   and transformed once, like a single trajectory's (window, cosine transform, ω², IR prefactor), into
 *   ir.csv. The band is the spread of the members' own spectra around it (member-spread.ts).
 *   The correlation functions are averaged, not the spectra: the average is the estimator of the one
 *   ensemble correlation function the spectrum is defined from.
 * - label members: the shards' labelled frames, in the order of their source_index (the frame's index
 *   in the input), into labels.extxyz.
 *
 * Members are read in index order and nothing about where or when they ran enters the files, so the
 * merged files are the same bytes whether the members ran locally, on SLURM, or one by one.
 * A member that blew up is left out with a warning (named, with its step); a member that has not
 * finished, or whose output cannot be read or is incomplete, stops the merge naming the member.
 */
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { BOHR_IN_ANGSTROM, kelvin } from "../core/units.ts";
import { formatExtxyzFrame, parseExtxyz, type Frame } from "../io/extxyz.ts";
import { formatCurvesCsv } from "../plot/csv.ts";
import { findPeaks } from "../spectra/compare.ts";
import { autocorrelation, type CorrelationFunction } from "../spectra/correlation.ts";
import { irSpectrumOf, spectralDerivative, type IrSpectrum } from "../spectra/ir.ts";
import { chooseMaxLag, lineShapeOfCorrelation, type LineShapeOptions } from "../spectra/line-shape.ts";
import type { QuantumCorrection } from "../spectra/quantum-corrections.ts";
import { readTimeSeries } from "../spectra/read-series.ts";
import type { TimeSeries } from "../spectra/time-series.ts";
import type { WindowKind } from "../spectra/windows.ts";
import { ATOMIC_TIME_IN_FS } from "../core/units.ts";
import { memberState } from "./member-run.ts";
import { memberBand } from "./member-spread.ts";
import {
  LABEL_OUTPUT,
  memberName,
  writeFileAtomic,
  type LabelMember,
  type Member,
  type RunMember,
} from "./members.ts";
import type { LoadedSpec } from "./spec.ts";

export const MERGED_DIR = "merged";
export const IR_CSV = "ir.csv";
export const CORRELATION_CSV = "dipole-correlation.csv";
export const LABELS_MERGED = "labels.extxyz";
export const SUMMARY = "summary.json";

export interface MergeResult {
  /** Absolute paths of the files written. */
  files: string[];
  /** Members merged (indices). */
  merged: number[];
  /** Members left out (blew up), with the step. */
  excluded: { member: number; step: number; reason: string }[];
}

/** Which members can be merged; throws naming every member that has not finished. */
function partition(spec: LoadedSpec, members: readonly Member[], warn: (line: string) => void) {
  const n = spec.spec.members;
  const unfinished: string[] = [];
  const excluded: MergeResult["excluded"] = [];
  const usable: Member[] = [];
  for (const m of members) {
    const s = memberState(m);
    if (s.state === "done") usable.push(m);
    else if (s.state === "exploded") {
      excluded.push({ member: m.index, step: s.step, reason: s.message });
      warn(
        `warning: member ${memberName(m.index, n)} blew up at step ${s.step}; it is left out of the merge (${s.message})`,
      );
    } else {
      const why =
        s.state === "failed" ? `failed: ${s.message}` : s.state === "new" ? "not started" : "not finished";
      unfinished.push(`${memberName(m.index, n)} (${why})`);
    }
  }
  if (unfinished.length > 0) {
    throw new Error(
      `merge: ${unfinished.length} of ${n} members have not finished: ${unfinished.join(", ")}; ` +
        `run 'equimd ensemble ${spec.path}' again to complete them`,
    );
  }
  if (usable.length === 0) throw new Error(`merge: no member of ${spec.path} finished without blowing up`);
  return { usable, excluded };
}

/** Merge the members (they must all be done or blown up); writes the merged files. */
export async function mergeEnsemble(
  spec: LoadedSpec,
  members: readonly Member[],
  warn: (line: string) => void = (line) => process.stderr.write(`equimd: ${line}\n`),
): Promise<MergeResult> {
  const { usable, excluded } = partition(spec, members, warn);
  const out = join(spec.directory, MERGED_DIR);
  mkdirSync(out, { recursive: true });
  const summary: Record<string, unknown> = {
    format: "equimd-ensemble-summary",
    ensemble: spec.name,
    kind: spec.job.kind,
    members: spec.spec.members,
    merged: usable.map((m) => m.index),
    excluded,
  };
  const files: string[] = [];
  if (spec.job.kind === "label") {
    files.push(await mergeLabels(spec, usable as LabelMember[], out, summary));
  } else if (spec.spec.merge.spectrum === "ir") {
    files.push(...(await mergeIr(spec, usable as RunMember[], out, summary)));
  }
  const summaryFile = join(out, SUMMARY);
  writeFileAtomic(summaryFile, JSON.stringify(summary, null, 2) + "\n");
  files.push(summaryFile);
  return { files, merged: usable.map((m) => m.index), excluded };
}

/** A member's dipole series, checked to be complete and finite; errors name the member. */
async function memberDipole(spec: LoadedSpec, m: RunMember): Promise<TimeSeries> {
  const props = m.config.outputs.properties!;
  const file = join(m.dir, props.file);
  const name = `member ${memberName(m.index, spec.spec.members)}`;
  let series: TimeSeries;
  try {
    series = await readTimeSeries(file, { property: "dipole" });
  } catch (e) {
    throw new Error(`merge: ${name}: corrupted output ${file}: ${(e as Error).message}`, { cause: e });
  }
  const expected = Math.floor(m.steps / props.every) + 1;
  if (series.nSteps !== expected) {
    throw new Error(
      `merge: ${name}: corrupted output ${file}: ${series.nSteps} samples, expected ${expected} ` +
        `(steps 0..${m.steps} every ${props.every})`,
    );
  }
  if (!series.values.every(Number.isFinite)) {
    throw new Error(`merge: ${name}: corrupted output ${file}: non-finite dipole values`);
  }
  return series;
}

/** The plain average of correlation functions on the same lags, summed in the order given. */
export function averageCorrelation(cfs: readonly CorrelationFunction[]): CorrelationFunction {
  const values = new Float64Array(cfs[0].values.length);
  for (const cf of cfs) for (let k = 0; k < values.length; k++) values[k] += cf.values[k];
  for (let k = 0; k < values.length; k++) values[k] /= cfs.length;
  return { dt: cfs[0].dt, values };
}

/** The members' dipole correlation functions and how to turn one into the IR spectrum. */
export interface IrEnsemble {
  /** C_m(t) = ⟨δμ(0)·δμ(t)⟩ of each member (atomic units), on a common lag range. */
  perMember: CorrelationFunction[];
  /** The spectrum of a correlation function, exactly as for one trajectory (window, transform, prefactor). */
  spectrumOf(cf: CorrelationFunction): IrSpectrum;
  temperatureK: number;
  correction: QuantumCorrection;
  window: WindowKind;
  samples: number;
}

/** Read the members' dipoles (checked) and correlate each; the spectrum settings from the spec and run. */
export async function irEnsemble(spec: LoadedSpec, members: readonly RunMember[]): Promise<IrEnsemble> {
  const settings = spec.spec.merge;
  const config = members[0].config;
  const rpmd = config.integrator.type === "rpmd" ? config.integrator : undefined;
  const runTemperature =
    rpmd?.temperature_K ?? (config.thermostat.type !== "none" ? config.thermostat.temperature_K : undefined);
  const temperatureK = settings.temperature_K ?? runTemperature;
  if (temperatureK === undefined) {
    throw new Error(
      `${spec.path}: merge.temperature_K: missing: the run has no thermostat temperature, so the IR line shape needs one`,
    );
  }
  const correction = (settings.correction ?? (rpmd ? "none" : "harmonic")) as QuantumCorrection;
  const series: TimeSeries[] = [];
  for (const m of members) series.push(await memberDipole(spec, m));

  const shape: LineShapeOptions = {
    maxLagFs: settings.max_lag_fs,
    resolution: settings.resolution_cm1,
    window: settings.window as WindowKind,
    fmin: settings.fmin_cm1,
    fmax: settings.fmax_cm1,
  };
  const maxLag = chooseMaxLag(series, shape) ?? Math.floor(series[0].nSteps / 2);
  // as for one trajectory's IR spectrum: the dipole fluctuation, x, y and z in one dot product
  const perMember = series.map((s) => autocorrelation(s, { maxLag, removeMean: true, componentsPerItem: 3 }));
  const ir = { temperature: kelvin(temperatureK), correction, molecules: settings.molecules };
  return {
    perMember,
    spectrumOf: (cf) =>
      irSpectrumOf(spectralDerivative(lineShapeOfCorrelation(cf, { ...shape, maxLag })), ir),
    temperatureK,
    correction,
    window: shape.window!,
    samples: series[0].nSteps,
  };
}

async function mergeIr(
  spec: LoadedSpec,
  members: readonly RunMember[],
  out: string,
  summary: Record<string, unknown>,
): Promise<string[]> {
  const { perMember, spectrumOf, temperatureK, correction, window, samples } = await irEnsemble(
    spec,
    members,
  );
  const mean = averageCorrelation(perMember);
  const spectrum = spectrumOf(mean);

  const irName = "ir_km_mol_cm-1";
  const acfName = "dipole_acf_e2_A2";
  const toE2A2 = BOHR_IN_ANGSTROM ** 2;
  const lagFs = mean.values.map((_, k) => k * mean.dt * ATOMIC_TIME_IN_FS);
  const acf = mean.values.map((v) => v * toE2A2);
  const irColumns: Record<string, ArrayLike<number>> = {
    "wavenumber_cm-1": spectrum.wavenumber,
    [irName]: spectrum.intensity,
  };
  const acfColumns: Record<string, ArrayLike<number>> = { time_fs: lagFs, [acfName]: acf };
  let band: string;
  if (members.length >= 2) {
    const irBand = memberBand(
      spectrum.intensity,
      perMember.map((cf) => spectrumOf(cf).intensity),
    );
    irColumns[`${irName}_lower`] = irBand.lower;
    irColumns[`${irName}_upper`] = irBand.upper;
    const acfBand = memberBand(
      acf,
      perMember.map((cf) => cf.values.map((v) => v * toE2A2)),
    );
    acfColumns[`${acfName}_lower`] = acfBand.lower;
    acfColumns[`${acfName}_upper`] = acfBand.upper;
    band = irBand.description;
  } else {
    band = "none (one member)";
  }
  const irFile = join(out, IR_CSV);
  const acfFile = join(out, CORRELATION_CSV);
  writeFileAtomic(irFile, formatCurvesCsv(irColumns));
  writeFileAtomic(acfFile, formatCurvesCsv(acfColumns));
  const peaks = findPeaks(spectrum.wavenumber, spectrum.intensity).sort((a, b) => b.height - a.height);
  summary.spectrum = {
    kind: "ir",
    unit: "km/mol/cm-1",
    temperature_K: temperatureK,
    correction,
    window,
    max_lag_fs: (mean.values.length - 1) * mean.dt * ATOMIC_TIME_IN_FS,
    samples_per_member: samples,
    band,
    integrated_km_mol: spectrum.integrated,
    peaks_cm1: peaks.slice(0, 8).map((p) => Number(p.position.toFixed(2))),
    files: { spectrum: IR_CSV, correlation: CORRELATION_CSV },
  };
  return [irFile, acfFile];
}

async function mergeLabels(
  spec: LoadedSpec,
  members: readonly LabelMember[],
  out: string,
  summary: Record<string, unknown>,
): Promise<string> {
  const frames: Frame[] = [];
  for (const m of members) {
    const file = join(m.dir, LABEL_OUTPUT);
    const name = `member ${memberName(m.index, spec.spec.members)}`;
    let shard: Frame[];
    try {
      shard = parseExtxyz(await readFile(file, "utf8"), file);
    } catch (e) {
      throw new Error(`merge: ${name}: corrupted output ${file}: ${(e as Error).message}`, { cause: e });
    }
    const indices = shard.map((f) => f.info.source_index);
    const expected = Array.from({ length: m.stop - m.start }, (_, k) => m.start + k);
    const sorted = [...indices].sort((a, b) => Number(a) - Number(b));
    if (sorted.length !== expected.length || sorted.some((v, k) => v !== expected[k])) {
      throw new Error(
        `merge: ${name}: corrupted output ${file}: expected the frames ${m.start}:${m.stop} of the input ` +
          `(by source_index) once each, found ${shard.length} frames`,
      );
    }
    frames.push(...shard);
  }
  frames.sort((a, b) => Number(a.info.source_index) - Number(b.info.source_index));
  const file = join(out, LABELS_MERGED);
  writeFileAtomic(file, frames.map(formatExtxyzFrame).join(""));
  summary.labels = { frames: frames.length, file: LABELS_MERGED, order: "source_index" };
  return file;
}
