/**
 * Energy log: one line per sampled step with
 *   step, time (fs), potential energy, kinetic energy, temperature (K), conserved quantity, drift
 * energies in `energyUnit` (eV by default). Potential and kinetic energy are per configuration (mean
 * over beads/replicas); the temperature is 2K/(N_dof k_B) with K the total kinetic energy and N_dof
 * = 3·nAtoms·nBatch unless given; the conserved quantity is the integrator's (including thermostat
 * heat), and the drift is its change since the reference (the first logged step, or the value handed
 * over from a checkpoint on resume).
 *
 * Whitespace-separated text with a '#' header, or CSV when the file name ends in .csv.
 */
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import type { Integrator } from "../core/integrator.ts";
import type { Observer } from "../core/observer.ts";
import { kineticEnergy, type MDState, type System } from "../core/system.ts";
import { ATOMIC_TIME_IN_FS, KB_HARTREE_PER_K, unitFactor } from "../core/units.ts";
import { truncateTableAfterStep } from "../io/truncate.ts";
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

  private header(): string {
    const u = this.options.energyUnit ?? "eV";
    const cols = [
      "step",
      "time_fs",
      `potential_${u}`,
      `kinetic_${u}`,
      "temperature_K",
      `conserved_${u}`,
      `drift_${u}`,
    ];
    return this.csv ? cols.join(",") + "\n" : "# " + cols.join(" ") + "\n";
  }

  observe(state: Readonly<MDState>, system: System, integrator: Integrator): void {
    if (this.fd === undefined) {
      this.fd = openSync(this.options.file, this.append ? "a" : "w");
      if (!this.append) writeSync(this.fd, this.header());
    }
    const kinetic = kineticEnergy(system, state.momenta);
    const dof = this.options.degreesOfFreedom ?? 3 * system.nAtoms * state.nBatch;
    const conserved = integrator.conservedQuantity(state, system);
    this.reference ??= conserved;
    const epot = state.potentialEnergy.reduce((s, e) => s + e, 0) / state.nBatch;
    const e = (x: number) => num(x / this.energyFactor);
    const fields = [
      `${state.step}`,
      num(state.time * ATOMIC_TIME_IN_FS),
      e(epot),
      e(kinetic / state.nBatch),
      num((2 * kinetic) / (dof * KB_HARTREE_PER_K)),
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
