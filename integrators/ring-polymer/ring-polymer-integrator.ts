/**
 * Ring-polymer molecular dynamics (RPMD, TRPMD, PIMD sampling with PILE thermostats).
 *
 * The P beads are the batch dimension of MDState: positions and momenta are [P][nAtoms][3] in the
 * bead representation, the potential is evaluated on all beads in one batched call, and every bead
 * feels the full physical potential V (no 1/P). The ring-polymer Hamiltonian, in i-PI's convention, is
 *
 *   H_P = Σ_j [p_j²/2m + V(q_j)] + Σ_j ½ m ω_P² |q_j − q_{j+1}|²,   ω_P = P k_B T/ħ,
 *
 * which samples the quantum Boltzmann distribution at T with the beads moving at P·T.
 * One step is a symmetric splitting of B (kick by the bead forces, bead space), A (free ring-polymer
 * propagation, normal modes, free-propagator.ts) and O (thermostat, normal modes):
 *
 *   "baoab":  B(dt/2) A(dt/2) O(dt) A(dt/2) B(dt/2)
 *   "obabo":  O(dt/2) B(dt/2) A(dt) B(dt/2) O(dt/2)
 *
 * (with thermostat "none" both are B(dt/2) A(dt) B(dt/2), i-PI's NVE RPMD step).
 * The conserved quantity is H_P/P plus the heat the thermostat took out (per P), i.e. the
 * "conserved" estimator of estimators.ts; state.thermostatHeat accumulates −ΔK/P of every O step.
 * With contractTo = P' < P the potential is evaluated on a contracted P'-bead ring polymer and the
 * forces (and energies, dipoles, polarizabilities) are expanded back to P beads (contraction.ts).
 */
import type { EnergyEstimate, ForceEvaluator, Integrator, Thermometer } from "../../src/core/integrator.ts";
import { Random, type RandomState } from "../../src/core/random.ts";
import { kineticEnergy, type MDState, type System } from "../../src/core/system.ts";
import { kick } from "../steps.ts";
import { RingPolymerContraction } from "./contraction.ts";
import { ringPolymerEstimates } from "./estimators.ts";
import {
  DEFAULT_MAX_PHYSICAL_FREQUENCY,
  exactPropagatorResonances,
  FreeRingPolymerPropagator,
  resonanceWarning,
  type FreePropagatorKind,
} from "./free-propagator.ts";
import {
  makeNormalModeTransform,
  ringPolymerFrequencies,
  type NormalModeMethod,
  type NormalModeTransform,
} from "./normal-modes.ts";
import { RingPolymerThermostat, type RingPolymerThermostatKind } from "./ring-polymer-thermostat.ts";

export interface RingPolymerOptions {
  /** Time step (atomic time). */
  dt: number;
  /** Number of beads P ≥ 1. */
  beads: number;
  /** Physical temperature k_B·T (hartree); sets ω_P = P k_B T/ħ and the thermostat target. */
  temperature: number;
  /** Free ring-polymer propagator (default "exact"). */
  propagator?: FreePropagatorKind;
  /** Default "none" (NVE RPMD). */
  thermostat?: RingPolymerThermostatKind;
  /** γ_k = 2λω_k for the internal modes; default 1 (pile_l, pile_g) or 1/2 (trpmd). */
  lambda?: number;
  /** Centroid thermostat time constant (atomic time). */
  centroidTau?: number;
  /** Default "baoab". */
  splitting?: "baoab" | "obabo";
  /** Evaluate the potential on P' < P contracted beads. */
  contractTo?: number;
  /** Seed of the thermostat's random numbers (default 0). */
  seed?: number;
  /** Normal-mode transform implementation (default "auto"). */
  normalModes?: NormalModeMethod;
  /** Highest physical frequency expected (atomic units), for the exact propagator's stability check. */
  maxPhysicalFrequency?: number;
  /** Receives warnings (default: process.emitWarning). */
  onWarning?: (message: string) => void;
}

interface SavedState {
  rng: RandomState;
}

function requirePositive(value: number, what: string): void {
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
    throw new Error(`ring polymer: ${what} must be a positive finite number, got ${value}`);
  }
}

export class RingPolymerIntegrator implements Integrator {
  readonly name: string;
  readonly dt: number;
  readonly beads: number;
  readonly temperature: number;
  readonly propagator: FreePropagatorKind;
  readonly splitting: "baoab" | "obabo";
  readonly contractTo: number;
  /** Ring-polymer frequencies ω_k (atomic units). */
  readonly omegas: Float64Array;
  readonly thermostat: RingPolymerThermostat;
  private readonly free: FreeRingPolymerPropagator;
  private readonly transform: NormalModeTransform;
  private readonly contraction: RingPolymerContraction | null;
  private rng: Random;
  /** Whether state.forces were computed by this integrator's (contracted) force rule. */
  private forcesCurrent = false;
  private qModes: Float64Array = new Float64Array(0);
  private pModes: Float64Array = new Float64Array(0);

  constructor(options: RingPolymerOptions) {
    const o = options;
    requirePositive(o.dt, "dt (timestep)");
    if (!Number.isInteger(o.beads) || o.beads < 1) {
      throw new Error(`ring polymer: beads must be an integer ≥ 1, got ${o.beads}`);
    }
    requirePositive(o.temperature, "temperature");
    this.dt = o.dt;
    this.beads = o.beads;
    this.temperature = o.temperature;
    this.propagator = o.propagator ?? "exact";
    this.splitting = o.splitting ?? "baoab";
    if (this.splitting !== "baoab" && this.splitting !== "obabo") {
      throw new Error(`ring polymer: splitting must be "baoab" or "obabo", got "${String(o.splitting)}"`);
    }
    this.contractTo = o.contractTo ?? o.beads;
    this.contraction =
      this.contractTo === o.beads ? null : new RingPolymerContraction(o.beads, this.contractTo);
    this.omegas = ringPolymerFrequencies(o.beads, o.temperature);
    this.transform = makeNormalModeTransform(o.beads, o.normalModes ?? "auto");
    const kind = o.thermostat ?? "none";
    this.thermostat = new RingPolymerThermostat({
      kind,
      omegas: this.omegas,
      beadTemperature: o.beads * o.temperature,
      lambda: o.lambda,
      centroidTau: o.centroidTau,
      h: this.splitting === "baoab" ? o.dt : o.dt / 2,
    });
    // BAOAB splits A into two halves around O; without a thermostat they merge into one A(dt).
    const splitA = this.splitting === "baoab" && this.thermostat.active;
    this.free = new FreeRingPolymerPropagator(this.omegas, splitA ? o.dt / 2 : o.dt, this.propagator);
    this.rng = new Random(o.seed ?? 0);
    this.name = `ring polymer (P = ${o.beads}, ${this.propagator}, ${kind}, ${this.splitting})`;

    if (this.propagator === "exact") {
      const warn = o.onWarning ?? ((m: string) => process.emitWarning(m, "RingPolymerWarning"));
      const found = exactPropagatorResonances(
        this.omegas,
        o.dt,
        o.maxPhysicalFrequency ?? DEFAULT_MAX_PHYSICAL_FREQUENCY,
      );
      if (found.length > 0) warn(resonanceWarning(found, o.dt));
    }
  }

  async step(state: MDState, system: System, evaluate: ForceEvaluator): Promise<void> {
    this.checkState(state, system);
    if (!this.forcesCurrent && this.contraction) await this.computeForces(state, evaluate);
    const h = this.dt / 2;
    if (this.splitting === "baoab") {
      kick(state, h);
      this.toModes(state);
      if (this.thermostat.active) {
        this.free.apply(this.qModes, this.pModes, system.masses);
        this.thermostatModes(state, system);
      }
      this.free.apply(this.qModes, this.pModes, system.masses);
      this.toBeads(state);
      await this.computeForces(state, evaluate);
      kick(state, h);
    } else {
      this.thermostatBeads(state, system);
      kick(state, h);
      this.toModes(state);
      this.free.apply(this.qModes, this.pModes, system.masses);
      this.toBeads(state);
      await this.computeForces(state, evaluate);
      kick(state, h);
      this.thermostatBeads(state, system);
    }
    state.step += 1;
    state.time += this.dt;
  }

  /**
   * Evaluate the forces on the beads, through a contracted ring polymer when contractTo < beads.
   * The step does this itself, and the run loop calls it for the starting forces.
   */
  async computeForces(state: MDState, evaluate: ForceEvaluator): Promise<void> {
    this.forcesCurrent = true;
    if (!this.contraction) {
      await evaluate(state);
      return;
    }
    const c = this.contraction;
    const width = 3 * state.nAtoms;
    const small: MDState = {
      nBatch: c.contractedBeads,
      nAtoms: state.nAtoms,
      step: state.step,
      time: state.time,
      positions: c.contract(state.positions, width),
      momenta: c.contract(state.momenta, width),
      forces: new Float64Array(c.contractedBeads * width),
      potentialEnergy: new Float64Array(c.contractedBeads),
      thermostatHeat: state.thermostatHeat,
    };
    await evaluate(small);
    c.expand(small.forces, width, state.forces);
    c.expand(small.potentialEnergy, 1, state.potentialEnergy);
    if (small.dipole) state.dipole = c.expand(small.dipole, 3);
    if (small.polarizability) state.polarizability = c.expand(small.polarizability, 9);
  }

  conservedQuantity(state: Readonly<MDState>, system: System): number {
    return ringPolymerEstimates(state, system, this.temperature).conserved;
  }

  /** i-PI's estimators (estimators.ts): potential, kinetic_md, kinetic_prim, kinetic_cv, spring. */
  energyEstimates(state: Readonly<MDState>, system: System): EnergyEstimate[] {
    const r = ringPolymerEstimates(state, system, this.temperature);
    return [
      { name: "potential", value: r.potential },
      { name: "kinetic_md", value: r.kineticMd },
      { name: "kinetic_prim", value: r.kineticPrimitive },
      { name: "kinetic_cv", value: r.kineticCentroidVirial },
      { name: "spring", value: r.spring },
    ];
  }

  /**
   * The beads move at P·T: the kinetic energy per bead over nDof + 3N(P − 1) degrees of freedom reads
   * the physical T (i-PI's convention; nDof = 3N − 3 when the centroid's momentum is removed and kept).
   */
  thermometer(state: Readonly<MDState>, system: System, nDof: number): Thermometer {
    return {
      kinetic: kineticEnergy(system, state.momenta) / state.nBatch,
      degreesOfFreedom: nDof + 3 * system.nAtoms * (state.nBatch - 1),
    };
  }

  saveState(): SavedState {
    return { rng: this.rng.getState() };
  }

  loadState(saved: unknown): void {
    const s = saved as Partial<SavedState> | null;
    if (!s || typeof s !== "object" || !s.rng || !Array.isArray(s.rng.generator)) {
      throw new Error("ring polymer: saved integrator state must be { rng: { generator: number[], spare } }");
    }
    this.rng = Random.fromState(s.rng);
    this.forcesCurrent = false;
  }

  private checkState(state: MDState, system: System): void {
    if (state.nBatch !== this.beads) {
      throw new Error(
        `ring polymer: the state holds ${state.nBatch} configuration(s) but the ring polymer has ${this.beads} ` +
          `beads; start from a classical structure with expandToBeads(state, ${this.beads}, …)`,
      );
    }
    if (state.nAtoms !== system.nAtoms) {
      throw new Error(`ring polymer: state has ${state.nAtoms} atoms, system has ${system.nAtoms}`);
    }
    const size = state.positions.length;
    if (this.qModes.length !== size) {
      this.qModes = new Float64Array(size);
      this.pModes = new Float64Array(size);
    }
  }

  private toModes(state: MDState): void {
    const width = 3 * state.nAtoms;
    this.transform.toNormalModes(state.positions, this.qModes, width);
    this.transform.toNormalModes(state.momenta, this.pModes, width);
  }

  private toBeads(state: MDState): void {
    const width = 3 * state.nAtoms;
    this.transform.toBeads(this.qModes, state.positions, width);
    this.transform.toBeads(this.pModes, state.momenta, width);
  }

  /** O on the normal-mode momenta already in this.pModes; books the heat. */
  private thermostatModes(state: MDState, system: System): void {
    const dK = this.thermostat.apply(this.pModes, system.masses, this.rng);
    state.thermostatHeat -= dK / this.beads;
  }

  /** O on the bead momenta of `state` (transform there and back). */
  private thermostatBeads(state: MDState, system: System): void {
    if (!this.thermostat.active) return;
    const width = 3 * state.nAtoms;
    this.transform.toNormalModes(state.momenta, this.pModes, width);
    this.thermostatModes(state, system);
    this.transform.toBeads(this.pModes, state.momenta, width);
  }
}
