/**
 * Energy log: one line per sampled step with
 *   step, time (fs), potential energy, kinetic energy, temperature (K), conserved quantity, drift
 * energies in `energyUnit` (eV by default). Potential and kinetic energy are per configuration (mean
 * over beads/replicas); the temperature is 2K/(N_dof k_B) with K the total kinetic energy and N_dof
 * = 3·nAtoms·nBatch unless given; the conserved quantity is the integrator's (including thermostat
 * heat), and the drift is its change since the reference (the first logged step, or the value handed
 * over from a checkpoint on resume).
 *
 * For a ring polymer (the integrator is a RingPolymerIntegrator) the columns are i-PI's estimators
 * (integrators/ring-polymer/estimators.ts, docs/rpmd.md), at the ring polymer's physical temperature:
 *   step, time (fs), potential, kinetic_md, kinetic_prim, kinetic_cv, spring, temperature (K),
 *   conserved, drift
 * potential = (1/P) Σ_j V(q_j), kinetic_md = (1/P) Σ_j p_j²/2m (the bead kinetic energy per bead),
 * kinetic_prim and kinetic_cv the primitive and centroid-virial estimators of the quantum kinetic
 * energy, spring = (1/P) Σ_j ½ m ω_P² |q_j − q_{j+1}|², temperature = 2 kinetic_md/(N_dof k_B)
 * (i-PI's: the beads move at P·T, so with N_dof = 3·nAtoms·P it reads T; N_dof = 3·nAtoms·P − 3 when
 * the centroid's centre-of-mass momentum is removed and stays zero), conserved = H_P/P + heat.
 *
 * Whitespace-separated text with a '#' header, or CSV when the file name ends in .csv.
 */
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import type { Integrator } from "../core/integrator.ts";
import type { Observer } from "../core/observer.ts";
import { kineticEnergy, type MDState, type System } from "../core/system.ts";
import { ATOMIC_TIME_IN_FS, KB_HARTREE_PER_K, unitFactor } from "../core/units.ts";
import { truncateTableAfterStep } from "../io/truncate.ts";
import { RingPolymerIntegrator, ringPolymerEstimates } from "../../integrators/ring-polymer/index.ts";
import { checkEvery } from "./every.ts";

export interface EnergyLoggerOptions {
  file: string;
  every: number;
  /** Energy unit of the log (default eV). */
  energyUnit?: string;
  /** Degrees of freedom for the temperature (default 3·nAtoms·nBatch). */
  degreesOfFreedom?: number;
  /** Reference conserved quantity (hartree) for the drift; default: the first logged value. */
  reference?: number;
}

/** One number in a log column: 12 significant digits. */
const num = (x: number) => x.toPrecision(12);

export class EnergyLogger implements Observer {
  readonly every: number;
  private fd: number | undefined;
  private append = false;
  private readonly csv: boolean;
  private readonly energyFactor: number;
  /** Conserved quantity (hartree) the drift is measured from. */
  reference: number | undefined;

  constructor(private readonly options: EnergyLoggerOptions) {
    this.every = checkEvery(options.every, "EnergyLogger");
    this.csv = options.file.endsWith(".csv");
    this.energyFactor = unitFactor("energy", options.energyUnit ?? "eV");
    this.reference = options.reference;
  }

  /** Continue a run from a checkpoint at `step` with the drift reference saved there. */
  async resumeAt(step: number, reference?: number): Promise<void> {
    await truncateTableAfterStep(this.options.file, step);
    this.append = true;
    this.reference = reference ?? this.reference;
  }

  private header(ringPolymer: boolean): string {
    const u = this.options.energyUnit ?? "eV";
    const energies = ringPolymer
      ? ["potential", "kinetic_md", "kinetic_prim", "kinetic_cv", "spring"]
      : ["potential", "kinetic"];
    const cols = [
      "step",
      "time_fs",
      ...energies.map((e) => `${e}_${u}`),
      "temperature_K",
      `conserved_${u}`,
      `drift_${u}`,
    ];
    return this.csv ? cols.join(",") + "\n" : "# " + cols.join(" ") + "\n";
  }

  observe(state: Readonly<MDState>, system: System, integrator: Integrator): void {
    const ringPolymer = integrator instanceof RingPolymerIntegrator;
    if (this.fd === undefined) {
      this.fd = openSync(this.options.file, this.append ? "a" : "w");
      if (!this.append) writeSync(this.fd, this.header(ringPolymer));
    }
    const kinetic = kineticEnergy(system, state.momenta);
    const dof = this.options.degreesOfFreedom ?? 3 * system.nAtoms * state.nBatch;
    const conserved = integrator.conservedQuantity(state, system);
    this.reference ??= conserved;
    const e = (x: number) => num(x / this.energyFactor);
    // A ring polymer's beads move at P·T: its temperature counts the kinetic energy per bead.
    const kineticPerBead = ringPolymer ? kinetic / state.nBatch : kinetic;
    let energies: number[];
    if (ringPolymer) {
      const r = ringPolymerEstimates(state, system, integrator.temperature);
      energies = [r.potential, r.kineticMd, r.kineticPrimitive, r.kineticCentroidVirial, r.spring];
    } else {
      const epot = state.potentialEnergy.reduce((s, v) => s + v, 0) / state.nBatch;
      energies = [epot, kinetic / state.nBatch];
    }
    const fields = [
      `${state.step}`,
      num(state.time * ATOMIC_TIME_IN_FS),
      ...energies.map(e),
      num((2 * kineticPerBead) / (dof * KB_HARTREE_PER_K)),
      e(conserved),
      e(conserved - this.reference),
    ];
    writeSync(this.fd, fields.join(this.csv ? "," : " ") + "\n");
  }

  close(): void {
    if (this.fd === undefined) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }
}
