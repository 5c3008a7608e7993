/**
 * Gradients of the TensorFlow.js kernels that equimd's models use, written so that gradients of every
 * order are right.
 *
 * Why this file exists: @tensorflow/tfjs-core on its own (as equimd installs it, without the @tensorflow/tfjs
 * umbrella package) registers no gradients at all in Node, and its ESM gradient module cannot be loaded from
 * Node. Where tfjs's own gradient of an op reuses the op's saved *output* (Sigmoid, Exp, Tanh), a nested
 * tf.grad loses the path through that output and second derivatives come out wrong without any error
 * (SiLU'' 25 % off). Every gradient here is built from the *inputs* only, with differentiable ops, so
 * nested tf.grad (forces inside a force-matching loss) is exact.
 *
 * Conventions: a gradient function returns, for each input, a thunk producing ∂L/∂input given dy = ∂L/∂out.
 * Binary ops broadcast; their gradients are summed back to the input's shape (reduceToShape).
 */
import * as tf from "@tensorflow/tfjs-core";
import type { GradConfig, NamedAttrMap, Tensor } from "@tensorflow/tfjs-core";

/** Sum a broadcast gradient back to `shape` (the shape of the input it belongs to). */
function reduceToShape(g: Tensor, shape: number[]): Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, g.shape);
  const summed = axes.length > 0 ? tf.sum(g, axes) : g;
  return tf.reshape(summed, shape);
}

function attr<T>(attrs: NamedAttrMap | undefined, name: string): T {
  return (attrs as Record<string, unknown>)[name] as T;
}

const elementwiseBinary: GradConfig[] = [
  {
    kernelName: tf.Add,
    inputsToSave: ["a", "b"],
    gradFunc: (dy, [a, b]) => ({
      a: () => reduceToShape(dy as Tensor, a.shape),
      b: () => reduceToShape(dy as Tensor, b.shape),
    }),
  },
  {
    kernelName: tf.Sub,
    inputsToSave: ["a", "b"],
    gradFunc: (dy, [a, b]) => ({
      a: () => reduceToShape(dy as Tensor, a.shape),
      b: () => reduceToShape(tf.neg(dy as Tensor), b.shape),
    }),
  },
  {
    kernelName: tf.Multiply,
    inputsToSave: ["a", "b"],
    gradFunc: (dy, [a, b]) => ({
      a: () => reduceToShape(tf.mul(dy as Tensor, b), a.shape),
      b: () => reduceToShape(tf.mul(dy as Tensor, a), b.shape),
    }),
  },
  {
    kernelName: tf.RealDiv,
    inputsToSave: ["a", "b"],
    gradFunc: (dy, [a, b]) => ({
      a: () => reduceToShape(tf.div(dy as Tensor, b), a.shape),
      // ∂(a/b)/∂b = −a/b²
      b: () => reduceToShape(tf.neg(tf.div(tf.mul(dy as Tensor, a), tf.square(b))), b.shape),
    }),
  },
];

const elementwiseUnary: GradConfig[] = [
  // Constants built from a tensor's shape (tf.grad seeds dy with onesLike(y) inside an outer tape).
  { kernelName: tf.OnesLike, inputsToSave: ["x"], gradFunc: (_dy, [x]) => ({ x: () => tf.zerosLike(x) }) },
  { kernelName: tf.ZerosLike, inputsToSave: ["x"], gradFunc: (_dy, [x]) => ({ x: () => tf.zerosLike(x) }) },
  { kernelName: tf.Neg, gradFunc: (dy) => ({ x: () => tf.neg(dy as Tensor) }) },
  { kernelName: tf.Identity, gradFunc: (dy) => ({ x: () => tf.clone(dy as Tensor) }) },
  { kernelName: tf.Cast, gradFunc: (dy) => ({ x: () => tf.clone(dy as Tensor) }) },
  {
    kernelName: tf.Square,
    inputsToSave: ["x"],
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy as Tensor, tf.mul(x, 2)) }),
  },
  {
    kernelName: tf.Sqrt,
    inputsToSave: ["x"],
    gradFunc: (dy, [x]) => ({ x: () => tf.div(dy as Tensor, tf.mul(tf.sqrt(x), 2)) }),
  },
  {
    kernelName: tf.Sin,
    inputsToSave: ["x"],
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy as Tensor, tf.cos(x)) }),
  },
  {
    kernelName: tf.Cos,
    inputsToSave: ["x"],
    gradFunc: (dy, [x]) => ({ x: () => tf.neg(tf.mul(dy as Tensor, tf.sin(x))) }),
  },
  // The three below differ from tfjs's own: they recompute from x instead of reusing the saved output.
  {
    kernelName: tf.Exp,
    inputsToSave: ["x"],
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy as Tensor, tf.exp(x)) }),
  },
  {
    kernelName: tf.Sigmoid,
    inputsToSave: ["x"],
    gradFunc: (dy, [x]) => ({
      x: () => {
        const s = tf.sigmoid(x);
        return tf.mul(dy as Tensor, tf.mul(s, tf.sub(1, s)));
      },
    }),
  },
  {
    kernelName: tf.Tanh,
    inputsToSave: ["x"],
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy as Tensor, tf.sub(1, tf.square(tf.tanh(x)))) }),
  },
];

/** Comparison ops are step functions: derivative 0 (tfjs registers none, which breaks a tape). */
const comparisons: GradConfig[] = [
  tf.Less,
  tf.LessEqual,
  tf.Greater,
  tf.GreaterEqual,
  tf.Equal,
  tf.NotEqual,
].map((kernelName) => ({
  kernelName,
  inputsToSave: ["a", "b"],
  gradFunc: (_dy: Tensor | Tensor[], [a, b]: Tensor[]) => ({
    a: () => tf.zerosLike(a),
    b: () => tf.zerosLike(b),
  }),
}));

const linearAlgebra: GradConfig[] = [
  {
    kernelName: tf.BatchMatMul,
    inputsToSave: ["a", "b"],
    gradFunc: (dyIn, [a, b], attrs) => {
      const dy = dyIn as Tensor;
      const tA = attr<boolean>(attrs, "transposeA");
      const tB = attr<boolean>(attrs, "transposeB");
      // C = op(A)·op(B); the four cases of ∂L/∂A and ∂L/∂B, then undo any batch broadcasting.
      let da: () => Tensor;
      let db: () => Tensor;
      if (!tA && !tB) {
        da = () => tf.matMul(dy, b, false, true);
        db = () => tf.matMul(a, dy, true, false);
      } else if (!tA && tB) {
        da = () => tf.matMul(dy, b, false, false);
        db = () => tf.matMul(dy, a, true, false);
      } else if (tA && !tB) {
        da = () => tf.matMul(b, dy, false, true);
        db = () => tf.matMul(a, dy, false, false);
      } else {
        da = () => tf.matMul(b, dy, true, true);
        db = () => tf.matMul(dy, a, true, true);
      }
      return { a: () => reduceToShape(da(), a.shape), b: () => reduceToShape(db(), b.shape) };
    },
  },
];

const shapeOps: GradConfig[] = [
  {
    kernelName: tf.Reshape,
    inputsToSave: ["x"],
    gradFunc: (dy, [x]) => ({ x: () => tf.reshape(dy as Tensor, x.shape) }),
  },
  {
    kernelName: tf.ExpandDims,
    inputsToSave: ["input"],
    gradFunc: (dy, [x]) => ({ input: () => tf.reshape(dy as Tensor, x.shape) }),
  },
  {
    kernelName: tf.Transpose,
    gradFunc: (dy, _saved, attrs) => {
      const perm = attr<number[]>(attrs, "perm");
      const inverse = new Array<number>(perm.length);
      perm.forEach((p, i) => (inverse[p] = i));
      return { x: () => tf.transpose(dy as Tensor, inverse) };
    },
  },
  {
    kernelName: tf.Sum,
    inputsToSave: ["x"],
    gradFunc: (dy, [x], attrs) => {
      const axes = tf.util.parseAxisParam(attr<number | number[]>(attrs, "axis"), x.shape);
      const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
      // Broadcast dy back over the summed axes (a product with ones, so that it differentiates again).
      return { x: () => tf.mul(tf.reshape(dy as Tensor, kept), tf.onesLike(x)) };
    },
  },
  {
    kernelName: tf.Concat,
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const axis = tf.util.parseAxisParam(attr<number>(attrs, "axis"), saved[0].shape)[0];
      const parts = tf.split(
        dy as Tensor,
        saved.map((t) => t.shape[axis]),
        axis,
      );
      return parts.map((p) => () => p) as unknown as Record<string, () => Tensor>;
    },
  },
  {
    kernelName: tf.SplitV,
    // With a single output (a split into one part, e.g. T = 1 filters) tfjs passes dy as a tensor, not a list.
    gradFunc: (dy, _saved, attrs) => ({
      x: () => tf.concat(Array.isArray(dy) ? dy : [dy], attr<number>(attrs, "axis")),
    }),
  },
  {
    kernelName: tf.Pack,
    saveAllInputs: true,
    gradFunc: (dy, _saved, attrs) => {
      const parts = tf.unstack(dy as Tensor, attr<number>(attrs, "axis"));
      return parts.map((p) => () => p) as unknown as Record<string, () => Tensor>;
    },
  },
  {
    kernelName: tf.Unpack,
    gradFunc: (dy, _saved, attrs) => ({
      value: () => tf.stack(Array.isArray(dy) ? dy : [dy], attr<number>(attrs, "axis")),
    }),
  },
];

/** Gather along axis 0 and its adjoint, the segment sum; each is the other's gradient. */
const gatherScatter: GradConfig[] = [
  {
    kernelName: tf.GatherV2,
    inputsToSave: ["x", "indices"],
    gradFunc: (dy, [x, indices], attrs) => {
      const axis = tf.util.parseAxisParam(attr<number>(attrs, "axis"), x.shape)[0];
      if (axis !== 0 || attr<number>(attrs, "batchDims") !== 0 || indices.rank !== 1) {
        throw new Error("equimd gradients: tf.gather is differentiable only along axis 0 with 1-D indices");
      }
      return {
        x: () => tf.unsortedSegmentSum(dy as Tensor, indices as tf.Tensor1D, x.shape[0]),
        indices: () => tf.cast(tf.zerosLike(indices), "float32"),
      };
    },
  },
  {
    kernelName: tf.UnsortedSegmentSum,
    inputsToSave: ["segmentIds"],
    gradFunc: (dy, [segmentIds]) => ({
      x: () => tf.gather(dy as Tensor, segmentIds as tf.Tensor1D),
      segmentIds: () => tf.cast(tf.zerosLike(segmentIds), "float32"),
    }),
  },
];

/** All gradients above. */
export const GRADIENTS: readonly GradConfig[] = [
  ...elementwiseBinary,
  ...elementwiseUnary,
  ...comparisons,
  ...linearAlgebra,
  ...shapeOps,
  ...gatherScatter,
];

/** Register (or replace) every gradient of this file in tfjs's global gradient registry. */
export function registerGradients(): void {
  for (const config of GRADIENTS) tf.registerGradient(config);
}
