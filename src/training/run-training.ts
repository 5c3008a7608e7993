/**
 * `equimd train`: the whole run from a config file. Reads and validates the data, draws (or reuses) the
 * split and saves it, fits the normalisation, builds a fresh PaiNN, and trains with periodic validation
 * (metrics in the data's units), checkpoints, a learning curve (PNG + CSV) and the best model saved in
 * the model-file format. With `resume`, the state of the last checkpoint is restored first.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { SingleBar, Presets } from "cli-progress";
import { useBackend } from "../../potentials/tf/backend.ts";
import { saveModel } from "../../potentials/message-passing/model-file.ts";
import { createModel } from "../../potentials/message-passing/training/initialise.ts";
import { chooseTrainable } from "../../potentials/fast/training/choose-training-path.ts";
import type { PainnArchitecture } from "../../potentials/painn/architecture.ts";
import { unitFactor } from "../core/index.ts";
import { renderLineChart, writePng } from "../plot/chart.ts";
import { writeCurvesCsv } from "../plot/csv.ts";
import { refuseEarlierOutputs, type OutputFile } from "../io/output-files.ts";
import { readCheckpoint, saveCheckpoint } from "./checkpoint.ts";
import { readTrainingConfig, type TrainingConfig } from "./config.ts";
import type { Label, TrainingFrame } from "./dataset.ts";
import { loadDataset } from "./load-dataset.ts";
import { formatMetrics, scaleStats, userUnitFactor, type ErrorStats } from "./metrics.ts";
import { fitNormalisation } from "./normalisation.ts";
import { makeSplit, readSplit, saveSplit } from "./split.ts";
import { Trainer } from "./trainer.ts";
import { warmStarted } from "./warm-start.ts";

/** RMS of a property's components around their mean over frames (1 if absent): the loss scale of μ and α. */
function componentSpread(frames: readonly TrainingFrame[], label: "dipole" | "polarizability"): number {
  const v = frames.flatMap((f) => (f[label] ? [...f[label]] : []));
  if (v.length === 0) return 1;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const s = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return s > 0 ? s : 1;
}

/** Architecture of the config (cutoff converted from the data's length unit to bohr). */
export function architectureOf(c: TrainingConfig): PainnArchitecture {
  const F = c.model.features;
  const rc = c.model.cutoff * unitFactor("length", c.data.units.length);
  const hidden = Math.max(1, Math.floor(F / 2));
  const lengthFactor = unitFactor("length", c.data.units.length);
  const m = c.model;
  if (
    m.interaction !== "eninet_three_body" &&
    (m.tripletFeatures !== undefined || m.threeBodyCutoff !== undefined)
  ) {
    throw new Error(
      `model.tripletFeatures and model.threeBodyCutoff need model.interaction: eninet_three_body`,
    );
  }
  return {
    ...(m.interaction === "painn" ? {} : { interaction: m.interaction }),
    ...(m.interaction === "eninet_three_body"
      ? {
          tripletFeatures: m.tripletFeatures ?? Math.max(4, Math.floor(F / 4)),
          threeBodyCutoff: m.threeBodyCutoff !== undefined ? m.threeBodyCutoff * lengthFactor : 2 * rc,
        }
      : {}),
    nAtomBasis: F,
    nInteractions: c.model.interactions,
    radialBasis: { type: c.model.radialBasis, nRbf: c.model.radialFunctions, cutoff: rc },
    cutoff: rc,
    sharedFilters: c.model.sharedFilters,
    epsilon: 1e-8,
    heads: {
      energy: { layers: [F, hidden, 1] },
      ...(c.model.dipole
        ? {
            dipole: {
              type: c.model.atomicDipoles ? ("charges_plus_atomic_dipoles" as const) : ("charges" as const),
              layers: [F, hidden, 1],
              correctCharges: true,
            },
          }
        : {}),
      ...(c.model.polarizability
        ? { polarizability: { type: "gated_rank1" as const, layers: [F, hidden, 1] } }
        : {}),
    },
  };
}

/** The files a training writes into its output directory (split.json unless it is the given split). */
export function trainingOutputFiles(c: TrainingConfig): OutputFile[] {
  const out = c.output.directory;
  const split = join(out, "split.json");
  const given = c.split.file !== undefined && resolve(c.split.file) === resolve(split);
  return ["best-model.json.gz", "checkpoint.json.gz", "learning-curve.csv", "learning-curve.png"]
    .map((f) => join(out, f))
    .concat(given ? [] : [split])
    .map((path) => ({ role: "output.directory", path }));
}

export interface RunTrainingOptions {
  resume?: boolean;
  /** Replace the outputs of an earlier training in the output directory (without it they are refused). */
  overwrite?: boolean;
  /** Stops the training after the current epoch when aborted: a checkpoint is saved there. */
  signal?: AbortSignal;
  quiet?: boolean;
  /** Change the config after reading it (a committee member's seeds and output directory). */
  configure?: (c: TrainingConfig) => TrainingConfig;
  /**
   * Warm start: begin from the weights of this model file (same architecture) instead of fresh ones;
   * the normalisation is fitted to the new data as usual. Ignored when resuming from a checkpoint.
   */
  warmStart?: string;
}

export async function runTraining(configPath: string, options: RunTrainingOptions = {}) {
  const read = await readTrainingConfig(configPath);
  const c = options.configure ? options.configure(read) : read;
  const log = (s: string) => {
    if (!options.quiet) console.log(s);
  };
  const backend = await useBackend(c.backend);
  const out = c.output.directory;
  const checkpointPath = join(out, "checkpoint.json.gz");
  if (!options.resume) {
    refuseEarlierOutputs(trainingOutputFiles(c), {
      overwrite: options.overwrite === true,
      elsewhere: "another output.directory",
      resumable: true,
    });
  }
  await mkdir(out, { recursive: true });
  const frames = await loadDataset({
    path: c.data.path,
    units: c.data.units,
    keys: c.data.keys,
    format: c.data.format,
  });
  const split = c.split.file
    ? await readSplit(c.split.file, frames.length)
    : makeSplit(
        frames.length,
        { train: c.split.train, validation: c.split.validation, test: c.split.test },
        c.split.seed,
      );
  await saveSplit(join(out, "split.json"), split);
  const train = split.train.map((i) => frames[i]);
  const norm = fitNormalisation(train, c.normalisation.scale);
  if (c.loss.dipole > 0 && !c.model.dipole)
    throw new Error(`${configPath}: loss.dipole > 0 needs model.dipole: true`);
  if (c.loss.polarizability > 0 && !c.model.polarizability) {
    throw new Error(`${configPath}: loss.polarizability > 0 needs model.polarizability: true`);
  }
  const fresh = createModel({
    name: `trained on ${basename(c.data.path)}`,
    architecture: architectureOf(c),
    units: { energy: "hartree", length: "bohr", dipole: "e*bohr", polarizability: "bohr^3" },
    elements: norm.elements,
    referenceEnergies: new Map(norm.elements.map((z, i) => [z, norm.referenceEnergies[i]])),
    scale: norm.scale,
    seed: c.model.seed,
  });
  const model = options.warmStart && !options.resume ? await warmStarted(fresh, options.warmStart) : fresh;
  const o = c.optimizer;
  const checkpoint = options.resume ? await resumeCheckpoint(checkpointPath) : undefined;
  // A resumed run continues on the path that computed its steps (bit-identical continuation).
  const resumedPath = checkpoint ? (checkpoint.path ?? "tfjs") : undefined;
  if (resumedPath !== undefined && c.path !== "auto" && c.path !== resumedPath) {
    throw new Error(
      `${configPath}: path: ${c.path}, but the checkpoint ${checkpointPath} was trained on the ${resumedPath} path (set path: auto or ${resumedPath} to resume)`,
    );
  }
  const chosen = await chooseTrainable(model, resumedPath ?? c.path, c.threads);
  if (chosen.reason !== undefined) log(`training on the tfjs path: ${chosen.reason}`);
  const trainer = new Trainer(chosen.trainable, frames, split, norm, {
    loss: {
      weights: {
        energy: c.loss.energy,
        forces: c.loss.forces,
        dipole: c.loss.dipole,
        polarizability: c.loss.polarizability,
      },
      scales: {
        energy: norm.scale,
        forces: norm.scale,
        dipole: componentSpread(train, "dipole"),
        polarizability: componentSpread(train, "polarizability"),
      },
    },
    batchSize: o.batchSize,
    learningRate: o.learningRate,
    schedule: o.schedule,
    gradientClip: o.gradientClip,
    ema: o.ema,
    earlyStoppingPatience: o.earlyStoppingPatience,
    seed: c.seed,
    beta1: o.beta1,
    beta2: o.beta2,
  });
  if (checkpoint) {
    trainer.restore(checkpoint);
    log(`resumed from ${checkpointPath} at epoch ${trainer.epoch}, step ${trainer.step}`);
  }
  log(
    `equimd train: ${frames.length} frames (${split.train.length} train / ${split.validation.length} validation / ${split.test.length} test), backend ${backend}, ${model.trainableVariables().reduce((s, v) => s + v.size, 0)} parameters, training step on the ${chosen.description} path`,
  );
  const maxSteps = o.maxSteps ?? Infinity;
  const bar = options.quiet
    ? undefined
    : new SingleBar({ format: "epoch {epoch} [{bar}] {value}/{total} loss {loss}" }, Presets.shades_classic);
  const stopped = () => options.signal?.aborted === true;
  while (trainer.epoch < o.epochs && trainer.step < maxSteps && !trainer.shouldStop && !stopped()) {
    bar?.start(trainer.batchesPerEpoch, 0, { epoch: trainer.epoch + 1, loss: "-" });
    const mean = await trainer.trainEpoch(
      (i, r) => bar?.update(i + 1, { loss: r.loss.toPrecision(4) }),
      maxSteps,
    );
    bar?.stop();
    const validate = trainer.epoch % c.output.validateEvery === 0 || trainer.epoch >= o.epochs;
    const { record, best } = await trainer.endEpoch(mean, validate);
    if (record.validation) {
      log(
        `epoch ${record.epoch} step ${record.step} lr ${record.learningRate.toExponential(2)} train loss ${mean.toPrecision(4)} validation loss ${record.validationLoss!.toPrecision(4)}`,
      );
      for (const line of formatMetrics(toUser(record.validation, c), c.data.units)) log(`  ${line}`);
      await writeLearningCurve(out, trainer);
    }
    if (best) {
      await trainer.withSavedWeights(() => saveModel(model, join(out, "best-model.json.gz")));
      log(`  saved ${join(out, "best-model.json.gz")} (best validation loss)`);
    }
    if (trainer.epoch % c.output.checkpointEvery === 0)
      await saveCheckpoint(checkpointPath, { ...trainer.checkpoint(), path: chosen.path });
    // An epoch is one synchronous computation: let a signal handler run before the next one.
    await new Promise((r) => setImmediate(r));
  }
  await saveCheckpoint(checkpointPath, { ...trainer.checkpoint(), path: chosen.path });
  if (stopped()) {
    log(`stopped after epoch ${trainer.epoch}: checkpoint ${checkpointPath}; continue with --resume`);
  }
  if (trainer.shouldStop) log(`early stopping: no improvement for ${o.earlyStoppingPatience} validations`);
  const history = trainer.history;
  trainer.dispose();
  await chosen.trainable.dispose?.();
  model.dispose();
  return { history, outputDirectory: out, stopped: stopped() };
}

/** The checkpoint to resume from, or a clear error when there is none. */
async function resumeCheckpoint(path: string) {
  if (!existsSync(path)) throw new Error(`--resume: no checkpoint at ${path}`);
  return readCheckpoint(path);
}

/** Metrics from atomic units to the data's units. */
export function toUser(
  m: Partial<Record<Label, ErrorStats>>,
  c: TrainingConfig,
): Partial<Record<Label, ErrorStats>> {
  const out: Partial<Record<Label, ErrorStats>> = {};
  for (const [l, s] of Object.entries(m) as [Label, ErrorStats][]) {
    const f = userUnitFactor(l, c.data.units);
    out[l] = scaleStats(s, 1 / f);
  }
  return out;
}

async function writeLearningCurve(out: string, trainer: Trainer): Promise<void> {
  const h = trainer.history.filter((r) => r.validationLoss !== undefined);
  const epochs = h.map((r) => r.epoch);
  await writeCurvesCsv(join(out, "learning-curve.csv"), {
    epoch: epochs,
    step: h.map((r) => r.step),
    learning_rate: h.map((r) => r.learningRate),
    train_loss: h.map((r) => r.trainLoss),
    validation_loss: h.map((r) => r.validationLoss!),
  });
  const png = await renderLineChart({
    title: "learning curve",
    xLabel: "epoch",
    yLabel: "loss (dimensionless, weighted MSE / scale²)",
    logY: true,
    series: [
      { label: "training", x: epochs, y: h.map((r) => r.trainLoss) },
      { label: "validation", x: epochs, y: h.map((r) => r.validationLoss!) },
    ],
  });
  await writePng(join(out, "learning-curve.png"), png);
}
