/**
 * Recognising a trajectory that is blowing up, before it writes hours of nonsense. After each step the
 * run loop asks a BlowUpDetector whether the state is still sane; the checks, in the order tried:
 *
 * - non-finite positions, momenta, potential energy or conserved quantity;
 * - a jump of the conserved quantity in one step larger than `maxEnergyJump` (hartree);
 * - a drift of the conserved quantity since the start larger than `maxDrift` × E_th, where
 *   E_th = N_dof k_B T is the thermal energy scale of the run (twice its kinetic energy);
 * - a kinetic temperature above `maxTemperatureRatio` × T (temperature runaway);
 * - fragmentation: an atom farther than the potential's cutoff from every other atom of its
 *   configuration feels no force from them and coasts (a learned potential extrapolating).
 *
 * The first two catch the numerical explosion of a too-long time step; the last three catch the slower
 * failure of a learned potential (PaiNN) that lets a molecule fly apart with finite numbers.
 */
import type { Integrator } from "../core/integrator.ts";
import type { MDState, System } from "../core/system.ts";
import { HARTREE_IN_EV, KB_HARTREE_PER_K } from "../core/units.ts";

export interface BlowUpLimits {
  /** Largest change of the conserved quantity in one step, hartree (default 0.1 per atom and configuration). */
  maxEnergyJump?: number;
  /** Largest drift of the conserved quantity since the start, in units of E_th = N_dof k_B T (default 1). */
  maxDrift?: number;
  /** Largest kinetic temperature, as a multiple of the run's temperature (default 10). */
  maxTemperatureRatio?: number;
  /**
   * The run's temperature k_B·T (hartree) for E_th and the runaway check: default the integrator's
   * (its thermostat's target), else the kinetic temperature at the start. Never below 100 K.
   */
  temperature?: number;
  /**
   * Interaction range (bohr): an atom farther than this from all others has fragmented. Off unless
   * given; simulate() (equimd run) passes the potential's cutoff.
   */
  cutoff?: number;
  /** Degrees of freedom of one physical configuration (default 3N). */
  degreesOfFreedom?: number;
}

/** The floor of the reference temperature: a cold start must not make every run look like a runaway. */
const MIN_REFERENCE_K = 100;

/** Energy in eV for messages (the unit of the config keys). */
const eV = (hartree: number) => `${(hartree * HARTREE_IN_EV).toPrecision(4)} eV`;

export class BlowUpDetector {
  private readonly maxJump: number;
  private readonly maxDrift: number;
  private readonly maxRatio: number;
  private readonly cutoff2: number;
  private readonly nDof: number;
  private start = NaN;
  private previous = NaN;
  private temperature = NaN;

  constructor(
    private readonly system: System,
    private readonly integrator: Integrator,
    nBatch: number,
    private readonly limits: BlowUpLimits = {},
  ) {
    this.maxJump = limits.maxEnergyJump ?? 0.1 * system.nAtoms * nBatch;
    this.maxDrift = limits.maxDrift ?? 1;
    this.maxRatio = limits.maxTemperatureRatio ?? 10;
    this.cutoff2 = limits.cutoff !== undefined && limits.cutoff > 0 ? limits.cutoff ** 2 : Infinity;
    this.nDof = limits.degreesOfFreedom ?? 3 * system.nAtoms;
  }

  /** Kinetic temperature k_B·T (hartree) of `state` by the integrator's thermometer. */
  private kineticTemperature(state: Readonly<MDState>): number {
    const t = this.integrator.thermometer(state, this.system, this.nDof);
    return (2 * t.kinetic) / t.degreesOfFreedom;
  }

  /** Take the starting state as the reference of the drift. */
  begin(state: Readonly<MDState>): void {
    this.start = this.integrator.conservedQuantity(state, this.system);
    this.previous = this.start;
    const floor = MIN_REFERENCE_K * KB_HARTREE_PER_K;
    const T = this.limits.temperature ?? this.integrator.temperature ?? this.kineticTemperature(state);
    this.temperature = Math.max(T, floor);
  }

  /** Why `state` counts as blown up, or undefined if it looks sane. Call after every step. */
  check(state: Readonly<MDState>): string | undefined {
    if (!state.positions.every(Number.isFinite)) return "non-finite positions";
    if (!state.momenta.every(Number.isFinite)) return "non-finite momenta";
    if (!state.potentialEnergy.every(Number.isFinite)) return "non-finite potential energy";
    const conserved = this.integrator.conservedQuantity(state, this.system);
    if (!Number.isFinite(conserved)) return "non-finite conserved quantity";
    const jump = Math.abs(conserved - this.previous);
    this.previous = conserved;
    if (jump > this.maxJump) {
      return `the conserved quantity jumped by ${eV(jump)} in one step (limit ${eV(this.maxJump)}, max_energy_jump_eV)`;
    }
    const thermometer = this.integrator.thermometer(state, this.system, this.nDof);
    // E_th = N_dof k_B T of everything the conserved quantity counts
    const thermal = thermometer.degreesOfFreedom * this.temperature;
    const drift = Math.abs(conserved - this.start);
    if (drift > this.maxDrift * thermal) {
      return (
        `the conserved quantity drifted by ${eV(drift)} since the start, more than ${this.maxDrift} × ` +
        `N_dof k_B T = ${eV(this.maxDrift * thermal)}`
      );
    }
    const T = (2 * thermometer.kinetic) / thermometer.degreesOfFreedom;
    if (T > this.maxRatio * this.temperature) {
      const K = (t: number) => (t / KB_HARTREE_PER_K).toFixed(0);
      return `temperature runaway: ${K(T)} K, more than ${this.maxRatio} × ${K(this.temperature)} K`;
    }
    return this.fragment(state);
  }

  /** "atom i (X) of configuration b is farther than the cutoff from every other atom", or undefined. */
  private fragment(state: Readonly<MDState>): string | undefined {
    if (this.cutoff2 === Infinity || state.nAtoms < 2) return undefined;
    const n = state.nAtoms;
    const q = state.positions;
    for (let b = 0; b < state.nBatch; b++) {
      const o = 3 * n * b;
      for (let i = 0; i < n; i++) {
        let near = false;
        for (let j = 0; j < n && !near; j++) {
          if (j === i) continue;
          const dx = q[o + 3 * i] - q[o + 3 * j];
          const dy = q[o + 3 * i + 1] - q[o + 3 * j + 1];
          const dz = q[o + 3 * i + 2] - q[o + 3 * j + 2];
          near = dx * dx + dy * dy + dz * dz <= this.cutoff2;
        }
        if (!near) {
          const where = state.nBatch > 1 ? ` of configuration ${b}` : "";
          return (
            `fragmentation: atom ${i} (${this.system.symbols[i]})${where} is farther than the potential's ` +
            `cutoff from every other atom, so it feels no force and coasts`
          );
        }
      }
    }
    return undefined;
  }
}
