/**
 * Errors of a model along a reference trajectory: every frame read (the reading may keep every k-th
 * frame) is re-evaluated with the model, several frames per compute call, and compared with the
 * reference's energy, forces, dipole and polarizability:
 *
 * - energy: e_f = E_model − E_ref per frame, raw and with the mean offset ⟨e⟩ removed (a model and a
 *   reference may differ by a constant, e.g. atomic reference energies); also per atom (e_f / N);
 * - forces: every Cartesian component of every atom (per frame: MAE, RMSE, max; in total; per element);
 * - dipole (3 components) and polarizability (9 components): per frame and in total.
 *
 * Frames where the model extrapolates show up as outliers; the worst frames are listed with their
 * frame numbers in the file. Everything is in atomic units here; report.ts converts to user units.
 */
import type { Potential, Property } from "../core/potential.ts";
import { ErrorAccumulator, errorStats, type ErrorStats } from "../statistics/error-statistics.ts";
import { requireProperty, type Trajectory } from "./trajectory.ts";

export type ErrorProperty = "energy" | "forces" | "dipole" | "polarizability";

export interface ErrorsAlongReferenceOptions {
  /**
   * Properties to compare. Default: energy and forces if the reference carries them, dipole and
   * polarizability if the reference carries them and the model provides them. A property named here
   * that the reference or the model lacks is an error.
   */
  properties?: readonly ErrorProperty[];
  /** Frames per compute call (default 16). */
  batchSize?: number;
  /** How many of the worst frames to list (default 10). */
  worst?: number;
  /** Called after each batch with the number of frames done (progress bars). */
  onProgress?: (done: number, total: number) => void;
}

export interface EnergyErrors {
  /** [nFrames] hartree. */
  model: Float64Array;
  reference: Float64Array;
  /** model − reference, [nFrames] hartree. */
  error: Float64Array;
  /** Mean of `error`: the constant by which model and reference differ on average (hartree). */
  offset: number;
  raw: ErrorStats;
  offsetRemoved: ErrorStats;
  /** Errors divided by the number of atoms (hartree per atom). */
  perAtom: ErrorStats;
  perAtomOffsetRemoved: ErrorStats;
}

/** Errors of a quantity with several components per frame (forces, dipole, polarizability). */
export interface ComponentErrors {
  /** Per frame over the components of that frame. */
  frameMae: Float64Array;
  frameRmse: Float64Array;
  frameMax: Float64Array;
  /** Over all components of all frames. */
  total: ErrorStats;
}

export interface ForceErrors extends ComponentErrors {
  /** Over the components of the atoms of each element, keyed by element symbol. */
  perElement: Record<string, ErrorStats>;
}

/** One of the frames with the largest errors. */
export interface WorstFrame {
  /** Index in the trajectory as read. */
  index: number;
  /** 0-based frame number in the file. */
  frame: number;
  /** Atomic time, if the frames carry it. */
  time?: number;
  /** Offset-removed energy error, hartree. */
  energyError?: number;
  forceRmse?: number;
  forceMax?: number;
  dipoleRmse?: number;
  polarizabilityRmse?: number;
}

export interface ErrorsAlongReference {
  source: string;
  model: string;
  nAtoms: number;
  nFrames: number;
  frameNumbers: Int32Array;
  time?: Float64Array;
  energy?: EnergyErrors;
  forces?: ForceErrors;
  dipole?: ComponentErrors;
  polarizability?: ComponentErrors;
  /** The worst frames, largest first, ranked by `rankedBy`. */
  worst: WorstFrame[];
  rankedBy: "force RMSE" | "energy error" | "dipole RMSE" | "polarizability RMSE";
}

/** Default and checked list of properties to compare. */
function chooseProperties(
  reference: Trajectory,
  potential: Potential,
  asked: readonly ErrorProperty[] | undefined,
): ErrorProperty[] {
  const provided = (p: ErrorProperty) => p === "energy" || p === "forces" || potential.provides.includes(p);
  if (asked === undefined) {
    const all: ErrorProperty[] = ["energy", "forces", "dipole", "polarizability"];
    const chosen = all.filter((p) => reference[p] !== undefined && provided(p));
    if (chosen.length === 0) {
      throw new Error(
        `${reference.source}: the frames carry none of energy, forces, dipole, polarizability that ` +
          `model '${potential.name}' provides (${potential.provides.join(", ")}); nothing to compare`,
      );
    }
    return chosen;
  }
  for (const p of asked) {
    if (!provided(p)) {
      throw new Error(
        `model '${potential.name}' does not provide ${p} (it provides ${potential.provides.join(", ")}); ` +
          `cannot compare ${p} errors`,
      );
    }
    requireProperty(reference, p, `${p === "forces" ? "force" : p} errors`);
  }
  return [...new Set(asked)];
}

class ComponentAccumulator {
  readonly frameMae: Float64Array;
  readonly frameRmse: Float64Array;
  readonly frameMax: Float64Array;
  readonly total = new ErrorAccumulator();

  constructor(nFrames: number) {
    this.frameMae = new Float64Array(nFrames);
    this.frameRmse = new Float64Array(nFrames);
    this.frameMax = new Float64Array(nFrames);
  }

  /** Errors of frame f: model[k] − reference[k] for the `width` components. */
  addFrame(f: number, model: Float64Array, mOffset: number, reference: Float64Array, width: number): void {
    const acc = new ErrorAccumulator();
    const rOffset = f * width;
    for (let k = 0; k < width; k++) {
      const e = model[mOffset + k] - reference[rOffset + k];
      acc.add(e);
      this.total.add(e);
    }
    const s = acc.stats();
    this.frameMae[f] = s.mae;
    this.frameRmse[f] = s.rmse;
    this.frameMax[f] = s.max;
  }

  result(): ComponentErrors {
    return {
      frameMae: this.frameMae,
      frameRmse: this.frameRmse,
      frameMax: this.frameMax,
      total: this.total.stats(),
    };
  }
}

/** Re-evaluate the frames of `reference` with `potential` and collect the errors (atomic units). */
export async function errorsAlongReference(
  reference: Trajectory,
  potential: Potential,
  options: ErrorsAlongReferenceOptions = {},
): Promise<ErrorsAlongReference> {
  const properties = chooseProperties(reference, potential, options.properties);
  const batchSize = options.batchSize ?? 16;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  }
  const { system, nFrames } = reference;
  const n = system.nAtoms;
  const n3 = 3 * n;
  const want: Property[] = properties.filter((p) => p === "dipole" || p === "polarizability");
  const modelEnergy = new Float64Array(nFrames);
  const forces = properties.includes("forces") ? new ComponentAccumulator(nFrames) : undefined;
  const elementAcc = new Map<string, ErrorAccumulator>();
  const dipole = properties.includes("dipole") ? new ComponentAccumulator(nFrames) : undefined;
  const alpha = properties.includes("polarizability") ? new ComponentAccumulator(nFrames) : undefined;
  const refForces = forces ? requireProperty(reference, "forces", "force errors") : undefined;
  const refDipole = dipole ? requireProperty(reference, "dipole", "dipole errors") : undefined;
  const refAlpha = alpha ? requireProperty(reference, "polarizability", "polarizability errors") : undefined;

  for (let start = 0; start < nFrames; start += batchSize) {
    const nb = Math.min(batchSize, nFrames - start);
    const positions = reference.positions.subarray(start * n3, (start + nb) * n3);
    const out = await potential.compute(system, positions, nb, want);
    if (out.energy.length !== nb || out.forces.length !== nb * n3) {
      throw new Error(
        `model '${potential.name}' returned ${out.energy.length} energies and ${out.forces.length} force values ` +
          `for ${nb} frames of ${n} atoms`,
      );
    }
    for (const p of want) {
      if (out[p] === undefined)
        throw new Error(`model '${potential.name}' returned no ${p} although asked for it`);
    }
    for (let b = 0; b < nb; b++) {
      const f = start + b;
      modelEnergy[f] = out.energy[b];
      if (forces && refForces) {
        forces.addFrame(f, out.forces, b * n3, refForces, n3);
        for (let a = 0; a < n; a++) {
          const s = system.symbols[a];
          if (!elementAcc.has(s)) elementAcc.set(s, new ErrorAccumulator());
          const acc = elementAcc.get(s)!;
          for (let x = 0; x < 3; x++) acc.add(out.forces[b * n3 + 3 * a + x] - refForces[f * n3 + 3 * a + x]);
        }
      }
      if (dipole && refDipole) dipole.addFrame(f, out.dipole!, 3 * b, refDipole, 3);
      if (alpha && refAlpha) alpha.addFrame(f, out.polarizability!, 9 * b, refAlpha, 9);
    }
    options.onProgress?.(start + nb, nFrames);
  }

  const result: ErrorsAlongReference = {
    source: reference.source,
    model: potential.name,
    nAtoms: n,
    nFrames,
    frameNumbers: reference.frameNumbers,
    time: reference.time,
    worst: [],
    rankedBy: "force RMSE",
  };
  if (properties.includes("energy")) {
    const ref = requireProperty(reference, "energy", "energy errors");
    const error = Float64Array.from(modelEnergy, (e, f) => e - ref[f]);
    const offset = error.reduce((s, e) => s + e, 0) / nFrames;
    const centred = Float64Array.from(error, (e) => e - offset);
    result.energy = {
      model: modelEnergy,
      reference: ref,
      error,
      offset,
      raw: errorStats(error),
      offsetRemoved: errorStats(centred),
      perAtom: errorStats(error.map((e) => e / n)),
      perAtomOffsetRemoved: errorStats(centred.map((e) => e / n)),
    };
  }
  if (forces) {
    const perElement: Record<string, ErrorStats> = {};
    for (const [s, acc] of elementAcc) perElement[s] = acc.stats();
    result.forces = { ...forces.result(), perElement };
  }
  if (dipole) result.dipole = dipole.result();
  if (alpha) result.polarizability = alpha.result();
  rankWorst(result, options.worst ?? 10);
  return result;
}

/** Fill result.worst: frames sorted by the first available of force RMSE, |energy error|, dipole, α. */
function rankWorst(result: ErrorsAlongReference, count: number): void {
  const e = result.energy;
  let key: (f: number) => number;
  if (result.forces) {
    const r = result.forces.frameRmse;
    key = (f) => r[f];
    result.rankedBy = "force RMSE";
  } else if (e) {
    key = (f) => Math.abs(e.error[f] - e.offset);
    result.rankedBy = "energy error";
  } else if (result.dipole) {
    const r = result.dipole.frameRmse;
    key = (f) => r[f];
    result.rankedBy = "dipole RMSE";
  } else {
    const r = result.polarizability!.frameRmse;
    key = (f) => r[f];
    result.rankedBy = "polarizability RMSE";
  }
  const order = Array.from({ length: result.nFrames }, (_, f) => f);
  // NaN errors (a broken model) rank first.
  order.sort((a, b) => (Number.isNaN(key(b)) ? 1 : 0) - (Number.isNaN(key(a)) ? 1 : 0) || key(b) - key(a));
  result.worst = order.slice(0, Math.max(0, count)).map((f) => ({
    index: f,
    frame: result.frameNumbers[f],
    time: result.time?.[f],
    energyError: e ? e.error[f] - e.offset : undefined,
    forceRmse: result.forces?.frameRmse[f],
    forceMax: result.forces?.frameMax[f],
    dipoleRmse: result.dipole?.frameRmse[f],
    polarizabilityRmse: result.polarizability?.frameRmse[f],
  }));
}
