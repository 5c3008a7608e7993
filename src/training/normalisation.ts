/**
 * Normalisation of the energy target, fitted on the training split before training starts.
 *
 *   E(R) ≈ Σ_i e_ref(Z_i) + scale · Σ_i y_i(R)
 *
 * where y_i is the network's per-atom output (order one). The per-element reference energies e_ref are the
 * least-squares fit of the frame energies to the element counts, E_m ≈ Σ_Z n_mZ e_ref(Z); the solution
 * of minimum norm is taken (x = (AᵀA)⁺ Aᵀb), which stays defined when all frames have the same
 * composition (MD17: one molecule), where only Σ_Z n_Z e_ref(Z) is determined. The energy scale is
 * either the RMS of the force components (hartree/bohr × 1 bohr, the NequIP convention, preferred when
 * forces are trained) or the standard deviation of the per-atom residual energy (E − Σ e_ref)/N.
 */
import { multiply, pinv } from "mathjs";
import type { TrainingFrame } from "./dataset.ts";

export interface Normalisation {
  /** Atomic numbers with a reference energy, ascending. */
  elements: number[];
  /** Reference energy per element (hartree), same order as `elements`. */
  referenceEnergies: number[];
  /** Energy scale (hartree). */
  scale: number;
  /** Which statistic set the scale. */
  scaleFrom: "force-rms" | "energy-std" | "fixed";
}

/** All atomic numbers in the frames, ascending. */
export function elementsOf(frames: readonly TrainingFrame[]): number[] {
  const s = new Set<number>();
  for (const f of frames) for (const z of f.numbers) s.add(z);
  return [...s].sort((a, b) => a - b);
}

/** Least-squares per-element reference energies (hartree) of the frames that have an energy; 0 without any. */
export function fitReferenceEnergies(
  frames: readonly TrainingFrame[],
  elements: readonly number[],
): number[] {
  const k = elements.length;
  const col = new Map(elements.map((z, i) => [z, i]));
  const ata = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const atb = new Array<number>(k).fill(0);
  let any = false;
  for (const f of frames) {
    if (f.energy === undefined) continue;
    any = true;
    const counts = new Array<number>(k).fill(0);
    for (const z of f.numbers) {
      const c = col.get(z);
      if (c === undefined) throw new Error(`${f.origin}: element Z=${z} is not in the element list`);
      counts[c] += 1;
    }
    for (let i = 0; i < k; i++) {
      atb[i] += counts[i] * f.energy;
      for (let j = 0; j < k; j++) ata[i][j] += counts[i] * counts[j];
    }
  }
  if (!any) return new Array<number>(k).fill(0);
  return multiply(pinv(ata), atb) as number[];
}

/** Energy of the reference atoms of a frame (hartree). */
export function referenceEnergy(frame: TrainingFrame, norm: Normalisation): number {
  let e = 0;
  for (const z of frame.numbers) {
    const i = norm.elements.indexOf(z);
    if (i < 0)
      throw new Error(`${frame.origin}: element Z=${z} has no reference energy (not in the training data)`);
    e += norm.referenceEnergies[i];
  }
  return e;
}

/**
 * Fit the normalisation on (training) frames. `scaleFrom` 'auto' takes the force RMS when forces are
 * present and the per-atom energy spread otherwise; a fit that gives zero (e.g. one frame) falls back to 1.
 */
export function fitNormalisation(
  frames: readonly TrainingFrame[],
  scaleFrom: "auto" | "force-rms" | "energy-std" = "auto",
): Normalisation {
  const elements = elementsOf(frames);
  const referenceEnergies = fitReferenceEnergies(frames, elements);
  const partial: Normalisation = { elements, referenceEnergies, scale: 1, scaleFrom: "fixed" };
  let sumF2 = 0;
  let nF = 0;
  const residuals: number[] = [];
  for (const f of frames) {
    if (f.forces) {
      for (const v of f.forces) sumF2 += v * v;
      nF += f.forces.length;
    }
    if (f.energy !== undefined) residuals.push((f.energy - referenceEnergy(f, partial)) / f.numbers.length);
  }
  const useForces = scaleFrom === "force-rms" || (scaleFrom === "auto" && nF > 0);
  if (useForces && nF === 0)
    throw new Error("normalisation: scale 'force-rms' needs forces in the training data");
  let scale: number;
  if (useForces) {
    scale = Math.sqrt(sumF2 / nF);
  } else {
    const mean = residuals.reduce((a, b) => a + b, 0) / Math.max(residuals.length, 1);
    scale = Math.sqrt(residuals.reduce((a, r) => a + (r - mean) ** 2, 0) / Math.max(residuals.length, 1));
  }
  if (!(scale > 0) || !Number.isFinite(scale)) return { ...partial, scale: 1, scaleFrom: "fixed" };
  return { ...partial, scale, scaleFrom: useForces ? "force-rms" : "energy-std" };
}
