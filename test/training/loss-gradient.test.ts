import { test } from "node:test";
import assert from "node:assert/strict";
import { useBackend } from "../../potentials/tf/backend.ts";
import { checkLossGradient } from "./gradient-check.ts";

// ∂Loss/∂θ of an energy + force + dipole + polarizability loss (force term: a second-order derivative)
// equals central finite differences along random directions. With stock tfjs gradients this fails
// (see stock-gradients.test.ts); it holds with the patched gradients of potentials/tf.
test("dLoss/dθ (E + F + μ + α, with masks) equals finite differences along 3 random directions", async () => {
  await useBackend("cpu");
  const checks = await checkLossGradient(3, 2e-3);
  for (const c of checks) {
    const rel = Math.abs(c.analytic - c.finiteDifference) / Math.abs(c.finiteDifference);
    assert.ok(Math.abs(c.finiteDifference) > 1e-3, `direction too flat: ${c.finiteDifference}`);
    assert.ok(rel < 5e-3, `analytic ${c.analytic} vs finite difference ${c.finiteDifference} (rel ${rel})`);
  }
});
