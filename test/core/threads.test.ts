import { test } from "node:test";
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { threadCount } from "../../src/core/threads.ts";

test("thread count: the machine's by default, EQUIMD_THREADS overrides, nonsense is refused", () => {
  assert.equal(threadCount({}), availableParallelism());
  assert.equal(threadCount({ EQUIMD_THREADS: "3" }), 3);
  assert.throws(() => threadCount({ EQUIMD_THREADS: "0" }), /EQUIMD_THREADS: expected a positive integer/);
  assert.throws(() => threadCount({ EQUIMD_THREADS: "two" }), /got 'two'/);
});
