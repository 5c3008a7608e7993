/**
 * Kinetic energy of every replica of a batched classical run at every observed step (hartree), for the
 * measured-temperature option of the demo's spectra: K_r = Σ_i p_i²/(2 m_i) over the atoms of replica r.
 */
import type { Observer } from "../core/observer.ts";
import type { MDState, System } from "../core/system.ts";

export class ReplicaKineticEnergy implements Observer {
  readonly every = 1;
  private readonly values: number[][] = [];

  observe(state: Readonly<MDState>, system: System): void {
    const w = 3 * system.nAtoms;
    for (let r = 0; r < state.nBatch; r++) {
      let k = 0;
      for (let i = 0; i < w; i++) k += state.momenta[r * w + i] ** 2 / system.masses[Math.floor(i / 3)];
      (this.values[r] ??= []).push(0.5 * k);
    }
  }

  /** Kinetic energy per sample of each replica. */
  series(): Float64Array[] {
    return this.values.map((v) => Float64Array.from(v));
  }
}
