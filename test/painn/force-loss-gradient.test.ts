/**
 * The gradient training needs: ∂/∂θ of a force-matching loss of the PaiNN model itself (second-order
 * autodiff through SiLU, the filters, gathers and segment sums), against a central finite difference along
 * a random direction of all trainable parameters, on wasm and on the cpu oracle.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { useBackend } from "../../potentials/tf/backend.ts";
import { modelFromData } from "../../potentials/message-passing/model-file.ts";
import { disposePrepared } from "../../potentials/message-passing/model.ts";
import { Random } from "../../src/core/random.ts";
import { importReference, readCases, single, TENSOR_HEADS } from "./helpers.ts";

for (const backend of ["wasm", "cpu"]) {
  test(`${backend}: d(force loss)/dθ of PaiNN equals a finite difference along a random direction`, async (t) => {
    await useBackend(backend);
    const model = modelFromData(await importReference(TENSOR_HEADS));
    const c = readCases(TENSOR_HEADS).find((k) => k.name === "ethanol_perturbed_com_1")!;
    const batch = model.prepare(single(c.numbers, c.positions.flat()));
    const target = tf.tensor2d(
      c.forces.flat().map((f) => 0.8 * f),
      [c.numbers.length, 3],
    );
    // loss(θ) = Σ (F(θ) − F_target)², F = −∂E/∂R
    const loss = (): tf.Scalar => {
      const forces = tf.neg(
        tf.grad((r: tf.Tensor) => tf.sum(model.forward(r as tf.Tensor2D, batch.graph).energy))(batch.R),
      );
      return tf.sum(tf.square(tf.sub(forces, target))) as tf.Scalar;
    };
    // The energy path only: the dipole and polarizability heads do not enter the loss.
    const vars = model.trainableVariables().filter((v) => {
      const name = [...model.params.trainableByName()].find(([, w]) => w === v)![0];
      return !name.startsWith("output_modules.1") && !name.startsWith("output_modules.2");
    });
    const { grads } = tf.variableGrads(loss, vars);
    const rng = new Random(11);
    // A random unit direction in the space of all (energy-path) parameters.
    const raw = vars.map((v) => Float32Array.from({ length: v.size }, () => rng.normal()));
    const norm = Math.sqrt(raw.reduce((acc, a) => acc + a.reduce((t, x) => t + x * x, 0), 0));
    const dirs = vars.map((v, k) =>
      tf.tensor(
        raw[k].map((x) => x / norm),
        v.shape,
      ),
    );
    let analytic = 0;
    vars.forEach((v, k) => (analytic += tf.sum(tf.mul(grads[v.name], dirs[k])).dataSync()[0]));
    const h = 1e-2; // truncation ~1e-4, float32 round-off ~1e-4 relative here
    const originals = vars.map((v) => v.clone());
    const at = (eps: number): number => {
      vars.forEach((v, k) => v.assign(tf.add(originals[k], tf.mul(dirs[k], eps))));
      return tf.tidy(() => loss().dataSync()[0]);
    };
    const fd = (at(h) - at(-h)) / (2 * h);
    vars.forEach((v, k) => v.assign(originals[k]));
    t.diagnostic(`directional derivative ${analytic.toPrecision(6)}, finite difference ${fd.toPrecision(6)}`);
    assert.ok(
      Math.abs(fd - analytic) < 2e-3 * Math.abs(analytic),
      `directional derivative ${analytic} vs finite difference ${fd}`,
    );
    disposePrepared(batch);
    model.dispose();
  });
}
