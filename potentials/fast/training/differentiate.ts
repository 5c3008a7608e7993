/**
 * Reverse-mode differentiation of a built ONNX graph: the gradient of one scalar value with respect to
 * chosen inputs, appended to the same graph as new nodes (source-to-source, like a tape read backwards).
 *
 * Walk the nodes in reverse build order; a node whose outputs received gradients hands them to its VJP rule
 * (vjp-rules.ts) and the rule's results are summed into its inputs' gradients. Only "active" values (those
 * that depend on a differentiated input) are visited, so index arithmetic and constants cost nothing. The
 * graph may itself contain hand-written derivatives (the analytic force backward of painn-graph.ts): they
 * are ordinary nodes here, so ∂L/∂θ of a loss on forces comes out with its second-order terms exactly.
 */
import type { Dim, OnnxGraph } from "../onnx-graph.ts";
import { inferShapes, type Shape } from "./static-shapes.ts";
import { VJP_RULES, type VjpContext, type VjpRule } from "./vjp-rules.ts";

export interface DifferentiateOptions {
  /** The rule table (tests swap one rule to show that the gradient checks catch it). */
  rules?: Readonly<Record<string, VjpRule>>;
  /** Known int64 vectors used as shapes (e.g. nm = [N, M]) for the static shapes. */
  ints?: Record<string, Dim[]>;
  /** ∂L/∂x of Gather(x, index) from ∂L/∂y, by index input (see VjpContext.gatherAdjoint). */
  gatherAdjoint: (ctx: VjpContext, index: string, grad: string, x: string) => string;
}

/**
 * Append ∂target/∂x for every x of `wrt` (graph inputs) to the graph; returns the gradient value of each
 * (null where the target does not depend on it: a zero gradient). `target` must be a scalar value.
 */
export function differentiate(
  graph: OnnxGraph,
  target: string,
  wrt: readonly string[],
  options: DifferentiateOptions,
): (string | null)[] {
  const rules = options.rules ?? VJP_RULES;
  const forward = [...graph.records];
  const shapes = inferShapes(graph, options.ints);

  // Values that depend on a differentiated input.
  const active = new Set<string>(wrt);
  for (const n of forward) {
    if (n.type === "Shape") continue;
    if (n.inputs.some((i) => active.has(i))) n.outputs.forEach((o) => active.add(o));
  }
  if (!active.has(target)) return wrt.map(() => null);

  const contributions = new Map<string, string[]>();
  const add = (v: string, g: string) => {
    const list = contributions.get(v);
    if (list) list.push(g);
    else contributions.set(v, [g]);
  };
  const total = (v: string): string | null => {
    const list = contributions.get(v);
    if (list === undefined) return null;
    if (list.length === 1) return list[0];
    const sum = graph.op("Sum", list);
    contributions.set(v, [sum]);
    return sum;
  };

  const scalars = new Map<number, string>();
  const ctx: VjpContext = {
    g: graph,
    shape: (v) => shapes.shape(v),
    unbroadcast: (grad, operand, resultShape) =>
      unbroadcast(graph, grad, operand, shapes.shape(operand), resultShape),
    ints: (values) => graph.constant("ints", values, [values.length], "int64"),
    scalar: (x) => {
      let s = scalars.get(x);
      if (s === undefined) {
        s = graph.constant("c", [x], []);
        scalars.set(x, s);
      }
      return s;
    },
    zerosLike: (v) => graph.zeros(graph.op("Shape", [v])),
    gatherAdjoint: (index, grad, x) => options.gatherAdjoint(ctx, index, grad, x),
  };

  const targetShape = shapes.shape(target);
  if (targetShape.some((d) => d !== 1))
    throw new Error(`differentiate: the target has shape [${targetShape}]`);
  add(target, graph.constant("seed", [1], targetShape as number[]));

  for (let k = forward.length - 1; k >= 0; k--) {
    const n = forward[k];
    if (!n.outputs.some((o) => active.has(o) && contributions.has(o))) continue;
    const rule = rules[n.type];
    if (rule === undefined) throw new Error(`differentiate: no VJP rule for ONNX op ${n.type}`);
    const gIn = rule(n, n.outputs.map(total), ctx);
    n.inputs.forEach((x, i) => {
      const g = gIn[i];
      if (g !== null && g !== undefined && active.has(x)) add(x, g);
    });
  }
  return wrt.map(total);
}

/** Sum `grad` (shaped `resultShape`) over the axes along which `operand` (shaped `shape`) was broadcast. */
function unbroadcast(
  graph: OnnxGraph,
  grad: string,
  operand: string,
  shape: Shape,
  resultShape: Shape,
): string {
  const r = resultShape.length;
  const pad = r - shape.length;
  const axes: number[] = [];
  for (let k = 0; k < r; k++) {
    const d = k < pad ? 1 : shape[k - pad];
    if (d === 1 && resultShape[k] !== 1) axes.push(k);
  }
  if (axes.length === 0 && pad === 0) return grad;
  let g = grad;
  if (axes.length > 0)
    g = graph.op("ReduceSum", [g, graph.constant("axes", axes, [axes.length], "int64")], { keepdims: 1 });
  // keepdims leaves the operand's shape when it has the result's rank; otherwise drop the padded axes.
  return pad === 0 ? g : graph.op("Reshape", [g, graph.op("Shape", [operand])]);
}
