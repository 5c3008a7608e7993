/**
 * The fast path's training gradients (potentials/fast/training): ∂L/∂θ of the onnxruntime training graph
 * against the tfjs path's tf.variableGrads (float32, 1e-4 relative per weight tensor), against central
 * finite differences of the float64 graph (1e-7 relative), for every head, with and without missing
 * labels; and a deliberately broken VJP rule must make the comparison fail.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Random } from "../../src/core/index.ts";
import { useBackend } from "../../potentials/tf/backend.ts";
import { FastPainnTrainable } from "../../potentials/fast/training/fast-trainable.ts";
import { VJP_RULES, type VjpRule } from "../../potentials/fast/training/vjp-rules.ts";
import { PainnTrainable } from "../../potentials/message-passing/training/painn-trainable.ts";
import { lossAndGradients } from "../../potentials/message-passing/training/train-step.ts";
import type { LossOptions } from "../../potentials/message-passing/training/loss.ts";
import { fixture, type Fixture } from "./fixture.ts";

/** Largest relative difference ‖a − b‖/‖a‖ over the weight tensors, and its name. */
async function worstAgainstTfjs(
  f: Fixture,
  loss: LossOptions,
  rules?: Record<string, VjpRule>,
): Promise<{ worst: number; name: string; lossFast: number; lossTfjs: number }> {
  const ref = lossAndGradients(new PainnTrainable(f.model), f.batch, loss);
  const fast = new FastPainnTrainable(f.model, { rules, threads: 1 });
  const r = await fast.run(f.batch, loss);
  let worst = 0;
  let name = "";
  fast.names.forEach((n, k) => {
    const a = ref.grads[k].dataSync();
    const b = r.grads[k];
    let num = 0;
    let den = 0;
    for (let i = 0; i < a.length; i++) {
      num += (a[i] - (b ? b[i] : 0)) ** 2;
      den += a[i] ** 2;
    }
    const rel = den > 0 ? Math.sqrt(num / den) : Math.sqrt(num);
    if (rel > worst) [worst, name] = [rel, n];
  });
  ref.grads.forEach((g) => g.dispose());
  await fast.dispose();
  return { worst, name, lossFast: r.loss, lossTfjs: ref.loss };
}

const ONLY = (p: keyof LossOptions["weights"], base: LossOptions): LossOptions => ({
  ...base,
  weights: { energy: 0, forces: 0, dipole: 0, polarizability: 0, [p]: base.weights[p] },
});

for (const missing of [false, true]) {
  test(`fast gradients = tfjs gradients, E + F + μ + α${missing ? " with missing labels" : ""}, and each term alone`, async () => {
    await useBackend("cpu");
    const f = await fixture({ missing });
    const losses: [string, LossOptions][] = [
      ["all terms", f.loss],
      ...(["energy", "forces", "dipole", "polarizability"] as const).map(
        (p) => [p, ONLY(p, f.loss)] as [string, LossOptions],
      ),
    ];
    for (const [what, loss] of losses) {
      const r = await worstAgainstTfjs(f, loss);
      assert.ok(
        Math.abs(r.lossFast - r.lossTfjs) <= 1e-5 * Math.abs(r.lossTfjs),
        `${what}: loss ${r.lossFast} vs tfjs ${r.lossTfjs}`,
      );
      assert.ok(r.worst < 1e-4, `${what}: ∂L/∂θ of '${r.name}' differs from tfjs by ${r.worst} (relative)`);
    }
    f.model.dispose();
  });
}

test("float64 training graph: ∂L/∂θ equals central finite differences to 1e-7 (missing labels)", async () => {
  await useBackend("cpu");
  const f = await fixture({ missing: true });
  const fast = new FastPainnTrainable(f.model, { floatType: "float64", threads: 1 });
  const theta = f.model.trainableVariables().map((v) => Float64Array.from(v.dataSync()));
  const r0 = await fast.run(f.batch, f.loss, theta);
  const rng = new Random(17);
  const h = 1e-5;
  for (let d = 0; d < 3; d++) {
    const dir = theta.map((t) => Float64Array.from(t, () => rng.normal()));
    const norm = Math.sqrt(dir.reduce((s, a) => s + a.reduce((t, x) => t + x * x, 0), 0));
    const shifted = (sign: number) =>
      theta.map((t, k) => Float64Array.from(t, (x, i) => x + (sign * h * dir[k][i]) / norm));
    const lp = (await fast.run(f.batch, f.loss, shifted(1))).loss;
    const lm = (await fast.run(f.batch, f.loss, shifted(-1))).loss;
    const fd = (lp - lm) / (2 * h);
    let analytic = 0;
    r0.grads.forEach((g, k) => {
      if (g) for (let i = 0; i < g.length; i++) analytic += (g[i] * dir[k][i]) / norm;
    });
    const rel = Math.abs(analytic - fd) / Math.abs(fd);
    assert.ok(Math.abs(fd) > 1e-2, `direction ${d} too flat: ${fd}`);
    assert.ok(
      rel < 1e-7,
      `direction ${d}: analytic ${analytic} vs finite difference ${fd} (relative ${rel})`,
    );
  }
  await fast.dispose();
  f.model.dispose();
});

test("a broken VJP rule (Sigmoid without its 1 − σ, or MatMul with Ā = 0) fails the tfjs comparison", async () => {
  await useBackend("cpu");
  const f = await fixture();
  const broken: Record<string, VjpRule>[] = [
    {
      ...VJP_RULES,
      Sigmoid: (n, gOut, ctx) => [ctx.g.op("Mul", [gOut[0]!, n.outputs[0]])],
    },
    {
      ...VJP_RULES,
      MatMul: (n, gOut, ctx) => [null, VJP_RULES.MatMul(n, gOut, ctx)[1]],
    },
  ];
  for (const rules of broken) {
    const r = await worstAgainstTfjs(f, f.loss, rules);
    assert.ok(r.worst > 1e-2, `the broken rule went unnoticed (worst relative difference ${r.worst})`);
  }
  f.model.dispose();
});
