/**
 * The training graph of PaiNN on the fast path: network + analytic force backward (painn-graph.ts, weights
 * as graph inputs) + the last steps of the force chain rule (done on the host at inference, edge-features.ts,
 * here graph ops) + the masked loss of loss.ts, and its reverse-mode gradient with respect to every weight
 * (differentiate.ts), all one ONNX graph.
 *
 * Extra inputs besides the network's (host-computed per batch, fast-train-batch.ts; zero in unused slots):
 *   phi1 [E, K+1] = [φ(d), 1];  dA [E, K+1] = [f φ'(d), 0];  fprime [E, 1] = f'(d);  invd [E, 1] = 1/d;
 *   P [B, N] membership (1 where atom i is in configuration b);
 *   per property p: ref (labels) and coef = mask / (n_p · width · s_p²) per row, w_p [1] the loss weight;
 *   Rc [N, 3] centre-of-mass coordinates and Pmean [N, B] = Pᵀ / N_b (total-charge correction) for μ and α.
 * Then, with Y = Σ_i y_i and its gradients ∂Y/∂phif, ∂Y/∂u from the network graph:
 *   ∂Y/∂d = Σ_k ∂Y/∂phif_k dA_k + (Σ_k ∂Y/∂phif_k phi1_k) f'
 *   ∂Y/∂r = ∂Y/∂d u + (∂Y/∂u − (∂Y/∂u · u) u) / d,   F = −scale (Σ_{slots with j = k} − Σ_{slots with i = k}) ∂Y/∂r
 *   E_b = scale Σ_{i∈b} y_i;  μ_b = Σ_{i∈b} (q_i Rc_i + μ_i);  α_b = Σ_{i∈b} (α_i I + ν_i Rcᵀ + Rc ν_iᵀ)
 *   L = Σ_p w_p t_p,  t_p = Σ coef (ŷ − y)².
 * Outputs: loss [1], term_<p> [] for each property in the loss, grad:<weight name> for each weight the loss
 * depends on.
 */
import type { PainnArchitecture } from "../../painn/architecture.ts";
import type { TrainableProperty } from "../../message-passing/training/trainable-model.ts";
import type { NamedArray } from "../../painn/parameters.ts";
import type { FloatType } from "../onnx-graph.ts";
import { Builder, painnNetwork, weightInputName } from "../painn-graph.ts";
import { differentiate } from "./differentiate.ts";
import type { VjpContext, VjpRule } from "./vjp-rules.ts";

/** The properties whose loss terms a graph computes. */
export type LossTerms = Record<TrainableProperty, boolean>;

export const PROPERTIES: readonly TrainableProperty[] = ["energy", "forces", "dipole", "polarizability"];

export interface TrainingGraph {
  bytes: Uint8Array;
  nodes: number;
  /** Weight names that have a gradient output `grad:<name>` (the others have a zero gradient). */
  withGradient: Set<string>;
  /** Names of all graph inputs (weights appear as weightInputName(name)). */
  inputs: Set<string>;
}

/** Build the training graph for these terms; `weights` gives the shapes (values are fed). */
export function buildTrainingGraph(
  arch: PainnArchitecture,
  weights: Record<string, NamedArray>,
  trainable: readonly string[],
  scale: number,
  terms: LossTerms,
  floatType: FloatType,
  rules?: Readonly<Record<string, VjpRule>>,
): TrainingGraph {
  const K = arch.radialBasis.nRbf;
  const bld = new Builder(floatType, weights, "inputs");
  const g = bld.g;
  const net = painnNetwork(bld, arch, { dipole: terms.dipole, polarizability: terms.polarizability });
  const P = g.input("P", ["B", "N"]);
  const axes = (a: number[]) => g.constant("axes", a, [a.length], "int64");
  const sumRows = (x: string) => g.op("ReduceSum", [x, axes([1])], { keepdims: 1 });
  const scaleC = g.constant("scale", [scale], []);

  const lossTerms: Partial<Record<TrainableProperty, string>> = {};
  const term = (p: TrainableProperty, pred: string, width: number, rows: string) => {
    const ref = g.input(`ref_${p}`, [rows, width]);
    const coef = g.input(`coef_${p}`, [rows, 1]);
    const d = g.op("Sub", [pred, ref]);
    lossTerms[p] = g.op("ReduceSum", [bld.mul(coef, bld.mul(d, d)), axes([0, 1])], { keepdims: 0 });
  };

  if (terms.energy) term("energy", bld.mul(bld.matmul(P, net.y), scaleC), 1, "B");
  if (terms.forces) {
    const phi1 = g.input("phi1", ["E", K + 1]);
    const dA = g.input("dA", ["E", K + 1]);
    const fprime = g.input("fprime", ["E", 1]);
    const invd = g.input("invd", ["E", 1]);
    const u = "u";
    const rev = "rev";
    const gd = bld.add(sumRows(bld.mul(net.gphif, dA)), bld.mul(sumRows(bld.mul(net.gphif, phi1)), fprime));
    const gudotu = sumRows(bld.mul(net.gu, u));
    const gr = bld.add(bld.mul(gd, u), bld.mul(g.op("Sub", [net.gu, bld.mul(gudotu, u)]), invd));
    const dYdR = g.op("Sub", [bld.segmentSum(bld.gather(gr, rev), "nm", [3]), bld.segmentSum(gr, "nm", [3])]);
    term("forces", bld.mul(dYdR, g.constant("minus_scale", [-scale], [])), 3, "N");
  }
  if (terms.dipole || terms.polarizability) {
    const Rc = g.input("Rc", ["N", 3]);
    if (terms.dipole) {
      let q = net.q!;
      if (arch.heads.dipole!.correctCharges) {
        const Pmean = g.input("Pmean", ["N", "B"]);
        q = g.op("Sub", [q, bld.matmul(Pmean, bld.matmul(P, q))]);
      }
      let mu = bld.mul(q, Rc);
      if (net.mu !== undefined) mu = bld.add(mu, net.mu);
      term("dipole", bld.matmul(P, mu), 3, "B");
    }
    if (terms.polarizability) {
      const outer = bld.mul(bld.unsqueeze(net.nu!, 2), bld.unsqueeze(Rc, 1)); // ν_r R_c, [N, 3, 3]
      const eye = g.constant("eye", [1, 0, 0, 0, 1, 0, 0, 0, 1], [1, 3, 3]);
      const iso = bld.mul(bld.unsqueeze(net.alpha!, 2), eye);
      const atomic = bld.add(iso, bld.add(outer, bld.transposeLast2(outer)));
      term("polarizability", bld.matmul(P, bld.reshape(atomic, bld.rowsShape([9]))), 9, "B");
    }
  }

  let total: string | null = null;
  for (const p of PROPERTIES) {
    const t = lossTerms[p];
    if (t === undefined) continue;
    const weighted = bld.mul(t, g.input(`w_${p}`, [1]));
    total = total === null ? weighted : bld.add(total, weighted);
    g.output(t, `term_${p}`, []);
  }
  if (total === null) throw new Error("training graph: no loss term selected");

  const present = trainable.filter((n) => g.declaredShapes.has(weightInputName(n)));
  const grads = differentiate(g, total, present.map(weightInputName), {
    rules,
    ints: { nm: ["N", "M"] },
    gatherAdjoint: (ctx, index, grad, x) => gatherAdjoint(ctx, index, grad, x),
  });
  g.output(total, "loss", [1]);
  const withGradient = new Set<string>();
  present.forEach((name, k) => {
    const gr = grads[k];
    if (gr === null) return;
    g.output(gr, `grad:${name}`, weights[name].shape);
    withGradient.add(name);
  });
  const inputs = new Set([...g.declaredShapes.keys()].filter((k) => !g.intConstants.has(k)));
  return { bytes: g.toBytes("painn_training"), nodes: g.nodeCount, withGradient, inputs };
}

/**
 * ∂L/∂x of y = Gather(x, index): the graph gathers by four index vectors, each with its own adjoint.
 *   ei (receiving atom of each slot): x̄_i = Σ over atom i's slots of ȳ: a reshape to [N, M, …] and a sum;
 *   ej (sending atom): Σ over slots with j = k, i.e. over atom k's slots of the reverse edges: ei after rev;
 *   rev (a permutation that is its own inverse): x̄ = Gather(ȳ, rev);
 *   Z (embedding rows): x̄ = onehot(Z)ᵀ ȳ.
 */
function gatherAdjoint(ctx: VjpContext, index: string, grad: string, x: string): string {
  const { g } = ctx;
  const segmentSum = (y: string) => {
    const shape = g.op("Concat", ["nm", g.op("Shape", [y], { start: 1 })], { axis: 0 });
    return g.op("ReduceSum", [g.op("Reshape", [y, shape]), ctx.ints([1])], { keepdims: 0 });
  };
  switch (index) {
    case "ei":
      return segmentSum(grad);
    case "ej":
      return segmentSum(g.op("Gather", [grad, "rev"], { axis: 0 }));
    case "rev":
      return g.op("Gather", [grad, "rev"], { axis: 0 });
    case "Z": {
      const depth = ctx.shape(x)[0];
      if (typeof depth !== "number") throw new Error("training graph: embedding rows must be static");
      // onehot[i, z] = (Z_i == z), as Equal and Cast (onnxruntime's OneHot has no float64 kernel).
      const rowsZ = g.constant(
        "elements",
        Array.from({ length: depth }, (_, z) => z),
        [1, depth],
        "int64",
      );
      const equal = g.op("Equal", [g.op("Unsqueeze", ["Z", ctx.ints([1])]), rowsZ]);
      const onehot = g.op("Cast", [equal], { to: g.floatType === "float32" ? 1 : 11 });
      return g.op("Gemm", [onehot, grad], { transA: 1 });
    }
    default:
      throw new Error(`training graph: no adjoint for a Gather by '${index}'`);
  }
}
