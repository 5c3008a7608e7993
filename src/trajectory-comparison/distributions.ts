/**
 * Distributions of a model run and a reference run, compared on common grids: bond lengths, angles
 * and dihedrals (from the bonded topology of the reference's first frame, or named by the user), the
 * potential energy and the kinetic temperature. For each: both histograms, the Jensen–Shannon
 * divergence (bits), the overlap coefficient, and the means and standard deviations.
 *
 * Potential energy: a model and a reference may differ by a constant (atomic reference energies), which
 * would make the two energy distributions disjoint for no physical reason; `energyOffset` (hartree, e.g.
 * the mean offset found along the reference by errors-along-reference.ts) is subtracted from the model's
 * energies first. Kinetic temperature per frame: k_B·T = 2K / N_dof, N_dof = 3N unless given (use
 * 3N − 3 or 3N − 6 when centre-of-mass motion or rotation are removed; the same for both runs).
 * A quantity that either run lacks (energies, velocities) is skipped with a note, not an error.
 */
import { kineticEnergy } from "../core/system.ts";
import { jensenShannonDivergence, overlapCoefficient } from "./divergence.ts";
import { histogramsOnCommonGrid, type Histogram } from "./histograms.ts";
import {
  coordinatesOfTopology,
  internalCoordinateSeries,
  type InternalCoordinate,
} from "./internal-coordinates.ts";
import { checkSameAtoms } from "./same-atoms.ts";
import { findTopology } from "./topology.ts";
import { frameSlice, type Trajectory } from "./trajectory.ts";

/** What a distribution is of; decides its unit: bohr, radian, hartree, hartree (k_B·T). */
export type DistributionKind = "bond" | "angle" | "dihedral" | "energy" | "temperature";

export interface DistributionComparison {
  /** E.g. "O0-H1", "potential energy", "kinetic temperature". */
  name: string;
  kind: DistributionKind;
  reference: Histogram;
  model: Histogram;
  /** Jensen–Shannon divergence in bits, [0, 1]. */
  jensenShannon: number;
  /** Overlap coefficient, [0, 1]. */
  overlap: number;
  referenceMean: number;
  referenceStd: number;
  modelMean: number;
  modelStd: number;
}

export interface DistributionOptions {
  /** Internal coordinates to compare; default: all bonds, angles, dihedrals of the reference's topology. */
  coordinates?: readonly InternalCoordinate[];
  /** Bond criterion scale factor (topology.ts; default 1.2). */
  bondScale?: number;
  /** Bins per histogram (default 50). */
  nBins?: number;
  /** Hartree, subtracted from the model's potential energies (default 0). */
  energyOffset?: number;
  /** Degrees of freedom for the kinetic temperature (default 3N). */
  nDof?: number;
}

export interface DistributionsResult {
  coordinates: InternalCoordinate[];
  distributions: DistributionComparison[];
  /** Quantities skipped and why. */
  notes: string[];
}

function meanStd(x: ArrayLike<number>, periodic: boolean): { mean: number; std: number } {
  const n = x.length;
  if (periodic) {
    // Circular mean and standard deviation sqrt(−2 ln R) of angles.
    let c = 0;
    let s = 0;
    for (let i = 0; i < n; i++) {
      c += Math.cos(x[i]);
      s += Math.sin(x[i]);
    }
    const R = Math.min(1, Math.hypot(c, s) / n);
    return { mean: Math.atan2(s, c), std: Math.sqrt(-2 * Math.log(Math.max(R, 1e-300))) };
  }
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i];
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (x[i] - m) ** 2;
  return { mean: m, std: n > 1 ? Math.sqrt(v / (n - 1)) : 0 };
}

/** Compare one quantity sampled in both runs. */
export function compareSamples(
  name: string,
  kind: DistributionKind,
  reference: ArrayLike<number>,
  model: ArrayLike<number>,
  nBins: number,
): DistributionComparison {
  const periodic = kind === "dihedral";
  const [h1, h2] = histogramsOnCommonGrid([reference, model], {
    nBins,
    periodic: periodic ? { lo: -Math.PI, period: 2 * Math.PI } : undefined,
  });
  const a = meanStd(reference, periodic);
  const b = meanStd(model, periodic);
  return {
    name,
    kind,
    reference: h1,
    model: h2,
    jensenShannon: jensenShannonDivergence(h1.probability, h2.probability),
    overlap: overlapCoefficient(h1.probability, h2.probability),
    referenceMean: a.mean,
    referenceStd: a.std,
    modelMean: b.mean,
    modelStd: b.std,
  };
}

/** Kinetic temperature k_B·T = 2K/N_dof of every frame (hartree). */
export function kineticTemperatures(trajectory: Trajectory, nDof?: number): Float64Array {
  const { system } = trajectory;
  const f = nDof ?? 3 * system.nAtoms;
  if (!Number.isInteger(f) || f < 1 || f > 3 * system.nAtoms) {
    throw new Error(
      `kinetic temperature: degrees of freedom must be an integer in 1..${3 * system.nAtoms}, got ${f}`,
    );
  }
  return Float64Array.from(
    { length: trajectory.nFrames },
    (_, k) => (2 * kineticEnergy(system, frameSlice(trajectory.momenta!, system.nAtoms, k))) / f,
  );
}

/** Distributions of the reference and the model run, compared quantity by quantity. */
export function compareDistributions(
  reference: Trajectory,
  model: Trajectory,
  options: DistributionOptions = {},
): DistributionsResult {
  checkSameAtoms(
    { source: reference.source, symbols: reference.system.symbols },
    { source: model.source, symbols: model.system.symbols },
  );
  const nBins = options.nBins ?? 50;
  const { system } = reference;
  const coordinates = options.coordinates
    ? [...options.coordinates]
    : coordinatesOfTopology(system, findTopology(system, reference.positions, { scale: options.bondScale }));
  const notes: string[] = [];
  if (coordinates.length === 0) {
    notes.push(
      `no bonds found in ${reference.source} frame ${reference.frameNumbers[0]} (bond scale ${options.bondScale ?? 1.2})`,
    );
  }
  const refSeries = internalCoordinateSeries(coordinates, reference.positions, system.nAtoms);
  const modelSeries = internalCoordinateSeries(coordinates, model.positions, system.nAtoms);
  const distributions = coordinates.map((c, i) =>
    compareSamples(c.label, c.kind, refSeries[i], modelSeries[i], nBins),
  );
  if (reference.energy && model.energy) {
    const offset = options.energyOffset ?? 0;
    distributions.push(
      compareSamples(
        "potential energy",
        "energy",
        reference.energy,
        model.energy.map((e) => e - offset),
        nBins,
      ),
    );
  } else {
    const which = reference.energy ? model : reference;
    notes.push(`potential energy: ${which.source} frame ${which.firstMissing.energy} has no 'energy'`);
  }
  if (reference.momenta && model.momenta) {
    distributions.push(
      compareSamples(
        "kinetic temperature",
        "temperature",
        kineticTemperatures(reference, options.nDof),
        kineticTemperatures(model, options.nDof),
        nBins,
      ),
    );
  } else {
    const which = reference.momenta ? model : reference;
    notes.push(
      `kinetic temperature: ${which.source} frame ${which.firstMissing.momenta} has no velocities or momenta`,
    );
  }
  return { coordinates, distributions, notes };
}
