/**
 * Every kernel and gradient fix equimd needs in TensorFlow.js 4.22, in one module, applied once
 * (idempotent). The measured defects are listed in docs/painn.md ("TensorFlow.js fixes").
 *
 * 1. Gradients (gradients.ts). tfjs-core alone registers none in Node; and tfjs's own gradients of Sigmoid,
 *    Exp and Tanh reuse the op's saved output, so second-order gradients (force matching: ∂Loss/∂θ of
 *    F = −∂E/∂R) silently lose a path (SiLU'' 25 % off). equimd registers its own set, every one built from
 *    the op's inputs. SiLU is written as x·sigmoid(x), so the Sigmoid gradient covers it.
 * 2. UnsortedSegmentSum. wasm has no kernel for it (and the gradient of tf.gather needs one); the cpu kernel
 *    is O(segments · edges · features). One linear-time plain-JS kernel serves both backends. Its gradient is
 *    a plain gather (equimd never uses negative segment ids), whose gradient is a segment sum again, so
 *    gradients of any order work.
 * 3. Comparison ops (Less, Greater, Equal, …) get zero gradients (gradients.ts): a mask built inside a tape
 *    no longer breaks backprop. (equimd builds its masks outside the tape anyway.)
 * 4. GatherV2 along axis 0 (PaiNN's x_j = x[idx_j], and the gradient of every segment sum): wasm's kernel
 *    takes ~50 ms for 2304 rows of 384 floats (≈ 50 ns per element), 20× a row-wise copy. A plain-JS
 *    kernel that copies whole rows replaces it for float32 x, axis 0, batchDims 0; other cases go to the
 *    backend's own kernel.
 *
 * Native backends (tfjs-node) keep their own UnsortedSegmentSum; the gradients apply to every backend.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { KernelConfig, NamedTensorInfoMap, TensorInfo } from "@tensorflow/tfjs-core";
import { registerGradients } from "./gradients.ts";

let applied = false;

/** Apply all fixes (idempotent). Called by useBackend(); safe to call again. */
export function applyPatches(): void {
  if (applied) return;
  registerGradients();
  registerSegmentSumKernels();
  registerGatherKernels();
  applied = true;
}

/** True once applyPatches() has run. */
export function patchesApplied(): boolean {
  return applied;
}

// ---------------------------------------------------------------------------------------------------------
// 2. Linear-time UnsortedSegmentSum (wasm and cpu); its gradient is in gradients.ts

/** The part of each backend's API that the plain-JS kernel needs: read inputs, allocate and fill the output. */
interface HostAccess {
  read(t: TensorInfo): ArrayLike<number>;
  /** Allocates the output, lets `fill` write it, returns its TensorInfo. */
  write(shape: number[], fill: (out: Float32Array) => void): TensorInfo;
}

interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: unknown;
  attrs?: Record<string, unknown>;
}

interface WasmLike {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): ArrayLike<number> & { set?: unknown };
}
interface CpuLike {
  readSync(dataId: object): ArrayLike<number>;
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array): TensorInfo;
}

function wasmAccess(backend: WasmLike): HostAccess {
  return {
    read: (t) => backend.typedArrayFromHeap(t),
    write: (shape, fill) => {
      const out = backend.makeOutput(shape, "float32");
      // Views of the heap are taken after allocation: growing the heap detaches older views.
      fill(backend.typedArrayFromHeap(out) as Float32Array);
      return out;
    },
  };
}

function cpuAccess(backend: CpuLike): HostAccess {
  return {
    read: (t) => backend.readSync(t.dataId),
    write: (shape, fill) => {
      const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
      fill(values);
      return backend.makeTensorInfo(shape, "float32", values);
    },
  };
}

/**
 * out[s, …] = Σ_{e: ids[e] = s} x[e, …] for x of shape [E, …inner] and ids of shape [E]; O(E · inner).
 * Ids outside [0, numSegments) are an error (tfjs's own kernels drop negative ids silently).
 */
function segmentSum(access: HostAccess, inputs: NamedTensorInfoMap, numSegments: number): TensorInfo {
  const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  if (segmentIds.shape.length !== 1 || segmentIds.shape[0] !== x.shape[0]) {
    throw new Error(
      `UnsortedSegmentSum (equimd kernel): segmentIds must have shape [${x.shape[0]}], got [${segmentIds.shape}]`,
    );
  }
  if (x.dtype !== "float32") throw new Error(`UnsortedSegmentSum (equimd kernel): x must be float32`);
  const nRows = x.shape[0];
  const inner = x.shape.slice(1).reduce((a, b) => a * b, 1);
  return access.write([numSegments, ...x.shape.slice(1)], (out) => {
    const xs = access.read(x);
    const ids = access.read(segmentIds);
    out.fill(0);
    for (let e = 0; e < nRows; e++) {
      const s = ids[e];
      if (s < 0 || s >= numSegments) {
        throw new Error(
          `UnsortedSegmentSum (equimd kernel): segment id ${s} at ${e} outside [0, ${numSegments})`,
        );
      }
      const o = s * inner;
      const i = e * inner;
      for (let k = 0; k < inner; k++) out[o + k] += xs[i + k];
    }
  });
}

function registerSegmentSumKernels(): void {
  const configs: KernelConfig[] = [
    {
      kernelName: tf.UnsortedSegmentSum,
      backendName: "wasm",
      kernelFunc: ({ inputs, backend, attrs }) =>
        segmentSum(
          wasmAccess(backend as unknown as WasmLike),
          inputs,
          (attrs as { numSegments: number }).numSegments,
        ),
    },
    {
      kernelName: tf.UnsortedSegmentSum,
      backendName: "cpu",
      kernelFunc: ({ inputs, backend, attrs }) =>
        segmentSum(
          cpuAccess(backend as unknown as CpuLike),
          inputs,
          (attrs as { numSegments: number }).numSegments,
        ),
    },
  ];
  for (const config of configs) {
    if (tf.getKernel(config.kernelName, config.backendName) !== undefined) {
      tf.unregisterKernel(config.kernelName, config.backendName);
    }
    tf.registerKernel(config);
  }
}

// ---------------------------------------------------------------------------------------------------------
// 4. Row-copy GatherV2 along axis 0

/** out[e, …] = x[indices[e], …] for float32 x, by whole-row copies; indices of any shape. */
function gatherRows(access: HostAccess, x: TensorInfo, indices: TensorInfo): TensorInfo {
  const nRows = x.shape[0];
  const inner = x.shape.slice(1).reduce((a, b) => a * b, 1);
  const nIdx = indices.shape.reduce((a, b) => a * b, 1);
  return access.write([...indices.shape, ...x.shape.slice(1)], (out) => {
    const xs = access.read(x) as Float32Array;
    const idx = access.read(indices);
    for (let e = 0; e < nIdx; e++) {
      const r = idx[e];
      if (r < 0 || r >= nRows)
        throw new Error(`GatherV2 (equimd kernel): index ${r} at ${e} outside [0, ${nRows})`);
      out.set(xs.subarray(r * inner, (r + 1) * inner), e * inner);
    }
  });
}

function registerGatherKernels(): void {
  for (const backendName of ["wasm", "cpu"]) {
    const original = tf.getKernel(tf.GatherV2, backendName);
    if (original === undefined) continue;
    const access = (backend: unknown): HostAccess =>
      backendName === "wasm" ? wasmAccess(backend as WasmLike) : cpuAccess(backend as CpuLike);
    tf.unregisterKernel(tf.GatherV2, backendName);
    tf.registerKernel({
      kernelName: tf.GatherV2,
      backendName,
      kernelFunc: (args) => {
        const { inputs, backend, attrs } = args as unknown as KernelArgs;
        const { x, indices } = inputs as { x: TensorInfo; indices: TensorInfo };
        const axis = Number(attrs?.axis ?? 0);
        const batchDims = Number(attrs?.batchDims ?? 0);
        if ((axis === 0 || axis === -x.shape.length) && batchDims === 0 && x.dtype === "float32") {
          return gatherRows(access(backend), x, indices);
        }
        return original.kernelFunc(args);
      },
    });
  }
}
