/**
 * The Potential interface: a calculator in the ASE sense, batched over configurations and asynchronous,
 * so that worker threads, native or GPU backends and external programs (xtb, psi4) slot in unchanged.
 * Inputs and outputs are in atomic units; a potential that works in other units converts at its boundary.
 */
import type { System } from "./system.ts";

export type Property = "energy" | "forces" | "dipole" | "polarizability" | "virial";

export interface PotentialOutput {
  /** [nBatch] hartree. */
  energy: Float64Array;
  /** [nBatch][nAtoms][3] hartree/bohr, = −∂E/∂R. */
  forces: Float64Array;
  /** [nBatch][3] e·bohr, if asked for and provided. */
  dipole?: Float64Array;
  /** [nBatch][3][3] bohr³ row-major, if asked for and provided. */
  polarizability?: Float64Array;
  /** [nBatch][nAtoms] partial charges (e), where a model computes them on the way to the dipole. */
  charges?: Float64Array;
  /**
   * [nBatch][3][3] hartree row-major, if asked for and provided (periodic systems): W_ab = −∂E/∂ε_ab for
   * the homogeneous strain r → (1+ε)r of positions and cell; pressure P = (2K + tr W)/(3V).
   */
  virial?: Float64Array;
}

export interface Potential {
  readonly name: string;
  /** Which properties this potential can compute. Energy and forces are always provided. */
  readonly provides: readonly Property[];
  /** Interaction range in bohr, if finite. */
  readonly cutoff?: number;
  /**
   * Evaluate nBatch configurations of `system`. positions: [nBatch][nAtoms][3] bohr.
   * `want` names the optional properties needed this call (dipole, polarizability); a potential
   * may skip work for properties not wanted.
   */
  compute(
    system: System,
    positions: Float64Array,
    nBatch: number,
    want: readonly Property[],
  ): Promise<PotentialOutput>;
  /** Release native resources (tensors, worker threads, child processes). */
  dispose(): void | Promise<void>;
}
