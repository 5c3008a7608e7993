/**
 * Vector–Jacobian products, one rule per ONNX op of the PaiNN graph. For y = op(x₁, x₂, …) and the
 * gradient ḡ = ∂L/∂y a rule adds nodes computing ∂L/∂x_k = ḡ · ∂y/∂x_k for each input (null: no gradient,
 * e.g. for index and shape inputs). Broadcast operands get their gradient summed back to their own shape
 * (VjpContext.unbroadcast).
 *
 *   Add/Sub:   x̄₁ = ḡ, x̄₂ = ±ḡ            Mul: x̄₁ = ḡ x₂, x̄₂ = ḡ x₁       Div: x̄₁ = ḡ/x₂, x̄₂ = −ḡ y/x₂
 *   Sigmoid:   x̄ = ḡ y (1 − y)             Sqrt: x̄ = ḡ / (2y)              Neg: x̄ = −ḡ
 *   MatMul:    Ā = ḡ Bᵀ, B̄ = Aᵀ ḡ          Gemm y = A op(B) + C: Ā = ḡ op(B)ᵀ, B̄ = (Aᵀ ḡ or ḡᵀ A), C̄ = ḡ
 *   ReduceSum: x̄ = ḡ broadcast back        Split ↔ Concat                  Reshape, (Un)squeeze: reshape back
 *   Transpose: the inverse permutation     Gather: by the index's meaning (VjpContext.gatherAdjoint)
 */
import type { NodeRecord, OnnxGraph } from "../onnx-graph.ts";
import type { Shape } from "./static-shapes.ts";

/** What a rule may use besides the node: the graph to add nodes to and helpers that know the shapes. */
export interface VjpContext {
  readonly g: OnnxGraph;
  /** Static shape of a value of the forward graph. */
  shape(value: string): Shape;
  /** ḡ (shaped like the result of a broadcasting op) summed to the shape of `operand`. */
  unbroadcast(grad: string, operand: string, resultShape: Shape): string;
  /** An int64 constant vector. */
  ints(values: number[]): string;
  /** A scalar constant of the float type. */
  scalar(x: number): string;
  /** Zeros shaped like `value`. */
  zerosLike(value: string): string;
  /** ∂L/∂x of Gather(x, index) along axis 0 from ∂L/∂y: depends on what the index means (training-graph.ts). */
  gatherAdjoint(index: string, grad: string, x: string): string;
}

/** A VJP rule: gradients of the node's inputs (null where none) from those of its outputs (null: zero). */
export type VjpRule = (node: NodeRecord, gOut: (string | null)[], ctx: VjpContext) => (string | null)[];

function only(gOut: (string | null)[]): string {
  const g = gOut[0];
  if (g === null) throw new Error("vjp: a single-output rule called without a gradient");
  return g;
}

/** Transpose of the last two axes of a value of rank r. */
function transposeLast2(ctx: VjpContext, x: string): string {
  const r = ctx.shape(x).length;
  const perm = Array.from({ length: r }, (_, k) => k);
  [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
  return ctx.g.op("Transpose", [x], { perm });
}

function reshapeLike(ctx: VjpContext, grad: string, like: string): string {
  return ctx.g.op("Reshape", [grad, ctx.g.op("Shape", [like])]);
}

export const VJP_RULES: Readonly<Record<string, VjpRule>> = {
  Identity: (_n, gOut) => [only(gOut)],

  Neg: (_n, gOut, ctx) => [ctx.g.op("Neg", [only(gOut)])],

  Add: (n, gOut, ctx) => {
    const g = only(gOut);
    const s = ctx.shape(n.outputs[0]);
    return [ctx.unbroadcast(g, n.inputs[0], s), ctx.unbroadcast(g, n.inputs[1], s)];
  },

  Sub: (n, gOut, ctx) => {
    const g = only(gOut);
    const s = ctx.shape(n.outputs[0]);
    return [ctx.unbroadcast(g, n.inputs[0], s), ctx.unbroadcast(ctx.g.op("Neg", [g]), n.inputs[1], s)];
  },

  Mul: (n, gOut, ctx) => {
    const g = only(gOut);
    const [a, b] = n.inputs;
    const s = ctx.shape(n.outputs[0]);
    return [ctx.unbroadcast(ctx.g.op("Mul", [g, b]), a, s), ctx.unbroadcast(ctx.g.op("Mul", [g, a]), b, s)];
  },

  Div: (n, gOut, ctx) => {
    const g = only(gOut);
    const [a, b] = n.inputs;
    const s = ctx.shape(n.outputs[0]);
    const gOverB = ctx.g.op("Div", [g, b]);
    const gb = ctx.g.op("Neg", [ctx.g.op("Mul", [gOverB, n.outputs[0]])]);
    return [ctx.unbroadcast(gOverB, a, s), ctx.unbroadcast(gb, b, s)];
  },

  Sigmoid: (n, gOut, ctx) => {
    const y = n.outputs[0];
    const dy = ctx.g.op("Mul", [y, ctx.g.op("Sub", [ctx.scalar(1), y])]);
    return [ctx.g.op("Mul", [only(gOut), dy])];
  },

  Sqrt: (n, gOut, ctx) => [ctx.g.op("Div", [ctx.g.op("Mul", [only(gOut), ctx.scalar(0.5)]), n.outputs[0]])],

  MatMul: (n, gOut, ctx) => {
    const g = only(gOut);
    const [a, b] = n.inputs;
    const sa = ctx.shape(a);
    const sb = ctx.shape(b);
    if (sa.length < 2 || sb.length < 2) throw new Error("vjp MatMul: operands of rank < 2");
    const s = ctx.shape(n.outputs[0]);
    const batch = s.slice(0, -2);
    const ga = ctx.unbroadcast(ctx.g.op("MatMul", [g, transposeLast2(ctx, b)]), a, [
      ...batch,
      ...sa.slice(-2),
    ]);
    let gb: string;
    if (sb.length === 2 && sa.length > 2) {
      // B shared by every batch entry: B̄ = Σ_batch Aᵀ ḡ = flat(A)ᵀ flat(ḡ), one matrix product.
      const axis = sa.length - 1;
      gb = ctx.g.op("Gemm", [ctx.g.op("Flatten", [a], { axis }), ctx.g.op("Flatten", [g], { axis })], {
        transA: 1,
      });
    } else {
      gb = ctx.unbroadcast(ctx.g.op("MatMul", [transposeLast2(ctx, a), g]), b, [...batch, ...sb.slice(-2)]);
    }
    return [ga, gb];
  },

  Gemm: (n, gOut, ctx) => {
    const g = only(gOut);
    const [a, b, c] = n.inputs;
    if (n.attrs.transA === 1) throw new Error("vjp Gemm: transA is not supported");
    if (n.attrs.alpha !== undefined || n.attrs.beta !== undefined)
      throw new Error("vjp Gemm: alpha and beta other than 1 are not supported");
    const transB = n.attrs.transB === 1;
    // y = A op(B) + C;  Ā = ḡ op(B)ᵀ;  op(B) = Bᵀ: B̄ = ḡᵀ A, op(B) = B: B̄ = Aᵀ ḡ.
    const ga = transB ? ctx.g.op("MatMul", [g, b]) : ctx.g.op("Gemm", [g, b], { transB: 1 });
    const gb = transB ? ctx.g.op("Gemm", [g, a], { transA: 1 }) : ctx.g.op("Gemm", [a, g], { transA: 1 });
    const out: (string | null)[] = [ga, gb];
    if (c !== undefined) out.push(ctx.unbroadcast(g, c, ctx.shape(n.outputs[0])));
    return out;
  },

  ReduceSum: (n, gOut, ctx) => {
    const g = only(gOut);
    const x = n.inputs[0];
    const keep = n.attrs.keepdims === undefined || n.attrs.keepdims === 1;
    const kept = keep ? g : ctx.g.op("Unsqueeze", [g, n.inputs[1]]);
    return [ctx.g.op("Expand", [kept, ctx.g.op("Shape", [x])]), null];
  },

  Split: (n, gOut, ctx) => {
    const parts = gOut.map((g, k) => g ?? ctx.zerosLike(n.outputs[k]));
    return [ctx.g.op("Concat", parts, { axis: n.attrs.axis as number })];
  },

  Concat: (n, gOut, ctx) => {
    const axis = n.attrs.axis as number;
    if (axis < 0) throw new Error("vjp Concat: negative axis");
    const sizes = ctx.g.op(
      "Concat",
      n.inputs.map((x) => ctx.g.op("Shape", [x], { start: axis, end: axis + 1 })),
      { axis: 0 },
    );
    return ctx.g.opN("Split", [only(gOut), sizes], n.inputs.length, { axis });
  },

  Reshape: (n, gOut, ctx) => [reshapeLike(ctx, only(gOut), n.inputs[0]), null],
  Unsqueeze: (n, gOut, ctx) => [reshapeLike(ctx, only(gOut), n.inputs[0]), null],
  Squeeze: (n, gOut, ctx) => [reshapeLike(ctx, only(gOut), n.inputs[0]), null],

  Transpose: (n, gOut, ctx) => {
    const perm = n.attrs.perm as number[];
    const inverse = perm.map((_, k) => perm.indexOf(k));
    return [ctx.g.op("Transpose", [only(gOut)], { perm: inverse })];
  },

  Gather: (n, gOut, ctx) => {
    if ((n.attrs.axis ?? 0) !== 0) throw new Error("vjp Gather: only axis 0");
    return [ctx.gatherAdjoint(n.inputs[1], only(gOut), n.inputs[0]), null];
  },
};
