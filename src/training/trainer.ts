/**
 * The training loop of one model on one dataset split: epochs of shuffled mini-batches (Adam steps), a
 * validation pass at the end of an epoch, the learning-rate schedule and early stopping, and checkpoints
 * of the complete state. The batch order comes from a seeded generator whose state is checkpointed, so a
 * resumed run takes exactly the steps the uninterrupted run would have taken.
 */
import { Adam } from "../../potentials/message-passing/training/adam.ts";
import { assignFlat } from "../../potentials/message-passing/training/adam.ts";
import { WeightAverage } from "../../potentials/message-passing/training/ema.ts";
import type { LossOptions } from "../../potentials/message-passing/training/loss.ts";
import { trainStep, type StepResult } from "../../potentials/message-passing/training/train-step.ts";
import type { TrainableModel } from "../../potentials/message-passing/training/trainable-model.ts";
import { Random } from "../core/index.ts";
import { batchesOf, packBatch } from "./batching.ts";
import type { EpochRecord, TrainingCheckpoint } from "./checkpoint.ts";
import type { TrainingFrame } from "./dataset.ts";
import { EarlyStopping } from "./early-stopping.ts";
import { evaluateFrames, type EvaluationResult } from "./evaluate.ts";
import type { Normalisation } from "./normalisation.ts";
import { LearningRateSchedule, type ScheduleConfig } from "./schedule.ts";
import type { Split } from "./split.ts";

export interface TrainerSettings {
  loss: LossOptions;
  batchSize: number;
  learningRate: number;
  schedule: ScheduleConfig;
  /** Maximum global gradient norm; 0: no clipping. */
  gradientClip: number;
  /** EMA decay of the weights, if any. */
  ema?: number;
  /** Validations without improvement before stopping; 0: never. */
  earlyStoppingPatience: number;
  /** Seed of the batch order. */
  seed: number;
  beta1?: number;
  beta2?: number;
}

export class Trainer {
  epoch = 0;
  step = 0;
  history: EpochRecord[] = [];
  readonly optimizer: Adam;
  readonly average?: WeightAverage;
  readonly schedule: LearningRateSchedule;
  readonly stopping: EarlyStopping;
  private rng: Random;
  private readonly train: TrainingFrame[];
  private readonly validation: TrainingFrame[];

  constructor(
    readonly model: TrainableModel,
    frames: readonly TrainingFrame[],
    split: Split,
    readonly norm: Normalisation,
    readonly settings: TrainerSettings,
  ) {
    this.train = split.train.map((i) => frames[i]);
    this.validation = split.validation.map((i) => frames[i]);
    this.optimizer = new Adam(model.variables, { beta1: settings.beta1, beta2: settings.beta2 });
    this.average = settings.ema === undefined ? undefined : new WeightAverage(model.variables, settings.ema);
    this.schedule = new LearningRateSchedule(settings.learningRate, settings.schedule);
    this.stopping = new EarlyStopping(settings.earlyStoppingPatience);
    this.rng = new Random(settings.seed);
  }

  /** Number of batches per epoch. */
  get batchesPerEpoch(): number {
    return Math.ceil(this.train.length / this.settings.batchSize);
  }

  /**
   * One pass over the training frames in a fresh random order (stops early after `maxSteps` steps in
   * total if given). `onStep` sees every step's result. Returns the mean loss of the steps taken.
   */
  async trainEpoch(onStep?: (i: number, r: StepResult) => void, maxSteps = Infinity): Promise<number> {
    const batches = batchesOf(
      this.train.map((_, i) => i),
      this.settings.batchSize,
      this.rng,
    );
    let sum = 0;
    let n = 0;
    for (const [i, idx] of batches.entries()) {
      if (this.step >= maxSteps) break;
      const batch = packBatch(
        idx.map((k) => this.train[k]),
        this.norm,
      );
      const r = await trainStep(
        this.model,
        batch,
        this.settings.loss,
        this.optimizer,
        this.schedule.learningRate,
        this.settings.gradientClip,
        this.average,
      );
      this.step += 1;
      sum += r.loss;
      n += 1;
      onStep?.(i, r);
    }
    this.epoch += 1;
    return n > 0 ? sum / n : NaN;
  }

  /** Evaluate frames with the weights that would be saved (the EMA weights when EMA is on). */
  async evaluate(frames: readonly TrainingFrame[], keepPairs = false): Promise<EvaluationResult> {
    const run = () =>
      evaluateFrames(this.model, frames, this.norm, this.settings.loss, this.settings.batchSize, keepPairs);
    return this.average ? this.average.withAveraged(run) : run();
  }

  /**
   * Close an epoch: validate (when `validate`), step the schedule, record the history line.
   * Returns whether this validation is the best so far (then the caller saves the model).
   */
  async endEpoch(trainLoss: number, validate: boolean): Promise<{ record: EpochRecord; best: boolean }> {
    const record: EpochRecord = {
      epoch: this.epoch,
      step: this.step,
      learningRate: this.schedule.learningRate,
      trainLoss,
    };
    let best = false;
    if (validate) {
      const v = await this.evaluate(this.validation);
      record.validationLoss = v.loss;
      record.validation = v.metrics;
      best = this.stopping.record(this.epoch, v.loss);
      this.schedule.endEpoch(this.epoch, v.loss);
    } else {
      this.schedule.endEpoch(this.epoch, NaN);
    }
    this.history.push(record);
    return { record, best };
  }

  get shouldStop(): boolean {
    return this.stopping.shouldStop;
  }

  /** Run `fn` with the weights to be saved in the model's variables (EMA weights when EMA is on). */
  async withSavedWeights<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.average ? this.average.withAveraged(fn) : fn();
  }

  checkpoint(): TrainingCheckpoint {
    return {
      epoch: this.epoch,
      step: this.step,
      weights: this.model.variables.map((v) => Float32Array.from(v.dataSync())),
      adam: this.optimizer.getState(),
      ema: this.average?.getState(),
      rng: this.rng.getState(),
      schedule: this.schedule.getState(),
      earlyStopping: this.stopping.getState(),
      history: structuredClone(this.history),
    };
  }

  restore(c: TrainingCheckpoint): void {
    if (c.weights.length !== this.model.variables.length) {
      throw new Error(
        `checkpoint has ${c.weights.length} weight arrays but the model has ${this.model.variables.length} (another architecture?)`,
      );
    }
    c.weights.forEach((w, i) => assignFlat(this.model.variables[i] as never, w, `checkpoint weights ${i}`));
    this.optimizer.setState(c.adam);
    if (this.average) {
      if (!c.ema) throw new Error("the config asks for EMA but the checkpoint has no EMA weights");
      this.average.setState(c.ema);
    }
    this.rng = Random.fromState(c.rng);
    this.schedule.setState(c.schedule);
    this.stopping.setState(c.earlyStopping);
    this.epoch = c.epoch;
    this.step = c.step;
    this.history = structuredClone(c.history);
  }

  dispose(): void {
    this.optimizer.dispose();
    this.average?.dispose();
  }
}
