/**
 * The demo pipeline (`npm run demo`): with the shipped PaiNN model of ethanol,
 *   1. optimise the geometry (FIRE) and do the harmonic analysis (IR and Raman sticks);
 *   2. classical MD: Langevin NVT equilibration, then NVE production recording μ and α every step;
 *   3. TRPMD: PILE-L equilibration, then TRPMD production recording the bead-averaged μ and α;
 *   4. IR of 2 and 3 overlaid on the IR of the GFN2-xTB reference trajectories, Raman of the model with
 *      its harmonic sticks (skipped, with a note, for a model without a polarizability head): PNG + CSV
 *      in the output directory;
 *   5. a summary: matched IR peaks (model vs xtb), the overlap score, the NVE drift and the timings
 *      (printed, and written as summary.txt and summary.json).
 */
import { existsSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Potential } from "../core/potential.ts";
import type { System } from "../core/system.ts";
import { BOHR_IN_ANGSTROM, fs, HARTREE_IN_EV } from "../core/units.ts";
import { ExtxyzWriter, readExtxyz } from "../io/extxyz.ts";
import { frameFromState, stateFromFrames, systemFromFrame } from "../io/frames.ts";
import { fireMinimise } from "../optimize/fire.ts";
import { writeCurvesCsv } from "../plot/csv.ts";
import { normalModes } from "../spectra/normal-modes.ts";
import { readTimeSeries } from "../spectra/read-series.ts";
import { makeTimeSeries, type TimeSeries } from "../spectra/time-series.ts";
import { readKineticEnergies } from "../spectra/uncertainty/index.ts";
import { runClassicalStage } from "./classical-until.ts";
import { untilTarget, type DemoConfig } from "./config.ts";
import { demoSummaryJson } from "./summary-json.ts";
import {
  computeSpectra,
  irCurve,
  REFERENCE_LABEL,
  writeDemoPlots,
  type DemoSpectra,
  type SpectraSettings,
} from "./spectra.ts";
import { trajectoryUnits } from "./trajectory-units.ts";
import type { UntilOutcome } from "./until.ts";
import { Stopwatch } from "./stopwatch.ts";
import { formatSummary } from "./summary.ts";
import { runTrpmd } from "./trpmd.ts";
import type { EnergyDrift } from "../statistics/energy-drift.ts";
import type { NormalModes } from "../spectra/normal-modes.ts";
import { makeState } from "../core/system.ts";

export interface DemoResult {
  spectra: DemoSpectra;
  /** What `until` did (absent without a target). */
  until?: UntilOutcome;
  modes: NormalModes;
  drift: EnergyDrift;
  summary: string;
  files: string[];
}

/** Errors for missing inputs, before any work starts, naming the config field. */
function checkInputs(c: DemoConfig): void {
  if (!existsSync(c.model)) {
    throw new Error(
      `model file not found: ${c.model} (config field 'model'; the shipped model is models/ethanol-painn/model.json.gz)`,
    );
  }
  if (!existsSync(c.structure))
    throw new Error(`structure file not found: ${c.structure} (config field 'structure')`);
  if (c.reference.dipoles.length === 0) {
    throw new Error("reference.dipoles is empty: the demo compares against reference dipole series");
  }
  c.reference.dipoles.forEach((p, i) => {
    if (!existsSync(p))
      throw new Error(`reference dipole file not found: ${p} (config field 'reference.dipoles[${i}]')`);
  });
  const nyquistDt = 1 / (2 * 2.99792458e-5 * c.spectra.max_cm); // fs: the largest time step that resolves max_cm
  for (const [name, dt] of [
    ["classical.timestep_fs", c.classical.timestep_fs],
    ["trpmd.timestep_fs", c.trpmd.timestep_fs],
  ] as const) {
    if (dt > nyquistDt) {
      throw new Error(
        `${name} = ${dt} fs cannot resolve spectra.max_cm = ${c.spectra.max_cm} cm⁻¹ (needs ≤ ${nyquistDt.toFixed(2)} fs)`,
      );
    }
  }
  untilTarget(c); // a bad target is an error before any work
  if (c.spectra.min_cm >= c.spectra.max_cm) {
    throw new Error(
      `spectra.min_cm (${c.spectra.min_cm}) must be below spectra.max_cm (${c.spectra.max_cm})`,
    );
  }
}

async function loadModel(c: DemoConfig, say: (l: string) => void): Promise<Potential> {
  const { loadPainnPotential } = await import("../../potentials/fast/choose-potential.ts");
  if (statSync(c.model).isDirectory()) {
    // a committee (equimd train --committee M): MD on the members' mean, the model band from their spread
    const { loadCommittee } = await import("../../potentials/committee/load-committee.ts");
    let committee;
    try {
      committee = await loadCommittee([c.model], { path: c.path });
    } catch (e) {
      const why = (e as Error).message;
      throw new Error(`cannot load the committee ${c.model} (config field 'model'): ${why}`, { cause: e });
    }
    say(`model ${c.model}: ${committee.name}; MD on the members' mean, model band from their spread`);
    return checkHeads(committee, c, say);
  }
  let chosen;
  try {
    chosen = await loadPainnPotential(c.model, { path: c.path });
  } catch (e) {
    throw new Error(`cannot load the model ${c.model}: ${(e as Error).message}`, { cause: e });
  }
  say(`model ${c.model}: PaiNN on the ${chosen.path} path${chosen.reason ? ` (${chosen.reason})` : ""}`);
  return checkHeads(chosen.potential, c, say);
}

/** The demo needs a dipole head; without a polarizability head it does IR only. */
async function checkHeads(potential: Potential, c: DemoConfig, say: (l: string) => void): Promise<Potential> {
  if (!potential.provides.includes("dipole")) {
    await potential.dispose();
    throw new Error(`model ${c.model} has no dipole head; the demo needs it for the IR spectra`);
  }
  if (!potential.provides.includes("polarizability")) {
    say(`note: model ${c.model} has no polarizability head: IR only, the Raman spectra are skipped`);
  }
  return potential;
}

interface Reference {
  dipoles: TimeSeries[];
  /** Kinetic energy per sample of each file (hartree), when the measured temperature is asked for. */
  kinetic?: Float64Array[];
}

/** Reference dipole series (and kinetic energies, for measured temperatures), trimmed to reference.length_fs. */
async function loadReference(c: DemoConfig): Promise<Reference> {
  const dipoles: TimeSeries[] = [];
  const kinetic: Float64Array[] = [];
  const measured = c.spectra.temperature_source === "measured";
  for (const [i, path] of c.reference.dipoles.entries()) {
    const s = await readTimeSeries(path, { property: "dipole" });
    const n =
      c.reference.length_fs === undefined
        ? s.nSteps
        : Math.min(s.nSteps, Math.round(fs(c.reference.length_fs) / s.dt) + 1);
    dipoles.push(n === s.nSteps ? s : makeTimeSeries(s.values.subarray(0, 3 * n), 3, s.dt, s.meta));
    if (!measured) continue;
    const k = await readKineticEnergies(path);
    if (!k || k.length < n) {
      throw new Error(
        `${path}: spectra.temperature_source measured needs a kinetic_energy column with one value per ` +
          `sample (config field 'reference.dipoles[${i}]')`,
      );
    }
    kinetic.push(k.subarray(0, n));
  }
  return measured ? { dipoles, kinetic } : { dipoles };
}

async function writeStructure(
  path: string,
  system: System,
  positions: Float64Array,
  energy: number,
): Promise<void> {
  const state = makeState(system, positions);
  state.potentialEnergy[0] = energy;
  const w = new ExtxyzWriter(path);
  w.write(frameFromState(system, state));
  w.close();
}

/** The files the demo writes into its output directory (besides the run report). */
export function demoOutputFiles(c: DemoConfig): string[] {
  return [
    "optimised.xyz",
    "normal-modes.csv",
    ...["ir", "ir-normalised", "raman"].flatMap((n) => [`${n}.png`, `${n}.csv`]),
    "summary.txt",
    "summary.json",
  ].map((f) => join(c.output, f));
}

/**
 * Run the whole demo; `say` receives progress lines (stage headers). An abort of `signal` stops the MD
 * after its current step and throws the abort's reason: the files written until then are kept.
 */
export async function runDemo(
  c: DemoConfig,
  say: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  signal?: AbortSignal,
): Promise<DemoResult> {
  checkInputs(c);
  await mkdir(c.output, { recursive: true });
  const watch = new Stopwatch();
  const potential = await watch.time("load model", () => loadModel(c, say));
  try {
    const frames = await readExtxyz(c.structure);
    if (frames.length === 0) throw new Error(`${c.structure}: no structure in the file`);
    const system = systemFromFrame(frames[0]);
    const start = stateFromFrames(system, [frames[0]]).positions;

    // 1. geometry optimisation and harmonic analysis
    const eVPerA = HARTREE_IN_EV / BOHR_IN_ANGSTROM;
    const opt = await watch.time("optimise (FIRE)", () =>
      fireMinimise(potential, system, start, {
        fmax: c.optimise.fmax_eV_per_A / eVPerA,
        maxSteps: c.optimise.max_steps,
      }),
    );
    say(
      `optimised in ${opt.steps} FIRE steps: E = ${(opt.energy * HARTREE_IN_EV).toFixed(4)} eV, ` +
        `max force ${((opt.maxForce * HARTREE_IN_EV) / BOHR_IN_ANGSTROM).toExponential(2)} eV/Å`,
    );
    const optimised = join(c.output, "optimised.xyz");
    await writeStructure(optimised, system, opt.positions, opt.energy);
    const modes = await watch.time("normal modes", () => normalModes(potential, system, opt.positions));
    const modesCsv = join(c.output, "normal-modes.csv");
    await writeCurvesCsv(modesCsv, [
      { name: "wavenumber [cm-1]", values: modes.frequencies },
      { name: "IR intensity [km/mol]", values: modes.irIntensities! },
      ...(modes.ramanActivities
        ? [
            { name: "Raman activity [A^4/amu]", values: modes.ramanActivities },
            { name: "depolarisation ratio", values: modes.depolarisation! },
          ]
        : []),
    ]);

    // 2. classical MD (with `until`: more replicas until the error target or a budget)
    const settings: SpectraSettings = {
      temperatureK: c.temperature_K,
      maxLagFs: c.spectra.max_lag_fs,
      window: c.spectra.window,
      minCm: c.spectra.min_cm,
      maxCm: c.spectra.max_cm,
      matchWindowCm: c.spectra.match_window_cm,
      peakThreshold: c.spectra.peak_threshold,
      blocks: c.spectra.blocks,
      level: c.spectra.level,
      temperatureSource: c.spectra.temperature_source,
      seed: c.seed,
    };
    const reference = await loadReference(c);
    const referenceKinetic = reference.kinetic && {
      perSample: reference.kinetic,
      degreesOfFreedom: 3 * system.nAtoms,
    };
    const target = untilTarget(c);
    const { classical, until } = await watch.time("classical MD (NVT + NVE)", () =>
      runClassicalStage(
        potential,
        system,
        opt.positions,
        {
          replicas: c.classical.replicas,
          timestepFs: c.classical.timestep_fs,
          equilibrationFs: c.classical.equilibration_fs,
          productionFs: c.classical.production_fs,
          thermostatTauFs: c.classical.thermostat_tau_fs,
          temperatureK: c.temperature_K,
          seed: c.seed,
          progress: c.progress,
          signal,
        },
        say,
        target && {
          target,
          budget: { maxReplicas: c.until!.max_replicas, maxWallS: c.until!.max_wall_s },
          spectra: settings,
          reference:
            target.kind === "overlap"
              ? irCurve(
                  trajectoryUnits(
                    reference.dipoles,
                    c.spectra.blocks,
                    c.spectra.max_lag_fs,
                    referenceKinetic,
                  ),
                  "harmonic",
                  REFERENCE_LABEL,
                  settings,
                )
              : undefined,
        },
      ),
    );

    // 3. TRPMD
    const trpmd = c.trpmd.enabled
      ? await watch.time("TRPMD", () =>
          runTrpmd(
            potential,
            system,
            classical.equilibrated,
            {
              beads: c.trpmd.beads,
              timestepFs: c.trpmd.timestep_fs,
              equilibrationFs: c.trpmd.equilibration_fs,
              productionFs: c.trpmd.production_fs,
              centroidTauFs: c.trpmd.centroid_tau_fs,
              temperatureK: c.temperature_K,
              replicas: c.trpmd.replicas,
              seed: c.seed,
              progress: c.progress,
              signal,
            },
            say,
          ),
        )
      : undefined;

    // 4. spectra (with their errors) and plots
    const { spectra, files } = await watch.time("spectra + plots", async () => {
      const spectra = computeSpectra(
        {
          classical: {
            ...classical,
            kinetic: { perSample: classical.kinetic, degreesOfFreedom: 3 * system.nAtoms },
          },
          trpmd: trpmd ? { ...trpmd, beads: c.trpmd.beads } : undefined,
          reference: reference.dipoles,
          referenceKinetic,
          modes,
        },
        settings,
      );
      return { spectra, files: await writeDemoPlots(c.output, spectra, modes, settings) };
    });

    // 5. summary
    const allFiles = [
      optimised,
      modesCsv,
      ...files,
      join(c.output, "summary.txt"),
      join(c.output, "summary.json"),
    ];
    const total = watch.total();
    const summary = formatSummary({
      modes,
      comparison: spectra.comparison,
      comparisonTrpmd: spectra.comparisonTrpmd,
      spectra,
      until,
      drift: classical.drift,
      ramanSkipped: spectra.ramanClassical === undefined,
      optimisation: { steps: opt.steps, maxForceEvPerA: opt.maxForce * eVPerA, converged: opt.converged },
      times: watch.stages,
      total,
      files: allFiles,
    });
    await writeFile(join(c.output, "summary.txt"), `${summary}\n`);
    await writeFile(
      join(c.output, "summary.json"),
      JSON.stringify(
        demoSummaryJson({
          config: c,
          modes,
          spectra,
          drift: classical.drift,
          until,
          times: [...watch.stages, total],
        }),
        null,
        2,
      ),
    );
    return { spectra, until, modes, drift: classical.drift, summary, files: allFiles };
  } finally {
    await potential.dispose();
  }
}
