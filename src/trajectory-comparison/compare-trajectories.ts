/**
 * The whole comparison in one call, as `equimd compare-trajectories` runs it: errors of the model along
 * the reference, distributions of a model run against the reference, divergence from shared initial
 * conditions, and the IR spectra of both runs when both carry dipoles. Parts that cannot be done with
 * the data given (no model run, no velocities, no dipoles) are skipped with a note in the results;
 * parts that were asked for explicitly and cannot be done are errors.
 */
import type { Potential } from "../core/potential.ts";
import type { FrameUnits } from "../io/frames.ts";
import { compareDistributions, kineticTemperatures } from "./distributions.ts";
import { divergenceFromReference, type DivergenceOptions } from "./divergence-from-reference.ts";
import { errorsAlongReference, type ErrorsAlongReferenceOptions } from "./errors-along-reference.ts";
import type { InternalCoordinate } from "./internal-coordinates.ts";
import { compareIrSpectra } from "./ir-comparison.ts";
import type { ComparisonResults } from "./report.ts";
import { checkSameAtoms } from "./same-atoms.ts";
import { readTrajectory, type Trajectory } from "./trajectory.ts";

export interface CompareTrajectoriesOptions {
  reference: string;
  /** A trajectory run with the model (extxyz), for distributions and spectra. */
  run?: string;
  /** Keep every k-th reference frame (default 1). */
  every?: number;
  /** Units of both files (default ASE's). */
  fileUnits?: Partial<FrameUnits>;
  errors?: Omit<ErrorsAlongReferenceOptions, "onProgress">;
  /** Run the divergence test with these options (undefined: not run). */
  divergence?: DivergenceOptions;
  distributions?: {
    coordinates?: (trajectory: Trajectory) => InternalCoordinate[];
    bondScale?: number;
    nBins?: number;
    nDof?: number;
  };
  /** IR spectra: temperature k_B·T (hartree; default the reference's mean kinetic temperature). */
  ir?: { temperature?: number; resolution?: number; enabled?: boolean };
  /** Progress messages (one line each). */
  log?: (line: string) => void;
}

/** Run every comparison the inputs allow; returns the results for report.ts. */
export async function compareTrajectories(
  potential: Potential,
  options: CompareTrajectoriesOptions,
): Promise<{ results: ComparisonResults; reference: Trajectory; run?: Trajectory }> {
  const log = options.log ?? (() => {});
  const every = options.every ?? 1;
  const reference = await readTrajectory(options.reference, { every, units: options.fileUnits });
  log(`read ${reference.nFrames} frames of ${reference.source}`);
  const run = options.run ? await readTrajectory(options.run, { units: options.fileUnits }) : undefined;
  if (run) {
    checkSameAtoms(
      { source: reference.source, symbols: reference.system.symbols },
      { source: run.source, symbols: run.system.symbols },
    );
    log(`read ${run.nFrames} frames of ${run.source}`);
  }
  const results: ComparisonResults = {
    model: potential.name,
    reference: { source: reference.source, nFrames: reference.nFrames, every },
    run: run ? { source: run.source, nFrames: run.nFrames } : undefined,
    notes: [],
  };

  const labelled = ["energy", "forces", "dipole", "polarizability"].some(
    (p) => reference[p as "energy"] !== undefined,
  );
  if (labelled || options.errors?.properties) {
    results.errors = await errorsAlongReference(reference, potential, {
      ...options.errors,
      onProgress: (done, total) => {
        if (done === total) log(`re-evaluated ${total} reference frames`);
      },
    });
  } else {
    results.notes.push(
      `errors along the reference: ${reference.source} carries no energy, forces, dipole or polarizability`,
    );
  }

  if (run) {
    const d = options.distributions ?? {};
    results.distributions = compareDistributions(reference, run, {
      coordinates: d.coordinates?.(reference),
      bondScale: d.bondScale,
      nBins: d.nBins,
      nDof: d.nDof,
      energyOffset: results.errors?.energy?.offset ?? 0,
    });
    if (results.errors?.energy === undefined) {
      results.notes.push(
        "potential energy distribution: no energy offset known (no reference energies); raw energies compared",
      );
    }
  } else {
    results.notes.push("distributions and IR spectra: no model run given (--run model.extxyz)");
  }

  if (options.divergence) {
    log("divergence test: model MD from reference frames");
    results.divergence = await divergenceFromReference(reference, potential, options.divergence);
  } else {
    results.notes.push(
      "divergence from shared initial conditions: not run (give --divergence-starts or --divergence-steps)",
    );
  }

  const ir = options.ir ?? {};
  if (run && ir.enabled !== false) {
    if (reference.dipole && run.dipole) {
      try {
        const temperature = ir.temperature ?? meanTemperature(reference);
        if (temperature === undefined)
          throw new Error("no temperature: give --temperature (the reference has no velocities)");
        results.ir = compareIrSpectra(reference, run, { temperature, resolution: ir.resolution });
      } catch (e) {
        results.notes.push(`IR spectra: not computed: ${(e as Error).message}`);
      }
    } else {
      const which = reference.dipole ? run : reference;
      results.notes.push(`IR spectra: ${which.source} frame ${which.firstMissing.dipole} has no dipole`);
    }
  }
  return { results, reference, run };
}

function meanTemperature(t: Trajectory): number | undefined {
  if (!t.momenta) return undefined;
  const T = kineticTemperatures(t);
  return T.reduce((a, x) => a + x, 0) / T.length;
}
