/**
 * Evaluate a model on a set of frames: predictions in batches, error metrics per property (atomic units),
 * the loss of the whole set (the training loss formula with every labelled component of the set), and the
 * predicted/reference pairs for parity plots. Energies in the pairs are total energies (the reference
 * energies added back in float64).
 */
import type { TrainableModel } from "../../potentials/message-passing/training/trainable-model.ts";
import { predictBatch } from "../../potentials/message-passing/training/predict-batch.ts";
import type { LossOptions } from "../../potentials/message-passing/training/loss.ts";
import { packBatch } from "./batching.ts";
import { LABELS, type Label, type TrainingFrame } from "./dataset.ts";
import { ErrorAccumulator, type ErrorStats } from "./metrics.ts";
import { referenceEnergy, type Normalisation } from "./normalisation.ts";

export interface EvaluationResult {
  /** Metrics in atomic units. */
  metrics: Partial<Record<Label, ErrorStats>>;
  /** Σ_p w_p · MSE_p / s_p² over the set. */
  loss: number;
  /** Predicted and reference values of every labelled component, atomic units. */
  pairs: Partial<Record<Label, { predicted: number[]; reference: number[] }>>;
}

export async function evaluateFrames(
  model: TrainableModel,
  frames: readonly TrainingFrame[],
  norm: Normalisation,
  loss: LossOptions,
  batchSize: number,
  keepPairs = false,
): Promise<EvaluationResult> {
  const acc = Object.fromEntries(LABELS.map((l) => [l, new ErrorAccumulator()])) as Record<
    Label,
    ErrorAccumulator
  >;
  const pairs: EvaluationResult["pairs"] = {};
  const push = (l: Label, p: ArrayLike<number>, r: ArrayLike<number>) => {
    if (!keepPairs) return;
    const e = (pairs[l] ??= { predicted: [], reference: [] });
    for (let i = 0; i < r.length; i++) {
      e.predicted.push(p[i]);
      e.reference.push(r[i]);
    }
  };
  const want: ("dipole" | "polarizability")[] = [];
  if (frames.some((f) => f.dipole) && loss.weights.dipole > 0) want.push("dipole");
  if (frames.some((f) => f.polarizability) && loss.weights.polarizability > 0) want.push("polarizability");
  const predictor = model.predictor ? await model.predictor() : undefined;
  for (let s = 0; s < frames.length; s += batchSize) {
    const part = frames.slice(s, s + batchSize);
    const batch = packBatch(part, norm);
    const pred = predictor ? await predictor.predict(batch, want) : predictBatch(model, batch, want);
    let a0 = 0;
    part.forEach((f, c) => {
      const n = f.numbers.length;
      if (f.energy !== undefined) {
        acc.energy.add(pred.energy[c] - batch.energy[c]);
        const eRef = referenceEnergy(f, norm);
        push("energy", [pred.energy[c] + eRef], [f.energy]);
      }
      if (f.forces) {
        const p = pred.forces.subarray(3 * a0, 3 * (a0 + n));
        acc.forces.addDifferences(p, f.forces);
        push("forces", p, f.forces);
      }
      if (f.dipole && pred.dipole) {
        const p = pred.dipole.subarray(3 * c, 3 * c + 3);
        acc.dipole.addDifferences(p, f.dipole);
        push("dipole", p, f.dipole);
      }
      if (f.polarizability && pred.polarizability) {
        const p = pred.polarizability.subarray(9 * c, 9 * c + 9);
        acc.polarizability.addDifferences(p, f.polarizability);
        push("polarizability", p, f.polarizability);
      }
      a0 += n;
    });
  }
  await predictor?.dispose();
  const metrics: EvaluationResult["metrics"] = {};
  let total = 0;
  for (const l of LABELS) {
    const s = acc[l].stats();
    if (s.count === 0) continue;
    metrics[l] = s;
    total += (loss.weights[l] * s.rmse ** 2) / loss.scales[l] ** 2;
  }
  return { metrics, loss: total, pairs };
}
