/**
 * The host steps around the network of an equimd message-passing model (PaiNN or ENINet interaction
 * blocks under the same heads), written once for both inference paths: the tfjs PainnModel
 * (potentials/painn/model.ts) and the onnxruntime FastPainnModel (potentials/fast/). All in float64,
 * in the model's own units:
 *
 * - before: the element check, and centre-of-mass coordinates for the tensor heads;
 * - after: the position-independent energy Σ_{i∈b} (shift + E_ref[Z_i]), the total-charge correction
 *   q_i ← q_i + (Q_b − Σ_{j∈b} q_j)/N_b, and the assembly of the molecular tensors from atomic outputs
 *   μ_b = Σ_{i∈b} (q_i R_i + μ_i), α_b = Σ_{i∈b} (α_i I₃ + ν_i R_iᵀ + R_i ν_iᵀ) (R_i from the centre of mass).
 *
 * The tfjs path keeps charge correction and tensor assembly inside its differentiable heads (training
 * needs their gradients), with the same formulas; the fast path calls the functions here.
 */
import { atomicMassAmu, elementSymbol } from "../../src/core/elements.ts";
import type { BatchLayout } from "../painn/neighbour-list.ts";

/** The atoms of a batch, as far as the host steps need them. */
export interface HostBatch {
  layout: BatchLayout;
  numbers: Int32Array;
  /** [N][3] model length unit. */
  positions: Float64Array;
  /** Masses (any unit) for the centre of mass; default standard atomic weights. */
  masses?: Float64Array;
}

/** Configuration of atom a in a batch layout. */
function configOf(layout: BatchLayout, a: number): number {
  let b = 0;
  while (b + 1 < layout.start.length && layout.start[b + 1] <= a) b++;
  return b;
}

/** Throw naming the first element (and configuration) a model was not trained on. */
export function checkElements(
  modelName: string,
  elements: readonly number[],
  numbers: Int32Array,
  layout: BatchLayout,
): void {
  const known = new Set(elements);
  for (let a = 0; a < numbers.length; a++) {
    if (known.has(numbers[a])) continue;
    const b = configOf(layout, a);
    const z = numbers[a];
    const sym = z >= 1 && z <= 54 ? elementSymbol(z) : `Z=${z}`;
    throw new Error(
      `model '${modelName}' was not trained on element ${sym} (atom ${a - layout.start[b]} of ` +
        `configuration ${b}); it knows ${elements.map((e) => elementSymbol(e)).join(", ")}`,
    );
  }
}

/** Position-independent part of each configuration's energy: Σ_i (shift + E_ref[Z_i]). */
export function constantEnergies(
  numbers: Int32Array,
  layout: BatchLayout,
  shift: number,
  referenceEnergies: ReadonlyMap<number, number>,
): Float64Array {
  const out = new Float64Array(layout.start.length);
  for (let b = 0; b < out.length; b++) {
    for (let a = layout.start[b]; a < layout.start[b] + layout.count[b]; a++) {
      out[b] += shift + (referenceEnergies.get(numbers[a]) ?? 0);
    }
  }
  return out;
}

/** Positions relative to each configuration's centre of mass. */
export function centreOfMassCoordinates(input: HostBatch): Float64Array {
  const { layout, numbers, positions } = input;
  const out = new Float64Array(positions.length);
  for (let b = 0; b < layout.start.length; b++) {
    const c = [0, 0, 0];
    let mTotal = 0;
    const lo = layout.start[b];
    const hi = lo + layout.count[b];
    for (let a = lo; a < hi; a++) {
      const m = input.masses ? input.masses[a] : atomicMassAmu(numbers[a]);
      mTotal += m;
      for (let k = 0; k < 3; k++) c[k] += m * positions[3 * a + k];
    }
    for (let a = lo; a < hi; a++)
      for (let k = 0; k < 3; k++) out[3 * a + k] = positions[3 * a + k] - c[k] / mTotal;
  }
  return out;
}

/** q_i += (Q_b − Σ_{j∈b} q_j)/N_b for each configuration b (Q_b = 0 unless given), in place. */
export function correctCharges(q: Float64Array, layout: BatchLayout, totalCharge?: Float64Array): void {
  for (let b = 0; b < layout.start.length; b++) {
    const lo = layout.start[b];
    const hi = lo + layout.count[b];
    let sum = 0;
    for (let a = lo; a < hi; a++) sum += q[a];
    const shift = ((totalCharge ? totalCharge[b] : 0) - sum) / layout.count[b];
    for (let a = lo; a < hi; a++) q[a] += shift;
  }
}

/** μ_b = Σ_{i∈b} (q_i R_i + μ_i) [B][3] from charges q [N], atomic dipoles μ [N][3] (or none). */
export function assembleDipole(
  q: ArrayLike<number>,
  mu: ArrayLike<number> | null,
  centred: Float64Array,
  layout: BatchLayout,
): Float64Array {
  const dipole = new Float64Array(layout.start.length * 3);
  for (let b = 0; b < layout.start.length; b++) {
    for (let a = layout.start[b]; a < layout.start[b] + layout.count[b]; a++) {
      for (let k = 0; k < 3; k++) dipole[3 * b + k] += q[a] * centred[3 * a + k] + (mu ? mu[3 * a + k] : 0);
    }
  }
  return dipole;
}

/** α_b = Σ_{i∈b} (α_i I₃ + ν_i R_iᵀ + R_i ν_iᵀ) [B][3][3] row-major from α [N] and ν [N][3]. */
export function assemblePolarizability(
  alpha: ArrayLike<number>,
  nu: ArrayLike<number>,
  centred: Float64Array,
  layout: BatchLayout,
): Float64Array {
  const pol = new Float64Array(layout.start.length * 9);
  for (let b = 0; b < layout.start.length; b++) {
    for (let a = layout.start[b]; a < layout.start[b] + layout.count[b]; a++) {
      for (let r = 0; r < 3; r++) {
        pol[9 * b + 4 * r] += alpha[a];
        for (let c = 0; c < 3; c++)
          pol[9 * b + 3 * r + c] += nu[3 * a + r] * centred[3 * a + c] + centred[3 * a + r] * nu[3 * a + c];
      }
    }
  }
  return pol;
}
