/**
 * A SLURM member's job script exports EQUIMD_THREADS (the task's CPUs): the onnxruntime fast path takes
 * its thread count from it when none is given, and refuses a value that is not a positive integer.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { FastPainnModel } from "../../potentials/fast/fast-painn-model.ts";
import { importReference, TENSOR_HEADS } from "../painn/helpers.ts";

test("EQUIMD_THREADS sets the fast path's onnxruntime threads", async () => {
  const data = await importReference(TENSOR_HEADS);
  const saved = process.env.EQUIMD_THREADS;
  try {
    delete process.env.EQUIMD_THREADS;
    assert.equal(new FastPainnModel(data).threads, availableParallelism());
    process.env.EQUIMD_THREADS = "3";
    assert.equal(new FastPainnModel(data).threads, 3);
    assert.equal(new FastPainnModel(data, { threads: 1 }).threads, 1); // an explicit option wins
    process.env.EQUIMD_THREADS = "two";
    assert.throws(
      () => new FastPainnModel(data),
      /EQUIMD_THREADS: expected a positive integer \(threads\), got 'two'/,
    );
  } finally {
    if (saved === undefined) delete process.env.EQUIMD_THREADS;
    else process.env.EQUIMD_THREADS = saved;
  }
});
