/**
 * Exponential moving average of the weights, θ̄ ← d·θ̄ + (1−d)·θ after every optimiser step (Polyak
 * averaging). The averaged weights are usually the better model; validation and the saved model use them
 * when EMA is on.
 */
import * as tf from "@tensorflow/tfjs-core";
import { assignFlat } from "./adam.ts";

export class WeightAverage {
  private shadow: tf.Variable[];

  constructor(
    private readonly variables: readonly tf.Variable[],
    readonly decay: number,
  ) {
    if (!(decay > 0 && decay < 1)) throw new Error(`ema decay must be in (0, 1), got ${decay}`);
    this.shadow = variables.map((x) => tf.variable(x.clone(), false));
  }

  update(): void {
    tf.tidy(() => {
      this.variables.forEach((x, i) => {
        this.shadow[i].assign(tf.add(tf.mul(this.shadow[i], this.decay), tf.mul(x, 1 - this.decay)));
      });
    });
  }

  /** Run fn with the averaged weights in the model's variables, then put the live weights back. */
  async withAveraged<T>(fn: () => Promise<T> | T): Promise<T> {
    const live = this.variables.map((x) => x.clone());
    this.variables.forEach((x, i) => x.assign(this.shadow[i]));
    try {
      return await fn();
    } finally {
      this.variables.forEach((x, i) => x.assign(live[i]));
      live.forEach((t) => t.dispose());
    }
  }

  getState(): Float32Array[] {
    return this.shadow.map((x) => Float32Array.from(x.dataSync()));
  }

  setState(values: readonly Float32Array[]): void {
    if (values.length !== this.shadow.length) {
      throw new Error(`EMA state has ${values.length} arrays for ${this.shadow.length} variables`);
    }
    values.forEach((a, i) => assignFlat(this.shadow[i], a, `EMA weights ${i}`));
  }

  dispose(): void {
    this.shadow.forEach((x) => x.dispose());
  }
}
