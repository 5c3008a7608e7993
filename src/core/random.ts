/**
 * Seeded, serialisable random numbers. Every stochastic piece of equimd (initial velocities, Langevin
 * and Bussi thermostats, data splits) draws from a Random, so that a run with the same seed is
 * reproducible, also across a restart from a checkpoint (the state is saved with it).
 */
import { xoroshiro128plus, xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import type { JumpableRandomGenerator } from "pure-rand/types/JumpableRandomGenerator";

export interface RandomState {
  generator: number[];
  /** The second Box–Muller deviate, kept for the next call (null when none is waiting). */
  spare: number | null;
}

export class Random {
  private gen: JumpableRandomGenerator;
  private spare: number | null = null;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new Error(`random seed must be an integer, got ${seed}`);
    this.gen = xoroshiro128plus(seed | 0);
  }

  static fromState(state: RandomState): Random {
    const r = new Random(0);
    r.gen = xoroshiro128plusFromState(state.generator);
    r.spare = state.spare;
    return r;
  }

  getState(): RandomState {
    return { generator: [...this.gen.getState()], spare: this.spare };
  }

  /** Uniform deviate in [0, 1). */
  uniform(): number {
    return uniformFloat64(this.gen);
  }

  /** Standard normal deviate (Box–Muller, both deviates used). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Fill `out` with standard normal deviates. */
  fillNormal(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }

  /** Random integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }
}
