/**
 * What a committee of models (potentials/committee/) shows the rest of the program: the members' mean
 * as a Potential, plus their spread and each member's own output at the last evaluated positions. The
 * observers see a committee only through this interface (the floors of docs/architecture.md).
 */
import type { Potential, PotentialOutput, Property } from "./potential.ts";
import type { System } from "./system.ts";

export interface CommitteeSpread {
  /** [nBatch] hartree. */
  energy: Float64Array;
  /** [nBatch] RMS over the 3N force components of their spread, hartree/bohr. */
  forcesRms: Float64Array;
  /** [nBatch] largest per-atom force spread, hartree/bohr. */
  forcesMax: Float64Array;
  /** [nBatch] e·bohr, when the dipole was computed. */
  dipole?: Float64Array;
  /** [nBatch] bohr³, when the polarizability was computed. */
  polarizability?: Float64Array;
}

export interface CommitteeOutput extends PotentialOutput {
  spread: CommitteeSpread;
  /** Each member's own output, in member order. */
  members: PotentialOutput[];
}

/** A committee Potential: its size, and the output (mean, spread, members) at given positions. */
export interface CommitteeModel extends Potential {
  readonly size: number;
  at(
    system: System,
    positions: Float64Array,
    nBatch: number,
    want: readonly Property[],
  ): Promise<CommitteeOutput>;
}
