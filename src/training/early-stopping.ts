/**
 * Early stopping on the validation loss: stop when it has not improved for `patience` validations.
 * Also remembers the best value, which decides when the best model is saved.
 */
export interface EarlyStoppingState {
  best: number;
  bestEpoch: number;
  sinceBest: number;
}

export class EarlyStopping {
  private s: EarlyStoppingState = { best: Infinity, bestEpoch: -1, sinceBest: 0 };

  /** patience ≤ 0 or infinite: never stop early. */
  constructor(private readonly patience: number) {}

  /** Record a validation loss; returns true if it is the best so far. */
  record(epoch: number, loss: number): boolean {
    if (loss < this.s.best) {
      this.s = { best: loss, bestEpoch: epoch, sinceBest: 0 };
      return true;
    }
    this.s.sinceBest += 1;
    return false;
  }

  get shouldStop(): boolean {
    return this.patience > 0 && Number.isFinite(this.patience) && this.s.sinceBest >= this.patience;
  }

  get best(): number {
    return this.s.best;
  }

  get bestEpoch(): number {
    return this.s.bestEpoch;
  }

  getState(): EarlyStoppingState {
    return { ...this.s };
  }

  setState(s: EarlyStoppingState): void {
    // JSON writes Infinity as null.
    this.s = { ...s, best: s.best ?? Infinity };
  }
}
