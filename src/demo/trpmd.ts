/**
 * The demo's ring-polymer run: a P-bead ring polymer is started from an equilibrated classical
 * configuration (all beads at its geometry, bead momenta thermal at P·T), equilibrated with PILE-L
 * (internal modes critically damped, centroid Langevin), then propagated with TRPMD (internal modes
 * λ = 1/2, free centroid) while the bead-averaged dipole and polarizability of every step are
 * recorded. Their correlation functions are Kubo-transformed ones: the spectra need no quantum
 * correction factor (docs/rpmd.md, docs/spectra.md).
 */
import type { Potential } from "../core/potential.ts";
import { Random } from "../core/random.ts";
import { makeState, type MDState, type System } from "../core/system.ts";
import { fs, kelvin } from "../core/units.ts";
import { expandToBeads } from "../../integrators/ring-polymer/expand-to-beads.ts";
import { RingPolymerIntegrator } from "../../integrators/ring-polymer/ring-polymer-integrator.ts";
import { ProgressBar } from "../observers/progress-bar.ts";
import { PropertyRecorder } from "../observers/property-recorder.ts";
import { run } from "../simulation/index.ts";
import type { TimeSeries } from "../spectra/time-series.ts";

export interface TrpmdSettings {
  beads: number;
  timestepFs: number;
  equilibrationFs: number;
  productionFs: number;
  centroidTauFs: number;
  temperatureK: number;
  replicas: number;
  seed: number;
  progress: boolean;
  /** Stops the MD after the current step when aborted (then throws the abort's reason). */
  signal?: AbortSignal;
}

export interface TrpmdResult {
  /** Bead-averaged dipole series (e·bohr), one per ring polymer. */
  dipoles: TimeSeries[];
  /** Bead-averaged polarizability series (bohr³), one per ring polymer. */
  polarizabilities: TimeSeries[];
  /** Force evaluations of P beads taken (all ring polymers, equilibration + production). */
  steps: number;
}

/** Replica `r` of a batched classical state as a one-configuration state. */
function replica(system: System, state: Readonly<MDState>, r: number): MDState {
  const w = 3 * state.nAtoms;
  const s = makeState(system, state.positions.subarray(r * w, (r + 1) * w));
  s.momenta.set(state.momenta.subarray(r * w, (r + 1) * w));
  return s;
}

/** Run `replicas` ring polymers, each started from replica r (cyclically) of `start`. */
export async function runTrpmd(
  potential: Potential,
  system: System,
  start: Readonly<MDState>,
  s: TrpmdSettings,
  say: (line: string) => void,
): Promise<TrpmdResult> {
  const dt = fs(s.timestepFs);
  const temperature = kelvin(s.temperatureK);
  const eqSteps = s.equilibrationFs > 0 ? Math.max(1, Math.round(s.equilibrationFs / s.timestepFs)) : 0;
  const prodSteps = Math.max(1, Math.round(s.productionFs / s.timestepFs));
  const dipoles: TimeSeries[] = [];
  const polarizabilities: TimeSeries[] = [];
  for (let r = 0; r < s.replicas; r++) {
    const rng = new Random(s.seed + 100 + r);
    const classical = replica(system, start, r % start.nBatch);
    const state = expandToBeads(classical, s.beads, { system, temperature, rng });
    const common = {
      dt,
      beads: s.beads,
      temperature,
      seed: s.seed + 200 + r,
      onWarning: (m: string) => say(`warning: ${m}`),
    };
    const tag = s.replicas > 1 ? ` ${r + 1}/${s.replicas}` : "";
    if (eqSteps > 0) {
      say(`TRPMD${tag}: PILE-L equilibration, ${s.beads} beads × ${eqSteps} steps of ${s.timestepFs} fs`);
      const pile = new RingPolymerIntegrator({
        ...common,
        thermostat: "pile_l",
        centroidTau: fs(s.centroidTauFs),
      });
      await run(system, potential, state, pile, {
        signal: s.signal,
        steps: eqSteps,
        observers: s.progress ? [new ProgressBar({ startStep: 0, endStep: eqSteps })] : [],
      });
      s.signal?.throwIfAborted();
    }
    say(`TRPMD${tag}: production, ${s.beads} beads × ${prodSteps} steps of ${s.timestepFs} fs`);
    state.step = 0;
    state.time = 0;
    // the bead average: the RPMD estimator of a linear property
    const recorded = (["dipole", "polarizability"] as const).filter((p) => potential.provides.includes(p));
    const recorder = new PropertyRecorder({ every: 1, quantities: [...recorded] });
    await run(system, potential, state, new RingPolymerIntegrator({ ...common, thermostat: "trpmd" }), {
      signal: s.signal,
      steps: prodSteps,
      want: [...recorded],
      observers: [recorder, ...(s.progress ? [new ProgressBar({ startStep: 0, endStep: prodSteps })] : [])],
      initialForces: true,
    });
    s.signal?.throwIfAborted();
    dipoles.push(recorder.timeSeries("dipole", `TRPMD ring polymer ${r} 0`));
    if (recorded.includes("polarizability")) {
      polarizabilities.push(recorder.timeSeries("polarizability", `TRPMD ring polymer ${r} 0`));
    }
  }
  return { dipoles, polarizabilities, steps: s.replicas * (eqSteps + prodSteps) };
}
