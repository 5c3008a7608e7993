/**
 * Which path trains a PaiNN: the fast path (onnxruntime, FastPainnTrainable) where it supports the model and
 * onnxruntime loads, else the tfjs path (PainnTrainable), with the reason said — the same choice as
 * choose-potential.ts makes for inference.
 *
 * - "auto" (default): fast when possible, else tfjs, and `reason` says why not fast.
 * - "fast": the fast path or a clear error.
 * - "tfjs": the tfjs path.
 */
import { availableParallelism } from "node:os";
import { modelToData } from "../../message-passing/model-file.ts";
import type { PainnModel } from "../../message-passing/model.ts";
import { PainnTrainable } from "../../message-passing/training/painn-trainable.ts";
import type { TrainableModel } from "../../message-passing/training/trainable-model.ts";
import { fastPathUnsupportedReason } from "../support.ts";

export type TrainingPath = "auto" | "fast" | "tfjs";

export interface ChosenTrainable {
  trainable: TrainableModel & { dispose?(): Promise<void> };
  path: "fast" | "tfjs";
  /** Why the fast path was not taken ("auto" only). */
  reason?: string;
  /** What runs the training step, in words (for the log). */
  description: string;
}

/** A trainable model on the path asked for; `threads` for onnxruntime (default: the machine's cores). */
export async function chooseTrainable(
  model: PainnModel,
  path: TrainingPath = "auto",
  threads = availableParallelism(),
): Promise<ChosenTrainable> {
  const tfjs = (reason?: string): ChosenTrainable => ({
    trainable: new PainnTrainable(model),
    path: "tfjs",
    reason,
    description: "tfjs (tf.variableGrads with nested force gradients)",
  });
  if (path === "tfjs") return tfjs();
  const unsupported = fastPathUnsupportedReason(modelToData(model));
  let reason: string;
  if (unsupported !== null) {
    reason = `the fast path does not support ${unsupported}`;
  } else {
    try {
      // A dynamic import: onnxruntime's native binary may be missing on this platform.
      const { FastPainnTrainable } = await import("./fast-trainable.ts");
      return {
        trainable: new FastPainnTrainable(model, { threads }),
        path: "fast",
        description: `fast (onnxruntime, float32, ${threads} threads)`,
      };
    } catch (err) {
      reason = `onnxruntime could not be loaded: ${(err as Error).message}`;
    }
  }
  if (path === "fast") throw new Error(`training on the fast path: ${reason}`);
  return tfjs(reason);
}
