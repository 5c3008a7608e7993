/**
 * PaiNN trained on the fast path: the loss and its gradient with respect to every weight come from one
 * onnxruntime run of the training graph (training-graph.ts), fed the current values of the model's
 * tf.Variables. The variables stay the one copy of the weights, so Adam, clipping, EMA, checkpoints and
 * validation (which runs the tfjs forward of PainnTrainable) are the trainer's own, unchanged.
 */
import * as tf from "@tensorflow/tfjs-core";
import * as ort from "onnxruntime-node";
import type { PainnModel } from "../../message-passing/model.ts";
import { modelToData } from "../../message-passing/model-file.ts";
import type { LabelledBatch } from "../../message-passing/training/batch.ts";
import type { LossOptions } from "../../message-passing/training/loss.ts";
import { PainnTrainable } from "../../message-passing/training/painn-trainable.ts";
import type {
  BatchPredictor,
  GradientResult,
  TrainableModel,
  TrainableProperty,
} from "../../message-passing/training/trainable-model.ts";
import { layoutOfCounts } from "../../painn/graph.ts";
import { radialBasisOf, type RadialBasis } from "../edge-features.ts";
import { FastPainnModel } from "../fast-painn-model.ts";
import type { FloatType } from "../onnx-graph.ts";
import { weightInputName } from "../painn-graph.ts";
import { assertFastPathSupports } from "../support.ts";
import { termsOf, trainingFeeds } from "./training-feeds.ts";
import { buildTrainingGraph, PROPERTIES, type LossTerms } from "./training-graph.ts";
import type { VjpRule } from "./vjp-rules.ts";

export interface FastTrainableOptions {
  /** Arithmetic of the graph (float32 default; float64 as a reference in tests). */
  floatType?: FloatType;
  /** onnxruntime intra-op threads (default: 2). */
  threads?: number;
  /** A replacement VJP rule table (tests only). */
  rules?: Readonly<Record<string, VjpRule>>;
  /** Write onnxruntime profiles with this file prefix (benchmarks: per-node shapes and times). */
  profilePrefix?: string;
  /**
   * Let onnxruntime's intra-op threads spin while waiting for work (onnxruntime's default). Default here:
   * false. On the shared 2-core machine a spinning thread burns the time slice its partner needs: one
   * F = 128 step of 32 ethanols took 453 ms spinning and 214 ms not (medians of 18, interleaved, load ≈ 6–8).
   */
  spinning?: boolean;
}

interface Session {
  session: ort.InferenceSession;
  withGradient: Set<string>;
  inputs: Set<string>;
  nodes: number;
}

export class FastPainnTrainable implements TrainableModel {
  readonly variables: readonly tf.Variable[];
  readonly names: readonly string[];
  readonly floatType: FloatType;
  readonly threads: number;
  /** Node count of the last graph run (a measure of per-step overhead). */
  lastNodes = 0;
  private readonly tfjs: PainnTrainable;
  private readonly basis: RadialBasis;
  private readonly sessions = new Map<string, Promise<Session>>();

  constructor(
    readonly model: PainnModel,
    private readonly options: FastTrainableOptions = {},
  ) {
    const data = modelToData(model);
    assertFastPathSupports(data);
    const weights = data.weights;
    this.tfjs = new PainnTrainable(model);
    this.variables = this.tfjs.variables;
    this.names = [...model.params.trainableByName().keys()];
    this.basis = radialBasisOf(model.architecture.radialBasis, weights);
    this.floatType = options.floatType ?? "float32";
    this.threads = options.threads ?? 2;
  }

  forwardFor(batch: LabelledBatch, want: readonly ("dipole" | "polarizability")[]) {
    return this.tfjs.forwardFor(batch, want);
  }

  private session(terms: LossTerms): Promise<Session> {
    const key = PROPERTIES.map((p) => (terms[p] ? 1 : 0)).join("");
    let s = this.sessions.get(key);
    if (s === undefined) {
      const weights = this.model.params.toArrays();
      const graph = buildTrainingGraph(
        this.model.architecture,
        weights,
        this.names,
        this.model.spec.normalization.scale,
        terms,
        this.floatType,
        this.options.rules,
      );
      const inputs = new Set(this.model.params.names().filter((n) => graph.inputs.has(weightInputName(n))));
      s = ort.InferenceSession.create(graph.bytes, {
        intraOpNumThreads: this.threads,
        interOpNumThreads: 1,
        executionMode: "sequential",
        graphOptimizationLevel: this.floatType === "float64" ? "basic" : "all",
        ...(this.options.spinning === true
          ? {}
          : { extra: { session: { intra_op: { allow_spinning: "0" } } } }),
        ...(this.options.profilePrefix !== undefined
          ? { enableProfiling: true, profileFilePrefix: this.options.profilePrefix }
          : {}),
      }).then((session) => ({ session, withGradient: graph.withGradient, inputs, nodes: graph.nodes }));
      this.sessions.set(key, s);
    }
    return s;
  }

  /** Loss, its terms and ∂L/∂θ (order of `variables`) of a batch; the caller disposes the gradients. */
  async lossAndGradients(batch: LabelledBatch, loss: LossOptions): Promise<GradientResult> {
    const r = await this.run(batch, loss);
    return {
      loss: r.loss,
      terms: r.terms,
      grads: r.grads.map((g, k) =>
        g === null
          ? tf.zerosLike(this.variables[k])
          : tf.tensor(Float32Array.from(g), this.variables[k].shape),
      ),
    };
  }

  /**
   * One run of the training graph: loss, terms and ∂L/∂θ as arrays in the graph's float type (null: a zero
   * gradient), order of `variables`. `at` evaluates at other values of the trainable weights (order of
   * `variables`) instead of the variables' own: finite-difference checks in float64.
   */
  async run(
    batch: LabelledBatch,
    loss: LossOptions,
    at?: readonly ArrayLike<number>[],
  ): Promise<{
    loss: number;
    terms: GradientResult["terms"];
    grads: (Float32Array | Float64Array | null)[];
  }> {
    const terms = termsOf(batch, loss);
    if (!PROPERTIES.some((p) => terms[p])) return { loss: 0, terms: {}, grads: this.names.map(() => null) };
    const { session, withGradient, inputs, nodes } = await this.session(terms);
    this.lastNodes = nodes;
    const arch = this.model.architecture;
    const feeds = trainingFeeds(
      {
        basis: this.basis,
        cutoff: arch.cutoff,
        nRbf: arch.radialBasis.nRbf,
        correctCharges: arch.heads.dipole?.correctCharges === true,
        floatType: this.floatType,
      },
      batch,
      loss,
      terms,
    );
    const float64 = this.floatType === "float64";
    for (const name of inputs) {
      const v = this.model.params.get(name);
      const k = at === undefined ? -1 : this.names.indexOf(name);
      const data = k >= 0 ? at![k] : (v.dataSync() as Float32Array);
      feeds[weightInputName(name)] = new ort.Tensor(
        float64 ? "float64" : "float32",
        float64 ? Float64Array.from(data) : Float32Array.from(data),
        v.shape,
      );
    }
    const out = await session.run(feeds);
    const result = {
      loss: Number((out.loss.data as Float32Array)[0]),
      terms: {} as GradientResult["terms"],
      grads: this.names.map((name) =>
        withGradient.has(name) ? (out[`grad:${name}`].data as Float32Array | Float64Array) : null,
      ),
    };
    for (const p of PROPERTIES) {
      if (terms[p]) result.terms[p as TrainableProperty] = Number((out[`term_${p}`].data as Float32Array)[0]);
    }
    return result;
  }

  /**
   * Validation on the fast inference path (fast-painn-model.ts) with the weights as they are now (the EMA
   * weights inside Trainer.evaluate); energies without the reference energies, as the labels are packed.
   */
  async predictor(): Promise<BatchPredictor> {
    const fast = new FastPainnModel(modelToData(this.model), { threads: this.threads });
    return {
      predict: async (batch, want) => {
        const counts = new Array<number>(batch.nConfigs).fill(0);
        for (const c of batch.configOfAtom) counts[c] += 1;
        const layout = layoutOfCounts(counts);
        const out = await fast.predict(
          { layout, numbers: batch.numbers, positions: batch.positions },
          { dipole: want.includes("dipole"), polarizability: want.includes("polarizability") },
        );
        const constant = this.model.constantEnergy(batch.numbers, layout);
        return {
          energy: out.energy.map((e, b) => e - constant[b]),
          forces: out.forces!,
          ...(out.dipole ? { dipole: out.dipole } : {}),
          ...(out.polarizability ? { polarizability: out.polarizability } : {}),
        };
      },
      dispose: () => fast.dispose(),
    };
  }

  /** Stop profiling every session (profilePrefix): onnxruntime writes the profile files. */
  async endProfiling(): Promise<void> {
    for (const s of this.sessions.values()) (await s).session.endProfiling();
  }

  async dispose(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of all) await (await s).session.release();
  }
}
