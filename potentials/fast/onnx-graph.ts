/**
 * A small builder for ONNX graphs: named values, nodes, constant initializers, serialised with onnx-proto
 * into bytes that onnxruntime loads. Only what the PaiNN graph needs: one floating-point type per graph
 * (float32 or float64) and int64 index tensors.
 */
import onnxProto, { type onnx } from "onnx-proto";

/** The protobuf classes (onnx-proto is CommonJS: its namespace comes through the default export). */
const proto = onnxProto.onnx;

/** Floating-point type of every real-valued tensor of a graph. */
export type FloatType = "float32" | "float64";

/** Opset of the default ONNX domain: 16 is the first with ScatterND(reduction = "add"). */
export const OPSET = 17;

/** A dimension: a fixed size or a symbolic name (number of atoms, edges…). */
export type Dim = number | string;

/** Node attribute: integers and integer lists as INT/INTS, strings as STRING, `{ f }` as FLOAT. */
export type Attribute = number | number[] | string | { f: number };

const ELEM = {
  float32: proto.TensorProto.DataType.FLOAT,
  float64: proto.TensorProto.DataType.DOUBLE,
  int64: proto.TensorProto.DataType.INT64,
} as const;

type ElemName = keyof typeof ELEM;

function valueInfo(name: string, elem: ElemName, shape: readonly Dim[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEM[elem],
        shape: { dim: shape.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, value: Attribute): onnx.IAttributeProto {
  const T = proto.AttributeProto.AttributeType;
  if (typeof value === "string") return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: T.INTS, ints: value };
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new Error(`ONNX attribute ${name}: ${value} is not an integer`);
    return { name, type: T.INT, i: value };
  }
  return { name, type: T.FLOAT, f: value.f };
}

/** A node as built (before serialisation): what graph transformations (differentiation) read. */
export interface NodeRecord {
  type: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, Attribute>;
}

export class OnnxGraph {
  private readonly nodes: onnx.INodeProto[] = [];
  /** Every node in build (topological) order, with its attributes as given. */
  readonly records: NodeRecord[] = [];
  /** Declared shapes of the graph inputs and constants. */
  readonly declaredShapes = new Map<string, Dim[]>();
  /** Values of the int64 constants (axes, shapes). */
  readonly intConstants = new Map<string, number[]>();
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  constructor(readonly floatType: FloatType) {}

  private fresh(hint: string): string {
    const name = `${hint}_${this.counter++}`;
    this.names.add(name);
    return name;
  }

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`ONNX graph: the name '${name}' is used twice`);
    this.names.add(name);
    return name;
  }

  /** A graph input of the floating-point type (or int64 for indices). */
  input(name: string, shape: readonly Dim[], elem: "float" | "int64" = "float"): string {
    this.inputs.push(valueInfo(this.claim(name), elem === "float" ? this.floatType : "int64", shape));
    this.declaredShapes.set(name, [...shape]);
    return name;
  }

  /** Expose `value` as the graph output `name`. */
  output(value: string, name: string, shape: readonly Dim[]): string {
    this.claim(name);
    this.nodes.push({ opType: "Identity", input: [value], output: [name], name: `out_${name}` });
    this.records.push({ type: "Identity", inputs: [value], outputs: [name], attrs: {} });
    this.outputs.push(valueInfo(name, this.floatType, shape));
    return name;
  }

  /** A constant tensor (weights, scalars) stored in the graph: resident, never fed again. */
  constant(
    hint: string,
    data: ArrayLike<number>,
    dims: readonly number[],
    elem: "float" | "int64" = "float",
  ): string {
    const name = this.fresh(hint);
    const size = dims.reduce((a, b) => a * b, 1);
    if (data.length !== size) throw new Error(`ONNX constant ${hint}: ${data.length} values for [${dims}]`);
    const t: onnx.ITensorProto = { name, dims: [...dims] };
    this.declaredShapes.set(name, [...dims]);
    if (elem === "int64") this.intConstants.set(name, Array.from(data));
    if (elem === "int64") {
      t.dataType = ELEM.int64;
      t.rawData = new Uint8Array(BigInt64Array.from(Array.from(data, (x) => BigInt(x))).buffer);
    } else if (this.floatType === "float32") {
      t.dataType = ELEM.float32;
      t.rawData = new Uint8Array(Float32Array.from(data).buffer);
    } else {
      t.dataType = ELEM.float64;
      t.rawData = new Uint8Array(Float64Array.from(data).buffer);
    }
    this.initializers.push(t);
    return name;
  }

  /** Add a node with one output; returns the output's name. */
  op(type: string, inputs: readonly string[], attrs: Record<string, Attribute> = {}): string {
    return this.opN(type, inputs, 1, attrs)[0];
  }

  /** Add a node with `nOutputs` outputs. */
  opN(
    type: string,
    inputs: readonly string[],
    nOutputs: number,
    attrs: Record<string, Attribute> = {},
  ): string[] {
    const outputs = Array.from({ length: nOutputs }, () => this.fresh(type));
    this.nodes.push({
      opType: type,
      input: [...inputs],
      output: outputs,
      name: `${type}_node_${this.nodes.length}`,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    this.records.push({ type, inputs: [...inputs], outputs, attrs });
    return outputs;
  }

  /** A tensor of zeros (of the graph's float type) with the shape given by the int64 value `shape`. */
  zeros(shape: string): string {
    const out = this.fresh("zeros");
    const bytes = this.floatType === "float32" ? 4 : 8;
    const value: onnx.ITensorProto = {
      name: "value",
      dims: [1],
      dataType: ELEM[this.floatType],
      rawData: new Uint8Array(bytes),
    };
    this.nodes.push({
      opType: "ConstantOfShape",
      input: [shape],
      output: [out],
      name: `ConstantOfShape_node_${this.nodes.length}`,
      attribute: [{ name: "value", type: proto.AttributeProto.AttributeType.TENSOR, t: value }],
    });
    this.records.push({ type: "ConstantOfShape", inputs: [shape], outputs: [out], attrs: {} });
    return out;
  }

  /** Number of nodes so far (a measure of per-call overhead). */
  get nodeCount(): number {
    return this.nodes.length;
  }

  /** Serialise as an ONNX model (ModelProto bytes). */
  toBytes(graphName: string): Uint8Array {
    const model = proto.ModelProto.create({
      irVersion: 8,
      producerName: "equimd",
      opsetImport: [{ domain: "", version: OPSET }],
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return proto.ModelProto.encode(model).finish();
  }
}
