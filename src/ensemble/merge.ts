/**
 * Merging an ensemble's members into one result, in <directory>/merged/:
 *
 * - run members, for each spectrum kind (ir, raman, power: member-spectra.ts): each member's
 *   correlation function(s) C_m(t), computed as for one trajectory on a common lag range; their plain
 *   average C̄ = (1/M) Σ_m C_m (every member has the same length, so each weighs the same) is written to
 *   the kind's correlation CSV and transformed once, like a single trajectory's, into the merged
 *   spectrum (<kind>.csv and <kind>.png). The correlation functions are averaged, not the spectra: C̄ is
 *   the estimator of the one ensemble correlation function the spectrum is defined from.
 *   The band of every curve is the uncertainty module's confidence band over the members' own curves,
 *   placed around the merged curve (member-band.ts).
 * - label members: the shards' labelled frames, in the order of their source_index (the frame's index
 *   in the input), into labels.extxyz.
 * - summary.json (the run-summary format of src/report/) and report.html, the interactive page.
 *
 * Members are read in index order and nothing about where or when they ran enters the CSVs and PNGs,
 * so they are the same bytes whether the members ran locally, on SLURM, or one by one; only the
 * provenance block of summary.json (time, command line) and the page that embeds it differ.
 * A member that blew up is left out with a warning (named, with its step); a member that has not
 * finished, or whose output cannot be read or is incomplete, stops the merge naming the member, before
 * anything is written.
 */
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ATOMIC_TIME_IN_FS } from "../core/units.ts";
import { formatExtxyzFrame, parseExtxyz, type Frame } from "../io/extxyz.ts";
import { formatCurvesCsv } from "../plot/csv.ts";
import { writeRunReport } from "../report/index.ts";
import { findPeaks } from "../spectra/compare.ts";
import type { CorrelationFunction } from "../spectra/correlation.ts";
import { integrate } from "../spectra/fourier.ts";
import { writeSpectraPlot, type PlottedSpectrum } from "../spectra/plot-spectra.ts";
import type { BandOptions } from "../spectra/uncertainty/confidence-band.ts";
import { memberState } from "./member-run.ts";
import { memberBand } from "./member-band.ts";
import { kindEnsemble, kindsToMerge, type KindEnsemble } from "./member-spectra.ts";
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
export const LABELS_MERGED = "labels.extxyz";

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
  const n = spec.spec.members;
  const extra: Record<string, unknown> = {
    ensemble: spec.name,
    kind: spec.job.kind,
    members: n,
    merged: usable.map((m) => m.index),
    excluded,
  };
  const notes = excluded.map(
    (e) => `member ${memberName(e.member, n)} blew up at step ${e.step} and is left out (${e.reason})`,
  );
  const files: string[] = [];
  const plots: { file: string; title: string }[] = [];
  let data: string[] = [];
  if (spec.job.kind === "label") {
    mkdirSync(out, { recursive: true });
    files.push(await mergeLabels(spec, usable as LabelMember[], out, extra));
  } else {
    const runs = usable as RunMember[];
    const kinds = await kindsToMerge(spec, runs[0]);
    if (kinds.length === 0) {
      notes.push("the members record no dipole, polarizability or velocities: no spectrum to merge");
      warn(`warning: ${notes.at(-1)!}`);
    }
    // read and transform everything first: a bad member stops the merge before a file is written
    const merged: MergedKind[] = [];
    for (const kind of kinds) merged.push(mergeKind(spec, await kindEnsemble(spec, runs, kind)));
    mkdirSync(out, { recursive: true });
    const spectra: Record<string, unknown> = {};
    for (const m of merged) {
      files.push(...(await writeKind(m, out)));
      plots.push({ file: `${m.ensemble.kind}.csv`, title: m.title });
      spectra[m.ensemble.kind] = m.summary;
      data = [...data, ...m.ensemble.inputs];
    }
    extra.spectra = spectra;
  }
  const settings = spec.spec.merge;
  files.push(
    ...(await writeRunReport(
      {
        command: "ensemble",
        title: `Ensemble ${spec.name}: ${usable.length} of ${n} members merged`,
        settings: { ...settings, band: bandOptions(spec) },
        data,
        plots,
        notes,
        extra,
      },
      { dir: out },
    )),
  );
  return { files, merged: usable.map((m) => m.index), excluded };
}

/** The band settings of the spec (level, method, bootstrap replicates and seed). */
function bandOptions(spec: LoadedSpec): BandOptions {
  const b = spec.spec.merge.band;
  return { level: b.level, method: b.method, replicates: b.replicates, seed: b.seed };
}

/** The plain average of correlation functions on the same lags, summed in the order given. */
export function averageCorrelation(cfs: readonly CorrelationFunction[]): CorrelationFunction {
  const values = new Float64Array(cfs[0].values.length);
  for (const cf of cfs) for (let k = 0; k < values.length; k++) values[k] += cf.values[k];
  for (let k = 0; k < values.length; k++) values[k] /= cfs.length;
  return { dt: cfs[0].dt, values };
}

/** A kind merged: averaged correlation functions and the curves, with their bands where M ≥ 2. */
interface MergedKind {
  ensemble: KindEnsemble;
  title: string;
  /** Columns of the correlation CSV (file units). */
  correlationColumns: Record<string, ArrayLike<number>>;
  plotted: PlottedSpectrum[];
  summary: Record<string, unknown>;
}

/**
 * The merged curves of one kind: the transform of the averaged correlation functions, each with the
 * band of the members' own curves around it (member-band.ts); the averaged correlation functions with
 * the band of the members' correlation functions.
 */
export function mergeKind(spec: LoadedSpec, e: KindEnsemble): MergedKind {
  const options = bandOptions(spec);
  const count = e.correlations[0].perMember.length;
  const names = Array.from({ length: count }, (_, i) => `member ${i}`);
  const means = e.correlations.map((c) => averageCorrelation(c.perMember));
  const curves = e.curves(means);
  const lag = means[0];
  const lagFs = Float64Array.from(lag.values, (_, k) => k * lag.dt * ATOMIC_TIME_IN_FS);
  const correlationColumns: Record<string, ArrayLike<number>> = { time_fs: lagFs };
  let band = "none (one member)";
  e.correlations.forEach((c, i) => {
    const scaled = (cf: CorrelationFunction) => cf.values.map((v) => v * c.toFileUnit);
    const mean = scaled(means[i]);
    correlationColumns[c.column] = mean;
    if (count < 2) return;
    const b = memberBand(mean, lagFs, c.perMember.map(scaled), names, options);
    correlationColumns[`${c.column}_lower`] = b.lower;
    correlationColumns[`${c.column}_upper`] = b.upper;
  });
  // each member's own curves, exactly as for one trajectory
  const perMember =
    count < 2
      ? []
      : Array.from({ length: count }, (_, i) => e.curves(e.correlations.map((c) => c.perMember[i])));
  const plotted: PlottedSpectrum[] = curves.map((curve, j) => {
    if (count < 2) return { spectrum: curve.spectrum, name: curve.name };
    const s = curve.spectrum;
    const b = memberBand(
      s.intensity,
      s.wavenumber,
      perMember.map((p) => p[j].spectrum.intensity),
      names,
      options,
    );
    band = b.description;
    return {
      spectrum: s,
      name: curve.name,
      bands: [
        {
          kind: "statistical",
          label: `${+(b.level * 100).toFixed(2)} % band (${b.method}, ${count} members)`,
          lower: b.lower,
          upper: b.upper,
        },
      ],
    };
  });
  const grid = curves[0].spectrum.wavenumber;
  const summary = {
    ...e.settings,
    band,
    files: { spectrum: `${e.kind}.csv`, plot: `${e.kind}.png`, correlation: e.correlationFile },
    curves: curves.map(({ name, spectrum }) => ({
      name,
      label: spectrum.label,
      unit: spectrum.unit,
      total_area: integrate(grid, spectrum.intensity, grid[0], grid[grid.length - 1]),
      peaks_cm1: findPeaks(grid, spectrum.intensity)
        .sort((a, b) => b.height - a.height)
        .slice(0, 8)
        .map((p) => Number(p.position.toFixed(2))),
    })),
  };
  const what = { ir: "IR spectrum", raman: "Raman spectra", power: "power spectrum" }[e.kind];
  return {
    ensemble: e,
    title: `${what} of ensemble ${spec.name} (${count} members, averaged correlation functions)`,
    correlationColumns,
    plotted,
    summary,
  };
}

/** Write a merged kind: <kind>.png with its CSV <kind>.csv, and the correlation CSV. */
async function writeKind(m: MergedKind, out: string): Promise<string[]> {
  const png = join(out, `${m.ensemble.kind}.png`);
  const csv = await writeSpectraPlot(m.plotted, png, m.title);
  const correlation = join(out, m.ensemble.correlationFile);
  writeFileAtomic(correlation, formatCurvesCsv(m.correlationColumns));
  return [csv, png, correlation];
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
