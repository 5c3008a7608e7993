/**
 * Memory of the TensorFlow.js side, for benchmarks and diagnostics: code outside potentials/ asks
 * here instead of importing @tensorflow/* itself (the dependency rule "only potentials touch tensors").
 */
import * as tf from "@tensorflow/tfjs-core";

/** Peak bytes held by tensors while `body` runs (tf.profile tracks every allocation). */
export async function peakTensorBytes(body: () => Promise<unknown>): Promise<number> {
  const profile = await tf.profile(async () => {
    await body();
  });
  return profile.peakBytes;
}

export interface TensorMemory {
  numTensors: number;
  numBytes: number;
  /** Size of the wasm backend's heap, bytes (undefined on other backends). */
  wasmHeapBytes?: number;
}

/** Tensors held now, their bytes, and the wasm heap. */
export function tensorMemory(): TensorMemory {
  const mem = tf.memory();
  const heap = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8?.length;
  return { numTensors: mem.numTensors, numBytes: mem.numBytes, wasmHeapBytes: heap };
}
