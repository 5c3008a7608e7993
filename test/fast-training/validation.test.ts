/**
 * Validation on the fast path (FastPainnTrainable.predictor, the onnxruntime inference graph) gives the
 * metrics and loss of the tfjs path's validation for the same weights, with missing labels.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { FastPainnTrainable } from "../../potentials/fast/training/fast-trainable.ts";
import { PainnTrainable } from "../../potentials/message-passing/training/painn-trainable.ts";
import { useBackend } from "../../potentials/tf/backend.ts";
import { evaluateFrames } from "../../src/training/evaluate.ts";
import { fixture } from "./fixture.ts";

test("validation metrics on the fast path equal the tfjs path's", async () => {
  await useBackend("cpu");
  const f = await fixture({ missing: true });
  const fast = new FastPainnTrainable(f.model, { threads: 1 });
  const a = await evaluateFrames(fast, f.frames, f.norm, f.loss, 2);
  const b = await evaluateFrames(new PainnTrainable(f.model), f.frames, f.norm, f.loss, 2);
  assert.ok(Math.abs(a.loss - b.loss) < 1e-5 * b.loss, `loss ${a.loss} vs ${b.loss}`);
  for (const label of ["energy", "forces", "dipole", "polarizability"] as const) {
    const x = a.metrics[label];
    const y = b.metrics[label];
    assert.ok(x && y, `${label}: metrics missing`);
    assert.equal(x.count, y.count, `${label}: counts`);
    assert.ok(Math.abs(x.mae - y.mae) < 1e-4 * y.mae, `${label}: MAE ${x.mae} vs ${y.mae}`);
    assert.ok(Math.abs(x.rmse - y.rmse) < 1e-4 * y.rmse, `${label}: RMSE ${x.rmse} vs ${y.rmse}`);
  }
  await fast.dispose();
  f.model.dispose();
});
