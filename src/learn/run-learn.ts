/**
 * `equimd learn <molecule.xyz>`: from one structure to a committee of PaiNN models, its IR spectra
 * with error bands and a report, in five resumable stages (stage-runner.ts) under the output directory:
 *
 *   01-start           xtb relaxation and harmonic analysis (start-structure.ts)
 *   02-initial-data    classical MD at several temperatures and ring-polymer beads, xtb labels (initial-data.ts)
 *   03-committee       the first committee (committee-stage.ts)
 *   04-active-learning iterations of MD on the committee, selection, labelling, retraining (active-learning.ts)
 *   05-result          model directory, classical and TRPMD IR spectra with bands, report.html (result.ts)
 *
 * Rerun the same command after an interruption and it skips what is finished and continues; with the
 * same seed the files are those of an uninterrupted run (wall-time budgets aside, which depend on the
 * machine). A directory made with another config or molecule is refused (config-hash.ts).
 */
import { appendFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { Random } from "../core/random.ts";
import { makeXtb } from "../labelling/calculators.ts";
import { readExtxyz } from "../io/extxyz.ts";
import { ASE_CODEC } from "../io/frame-codec.ts";
import { activeLearning, type ActiveLearningResult } from "./active-learning.ts";
import { trainCommittee, type CommitteeResult } from "./committee-stage.ts";
import { claimDirectory } from "./config-hash.ts";
import { makeInitialData } from "./initial-data.ts";
import type { LearnConfig } from "./learn-config.ts";
import { makeResult, type LearnResult } from "./result.ts";
import { prepareStart, readStartStructure } from "./start-structure.ts";
import { runOnce, stageDirectory } from "./stage-runner.ts";
import { checkTestTemperature } from "./test-set.ts";

export const STAGES = ["start", "initial-data", "committee", "active-learning", "result"] as const;
export type StageName = (typeof STAGES)[number];

export interface LearnOptions {
  input: string;
  output: string;
  config: LearnConfig;
  /** Stop after this stage (e.g. to inspect the initial data); a rerun continues. */
  stopAfter?: StageName;
  /** Where the log lines go (default stderr); every line is also appended to <dir>/learn.log. */
  say?: (line: string) => void;
  /** Progress bars of the long runs (default off). */
  progress?: boolean;
}

/** The validation frames: a seeded draw of validation_fraction of the initial frames (at least one). */
export function validationIndices(frames: number, fraction: number, seed: number): number[] {
  const order = Array.from({ length: frames }, (_, i) => i);
  const rng = new Random(seed);
  for (let i = frames - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, Math.max(1, Math.round(fraction * frames))).sort((a, b) => a - b);
}

export async function runLearn(o: LearnOptions): Promise<LearnResult | undefined> {
  const tell = o.say ?? ((l: string) => process.stderr.write(`equimd: ${l}\n`));
  const c = o.config;
  const root = resolve(o.output);
  const progress = o.progress ?? false;
  const { system, positions } = await readStartStructure(o.input, c);
  checkTestTemperature(c);
  claimDirectory(root, c, o.input);
  const say = (line: string) => {
    appendFileSync(join(root, "learn.log"), `${new Date().toISOString()} ${line}\n`);
    tell(line);
  };
  const dirOf = (name: StageName) => stageDirectory(root, STAGES.indexOf(name) + 1, name);
  const report = (name: StageName) => (r: { skipped: boolean; wall_s: number }) =>
    say(r.skipped ? `${name}: finished earlier, skipped` : `${name}: done in ${r.wall_s.toFixed(1)} s`);
  const stop = (name: StageName) => o.stopAfter === name;

  const xtb = makeXtb({
    xtbPath: c.xtb.executable,
    xtbMethod: c.xtb.method,
    xtbUhf: c.uhf,
    parallel: c.xtb.parallel,
  });
  const start = await runOnce(
    dirOf("start"),
    "start",
    (d) => prepareStart(d, system, positions, xtb, c, say),
    report("start"),
  );
  const relaxed = ASE_CODEC.positions((await readExtxyz(join(dirOf("start"), start.structure)))[0], "start");
  if (stop("start")) return undefined;

  const initial = await runOnce(
    dirOf("initial-data"),
    "initial-data",
    (d) => makeInitialData(d, system, relaxed, xtb, c, say, progress),
    report("initial-data"),
  );
  const initialFiles = initial.files.map((f) => join(dirOf("initial-data"), f));
  const validation = validationIndices(initial.frames, c.initial_data.validation_fraction, c.seed + 3);
  if (stop("initial-data")) return undefined;

  const first: CommitteeResult = await runOnce(
    dirOf("committee"),
    "committee",
    async (d) => {
      say(
        `committee: training ${c.committee.members} members on ${initial.frames} frames (${validation.length} held out for validation)`,
      );
      return trainCommittee(d, initialFiles, validation, c, {
        epochs: c.committee.epochs,
        polarizability: initial.polarizability,
      });
    },
    report("committee"),
  );
  say(`committee: validation force MAE ${first.validation.forces_mae_eV_per_A.toFixed(4)} eV/Å`);
  if (stop("committee")) return undefined;

  const al: ActiveLearningResult = await runOnce(
    dirOf("active-learning"),
    "active-learning",
    (d) =>
      activeLearning(
        d,
        system,
        relaxed,
        {
          committeeDir: join(dirOf("committee"), first.committee),
          files: initialFiles,
          validation,
          frames: initial.frames,
          validationErrors: first.validation,
          polarizability: initial.polarizability,
        },
        c,
        say,
        progress,
      ),
    report("active-learning"),
  );
  if (stop("active-learning")) return undefined;

  const finalDir = al.last ? join(dirOf("active-learning"), al.last) : dirOf("committee");
  const final = al.iterations.length > 0 ? { ...first, ...lastCommittee(al, first) } : first;
  return runOnce(
    dirOf("result"),
    "result",
    (d) =>
      makeResult(
        d,
        system,
        relaxed,
        finalDir,
        final,
        al,
        initial.frames,
        basename(o.input),
        c,
        initial.notes,
        xtb,
        say,
        progress,
      ),
    report("result"),
  );
}

/** The committee step of the last iteration (same file names as every committee step). */
function lastCommittee(al: ActiveLearningResult, first: CommitteeResult): CommitteeResult {
  const r = al.iterations.at(-1)!;
  return { ...first, frames: r.frames_total, validation: r.validation };
}
