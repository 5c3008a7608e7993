/**
 * Learning-rate schedules, evaluated once per epoch:
 * - exponential decay: η(epoch) = η₀ · γ^(epoch / every), floored at minLearningRate;
 * - reduce on plateau: η ← max(η · factor, minLearningRate) when the validation loss has not improved by
 *   more than a relative threshold for `patience` epochs (as in PyTorch's ReduceLROnPlateau, schnetpack's
 *   default).
 * The state is a plain object so that checkpoints can store it.
 */

export type ScheduleConfig =
  | { type: "constant" }
  | { type: "exponential"; decay: number; every: number; minLearningRate: number }
  | { type: "plateau"; factor: number; patience: number; threshold: number; minLearningRate: number };

export interface ScheduleState {
  learningRate: number;
  best: number;
  epochsSinceBest: number;
}

export class LearningRateSchedule {
  private state: ScheduleState;

  constructor(
    private readonly initial: number,
    private readonly config: ScheduleConfig,
  ) {
    this.state = { learningRate: initial, best: Infinity, epochsSinceBest: 0 };
  }

  get learningRate(): number {
    return this.state.learningRate;
  }

  /** Report the end of `epoch` (1-based count of finished epochs) and its validation loss. */
  endEpoch(epoch: number, validationLoss: number): void {
    const c = this.config;
    if (c.type === "exponential") {
      this.state.learningRate = Math.max(this.initial * c.decay ** (epoch / c.every), c.minLearningRate);
    } else if (c.type === "plateau") {
      if (validationLoss < this.state.best * (1 - c.threshold)) {
        this.state.best = validationLoss;
        this.state.epochsSinceBest = 0;
      } else if (++this.state.epochsSinceBest > c.patience) {
        this.state.learningRate = Math.max(this.state.learningRate * c.factor, c.minLearningRate);
        this.state.epochsSinceBest = 0;
      }
    }
  }

  getState(): ScheduleState {
    return { ...this.state };
  }

  setState(s: ScheduleState): void {
    // JSON writes Infinity as null.
    this.state = { ...s, best: s.best ?? Infinity };
  }
}
