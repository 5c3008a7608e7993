/**
 * Records, every `every` steps of a run on a committee potential (potentials/committee/), how much the
 * members disagree: the energy spread, the RMS and largest per-atom force spread, the dipole and
 * polarizability spreads (unbiased, 1/(M − 1)), and each member's own dipole and polarizability, whose
 * spectra along the one trajectory give the model-uncertainty band of an IR or Raman spectrum
 * (src/spectra/uncertainty/model-band.ts).
 *
 * The committee has just evaluated the state's positions in the MD step; `CommitteePotential.at` reuses
 * that evaluation (it evaluates again only if the positions differ, e.g. at step 0 of a resumed run).
 * With several configurations (replicas, beads) the spreads are averaged over them and the member
 * properties are their mean (the bead average for a ring polymer), or `batch: "each"` keeps one series
 * per configuration (independent replicas).
 *
 * File (optional, CSV, streamed): step, time_fs, energy_spread_eV, force_spread_rms_eV_per_A,
 * force_spread_max_eV_per_A, dipole_spread_e_A, polarizability_spread_A3, then m<k>_dipole_<x|y|z> and
 * m<k>_alpha_<ij> per member (e·Å, Å³); configuration b's columns get a "_c<b>" suffix with "each".
 * An existing file is refused (no resume support yet: a resumed run needs a new file name).
 */
import { closeSync, openSync, writeSync } from "node:fs";
import type { Integrator } from "../core/integrator.ts";
import type { Observer } from "../core/observer.ts";
import type { Property } from "../core/potential.ts";
import type { MDState, System } from "../core/system.ts";
import { ATOMIC_TIME_IN_FS, BOHR_IN_ANGSTROM, HARTREE_IN_EV } from "../core/units.ts";
import type { CommitteeModel, CommitteeOutput } from "../core/committee.ts";
import { checkEvery } from "./every.ts";

export interface CommitteeSpreadOptions {
  every: number;
  /** CSV file to stream the spreads and member properties to. */
  file?: string;
  /** Several configurations: average them (default) or keep each. */
  batch?: "mean" | "each";
}

/** The recorded series, atomic units. */
export interface CommitteeSpreadSeries {
  /** Time between samples, atomic time. */
  dt: number;
  steps: number[];
  energy: number[];
  forcesRms: number[];
  forcesMax: number[];
  dipole: number[];
  polarizability: number[];
  /** memberDipoles[k][c] = member k's dipoles [nSamples][3] of configuration c (one c with "mean"). */
  memberDipoles: number[][][];
  memberPolarizabilities: number[][][];
}

const mean = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
};

export class CommitteeSpreadRecorder implements Observer {
  readonly every: number;
  private fd?: number;
  private readonly data: CommitteeSpreadSeries;

  constructor(
    private readonly committee: CommitteeModel,
    private readonly options: CommitteeSpreadOptions,
  ) {
    this.every = checkEvery(options.every, "CommitteeSpreadRecorder");
    const m = committee.size;
    this.data = {
      dt: NaN,
      steps: [],
      energy: [],
      forcesRms: [],
      forcesMax: [],
      dipole: [],
      polarizability: [],
      memberDipoles: Array.from({ length: m }, () => []),
      memberPolarizabilities: Array.from({ length: m }, () => []),
    };
  }

  async observe(state: Readonly<MDState>, system: System, integrator: Integrator): Promise<void> {
    this.data.dt = this.every * integrator.dt;
    const want = this.committee.provides.filter(
      (p): p is Property => p === "dipole" || p === "polarizability",
    );
    const out = await this.committee.at(system, state.positions, state.nBatch, want);
    const d = this.data;
    d.steps.push(state.step);
    d.energy.push(mean(out.spread.energy));
    d.forcesRms.push(mean(out.spread.forcesRms));
    d.forcesMax.push(Math.max(...out.spread.forcesMax));
    d.dipole.push(out.spread.dipole ? mean(out.spread.dipole) : NaN);
    d.polarizability.push(out.spread.polarizability ? mean(out.spread.polarizability) : NaN);
    const configurations = this.options.batch === "each" ? state.nBatch : 1;
    const pick = (a: Float64Array, width: number, c: number): number[] => {
      if (this.options.batch === "each") return Array.from(a.subarray(c * width, (c + 1) * width));
      const r = new Array<number>(width).fill(0);
      for (let b = 0; b < state.nBatch; b++)
        for (let i = 0; i < width; i++) r[i] += a[b * width + i] / state.nBatch;
      return r;
    };
    out.members.forEach((m, k) => {
      for (let c = 0; c < configurations; c++) {
        if (m.dipole) (d.memberDipoles[k][c] ??= []).push(...pick(m.dipole, 3, c));
        if (m.polarizability) (d.memberPolarizabilities[k][c] ??= []).push(...pick(m.polarizability, 9, c));
      }
    });
    this.write(state, out, configurations, pick);
  }

  private write(
    state: Readonly<MDState>,
    out: CommitteeOutput,
    configurations: number,
    pick: (a: Float64Array, width: number, c: number) => number[],
  ): void {
    if (this.options.file === undefined) return;
    const d = this.data;
    const suffix = (c: number) => (this.options.batch === "each" ? `_c${c}` : "");
    if (this.fd === undefined) {
      try {
        this.fd = openSync(this.options.file, "wx"); // never over an earlier run's spreads
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "EEXIST") {
          throw new Error(
            `${this.options.file}: a committee spread file is already there; move it or choose another file name`,
            { cause: e },
          );
        }
        throw new Error(
          `${this.options.file}: cannot create the committee spread file (${(e as Error).message})`,
          { cause: e },
        );
      }
      const header = [
        "step",
        "time_fs",
        "energy_spread_eV",
        "force_spread_rms_eV_per_A",
        "force_spread_max_eV_per_A",
      ];
      header.push("dipole_spread_e_A", "polarizability_spread_A3");
      out.members.forEach((m, k) => {
        for (let c = 0; c < configurations; c++) {
          if (m.dipole) header.push(...["x", "y", "z"].map((x) => `m${k}_dipole_${x}${suffix(c)}`));
          if (m.polarizability) {
            for (const ij of ["xx", "xy", "xz", "yx", "yy", "yz", "zx", "zy", "zz"])
              header.push(`m${k}_alpha_${ij}${suffix(c)}`);
          }
        }
      });
      writeSync(
        this.fd,
        `# equimd committee spread: members=${out.members.length} sampling_interval_fs=${d.dt * ATOMIC_TIME_IN_FS}\n${header.join(",")}\n`,
      );
    }
    const eVPerA = HARTREE_IN_EV / BOHR_IN_ANGSTROM;
    const n = d.steps.length - 1;
    const row: number[] = [
      state.step,
      state.time * ATOMIC_TIME_IN_FS,
      d.energy[n] * HARTREE_IN_EV,
      d.forcesRms[n] * eVPerA,
      d.forcesMax[n] * eVPerA,
      d.dipole[n] * BOHR_IN_ANGSTROM,
      d.polarizability[n] * BOHR_IN_ANGSTROM ** 3,
    ];
    out.members.forEach((m) => {
      for (let c = 0; c < configurations; c++) {
        if (m.dipole) row.push(...pick(m.dipole, 3, c).map((x) => x * BOHR_IN_ANGSTROM));
        if (m.polarizability) row.push(...pick(m.polarizability, 9, c).map((x) => x * BOHR_IN_ANGSTROM ** 3));
      }
    });
    writeSync(this.fd, row.map((x) => (Number.isNaN(x) ? "" : String(x))).join(",") + "\n");
  }

  /** The series recorded so far (atomic units). */
  series(): CommitteeSpreadSeries {
    return this.data;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
