/**
 * Normal modes of a free ring polymer of P beads.
 *
 * The spring term Σ_j ½ m ω_P² |q_j − q_{j+1}|² (cyclic, q_P = q_0) is diagonalised by an orthonormal
 * real transform. equimd uses i-PI's convention (ipi/utils/nmtransform.py, mk_nm_matrix): with bead
 * index j and mode index k, both 0..P−1,
 *
 *   C_{j,0}   = √(1/P)                          (centroid mode)
 *   C_{j,k}   = √(2/P) cos(2πjk/P)              1 ≤ k < P/2
 *   C_{j,P/2} = √(1/P) (−1)^j                   (P even only)
 *   C_{j,k}   = √(2/P) sin(2πjk/P)              P/2 < k < P
 *
 * Beads → modes is q̃_k = Σ_j C_{j,k} q_j and modes → beads is q_j = Σ_k C_{j,k} q̃_k (C is orthogonal).
 * The frequency of mode k is ω_k = 2 ω_P sin(kπ/P), ω_P = P k_B T/ħ; the sine mode k > P/2 is the
 * degenerate partner of the cosine mode P − k.
 *
 * Arrays are laid out as the MDState batch: [P][width] with width = 3·nAtoms, so bead (or mode) j of
 * coordinate d sits at j·width + d. Two interchangeable implementations: an explicit P×P matrix
 * (any P, O(P²) per coordinate) and an FFT (fft.js; P a power of two, O(P log P)).
 */
import { createRequire } from "node:module";

/** Angular frequencies ω_k (atomic units, = hartree with ħ = 1) of the free ring-polymer modes, k = 0..P−1. */
export function ringPolymerFrequencies(beads: number, temperature: number): Float64Array {
  const omegaP = beads * temperature; // ω_P = P k_B T / ħ
  return Float64Array.from({ length: beads }, (_, k) => 2 * omegaP * Math.sin((k * Math.PI) / beads));
}

/** The matrix C of the header comment, row-major: C[j·P + k] (bead j, mode k). */
export function normalModeMatrix(beads: number): Float64Array {
  const P = beads;
  const c = new Float64Array(P * P);
  for (let j = 0; j < P; j++) {
    for (let k = 0; k < P; k++) {
      const angle = (2 * Math.PI * j * k) / P;
      let value: number;
      if (k === 0) value = Math.sqrt(1 / P);
      else if (2 * k < P) value = Math.sqrt(2 / P) * Math.cos(angle);
      else if (2 * k === P) value = Math.sqrt(1 / P) * (j % 2 === 0 ? 1 : -1);
      else value = Math.sqrt(2 / P) * Math.sin(angle);
      c[j * P + k] = value;
    }
  }
  return c;
}

/** Transform between bead and normal-mode representations of [P][width] arrays. */
export interface NormalModeTransform {
  readonly beads: number;
  readonly method: "matrix" | "fft";
  /** q̃ = Cᵀ q. `beadValues` and `out` are [P][width]; they must not be the same array. */
  toNormalModes(beadValues: Float64Array, out: Float64Array, width: number): Float64Array;
  /** q = C q̃. `modeValues` and `out` are [P][width]; they must not be the same array. */
  toBeads(modeValues: Float64Array, out: Float64Array, width: number): Float64Array;
}

function checkShapes(P: number, input: Float64Array, out: Float64Array, width: number): void {
  if (input.length !== P * width || out.length !== P * width) {
    throw new Error(
      `normal-mode transform: arrays must hold ${P} beads × ${width} coordinates = ${P * width} numbers, ` +
        `got ${input.length} and ${out.length}`,
    );
  }
  if (input === out) throw new Error("normal-mode transform: input and output must be different arrays");
}

/** The explicit-matrix transform (any P ≥ 1). */
export class MatrixNormalModes implements NormalModeTransform {
  readonly method = "matrix";
  private readonly c: Float64Array;

  constructor(readonly beads: number) {
    checkBeads(beads);
    this.c = normalModeMatrix(beads);
  }

  toNormalModes(beadValues: Float64Array, out: Float64Array, width: number): Float64Array {
    const P = this.beads;
    checkShapes(P, beadValues, out, width);
    out.fill(0);
    for (let k = 0; k < P; k++) {
      const ok = k * width;
      for (let j = 0; j < P; j++) {
        const cjk = this.c[j * P + k];
        const oj = j * width;
        for (let d = 0; d < width; d++) out[ok + d] += cjk * beadValues[oj + d];
      }
    }
    return out;
  }

  toBeads(modeValues: Float64Array, out: Float64Array, width: number): Float64Array {
    const P = this.beads;
    checkShapes(P, modeValues, out, width);
    out.fill(0);
    for (let j = 0; j < P; j++) {
      const oj = j * width;
      for (let k = 0; k < P; k++) {
        const cjk = this.c[j * P + k];
        const ok = k * width;
        for (let d = 0; d < width; d++) out[oj + d] += cjk * modeValues[ok + d];
      }
    }
    return out;
  }
}

/** The part of fft.js's API used here (the package ships no type declarations). */
interface FftJs {
  createComplexArray(): number[];
  realTransform(out: number[], data: ArrayLike<number>): void;
  inverseTransform(out: number[], data: number[]): void;
}
type FftJsConstructor = new (size: number) => FftJs;
const FFT = createRequire(import.meta.url)("fft.js") as FftJsConstructor;

/**
 * The FFT transform. With X_k = Σ_j q_j e^{−2πijk/P} (fft.js's forward sign):
 * q̃_0 = X_0/√P, q̃_{P/2} = X_{P/2}/√P, q̃_k = √(2/P) Re X_k (k < P/2), q̃_k = −√(2/P) Im X_k (k > P/2);
 * the inverse rebuilds the Hermitian spectrum X from q̃ and transforms back.
 */
export class FftNormalModes implements NormalModeTransform {
  readonly method = "fft";
  private readonly fft: FftJs;
  private readonly line: Float64Array;
  private readonly spectrum: number[];
  private readonly result: number[];

  constructor(readonly beads: number) {
    checkBeads(beads);
    if (beads < 2 || (beads & (beads - 1)) !== 0) {
      throw new Error(
        `the FFT normal-mode transform needs a power of two ≥ 2 beads, got ${beads}; use "matrix"`,
      );
    }
    this.fft = new FFT(beads);
    this.line = new Float64Array(beads);
    this.spectrum = this.fft.createComplexArray();
    this.result = this.fft.createComplexArray();
  }

  toNormalModes(beadValues: Float64Array, out: Float64Array, width: number): Float64Array {
    const P = this.beads;
    checkShapes(P, beadValues, out, width);
    const s1 = Math.sqrt(1 / P);
    const s2 = Math.sqrt(2 / P);
    const X = this.spectrum;
    for (let d = 0; d < width; d++) {
      for (let j = 0; j < P; j++) this.line[j] = beadValues[j * width + d];
      this.fft.realTransform(X, this.line); // fills X_k for 0 ≤ k ≤ P/2 (the rest is not needed)
      out[d] = s1 * X[0];
      out[(P / 2) * width + d] = s1 * X[P];
      for (let k = 1; k < P / 2; k++) {
        out[k * width + d] = s2 * X[2 * k]; // cosine mode k: √(2/P) Re X_k
        out[(P - k) * width + d] = s2 * X[2 * k + 1]; // sine mode P−k: −√(2/P) Im X_{P−k} = √(2/P) Im X_k
      }
    }
    return out;
  }

  toBeads(modeValues: Float64Array, out: Float64Array, width: number): Float64Array {
    const P = this.beads;
    checkShapes(P, modeValues, out, width);
    const r1 = Math.sqrt(P);
    const r2 = Math.sqrt(P / 2);
    const X = this.spectrum;
    for (let d = 0; d < width; d++) {
      X[0] = r1 * modeValues[d];
      X[1] = 0;
      X[P] = r1 * modeValues[(P / 2) * width + d];
      X[P + 1] = 0;
      for (let k = 1; k < P / 2; k++) {
        const re = r2 * modeValues[k * width + d];
        const im = r2 * modeValues[(P - k) * width + d];
        X[2 * k] = re;
        X[2 * k + 1] = im;
        X[2 * (P - k)] = re; // X_{P−k} = conj(X_k) for a real sequence
        X[2 * (P - k) + 1] = -im;
      }
      this.fft.inverseTransform(this.result, X);
      for (let j = 0; j < P; j++) out[j * width + d] = this.result[2 * j];
    }
    return out;
  }
}

function checkBeads(beads: number): void {
  if (!Number.isInteger(beads) || beads < 1) {
    throw new Error(`beads must be an integer ≥ 1, got ${beads}`);
  }
}

export type NormalModeMethod = "auto" | "matrix" | "fft";

/**
 * A transform for P beads. "auto" takes the FFT for powers of two from 16 beads on (where it is the
 * faster one) and the explicit matrix otherwise.
 */
export function makeNormalModeTransform(
  beads: number,
  method: NormalModeMethod = "auto",
): NormalModeTransform {
  checkBeads(beads);
  const powerOfTwo = beads >= 2 && (beads & (beads - 1)) === 0;
  switch (method) {
    case "matrix":
      return new MatrixNormalModes(beads);
    case "fft":
      return new FftNormalModes(beads);
    case "auto":
      return powerOfTwo && beads >= 16 ? new FftNormalModes(beads) : new MatrixNormalModes(beads);
    default:
      throw new Error(`normal-mode method must be "auto", "matrix" or "fft", got "${String(method)}"`);
  }
}
