/**
 * Records the dipole and polarizability of every step as time series, one per trajectory: for
 * independent replicas (classical MD) each batch entry is a trajectory; for a ring polymer the bead
 * average is (the RPMD/TRPMD estimator of a linear property, Kubo-transformed correlations follow).
 */
import type { Observer } from "../core/observer.ts";
import type { MDState } from "../core/system.ts";
import { makeTimeSeries, type TimeSeries } from "../spectra/time-series.ts";

export type BatchMeaning = "replicas" | "beads";

export class SeriesRecorder implements Observer {
  readonly every = 1;
  private readonly dipole: number[][];
  private readonly alpha: number[][];

  /**
   * @param nBatch configurations in the state
   * @param meaning "replicas": one series per configuration; "beads": one series of the bead mean
   * @param dt time between samples (atomic time: the integrator's time step)
   */
  constructor(
    private readonly nBatch: number,
    private readonly meaning: BatchMeaning,
    private readonly dt: number,
  ) {
    const n = meaning === "replicas" ? nBatch : 1;
    this.dipole = Array.from({ length: n }, () => []);
    this.alpha = Array.from({ length: n }, () => []);
  }

  observe(state: Readonly<MDState>): void {
    const { dipole, polarizability } = state;
    if (!dipole) throw new Error("the potential gave no dipole: the demo needs a model with a dipole head");
    if (this.meaning === "replicas") {
      for (let b = 0; b < this.nBatch; b++) {
        for (let k = 0; k < 3; k++) this.dipole[b].push(dipole[3 * b + k]);
        if (polarizability) for (let k = 0; k < 9; k++) this.alpha[b].push(polarizability[9 * b + k]);
      }
      return;
    }
    for (let k = 0; k < 3; k++) {
      let s = 0;
      for (let b = 0; b < this.nBatch; b++) s += dipole[3 * b + k];
      this.dipole[0].push(s / this.nBatch);
    }
    if (!polarizability) return;
    for (let k = 0; k < 9; k++) {
      let s = 0;
      for (let b = 0; b < this.nBatch; b++) s += polarizability[9 * b + k];
      this.alpha[0].push(s / this.nBatch);
    }
  }

  /** Dipole series (e·bohr), one per trajectory. */
  dipoles(source: string): TimeSeries[] {
    return this.dipole.map((d, i) =>
      makeTimeSeries(d, 3, this.dt, { quantity: "dipole", unit: "e*bohr", source: `${source} ${i}` }),
    );
  }

  /** Polarizability series (bohr³, 3×3 row-major), one per trajectory. */
  polarizabilities(source: string): TimeSeries[] {
    if (this.alpha.every((a) => a.length === 0)) return []; // the model has no polarizability head
    return this.alpha.map((a, i) =>
      makeTimeSeries(a, 9, this.dt, { quantity: "polarizability", unit: "bohr^3", source: `${source} ${i}` }),
    );
  }
}
