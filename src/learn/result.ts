/**
 * Stage 5 of `equimd learn`: the result.
 *
 * - model/: the final committee (committee.json, member-k/best-model.json.gz), its training config,
 *   the exact data and split, and a README with the metrics and how it was made;
 * - classical and TRPMD IR spectra (and Raman when the committee learned psi4 polarizabilities) at the
 *   target temperature on the committee: independent replicas give the statistical band
 *   (src/spectra/uncertainty/), each member's dipole (polarizability) along the same trajectories the
 *   model band (model-band.ts). Classical: Langevin equilibration, then NVE
 *   (src/labelling/reference-md.ts), harmonic quantum correction; TRPMD: PILE-L equilibration, then
 *   TRPMD, bead averages, no correction (Kubo-transformed correlation functions).
 * - summary.json and report.html (src/report/).
 */
import { cpSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { join, relative } from "node:path";
import { kelvin, ATOMIC_TIME_IN_FS } from "../core/units.ts";
import type { System } from "../core/system.ts";
import { runReferenceMd } from "../labelling/reference-md.ts";
import { childSeeds } from "../labelling/sampler.ts";
import { CommitteeSpreadRecorder } from "../observers/committee-spread-recorder.ts";
import { PropertyRecorder } from "../observers/property-recorder.ts";
import { ProgressBar } from "../observers/progress-bar.ts";
import { writeRunReport } from "../report/index.ts";
import { chooseLag } from "../spectra/lag-choice.ts";
import { writeSpectraPlot } from "../spectra/plot-spectra.ts";
import type { TimeSeries } from "../spectra/time-series.ts";
import {
  committeeIrEnsemble,
  committeeRamanEnsembles,
  memberSeries,
  modelBand,
  plottedWithBands,
  spectraWithErrors,
} from "../spectra/uncertainty/index.ts";
import { loadCommittee } from "../../potentials/committee/index.ts";
import type { Potential } from "../core/potential.ts";
import { comparisonSummary, type ComparisonSummary } from "../report/index.ts";
import type { SpectrumEnsemble } from "../spectra/uncertainty/index.ts";
import { compareWithReference, MATCH_WINDOW_CM, referenceSeries } from "./reference-comparison.ts";
import { runOnce } from "./stage-runner.ts";
import {
  describeTestSet,
  sampleTestSet,
  testSetErrors,
  testTemperature,
  type TestSetResult,
} from "./test-set.ts";
import { writeIterationCurve, type ActiveLearningResult } from "./active-learning.ts";
import type { CommitteeResult } from "./committee-stage.ts";
import type { LearnConfig } from "./learn-config.ts";
import { ringPolymerRun, wanted } from "./md-runs.ts";

export interface SpectrumResult {
  kind: "classical" | "trpmd";
  spectrum: "ir" | "raman";
  png: string;
  csv: string;
  peaks_cm: number[];
}

export interface LearnResult {
  model: string;
  spectra: SpectrumResult[];
  report: string;
  notes: string[];
  /** Errors and calibration on the held-out test frames (test_set.frames > 0). */
  test_set?: TestSetResult;
  /** The classical IR against the xtb reference (--reference-md). */
  reference_comparison?: ComparisonSummary;
}

/** A property's series of each replica and the committee members' values along them. */
interface Recorded {
  units: TimeSeries[];
  perMember: TimeSeries[][];
}

/** Dipole (and, when the committee has it, polarizability) along the runs. */
interface RunSeries {
  dipole: Recorded;
  polarizability?: Recorded;
}

/** The linear properties the committee provides, for recording. */
const quantitiesOf = (p: { provides: readonly string[] }) =>
  (["dipole", "polarizability"] as const).filter((q) => p.provides.includes(q));

async function classicalSeries(
  system: System,
  start: Float64Array,
  committeeDir: string,
  config: LearnConfig,
  seed: number,
  progress: boolean,
): Promise<RunSeries> {
  const md = config.result.classical;
  const committee = await loadCommittee([committeeDir], { backend: config.backend });
  try {
    const quantities = quantitiesOf(committee);
    const properties = Array.from(
      { length: md.replicas },
      (_, b) => new PropertyRecorder({ every: md.every, quantities: [...quantities], batch: b }),
    );
    const spread = new CommitteeSpreadRecorder(committee, { every: md.every, batch: "each" });
    await runReferenceMd(
      system,
      start,
      committee,
      {
        temperatureK: config.temperature_K,
        segments: md.replicas,
        equilibrationSteps: md.equilibration_steps,
        steps: md.steps,
        dtFs: md.dt_fs,
        tauFs: md.tau_fs,
        seed,
        want: wanted(committee),
      },
      {
        production: [
          ...properties,
          spread,
          ...(progress ? [new ProgressBar({ startStep: 0, endStep: md.steps })] : []),
        ],
      },
    );
    const s = spread.series();
    const recorded = (q: "dipole" | "polarizability"): Recorded => ({
      units: properties.map((p, b) => p.timeSeries(q, `classical replica ${b + 1}`)),
      perMember: memberSeries(
        q === "dipole" ? s.memberDipoles : s.memberPolarizabilities,
        q === "dipole" ? 3 : 9,
        s.dt,
        q,
      ),
    });
    return {
      dipole: recorded("dipole"),
      ...(quantities.includes("polarizability") ? { polarizability: recorded("polarizability") } : {}),
    };
  } finally {
    await committee.dispose();
  }
}

async function trpmdSeries(
  system: System,
  start: Float64Array,
  committeeDir: string,
  config: LearnConfig,
  seed: number,
  progress: boolean,
): Promise<RunSeries> {
  const md = config.result.trpmd;
  const out: Record<"dipole" | "polarizability", Recorded> = {
    dipole: { units: [], perMember: [] },
    polarizability: { units: [], perMember: [] },
  };
  let quantities: ("dipole" | "polarizability")[] = [];
  const seeds = childSeeds(seed, md.replicas);
  for (let r = 0; r < md.replicas; r++) {
    const committee = await loadCommittee([committeeDir], { backend: config.backend });
    try {
      quantities = quantitiesOf(committee);
      // the bead average: the RPMD estimator of a linear property
      const property = new PropertyRecorder({ every: md.every, quantities: [...quantities] });
      const spread = new CommitteeSpreadRecorder(committee, { every: md.every });
      await ringPolymerRun(
        system,
        start,
        committee,
        md,
        config.temperature_K,
        seeds[r],
        "trpmd",
        [property, spread],
        progress,
      );
      const s = spread.series();
      for (const q of quantities) {
        out[q].units.push(property.timeSeries(q, `TRPMD ring polymer ${r + 1}`));
        const values = q === "dipole" ? s.memberDipoles : s.memberPolarizabilities;
        memberSeries(values, q === "dipole" ? 3 : 9, s.dt, q).forEach((m, k) =>
          (out[q].perMember[k] ??= []).push(...m),
        );
      }
    } finally {
      await committee.dispose();
    }
  }
  return {
    dipole: out.dipole,
    ...(quantities.includes("polarizability") ? { polarizability: out.polarizability } : {}),
  };
}

/**
 * IR (from the dipole) or Raman (from the polarizability) with the statistical band (replicas) and
 * the committee's model band, written as PNG + CSV.
 */
async function spectrum(
  dir: string,
  kind: "classical" | "trpmd",
  spectrumKind: "ir" | "raman",
  recorded: Recorded,
  config: LearnConfig,
): Promise<{ result: SpectrumResult; ensemble: SpectrumEnsemble }> {
  const options = lineShapeOptions(recorded.units, kind, config, `${kind} ${spectrumKind} series`);
  const curves = spectraWithErrors(recorded.units, { kind: spectrumKind, ...options });
  const grid = curves[0].spectrum.wavenumber;
  const dt = recorded.units[0].dt;
  const bandOptions = {
    ...options,
    maxLag: undefined,
    maxLagFs: options.maxLag * dt * ATOMIC_TIME_IN_FS,
    spacing: grid.length > 1 ? grid[1] - grid[0] : undefined,
  };
  const bands =
    spectrumKind === "ir"
      ? [modelBand(committeeIrEnsemble(recorded.perMember, bandOptions))]
      : (() => {
          const r = committeeRamanEnsembles(recorded.perMember, bandOptions);
          return [r.unpolarised, r.vv, r.vh, r.isotropic].map((e) => modelBand(e));
        })();
  const name = `${spectrumKind}-${kind}`;
  const title = `${kind === "classical" ? "classical" : "TRPMD"} ${spectrumKind === "ir" ? "IR" : "Raman"} at ${config.temperature_K} K (committee)`;
  const csv = await writeSpectraPlot(plottedWithBands(curves, bands), join(dir, `${name}.png`), title);
  return {
    result: {
      kind,
      spectrum: spectrumKind,
      png: `${name}.png`,
      csv: relative(dir, csv),
      peaks_cm: curves[0].peaks?.map((p) => p.position.value) ?? [],
    },
    ensemble: curves[0].ensemble,
  };
}

/**
 * The line-shape options of the spectra of `series` (the committee's runs and the xtb reference alike):
 * the lag chosen for the shortest series, up to result.fmax_cm.
 */
function lineShapeOptions(
  series: readonly TimeSeries[],
  kind: "classical" | "trpmd",
  config: LearnConfig,
  name: string,
) {
  const shortest = series.reduce((a, b) => (b.nSteps < a.nSteps ? b : a));
  const range: [number, number] = [0, config.result.fmax_cm];
  const lag = chooseLag(name, shortest.nSteps, shortest.dt, undefined, range);
  return {
    maxLag: lag.maxLag,
    window: "hann" as const,
    fmin: range[0],
    fmax: range[1],
    temperature: kelvin(config.temperature_K),
    // TRPMD correlation functions are Kubo-transformed: no quantum correction factor
    correction: kind === "classical" ? ("harmonic" as const) : ("none" as const),
    molecules: 1,
  };
}

/** The spectra of one kind of run: IR, and Raman when the committee has a polarizability. */
async function spectraOf(
  dir: string,
  kind: "classical" | "trpmd",
  series: RunSeries,
  config: LearnConfig,
): Promise<{ spectra: SpectrumResult[]; ir: SpectrumEnsemble }> {
  const ir = await spectrum(dir, kind, "ir", series.dipole, config);
  const out = [ir.result];
  if (series.polarizability)
    out.push((await spectrum(dir, kind, "raman", series.polarizability, config)).result);
  return { spectra: out, ir: ir.ensemble };
}

/** The xtb reference IR (with its band) and the committee's classical IR compared against it. */
async function referenceComparison(
  dir: string,
  system: System,
  start: Float64Array,
  xtb: Potential,
  modelIr: SpectrumEnsemble,
  config: LearnConfig,
  say: (line: string) => void,
  progress: boolean,
): Promise<{ csv: string; summary: ComparisonSummary }> {
  const series = await referenceSeries(join(dir, "reference-md"), system, start, xtb, config, say, progress);
  const curves = spectraWithErrors(series, {
    kind: "ir",
    ...lineShapeOptions(series, "classical", config, "reference IR series"),
  });
  const title = `xtb reference classical IR at ${config.temperature_K} K (${series.length} NVE trajectories)`;
  const csv = await writeSpectraPlot(plottedWithBands(curves), join(dir, "ir-reference.png"), title);
  const c = compareWithReference(curves[0].ensemble, modelIr, config);
  const summary = comparisonSummary(c, {
    name: "classical IR: committee against xtb reference NVE",
    reference: `xtb ${config.xtb.method.toUpperCase()} NVE (${series.length} trajectories)`,
    model: "committee classical NVE",
    matchWindowCm: MATCH_WINDOW_CM,
  });
  const o = summary.overlap;
  say(
    `result: classical IR against the xtb reference: overlap ${o.value.toFixed(3)}` +
      (o.error !== undefined ? ` ± ${o.error.toFixed(3)}` : "") +
      `; ${c.matches.length} matched peaks, shifts ${c.matches
        .map(
          (m) => `${m.shift.toFixed(1)}${m.shiftError ? ` ± ${m.shiftError.standardError.toFixed(1)}` : ""}`,
        )
        .join(", ")} cm⁻¹`,
  );
  return { csv: relative(dir, csv), summary };
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** README lines of a comparison: the overlap and every peak. */
function comparisonLines(s: ComparisonSummary): string[] {
  const o = s.overlap;
  const n = (v: number | null | undefined, d = 1) => (v === null || v === undefined ? "–" : v.toFixed(d));
  return [
    `${s.name} (${s.reference}): overlap ${o.value.toFixed(3)}${o.error !== undefined ? ` ± ${o.error.toFixed(3)}` : ""}` +
      (o.lower !== undefined && o.upper !== undefined
        ? ` (interval ${o.lower.toFixed(3)}–${o.upper.toFixed(3)})`
        : "") +
      ".",
    "",
    "| reference peak (cm⁻¹) | model peak (cm⁻¹) | shift (cm⁻¹) | shift error (cm⁻¹) |",
    "|---|---|---|---|",
    ...s.peaks.map(
      (p) => `| ${n(p.reference_cm)} | ${n(p.model_cm)} | ${n(p.shift_cm)} | ${n(p.shift_error_cm)} |`,
    ),
  ];
}

/** The model directory: committee, config, data, split, README. */
function writeModelDirectory(
  dir: string,
  trainDir: string,
  trained: CommitteeResult,
  al: ActiveLearningResult,
  initialFrames: number,
  inputName: string,
  config: LearnConfig,
  notes: readonly string[],
  extra: readonly string[],
): string {
  const model = join(dir, "model");
  mkdirSync(model, { recursive: true });
  cpSync(join(trainDir, trained.committee), join(model, "committee"), {
    recursive: true,
    filter: (p) => !/checkpoint|\.tmp/.test(p),
  });
  copyFileSync(join(trainDir, trained.dataset), join(model, "train-data.extxyz"));
  copyFileSync(join(trainDir, trained.split), join(model, "split.json"));
  // the training config and the committee manifest of the model directory point at its own files
  const train = parseYaml(readFileSync(join(trainDir, trained.config), "utf8")) as {
    data: { path: string };
    split: { file: string };
    output: { directory: string };
  };
  train.data.path = "train-data.extxyz";
  train.split.file = "split.json";
  train.output.directory = "committee";
  writeFileSync(join(model, "train.yaml"), stringifyYaml(train));
  const manifest = join(model, "committee", "committee.json");
  writeFileSync(
    manifest,
    JSON.stringify({ ...JSON.parse(readFileSync(manifest, "utf8")), config: "../train.yaml" }, null, 2) +
      "\n",
  );
  const v = trained.validation;
  const rows = al.iterations.map(
    (r) =>
      `| ${r.iteration} | ${r.frames_added} | ${r.frames_total} | ${r.max_disagreement_eV_per_A.toFixed(3)} | ${r.mean_disagreement_eV_per_A.toFixed(3)} | ${r.validation.forces_mae_eV_per_A.toFixed(4)} |`,
  );
  const readme = [
    `# ${inputName}: committee of ${config.committee.members} PaiNN models made by \`equimd learn\``,
    "",
    `Reference: xtb ${config.xtb.method.toUpperCase()} (charge ${config.charge}). ${trained.frames} labelled frames: ` +
      `${initialFrames} initial (classical MD at ${config.initial_data.temperature_factors.map((f) => f * config.temperature_K).join(", ")} K and ring-polymer beads at ${config.temperature_K} K), ` +
      `${trained.frames - initialFrames} chosen by active learning. Model: F = ${config.committee.features}, ` +
      `${config.committee.interactions} interactions, cutoff ${config.committee.cutoff_A} Å.`,
    "",
    `Validation (${v.frames} fixed frames from the initial data, committee mean vs xtb): energy MAE ` +
      `${v.energy_mae_eV.toExponential(3)} eV, force MAE ${v.forces_mae_eV_per_A.toExponential(3)} eV/Å ` +
      `(RMSE ${v.forces_rmse_eV_per_A.toExponential(3)}).`,
    "",
    ...extra,
    `Active learning stopped: ${al.stopped_because}. Wall times per iteration: 04-active-learning/iterations.csv of the learn directory.`,
    "",
    "| iteration | frames added | frames in all | max disagreement (eV/Å) | mean disagreement (eV/Å) | validation force MAE (eV/Å) |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
    ...notes.map((n) => `Note: ${n}`),
    "",
    "Files: `committee/` (committee.json and the members), `train.yaml`, `train-data.extxyz`, `split.json`.",
    "",
  ].join("\n");
  writeFileSync(join(model, "README.md"), readme);
  return "model";
}

export async function makeResult(
  dir: string,
  system: System,
  start: Float64Array,
  trainDir: string,
  trained: CommitteeResult,
  al: ActiveLearningResult,
  initialFrames: number,
  inputName: string,
  config: LearnConfig,
  notes: string[],
  xtb: Potential,
  say: (line: string) => void,
  progress = false,
): Promise<LearnResult> {
  const committeeDir = join(trainDir, trained.committee);
  let test: TestSetResult | undefined;
  if (config.test_set.frames > 0) {
    const sampled = await runOnce(join(dir, "test-set"), "test set", async (d) => {
      say(
        `result: held-out test set: classical MD with xtb at ${testTemperature(config).toFixed(0)} K (not a training temperature), ${config.test_set.frames} frames from ${config.test_set.replicas} replicas`,
      );
      return { frames: await sampleTestSet(d, system, start, xtb, config) };
    });
    test = await testSetErrors(committeeDir, join(dir, "test-set", "frames.extxyz"), config);
    test.file = join("test-set", "frames.extxyz");
    say(`result: ${describeTestSet(test)} (${sampled.frames} frames)`);
  }
  const [classicalSeed, trpmdSeed] = childSeeds(config.seed + 5, 2);
  say(
    `result: classical MD on the committee (${config.result.classical.replicas} replicas × ${config.result.classical.steps} steps)`,
  );
  const { spectra: classical, ir: modelIr } = await spectraOf(
    dir,
    "classical",
    await classicalSeries(system, start, committeeDir, config, classicalSeed, progress),
    config,
  );
  say(
    `result: TRPMD on the committee (${config.result.trpmd.replicas} × ${config.result.trpmd.beads} beads × ${config.result.trpmd.steps} steps)`,
  );
  const { spectra: trpmd } = await spectraOf(
    dir,
    "trpmd",
    await trpmdSeries(system, start, committeeDir, config, trpmdSeed, progress),
    config,
  );
  const spectra = [...classical, ...trpmd];
  const reference = config.reference_md.enabled
    ? await referenceComparison(dir, system, start, xtb, modelIr, config, say, progress)
    : undefined;
  const model = writeModelDirectory(dir, trainDir, trained, al, initialFrames, inputName, config, notes, [
    ...(test
      ? [`${capitalised(describeTestSet(test))}. Frames: \`05-result/test-set/frames.extxyz\`.`, ""]
      : []),
    ...(reference ? [...comparisonLines(reference.summary), ""] : []),
  ]);
  say(`result: model directory ${join(dir, model)}`);
  await writeIterationCurve(dir, al.iterations); // the learning curve of the iterations, for the report
  const allNotes = spectra.some((s) => s.spectrum === "raman")
    ? notes
    : [...notes, "Raman needs polarizabilities (psi4); these spectra are IR only"];
  await writeRunReport(
    {
      command: "learn",
      title: `equimd learn: ${inputName}`,
      settings: {
        temperature_K: config.temperature_K,
        seed: config.seed,
        committee_members: config.committee.members,
      },
      plots: [
        ...spectra.map((s) => ({
          file: s.csv,
          title: `${s.kind} ${s.spectrum === "ir" ? "IR" : "Raman"}`,
        })),
        ...(reference ? [{ file: reference.csv, title: "xtb reference classical IR" }] : []),
        ...(al.iterations.length > 0
          ? [
              {
                file: "iterations.csv",
                title: "active learning",
                x: "iteration",
                y: [
                  "max_disagreement_eV_per_A",
                  "mean_disagreement_eV_per_A",
                  "validation_forces_mae_eV_per_A",
                ],
                x_label: "iteration",
                y_label: "eV/Å",
              },
            ]
          : []),
      ],
      // the report page shows the notes: the held-out test belongs there
      notes: test ? [capitalised(describeTestSet(test)), ...allNotes] : allNotes,
      model: join(model, "committee"),
      seed: config.seed,
      ...(reference ? { comparisons: [reference.summary] } : {}),
      extra: {
        iterations: al.iterations,
        validation: trained.validation,
        ...(test ? { test_set: test } : {}),
      },
    },
    { dir },
  );
  return {
    model,
    spectra,
    report: "report.html",
    notes: allNotes,
    ...(test ? { test_set: test } : {}),
    ...(reference ? { reference_comparison: reference.summary } : {}),
  };
}
