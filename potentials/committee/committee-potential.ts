/**
 * A committee of M potentials (models that differ by seed, optionally by training split) as one
 * Potential: it returns the members' mean energy, forces, dipole and polarizability, so MD runs on the
 * committee mean, and, with each evaluation, the committee's spread (committee-statistics.ts: unbiased,
 * 1/(M − 1)) and every member's own output (for model-uncertainty spectra: each member's dipole along the
 * same trajectory).
 *
 * Spread per configuration:
 *   energy          s_E                                           hartree
 *   forces (RMS)    √( (1/3N) Σ_{a,α} s²(F_aα) )                   hartree/bohr
 *   forces (max)    max_a √( Σ_α s²(F_aα) )                        hartree/bohr (where the model is least sure)
 *   dipole          √( Σ_α s²(μ_α) )                               e·bohr
 *   polarizability  √( Σ_αβ s²(α_αβ) )                             bohr³
 *
 * Batching: one compute call evaluates all members on the whole batch; the members run concurrently
 * (each onnxruntime or tfjs member awaits its own backend), or back to back with `concurrent: false`.
 */
import type { CommitteeModel, CommitteeOutput, CommitteeSpread } from "../../src/core/committee.ts";
import type { Potential, PotentialOutput, Property } from "../../src/core/potential.ts";
import type { System } from "../../src/core/system.ts";
import { groupedSpread, meanAndVariance } from "./committee-statistics.ts";

export interface CommitteeOptions {
  name?: string;
  /** Evaluate the members concurrently (default) or one after the other. */
  concurrent?: boolean;
}

export type { CommitteeOutput, CommitteeSpread };

export class CommitteePotential implements Potential, CommitteeModel {
  readonly name: string;
  readonly provides: readonly Property[];
  readonly cutoff?: number;
  private readonly concurrent: boolean;
  private last?: { positions: Float64Array; nBatch: number; want: string; output: CommitteeOutput };

  constructor(
    readonly members: readonly Potential[],
    options: CommitteeOptions = {},
  ) {
    if (members.length < 2) {
      throw new Error(`a committee needs at least 2 members (for an unbiased spread), got ${members.length}`);
    }
    this.name = options.name ?? `committee of ${members.length} (${members[0].name})`;
    this.provides = members[0].provides.filter((p) => members.every((m) => m.provides.includes(p)));
    const cutoffs = members.map((m) => m.cutoff);
    this.cutoff = cutoffs.every((c) => c !== undefined) ? Math.max(...(cutoffs as number[])) : undefined;
    this.concurrent = options.concurrent ?? true;
  }

  get size(): number {
    return this.members.length;
  }

  async compute(
    system: System,
    positions: Float64Array,
    nBatch: number,
    want: readonly Property[],
  ): Promise<CommitteeOutput> {
    const outputs: PotentialOutput[] = [];
    if (this.concurrent) {
      outputs.push(
        ...(await Promise.all(this.members.map((m) => m.compute(system, positions, nBatch, want)))),
      );
    } else {
      for (const m of this.members) outputs.push(await m.compute(system, positions, nBatch, want));
    }
    const output = combine(outputs, nBatch, system.nAtoms, this.name);
    this.last = { positions: Float64Array.from(positions), nBatch, want: [...want].sort().join(","), output };
    return output;
  }

  /**
   * The committee output at these positions: the last evaluation when it was at exactly these positions
   * with at least these properties (an MD step has just computed it), else a fresh evaluation.
   */
  async at(
    system: System,
    positions: Float64Array,
    nBatch: number,
    want: readonly Property[],
  ): Promise<CommitteeOutput> {
    const l = this.last;
    const has = (p: Property) =>
      p === "dipole" ? l?.output.dipole : p === "polarizability" ? l?.output.polarizability : true;
    if (
      l !== undefined &&
      l.nBatch === nBatch &&
      l.positions.length === positions.length &&
      l.positions.every((x, i) => x === positions[i]) &&
      want.every((p) => has(p) !== undefined)
    ) {
      return l.output;
    }
    return this.compute(system, positions, nBatch, want);
  }

  async dispose(): Promise<void> {
    await Promise.all(this.members.map((m) => m.dispose()));
  }
}

/** Mean and spread of the members' outputs. */
export function combine(
  outputs: readonly PotentialOutput[],
  nBatch: number,
  nAtoms: number,
  name = "committee",
): CommitteeOutput {
  const energy = meanAndVariance(outputs.map((o) => o.energy));
  const forces = meanAndVariance(outputs.map((o) => o.forces));
  const forcesRms = new Float64Array(nBatch);
  const forcesMax = new Float64Array(nBatch);
  const perAtom = groupedSpread(forces.variance, 3);
  for (let b = 0; b < nBatch; b++) {
    let s = 0;
    let max = 0;
    for (let a = 0; a < nAtoms; a++) {
      const v = perAtom[b * nAtoms + a];
      s += v * v;
      max = Math.max(max, v);
    }
    forcesRms[b] = Math.sqrt(s / (3 * nAtoms));
    forcesMax[b] = max;
  }
  const optional = (key: "dipole" | "polarizability", width: number) => {
    const present = outputs.filter((o) => o[key] !== undefined).length;
    if (present === 0) return undefined;
    if (present !== outputs.length)
      throw new Error(`${name}: only ${present} of ${outputs.length} members returned the ${key}`);
    const s = meanAndVariance(outputs.map((o) => o[key]!));
    return { mean: s.mean, spread: groupedSpread(s.variance, width) };
  };
  const dipole = optional("dipole", 3);
  const polarizability = optional("polarizability", 9);
  return {
    energy: energy.mean,
    forces: forces.mean,
    ...(dipole ? { dipole: dipole.mean } : {}),
    ...(polarizability ? { polarizability: polarizability.mean } : {}),
    spread: {
      energy: energy.variance.map(Math.sqrt),
      forcesRms,
      forcesMax,
      ...(dipole ? { dipole: dipole.spread } : {}),
      ...(polarizability ? { polarizability: polarizability.spread } : {}),
    },
    members: [...outputs],
  };
}
