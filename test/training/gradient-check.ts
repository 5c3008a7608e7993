/**
 * Finite-difference check of ∂Loss/∂θ for an energy + force + dipole + polarizability loss of a small
 * PaiNN: the directional derivative g·d from tf.variableGrads against the central difference
 * (L(θ + εd) − L(θ − εd)) / 2ε along random unit directions d. Shared by the patched and the stock test.
 */
import * as tf from "@tensorflow/tfjs-core";
import { Random } from "../../src/core/index.ts";
import { createModel } from "../../potentials/message-passing/training/initialise.ts";
import { PainnTrainable } from "../../potentials/message-passing/training/painn-trainable.ts";
import { lossAndGradients } from "../../potentials/message-passing/training/train-step.ts";
import { packBatch } from "../../src/training/batching.ts";
import { fitNormalisation } from "../../src/training/normalisation.ts";
import type { LossOptions } from "../../potentials/message-passing/training/loss.ts";
import { ATOMIC_UNITS, smallArchitecture, waterFrames } from "./water-data.ts";

export interface DirectionCheck {
  analytic: number;
  finiteDifference: number;
}

export async function checkLossGradient(nDirections: number, eps: number): Promise<DirectionCheck[]> {
  const frames = await waterFrames(4, 11, 0.15);
  // Polarizability labels for the check: any smooth function of the geometry will do (a rank-1 + isotropic tensor).
  for (const f of frames) {
    const r = [
      f.positions[3] - f.positions[6],
      f.positions[4] - f.positions[7],
      f.positions[5] - f.positions[8],
    ];
    f.polarizability = Float64Array.from(
      { length: 9 },
      (_, k) => (k % 4 === 0 ? 5 : 0) + r[Math.floor(k / 3)] * r[k % 3],
    );
  }
  delete frames[1].dipole; // masks: one frame without a dipole label
  const norm = fitNormalisation(frames);
  const model = createModel({
    name: "fd",
    architecture: smallArchitecture(8, 2, { dipole: true, polarizability: true }),
    units: ATOMIC_UNITS,
    elements: norm.elements,
    referenceEnergies: new Map(),
    scale: norm.scale,
    seed: 5,
  });
  const trainable = new PainnTrainable(model);
  const batch = packBatch(frames, norm);
  const loss: LossOptions = {
    weights: { energy: 1, forces: 10, dipole: 2, polarizability: 3 },
    scales: { energy: norm.scale, forces: norm.scale, dipole: 0.5, polarizability: 2 },
  };
  const lossAt = () => {
    const r = lossAndGradients(trainable, batch, loss);
    r.grads.forEach((g) => g.dispose());
    return r.loss;
  };
  const { grads } = lossAndGradients(trainable, batch, loss);
  const g = grads.map((t) => Float64Array.from(t.dataSync()));
  grads.forEach((t) => t.dispose());
  const theta = trainable.variables.map((v) => Float64Array.from(v.dataSync()));
  const rng = new Random(99);
  const out: DirectionCheck[] = [];
  for (let k = 0; k < nDirections; k++) {
    const d = theta.map((t) => new Float64Array(t.length).map(() => rng.normal()));
    const n = Math.sqrt(d.reduce((s, a) => s + a.reduce((x, y) => x + y * y, 0), 0));
    d.forEach((a) => a.forEach((_, i) => (a[i] /= n)));
    const set = (h: number) =>
      trainable.variables.forEach((v, i) =>
        v.assign(
          tf.tensor(
            Float32Array.from(theta[i], (x, j) => x + h * d[i][j]),
            v.shape,
          ),
        ),
      );
    set(eps);
    const lp = lossAt();
    set(-eps);
    const lm = lossAt();
    set(0);
    out.push({
      analytic: g.reduce((s, a, i) => s + a.reduce((x, y, j) => x + y * d[i][j], 0), 0),
      finiteDifference: (lp - lm) / (2 * eps),
    });
  }
  model.dispose();
  return out;
}
