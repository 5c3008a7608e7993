/**
 * Adam (Kingma & Ba 2015) on tf.Variables, written out so that its state (step count, first and second
 * moments) can be saved in a checkpoint and restored exactly:
 *
 *   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  θ ← θ − η · m̂ / (√v̂ + ε),  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
 *
 * The learning rate η is passed to every step (the schedule lives outside). Gradients may be clipped to a
 * maximum global norm first: g ← g · min(1, c / ‖g‖), ‖g‖² = Σ over all variables of Σ g².
 */
import * as tf from "@tensorflow/tfjs-core";

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export interface AdamState {
  step: number;
  /** First and second moments, one flat array per variable (same order as the variables). */
  m: Float32Array[];
  v: Float32Array[];
}

export class Adam {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private t = 0;
  private m: tf.Variable[];
  private v: tf.Variable[];

  constructor(
    private readonly variables: readonly tf.Variable[],
    options: AdamOptions = {},
  ) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.m = variables.map((x) => tf.variable(tf.zerosLike(x), false));
    this.v = variables.map((x) => tf.variable(tf.zerosLike(x), false));
  }

  get stepCount(): number {
    return this.t;
  }

  /** Apply one update with learning rate `lr`; gradients in the order of the variables. */
  apply(grads: readonly tf.Tensor[], lr: number): void {
    if (grads.length !== this.variables.length) {
      throw new Error(`Adam: ${grads.length} gradients for ${this.variables.length} variables`);
    }
    this.t += 1;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    tf.tidy(() => {
      this.variables.forEach((x, i) => {
        const g = grads[i];
        const m = tf.add(tf.mul(this.m[i], this.beta1), tf.mul(g, 1 - this.beta1));
        const v = tf.add(tf.mul(this.v[i], this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        const update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), this.epsilon));
        x.assign(tf.sub(x, tf.mul(update, lr)));
      });
    });
  }

  getState(): AdamState {
    return {
      step: this.t,
      m: this.m.map((x) => Float32Array.from(x.dataSync())),
      v: this.v.map((x) => Float32Array.from(x.dataSync())),
    };
  }

  setState(state: AdamState): void {
    if (state.m.length !== this.m.length || state.v.length !== this.v.length) {
      throw new Error(`Adam state has ${state.m.length} moments for ${this.m.length} variables`);
    }
    this.t = state.step;
    state.m.forEach((a, i) => assignFlat(this.m[i], a, `Adam first moment ${i}`));
    state.v.forEach((a, i) => assignFlat(this.v[i], a, `Adam second moment ${i}`));
  }

  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
  }
}

/** Assign flat values to a variable, checking the size. */
export function assignFlat(x: tf.Variable, values: Float32Array, what: string): void {
  if (values.length !== x.size)
    throw new Error(`${what}: ${values.length} values for a tensor of size ${x.size}`);
  tf.tidy(() => x.assign(tf.tensor(values, x.shape)));
}

/**
 * Scale gradients so that their global norm is at most maxNorm (maxNorm ≤ 0 or infinite: unchanged).
 * Returns the clipped gradients (new tensors) and the norm before clipping.
 */
export function clipByGlobalNorm(
  grads: readonly tf.Tensor[],
  maxNorm: number,
): { grads: tf.Tensor[]; norm: number } {
  const normT = tf.tidy(() => tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))));
  const norm = normT.dataSync()[0];
  normT.dispose();
  const factor = maxNorm > 0 && Number.isFinite(maxNorm) && norm > maxNorm ? maxNorm / norm : 1;
  return { grads: grads.map((g) => tf.mul(g, factor)), norm };
}
