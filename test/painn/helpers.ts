/** Shared helpers of the PaiNN tests: reference fixtures, model import, comparisons, random rotations. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { importSchnetpackFile } from "../../potentials/message-passing/schnetpack-import.ts";
import type { ModelFileData } from "../../potentials/message-passing/model-file.ts";
import { layoutOfCounts } from "../../potentials/painn/graph.ts";
import type { BatchInput } from "../../potentials/message-passing/model.ts";
import { Random } from "../../src/core/random.ts";

export const FIXTURES = fileURLToPath(new URL("../fixtures/painn/", import.meta.url));

export interface ReferenceCase {
  name: string;
  numbers: number[];
  positions: number[][];
  energy: number;
  forces: number[][];
  dipole_moment?: number[];
  polarizability?: number[][];
  partial_charges?: number[][];
}

export const ETHANOL = "ethanol_rmd17";
export const TENSOR_HEADS = "tensor_heads_bessel";
/** Energies of the rMD17 model's cases leave out this constant per atom (README of the fixtures). */
export const ETHANOL_OFFSET_PER_ATOM = -10799.551227287651;

export function readCases(stem: string): ReferenceCase[] {
  return JSON.parse(readFileSync(`${FIXTURES}${stem}.cases.json`, "utf8")).cases as ReferenceCase[];
}

export function weightsPath(stem: string): string {
  return `${FIXTURES}${stem}.weights.json.gz`;
}

/** Import a reference model; the tensor-heads model has arbitrary units, imported here as eV. */
export function importReference(stem: string): Promise<ModelFileData> {
  return importSchnetpackFile(weightsPath(stem), {
    elements: ["H", "C", "O"],
    ...(stem === TENSOR_HEADS ? { energyUnit: "eV" } : {}),
  });
}

/** One configuration as a batch input (model units). */
export function single(numbers: number[], positions: ArrayLike<number>): BatchInput {
  return {
    layout: layoutOfCounts([numbers.length]),
    numbers: Int32Array.from(numbers),
    positions: Float64Array.from(positions),
  };
}

/** Several configurations (possibly different molecules) as one batch input. */
export function batch(configs: { numbers: number[]; positions: ArrayLike<number> }[]): BatchInput {
  return {
    layout: layoutOfCounts(configs.map((c) => c.numbers.length)),
    numbers: Int32Array.from(configs.flatMap((c) => c.numbers)),
    positions: Float64Array.from(configs.flatMap((c) => Array.from(c.positions))),
  };
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** Assert |actual − expected| ≤ rel · max|expected| elementwise. */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rel: number,
  what: string,
): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const tol = rel * Math.max(maxAbs(expected), 1e-12);
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    assert.ok(
      err <= tol,
      `${what}[${i}]: ${actual[i]} vs ${expected[i]} (|error| ${err.toExponential(2)} > ${tol.toExponential(2)})`,
    );
  }
}

/** A random orthogonal 3×3 matrix with determinant −1 (a rotation times a reflection), row-major. */
export function randomRotoreflection(seed: number): number[] {
  const rng = new Random(seed);
  // Gram–Schmidt on random vectors gives a random orthonormal basis.
  const a = [rng.normal(), rng.normal(), rng.normal()];
  const b = [rng.normal(), rng.normal(), rng.normal()];
  const norm = (v: number[]): number[] => {
    const n = Math.hypot(v[0], v[1], v[2]);
    return v.map((x) => x / n);
  };
  const e1 = norm(a);
  const d = b[0] * e1[0] + b[1] * e1[1] + b[2] * e1[2];
  const e2 = norm(b.map((x, k) => x - d * e1[k]));
  const e3 = [e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]];
  return [...e1, ...e2, ...e3.map((x) => -x)]; // det = −1
}

/** Apply Q to every row vector of v ([n][3]): v_i → Q v_i. */
export function rotateVectors(q: number[], v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i += 3) {
    for (let r = 0; r < 3; r++)
      out[i + r] = q[3 * r] * v[i] + q[3 * r + 1] * v[i + 1] + q[3 * r + 2] * v[i + 2];
  }
  return out;
}

/** Q A Qᵀ for a 3×3 row-major A. */
export function rotateTensor(q: number[], a: ArrayLike<number>): Float64Array {
  const out = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) for (let l = 0; l < 3; l++) s += q[3 * i + k] * a[3 * k + l] * q[3 * j + l];
      out[3 * i + j] = s;
    }
  }
  return out;
}
