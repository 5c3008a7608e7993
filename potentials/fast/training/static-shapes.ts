/**
 * Static shapes of the values of a built graph, as far as differentiation needs them: the rank of every
 * value and which of its dimensions are literally 1. A gradient flowing into a broadcast operand must be
 * summed over the axes it was broadcast along, and those are exactly the axes where the operand has a
 * literal 1 (or no axis at all) and the result does not. Symbolic sizes (atoms N, slots E, …) are kept as
 * names; sizes unknown here become "?" and are assumed to match whatever they broadcast against (the PaiNN
 * graph only ever broadcasts literal 1s).
 *
 * int64 vectors that are used as shapes (Reshape targets, Shape results, the input nm = [N, M]) are tracked
 * by value so that the result of a Reshape has a known rank.
 */
import type { Dim, NodeRecord, OnnxGraph } from "../onnx-graph.ts";

export type Shape = Dim[];

export interface StaticShapes {
  /** Shape of a float or int value. */
  shape(value: string): Shape;
}

/** Broadcast two shapes (numpy rules, with "?" and names treated as equal sizes). */
export function broadcastShapes(a: Shape, b: Shape): Shape {
  const r = Math.max(a.length, b.length);
  const out: Shape = [];
  for (let k = 0; k < r; k++) {
    const x = k - (r - a.length) >= 0 ? a[k - (r - a.length)] : 1;
    const y = k - (r - b.length) >= 0 ? b[k - (r - b.length)] : 1;
    if (x === 1) out.push(y);
    else if (y === 1) out.push(x);
    else if (typeof x === "number" && typeof y === "number" && x !== y)
      throw new Error(`static shapes: cannot broadcast [${a}] with [${b}]`);
    else out.push(typeof x === "number" ? x : y);
  }
  return out;
}

/** Infer shapes of every node of `graph` (which must use only the ops below); `ints` seeds int vectors. */
export function inferShapes(graph: OnnxGraph, ints: Record<string, Dim[]> = {}): StaticShapes {
  const shapes = new Map<string, Shape>(graph.declaredShapes);
  const values = new Map<string, Dim[]>(graph.intConstants);
  for (const [k, v] of Object.entries(ints)) values.set(k, v);
  let unknown = 0;
  const get = (v: string): Shape => {
    const s = shapes.get(v);
    if (s === undefined) throw new Error(`static shapes: no shape for '${v}'`);
    return s;
  };
  const intValue = (v: string): Dim[] => {
    const x = values.get(v);
    if (x === undefined) throw new Error(`static shapes: the int vector '${v}' is not known`);
    return x;
  };
  const axesOf = (n: NodeRecord, rank: number): number[] =>
    intValue(n.inputs[1]).map((a) => {
      if (typeof a !== "number") throw new Error(`static shapes: symbolic axis in ${n.type}`);
      return a < 0 ? a + rank : a;
    });
  for (const n of graph.records) {
    const x = n.inputs.length > 0 && n.type !== "ConstantOfShape" ? get(n.inputs[0]) : [];
    let out: Shape[];
    switch (n.type) {
      case "Identity":
      case "Sigmoid":
      case "Sqrt":
      case "Neg":
        out = [x];
        break;
      case "Add":
      case "Sub":
      case "Mul":
      case "Div":
        out = [broadcastShapes(x, get(n.inputs[1]))];
        break;
      case "Gather": {
        if ((n.attrs.axis ?? 0) !== 0) throw new Error("static shapes: Gather on an axis other than 0");
        out = [[...get(n.inputs[1]), ...x.slice(1)]];
        break;
      }
      case "Gemm": {
        const b = get(n.inputs[1]);
        const rows = n.attrs.transA === 1 ? x[1] : x[0];
        const cols = n.attrs.transB === 1 ? b[0] : b[1];
        out = [[rows, cols]];
        break;
      }
      case "MatMul": {
        const b = get(n.inputs[1]);
        const batch = broadcastShapes(x.slice(0, -2), b.slice(0, -2));
        out = [[...batch, x[x.length - 2], b[b.length - 1]]];
        break;
      }
      case "Split": {
        const axis = n.attrs.axis as number;
        const parts = n.outputs.length;
        const d = x[axis];
        const each = typeof d === "number" ? d / parts : `?${unknown++}`;
        out = n.outputs.map(() => x.map((e, k) => (k === axis ? each : e)));
        break;
      }
      case "Concat": {
        const axis = n.attrs.axis as number;
        const all = n.inputs.map(get);
        let total: Dim = 0;
        for (const s of all) {
          const d = s[axis];
          total = typeof d === "number" && typeof total === "number" ? total + d : `?${unknown++}`;
        }
        out = [x.map((e, k) => (k === axis ? total : e))];
        if (n.inputs.every((i) => values.has(i))) values.set(n.outputs[0], n.inputs.flatMap(intValue));
        break;
      }
      case "Unsqueeze": {
        const r = x.length + intValue(n.inputs[1]).length;
        const axes = axesOf(n, r);
        const s: Shape = [];
        let j = 0;
        for (let k = 0; k < r; k++) s.push(axes.includes(k) ? 1 : x[j++]);
        out = [s];
        break;
      }
      case "Squeeze": {
        const axes = axesOf(n, x.length);
        out = [x.filter((_, k) => !axes.includes(k))];
        break;
      }
      case "ReduceSum": {
        const axes = axesOf(n, x.length);
        const keep = n.attrs.keepdims === undefined || n.attrs.keepdims === 1;
        out = [keep ? x.map((d, k) => (axes.includes(k) ? 1 : d)) : x.filter((_, k) => !axes.includes(k))];
        break;
      }
      case "Reshape": {
        const target = intValue(n.inputs[1]);
        out = [target.map((d, k) => (d === -1 ? `?${unknown++}` : d === 0 ? x[k] : d))];
        break;
      }
      case "Transpose": {
        const perm = n.attrs.perm as number[];
        out = [perm.map((p) => x[p])];
        break;
      }
      case "Shape": {
        const start = (n.attrs.start as number | undefined) ?? 0;
        const end = (n.attrs.end as number | undefined) ?? x.length;
        const v = x.slice(start, end);
        values.set(n.outputs[0], v);
        out = [[v.length]];
        break;
      }
      case "ConstantOfShape":
        out = [intValue(n.inputs[0])];
        break;
      default:
        throw new Error(`static shapes: op ${n.type} is not supported`);
    }
    n.outputs.forEach((o, k) => shapes.set(o, out[k]));
  }
  return { shape: get };
}
