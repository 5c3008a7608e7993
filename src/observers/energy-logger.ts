/**
 * Energy log: one line per sampled step with
 *   step, time (fs), potential energy, kinetic energy, temperature (K), conserved quantity, drift
 * energies in `energyUnit` (eV by default). Potential and kinetic energy are per configuration (mean
 * over beads/replicas); the temperature is 2K/(N_dof k_B) with K the total kinetic energy and N_dof
 * = 3·nAtoms·nBatch unless given; the conserved quantity is the integrator's (including thermostat
 * heat), and the drift is its change since the reference (the first logged step, or the value handed
 * over from a checkpoint on resume).
 *
 * The energy columns are the integrator's own estimators (Integrator.energyEstimates): potential and
 * kinetic for velocity Verlet, i-PI's set for a ring polymer (potential, kinetic_md, kinetic_prim,
 * kinetic_cv, spring; integrators/ring-polymer/estimators.ts, docs/rpmd.md), and the temperature is the
 * integrator's reading (Integrator.thermometer) of `degreesOfFreedom` per physical configuration
 * (default 3N; 3N − 3 when the centre-of-mass momentum is removed and stays zero). A ring polymer's
 * beads move at P·T, and its thermometer reads the physical T (i-PI's convention).
 *
 * With `pressure` (a periodic system whose potential gives the virial W, MDState.virial) a last column
 * pressure_bar holds (2K + ⟨tr W⟩)/(3V) (src/core/pressure.ts), ⟨⟩ the mean over beads and K the
 * integrator's kinetic_cv estimate when it has one (a ring polymer: then this is the centroid-virial
 * estimator), else its kinetic energy; "nan" on a line whose state carries no virial.
 *
 * Whitespace-separated text with a '#' header, or CSV when the file name ends in .csv.
 */
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import type { Integrator } from "../core/integrator.ts";
import type { Observer } from "../core/observer.ts";
import { ATOMIC_PRESSURE_IN_BAR, classicalPressure } from "../core/pressure.ts";
import type { MDState, System } from "../core/system.ts";
import { ATOMIC_TIME_IN_FS, KB_HARTREE_PER_K, unitFactor } from "../core/units.ts";
import { truncateTableAfterStep } from "../io/truncate.ts";
import { checkEvery } from "./every.ts";

export interface EnergyLoggerOptions {
  /** The log file; without one the logger only keeps the conserved quantity in memory. */
  file?: string;
  every: number;
  /** Energy unit of the log (default eV). */
  energyUnit?: string;
  /** Degrees of freedom of one physical configuration, for the temperature (default 3·nAtoms). */
  degreesOfFreedom?: number;
  /** Reference conserved quantity (hartree) for the drift; default: the first logged value. */
  reference?: number;
  /** Keep the conserved quantity of every logged step in memory (conservedSeries()); default: no file. */
  inMemory?: boolean;
  /** Add a pressure_bar column (needs a cell and state.virial; see the file comment). Default false. */
  pressure?: boolean;
}

/** The conserved quantity at the logged steps: times in atomic time, values in hartree (whole batch). */
export interface ConservedSeries {
  times: number[];
  values: number[];
}

/** One number in a log column: 12 significant digits. */
const num = (x: number) => x.toPrecision(12);

/** (2K + ⟨tr W⟩)/(3V) in bar, K the kinetic_cv estimate if there is one (ring polymer), else kinetic. */
function pressureBar(
  state: Readonly<MDState>,
  system: System,
  estimates: readonly { name: string; value: number }[],
): string {
  const w = state.virial;
  if (!system.cell) throw new Error("EnergyLogger: a pressure column needs a periodic system (a cell)");
  if (!w) return "nan";
  const kinetic = (
    estimates.find((x) => x.name === "kinetic_cv") ?? estimates.find((x) => x.name === "kinetic")
  )?.value;
  if (kinetic === undefined) throw new Error("EnergyLogger: the integrator gives no kinetic energy estimate");
  const mean = new Float64Array(9);
  for (let k = 0; k < w.length; k++) mean[k % 9] += (9 * w[k]) / w.length;
  return num(classicalPressure(kinetic, mean, system.cell.volume) * ATOMIC_PRESSURE_IN_BAR);
}

export class EnergyLogger implements Observer {
  readonly every: number;
  private fd: number | undefined;
  private append = false;
  private readonly csv: boolean;
  private readonly energyFactor: number;
  /** Conserved quantity (hartree) the drift is measured from. */
  reference: number | undefined;
  private readonly conserved: ConservedSeries | undefined;

  constructor(private readonly options: EnergyLoggerOptions) {
    this.every = checkEvery(options.every, "EnergyLogger");
    this.csv = options.file?.endsWith(".csv") ?? false;
    this.conserved = (options.inMemory ?? !options.file) ? { times: [], values: [] } : undefined;
    this.energyFactor = unitFactor("energy", options.energyUnit ?? "eV");
    this.reference = options.reference;
  }

  /**
   * Continue a run from a checkpoint at `step` with the drift reference saved there. Returns the step
   * of the last line left (undefined: none, or no file).
   */
  async resumeAt(step: number, reference?: number): Promise<number | undefined> {
    const last = this.options.file ? await truncateTableAfterStep(this.options.file, step) : undefined;
    this.append = true;
    this.reference = reference ?? this.reference;
    return last;
  }

  private header(energies: readonly string[]): string {
    const u = this.options.energyUnit ?? "eV";
    const cols = [
      "step",
      "time_fs",
      ...energies.map((e) => `${e}_${u}`),
      "temperature_K",
      `conserved_${u}`,
      `drift_${u}`,
      ...(this.options.pressure ? ["pressure_bar"] : []),
    ];
    return this.csv ? cols.join(",") + "\n" : "# " + cols.join(" ") + "\n";
  }

  observe(state: Readonly<MDState>, system: System, integrator: Integrator): void {
    const conserved = integrator.conservedQuantity(state, system);
    this.reference ??= conserved;
    this.conserved?.times.push(state.time);
    this.conserved?.values.push(conserved);
    if (!this.options.file) return;
    const estimates = integrator.energyEstimates(state, system);
    if (this.fd === undefined) {
      this.fd = openSync(this.options.file, this.append ? "a" : "w");
      if (!this.append) writeSync(this.fd, this.header(estimates.map((x) => x.name)));
    }
    const { kinetic, degreesOfFreedom } = integrator.thermometer(
      state,
      system,
      this.options.degreesOfFreedom ?? 3 * system.nAtoms,
    );
    const e = (x: number) => num(x / this.energyFactor);
    const fields = [
      `${state.step}`,
      num(state.time * ATOMIC_TIME_IN_FS),
      ...estimates.map((x) => e(x.value)),
      num((2 * kinetic) / (degreesOfFreedom * KB_HARTREE_PER_K)),
      e(conserved),
      e(conserved - this.reference),
      ...(this.options.pressure ? [pressureBar(state, system, estimates)] : []),
    ];
    writeSync(this.fd, fields.join(this.csv ? "," : " ") + "\n");
  }

  /** The conserved quantity of every logged step (needs inMemory, the default without a file). */
  conservedSeries(): ConservedSeries {
    if (!this.conserved)
      throw new Error(`EnergyLogger: inMemory is off (the log is in ${this.options.file})`);
    return { times: [...this.conserved.times], values: [...this.conserved.values] };
  }

  close(): void {
    if (this.fd === undefined) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }
}
