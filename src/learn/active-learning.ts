/**
 * Stage 4 of `equimd learn`: active learning. Each iteration, in its own directory iter-<k>/ with a
 * done-marker per step (md, select, label, train):
 *
 * 1. md:     classical Langevin and TRPMD at the target temperature on the current committee; every
 *            recorded configuration (each replica, each bead) is a candidate with the committee's
 *            disagreement there (the largest per-atom force spread). A trajectory that blows up
 *            (the run loop's blow-up detection) stops; its candidates so far are kept, and the last
 *            ones before the failure are labelled first, so the next committee learns that region.
 * 2. select: the frames of highest disagreement, diverse (selection.ts), within the frame budget;
 * 3. label:  xtb energies, forces and dipoles (src/labelling/label-file.ts, resumable);
 * 4. train:  the committee retrained on all data, warm-started from the previous one.
 *
 * The loop stops when the frame budget or the wall-time budget is spent, at max_iterations, or when
 * for `patience` iterations neither the disagreement along fresh trajectories nor the validation error
 * improved by `min_improvement` (relative). Each iteration is a row of iterations.csv and the
 * learning curve iterations.png.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { CommitteeModel } from "../core/committee.ts";
import type { RunObserver } from "../core/observer.ts";
import { makeState, type System } from "../core/system.ts";
import { BOHR_IN_ANGSTROM, HARTREE_IN_EV } from "../core/units.ts";
import { ExtxyzWriter, readExtxyz } from "../io/extxyz.ts";
import { ASE_CODEC } from "../io/frame-codec.ts";
import { frameFromState } from "../io/frames.ts";
import { childSeeds } from "../labelling/sampler.ts";
import { labelFile } from "../labelling/label-file.ts";
import { makeLabeller } from "../labelling/calculators.ts";
import { progressBar } from "../labelling/progress.ts";
import { renderLineChart, writePng } from "../plot/chart.ts";
import { writeCurvesCsv } from "../plot/csv.ts";
import { loadCommittee } from "../../potentials/committee/index.ts";
import { trainCommittee, type ValidationErrors } from "./committee-stage.ts";
import { inverseDistances } from "./descriptor.ts";
import type { LearnConfig } from "./learn-config.ts";
import { langevinRun, ringPolymerRun } from "./md-runs.ts";
import { selectDiverse } from "./selection.ts";
import { recordedWallTime, runOnce } from "./stage-runner.ts";

/** eV/Å per hartree/bohr. */
const EV_PER_A = HARTREE_IN_EV / BOHR_IN_ANGSTROM;

/** Candidates recorded before a blow-up that are labelled first in the next step. */
const BEFORE_FAILURE = 3;

export interface IterationRecord {
  iteration: number;
  frames_added: number;
  frames_total: number;
  /** Disagreement (largest per-atom force spread, eV/Å) of the previous committee along this iteration's MD. */
  max_disagreement_eV_per_A: number;
  mean_disagreement_eV_per_A: number;
  validation: ValidationErrors;
  blow_ups: string[];
  wall_s: number;
}

export interface ActiveLearningResult {
  iterations: IterationRecord[];
  /** Final committee step directory, relative to the stage directory ("" when there was no iteration). */
  last: string;
  stopped_because: string;
}

export interface CandidateFrame {
  positions: Float64Array;
  /** hartree/bohr */
  disagreement: number;
  origin: string;
}

/** An observer collecting every configuration of the state with the committee's disagreement there. */
function collector(
  committee: CommitteeModel,
  every: number,
  origin: string,
  out: CandidateFrame[],
): RunObserver {
  return {
    every,
    async observe(state, system) {
      const r = await committee.at(system, state.positions, state.nBatch, []);
      const n3 = 3 * system.nAtoms;
      for (let b = 0; b < state.nBatch; b++) {
        out.push({
          positions: state.positions.slice(b * n3, (b + 1) * n3),
          disagreement: r.spread.forcesMax[b],
          origin: `${origin} ${b}`,
        });
      }
    },
  };
}

/**
 * The iteration's MD (classical, then TRPMD) on a committee, every recorded configuration a candidate;
 * a blow-up stops that run and keeps the candidates before it, the last ones marked to be labelled first.
 */
export async function exploreWith(
  committee: CommitteeModel,
  system: System,
  start: Float64Array,
  config: LearnConfig,
  seed: number,
  say: (line: string) => void,
  progress: boolean,
): Promise<{ candidates: CandidateFrame[]; blowUps: string[] }> {
  const al = config.active_learning;
  const candidates: CandidateFrame[] = [];
  const blowUps: string[] = [];
  const [classicalSeed, trpmdSeed] = childSeeds(seed, 2);
  const legs: [string, () => Promise<unknown>][] = [
    [
      "classical",
      () =>
        langevinRun(
          system,
          start,
          committee,
          al.classical,
          config.temperature_K,
          classicalSeed,
          [collector(committee, al.classical.every, "classical", candidates)],
          progress,
        ),
    ],
    [
      "trpmd",
      () =>
        ringPolymerRun(
          system,
          start,
          committee,
          al.trpmd,
          config.temperature_K,
          trpmdSeed,
          "trpmd",
          [collector(committee, al.trpmd.every, "trpmd", candidates)],
          progress,
        ),
    ],
  ];
  for (const [name, leg] of legs) {
    const before = candidates.length;
    try {
      await leg();
    } catch (e) {
      const message = (e as Error).message;
      if (!/blew up/.test(message)) throw e;
      blowUps.push(`${name}: ${message}`);
      say(
        `active learning: the ${name} run blew up (${message.split(";")[0]}); its last frames are labelled first`,
      );
      for (const c of candidates.slice(Math.max(before, candidates.length - BEFORE_FAILURE)))
        c.disagreement = Infinity;
    }
  }
  return { candidates, blowUps };
}

/** The iteration's MD on the committee of `committeeDir`; candidates.extxyz holds every candidate. */
async function explore(
  dir: string,
  system: System,
  start: Float64Array,
  committeeDir: string,
  config: LearnConfig,
  seed: number,
  say: (line: string) => void,
  progress: boolean,
): Promise<{ max: number; mean: number; blowUps: string[]; candidates: number }> {
  const committee = await loadCommittee([committeeDir], { backend: config.backend });
  let found;
  try {
    found = await exploreWith(committee, system, start, config, seed, say, progress);
  } finally {
    await committee.dispose();
  }
  const { candidates, blowUps } = found;
  const writer = new ExtxyzWriter(join(dir, "candidates.extxyz"));
  for (const c of candidates) {
    const state = makeState(system, c.positions);
    const frame = frameFromState(system, state, 0, {
      info: {
        origin: c.origin,
        disagreement_eV_per_A: Number.isFinite(c.disagreement) ? c.disagreement * EV_PER_A : -1,
      },
    });
    delete frame.info.energy;
    writer.write(frame);
  }
  writer.close();
  const finite = candidates.map((c) => c.disagreement).filter(Number.isFinite);
  return {
    max: finite.length ? Math.max(...finite) * EV_PER_A : NaN,
    mean: finite.length ? (finite.reduce((s, x) => s + x, 0) / finite.length) * EV_PER_A : NaN,
    blowUps,
    candidates: candidates.length,
  };
}

/** Pick the frames to label from candidates.extxyz into selected.extxyz. */
async function select(mdDir: string, dir: string, count: number, config: LearnConfig): Promise<number> {
  const frames = await readExtxyz(join(mdDir, "candidates.extxyz"));
  const candidates = frames.map((f) => {
    const d = Number(f.info.disagreement_eV_per_A);
    return {
      disagreement: d < 0 ? Infinity : d,
      descriptor: inverseDistances(ASE_CODEC.positions(f, "candidate"), f.symbols.length),
    };
  });
  const picked = selectDiverse(candidates, count, count * config.active_learning.candidate_factor);
  const writer = new ExtxyzWriter(join(dir, "selected.extxyz"));
  for (const i of picked) writer.write(frames[i]);
  writer.close();
  return picked.length;
}

export async function activeLearning(
  dir: string,
  system: System,
  start: Float64Array,
  initial: {
    committeeDir: string;
    files: string[];
    validation: number[];
    frames: number;
    validationErrors: ValidationErrors;
    /** The data have polarizabilities (psi4): the committee learns them too. */
    polarizability: boolean;
  },
  config: LearnConfig,
  say: (line: string) => void,
  progress = false,
): Promise<ActiveLearningResult> {
  const al = config.active_learning;
  const records: IterationRecord[] = [];
  let committeeDir = initial.committeeDir;
  let files = [...initial.files];
  let total = initial.frames;
  let last = "";
  let best = { disagreement: Infinity, validation: initial.validationErrors.forces_mae_eV_per_A };
  let stale = 0;
  let stopped = `max_iterations (${al.max_iterations}) reached`;
  const seeds = childSeeds(config.seed + 4, Math.max(1, al.max_iterations));
  for (let k = 1; k <= al.max_iterations; k++) {
    const spent = records.reduce((s, r) => s + r.wall_s, 0);
    if (spent > config.budget.wall_time_h * 3600) {
      stopped = `wall-time budget (${config.budget.wall_time_h} h) spent`;
      break;
    }
    const room = config.budget.frames - total;
    if (room <= 0) {
      stopped = `frame budget (${config.budget.frames}) spent`;
      break;
    }
    const it = join(dir, `iter-${String(k).padStart(2, "0")}`);
    const t0 = performance.now();
    const before = ["md", "select", "label", "train"].reduce(
      (s, step) => s + recordedWallTime(join(it, step)),
      0,
    );
    const md = await runOnce(join(it, "md"), "md", (d) =>
      explore(d, system, start, committeeDir, config, seeds[k - 1], say, progress),
    );
    const selected = await runOnce(join(it, "select"), "select", (d) =>
      select(join(it, "md"), d, Math.min(al.frames_per_iteration, room), config),
    );
    const labelled = await runOnce(join(it, "label"), "label", async (d) => {
      const labeller = makeLabeller("xtb", {
        xtbPath: config.xtb.executable,
        xtbMethod: config.xtb.method,
        xtbUhf: config.uhf,
        parallel: config.xtb.parallel,
      });
      const bar = progressBar(`labelling (iteration ${k})`, progress);
      try {
        const r = await labelFile({
          input: join(it, "select", "selected.extxyz"),
          output: join(d, "labelled.extxyz"),
          labellers: [labeller],
          onStart: (done, todo) => bar.start(done + todo, done),
          onProgress: (done) => bar.update(done),
        });
        return r.total;
      } finally {
        bar.stop();
        await labeller.dispose();
      }
    });
    const labelledFile = join(it, "label", "labelled.extxyz");
    const trainFiles = existsSync(labelledFile) && labelled > 0 ? [...files, labelledFile] : files;
    const trained = await runOnce(join(it, "train"), "train", (d) =>
      trainCommittee(d, trainFiles, initial.validation, config, {
        epochs: config.committee.retrain_epochs,
        previous: committeeDir,
        polarizability: initial.polarizability,
      }),
    );
    files = trainFiles;
    committeeDir = join(it, "train", trained.committee);
    total += labelled;
    last = join(`iter-${String(k).padStart(2, "0")}`, "train");
    const record: IterationRecord = {
      iteration: k,
      frames_added: labelled,
      frames_total: total,
      max_disagreement_eV_per_A: md.max,
      mean_disagreement_eV_per_A: md.mean,
      validation: trained.validation,
      blow_ups: md.blowUps,
      wall_s: before + (performance.now() - t0) / 1000,
    };
    records.push(record);
    say(
      `active learning: iteration ${k}: ${selected} selected of ${md.candidates} candidates, ${labelled} labelled (${total} in all); ` +
        `disagreement max ${md.max.toFixed(3)} mean ${md.mean.toFixed(3)} eV/Å; validation force MAE ${trained.validation.forces_mae_eV_per_A.toFixed(4)} eV/Å`,
    );
    await writeIterationCurve(dir, records);
    const improved = (now: number, then: number) => now < then * (1 - al.min_improvement);
    const better =
      improved(md.mean, best.disagreement) ||
      improved(trained.validation.forces_mae_eV_per_A, best.validation);
    best = {
      disagreement: Math.min(best.disagreement, md.mean),
      validation: Math.min(best.validation, trained.validation.forces_mae_eV_per_A),
    };
    stale = better || md.blowUps.length > 0 ? 0 : stale + 1;
    if (stale >= al.patience) {
      stopped = `no improvement of disagreement or validation error for ${al.patience} iteration(s)`;
      break;
    }
  }
  say(`active learning: stopped: ${stopped}`);
  return { iterations: records, last, stopped_because: stopped };
}

/** iterations.csv and iterations.png: frames, disagreement and validation error per iteration. */
export async function writeIterationCurve(dir: string, records: readonly IterationRecord[]): Promise<void> {
  if (records.length === 0) return;
  const x = records.map((r) => r.iteration);
  await writeCurvesCsv(join(dir, "iterations.csv"), {
    iteration: x,
    frames_added: records.map((r) => r.frames_added),
    frames_total: records.map((r) => r.frames_total),
    max_disagreement_eV_per_A: records.map((r) => r.max_disagreement_eV_per_A),
    mean_disagreement_eV_per_A: records.map((r) => r.mean_disagreement_eV_per_A),
    validation_energy_mae_eV: records.map((r) => r.validation.energy_mae_eV),
    validation_forces_mae_eV_per_A: records.map((r) => r.validation.forces_mae_eV_per_A),
    wall_s: records.map((r) => r.wall_s),
  });
  const png = await renderLineChart({
    title: "active learning",
    xLabel: "iteration",
    yLabel: "eV/Å",
    logY: true,
    series: [
      { label: "max disagreement", x, y: records.map((r) => r.max_disagreement_eV_per_A) },
      { label: "mean disagreement", x, y: records.map((r) => r.mean_disagreement_eV_per_A) },
      { label: "validation force MAE", x, y: records.map((r) => r.validation.forces_mae_eV_per_A) },
    ],
  });
  await writePng(join(dir, "iterations.png"), png);
}
