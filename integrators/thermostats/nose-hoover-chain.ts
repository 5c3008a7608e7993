/**
 * Nosé–Hoover chain (G. J. Martyna, M. L. Klein, M. Tuckerman, J. Chem. Phys. 97, 2635 (1992)), one
 * chain of length M per configuration of the batch, acting on its total kinetic energy K:
 *
 *   ṗ = F − v₁ p,   v̇₁ = (2K − N_f k_BT)/Q₁ − v₁v₂,   v̇_j = (Q_{j−1}v_{j−1}² − k_BT)/Q_j − v_j v_{j+1},
 *   η̇_j = v_j,     Q₁ = N_f k_BT τ²,   Q_{j>1} = k_BT τ²,
 *
 * (v_j = p_η_j/Q_j; v_{M+1} ≡ 0). The thermostat part is integrated over a time h by the symmetric
 * factorisation of Martyna, Tuckerman, Tobias & Klein (Mol. Phys. 87, 1117 (1996)) with third-order
 * Suzuki–Yoshida weights: chain velocities top-down for h/2, scale p by e^(−h v₁), move η, chain
 * velocities bottom-up for h/2.
 *
 * Energy book-keeping: the heat taken from the particles stays in the chain, so energy() returns
 * Σ_b [Σ_j ½ Q_j v_j² + N_f k_BT η₁ + k_BT Σ_{j>1} η_j] and K + V + energy() is the conserved quantity;
 * this thermostat does not write to state.thermostatHeat (that would count the same energy twice).
 */
import type { Thermostat } from "../../src/core/integrator.ts";
import type { MDState, System } from "../../src/core/system.ts";
import { configurationKineticEnergy, degreesOfFreedom, scaleConfigurationMomenta } from "../kinetic.ts";
import { requireInteger, requirePositive } from "../validate.ts";

export interface NoseHooverChainOptions {
  /** Target temperature k_B·T in hartree. */
  temperature: number;
  /** Characteristic period of the thermostat (sets the masses Q), atomic time. */
  tau: number;
  /** Number of thermostats in the chain (default 4). */
  chainLength?: number;
  /** Degrees of freedom per configuration; default 3N (use 3N − 3 when the CoM momentum is zero). */
  nDof?: number;
}

interface ChainState {
  /** [nBatch][M] chain positions η (dimensionless). */
  eta: number[][];
  /** [nBatch][M] chain velocities v = p_η/Q (1/atomic time). */
  v: number[][];
}

/** Third-order Suzuki–Yoshida weights (sum 1). */
const W1 = 1 / (2 - Math.cbrt(2));
const SUZUKI_YOSHIDA = [W1, 1 - 2 * W1, W1];

export class NoseHooverChain implements Thermostat {
  readonly name = "nose-hoover-chain";
  readonly preferredSplitting = "obabo" as const;
  readonly temperature: number;
  readonly tau: number;
  readonly chainLength: number;
  readonly nDof?: number;
  private chain: ChainState = { eta: [], v: [] };
  /** N_f of the system last seen (for energy()). */
  private nf = 0;

  constructor(options: NoseHooverChainOptions) {
    this.temperature = requirePositive(
      options.temperature,
      "NoseHooverChain: temperature",
      "k_B·T in hartree",
    );
    this.tau = requirePositive(options.tau, "NoseHooverChain: tau", "atomic time");
    this.chainLength = requireInteger(options.chainLength ?? 4, "NoseHooverChain: chainLength", 1);
    this.nDof = options.nDof;
  }

  private masses(nf: number): number[] {
    const q = this.temperature * this.tau ** 2;
    return Array.from({ length: this.chainLength }, (_, j) => (j === 0 ? nf * q : q));
  }

  apply(state: MDState, system: System, h: number): void {
    const nf = degreesOfFreedom(system, this.nDof, "NoseHooverChain");
    this.nf = nf;
    const M = this.chainLength;
    const kT = this.temperature;
    const Q = this.masses(nf);
    if (this.chain.v.length === 0) {
      this.chain = {
        eta: Array.from({ length: state.nBatch }, () => new Array<number>(M).fill(0)),
        v: Array.from({ length: state.nBatch }, () => new Array<number>(M).fill(0)),
      };
    } else if (this.chain.v.length !== state.nBatch) {
      throw new Error(
        `NoseHooverChain: has chains for ${this.chain.v.length} configurations, state has ${state.nBatch}`,
      );
    }
    for (let b = 0; b < state.nBatch; b++) {
      const v = this.chain.v[b];
      const eta = this.chain.eta[b];
      let k = configurationKineticEnergy(system, state.momenta, b);
      let scale = 1;
      // Force on chain member j given the current kinetic energy k.
      const G = (j: number) => (j === 0 ? (2 * k - nf * kT) / Q[0] : (Q[j - 1] * v[j - 1] ** 2 - kT) / Q[j]);
      const updateChainVelocity = (j: number, d: number) => {
        if (j === M - 1) {
          v[j] += (d / 2) * G(j);
        } else {
          const e = Math.exp((-d / 4) * v[j + 1]);
          v[j] = v[j] * e + (d / 2) * G(j);
          v[j] *= e;
        }
      };
      for (const w of SUZUKI_YOSHIDA) {
        const d = w * h;
        for (let j = M - 1; j >= 0; j--) updateChainVelocity(j, d);
        const s = Math.exp(-d * v[0]);
        scale *= s;
        k *= s * s;
        for (let j = 0; j < M; j++) eta[j] += d * v[j];
        for (let j = 0; j < M; j++) updateChainVelocity(j, d);
      }
      scaleConfigurationMomenta(system, state.momenta, b, scale);
    }
  }

  /** Energy stored in the chains, summed over the batch (hartree). */
  energy(): number {
    if (this.chain.v.length === 0) return 0;
    const Q = this.masses(this.nf);
    let e = 0;
    for (let b = 0; b < this.chain.v.length; b++) {
      for (let j = 0; j < this.chainLength; j++) {
        e += 0.5 * Q[j] * this.chain.v[b][j] ** 2;
        e += (j === 0 ? this.nf : 1) * this.temperature * this.chain.eta[b][j];
      }
    }
    return e;
  }

  saveState(): ChainState & { nf: number } {
    return { eta: this.chain.eta.map((x) => [...x]), v: this.chain.v.map((x) => [...x]), nf: this.nf };
  }

  loadState(saved: unknown): void {
    const s = saved as Partial<ChainState & { nf: number }> | null;
    const ok = (x: unknown) =>
      Array.isArray(x) && x.every((row) => Array.isArray(row) && row.length === this.chainLength);
    if (!s || !ok(s.eta) || !ok(s.v) || s.eta!.length !== s.v!.length || typeof s.nf !== "number") {
      throw new Error(
        `NoseHooverChain.loadState: expected {eta, v: [nBatch][${this.chainLength}] arrays, nf: number}`,
      );
    }
    this.chain = { eta: s.eta!.map((x) => [...x]), v: s.v!.map((x) => [...x]) };
    this.nf = s.nf;
  }
}
