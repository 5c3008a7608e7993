/**
 * The PaiNN network and its analytic backward pass as one ONNX graph (docs/fast-inference.md).
 *
 * Inputs (fed every evaluation; geometry is done on the host in float64, edge-features.ts):
 *   Edges sit in neighbour slots: atom i owns slots i·M … i·M+M−1 (M = the largest neighbour count), E = N·M;
 *   unused slots have phif = 0, hence a zero filter and zero messages (the filter has no separate bias).
 *   Z [N] int64 atomic numbers;  ei, ej [E] int64 receiving / sending atom of each slot;
 *   rev [E] int64 the slot of the reverse edge (j → i), an unused slot for an unused one;  nm [2] = [N, M];
 *   phif [E, K+1] = [f(d) φ(d), f(d)] (radial basis times cosine cutoff, and the cutoff: the filter
 *   W = (φ Lᵀ + b) f = [f φ, f] [L, b]ᵀ is then one matmul);  u [E, 3] unit vectors u_ij.
 * Outputs:
 *   y [N, 1] per-atom network energy (before the normalisation scale);
 *   gphif [E, K+1] = ∂Y/∂phif, gu [E, 3] = ∂Y/∂u with Y = Σ_i y_i;
 *   optional heads: q [N, 1] (charges), mu [N, 3] (atomic dipoles), alpha [N, 1] and nu [N, 3].
 * The host finishes the chain rule (edge-features.ts): ∂Y/∂d from ∂Y/∂phif, then ∂Y/∂r_ij, summed over edges.
 * Edge tensors are never split or concatenated: each block's filter, x_j and message come in parts a, b, c
 * of width F, each its own matmul (copies of [E, 3F] tensors cost more than the arithmetic here). Sums over
 * an atom's slots that contract with u are batched matmuls over atoms ([N, 3, M] × [N, M, F] and the like),
 * and ∂Y/∂v'[i], the same for all of atom i's slots, is broadcast over them rather than gathered: no
 * [E, 3, F] tensor is formed for the b ⊗ u part of the message or its gradients.
 *
 * Forward per block t (schnetpack's PaiNN, potentials/painn/representation.ts), with the values the
 * backward pass reuses kept as graph values:
 *   x = L₁(σ(L₀(s)));  w = W_t ∘ x_j;  [a, b, c] = split(w);  s' = s + Σ_j a;  v' = v + Σ_j (b ⊗ u + c ∘ v_j)
 *   [V, U] = v' Mᵀ;  n = √(Σ V² + ε);  [a_ss, a_vv, a_sv] = L₁(σ(L₀([s', n])))
 *   v'' = v' + a_vv ∘ U;  s'' = s' + a_ss + a_sv ∘ Σ_xyz V ∘ U
 */
import type { PainnArchitecture } from "../painn/architecture.ts";
import type { NamedArray } from "../painn/parameters.ts";
import { OnnxGraph, type FloatType } from "./onnx-graph.ts";

/** Which optional head outputs a graph computes. */
export interface HeadSelection {
  dipole: boolean;
  polarizability: boolean;
}

/** Linear layer weights as graph constants: W [out, in] (as stored) and b [out]. */
interface Linear {
  W: string;
  b: string;
  nOut: number;
  nIn: number;
}

/** What the forward pass of an MLP keeps for its backward pass. */
interface MlpTape {
  layers: Linear[];
  /** Pre-activations of every hidden layer. */
  pre: string[];
  /** σ(pre) (the sigmoid), for SiLU' = σ (1 + h (1 − σ)). */
  sig: string[];
}

/**
 * How weights enter a graph: as constants (inference: resident, transformed on the host once) or as graph
 * inputs (training: fed every step, so that a gradient can be taken with respect to them; the same
 * transposes, row blocks and bias columns are then graph ops).
 */
export type WeightMode = "constants" | "inputs";

/** The graph input that carries weight `name` in "inputs" mode. */
export function weightInputName(name: string): string {
  return `param:${name}`;
}

/** Graph-building helpers over OnnxGraph with PaiNN's weights. */
export class Builder {
  readonly g: OnnxGraph;
  private readonly one: string;
  private readonly cache = new Map<string, string[]>();

  constructor(
    floatType: FloatType,
    private readonly weights: Record<string, NamedArray>,
    readonly mode: WeightMode = "constants",
  ) {
    this.g = new OnnxGraph(floatType);
    this.one = this.g.constant("one", [1], []);
  }

  private shapeOf(name: string): number[] {
    const a = this.weights[name];
    if (a === undefined) throw new Error(`fast PaiNN: weight '${name}' missing`);
    return a.shape;
  }

  private cached(key: string, make: () => string[]): string[] {
    let v = this.cache.get(key);
    if (v === undefined) {
      v = make();
      this.cache.set(key, v);
    }
    return v;
  }

  /** Weight `name` as stored. */
  weight(name: string): string {
    if (this.mode === "inputs")
      return this.cached(`in:${name}`, () => [this.g.input(weightInputName(name), this.shapeOf(name))])[0];
    const a = this.weights[name];
    if (a === undefined) throw new Error(`fast PaiNN: weight '${name}' missing`);
    return this.g.constant(name.replace(/[^A-Za-z0-9_]/g, "_"), a.data, a.shape);
  }

  /** The transpose of the matrix weight `name`. */
  weightT(name: string): string {
    if (this.mode === "inputs") return this.g.op("Transpose", [this.weight(name)], { perm: [1, 0] });
    const a = this.weights[name];
    if (a === undefined) throw new Error(`fast PaiNN: weight '${name}' missing`);
    const t = transpose(a);
    return this.g.constant(name.replace(/[^A-Za-z0-9_]/g, "_"), t.data, t.shape);
  }

  /** Row block `part` of `nParts` equal blocks of the matrix (or vector) weight `name`. */
  weightBlock(name: string, part: number, nParts: number): string {
    const shape = this.shapeOf(name);
    const r = shape[0] / nParts;
    if (this.mode === "inputs")
      return this.cached(`split:${name}:${nParts}`, () => this.split(this.weight(name), nParts, 0))[part];
    const a = this.weights[name]!;
    const c = shape.length > 1 ? shape[1] : 1;
    const data = Array.from(a.data).slice(part * r * c, (part + 1) * r * c);
    return this.g.constant(`${name.replace(/[^A-Za-z0-9_]/g, "_")}_rows_${part * r}`, data, [
      r,
      ...shape.slice(1),
    ]);
  }

  /** A matrix weight [3F, in] without its middle block of F rows (→ [2F, in]). */
  weightWithoutMiddleBlock(name: string): string {
    if (this.mode === "inputs")
      return this.concat(
        [0, 2].map((p) => this.weightBlock(name, p, 3)),
        0,
      );
    const a = this.weights[name];
    if (a === undefined) throw new Error(`fast PaiNN: weight '${name}' missing`);
    const F = a.shape[0] / 3;
    const t = dropRows(a, F, 2 * F);
    return this.g.constant(name.replace(/[^A-Za-z0-9_]/g, "_"), t.data, t.shape);
  }

  /**
   * Chunk c of the filter network's weight with its bias as an extra column, [L, b] rows c·F … (c+1)·F − 1:
   * shape [F, K + 1], or its transpose [K + 1, F].
   */
  filterChunk(c: number, F: number, transposed: boolean): string {
    if (this.mode === "inputs") {
      const L = "representation.filter_net.weight";
      const nChunks = this.shapeOf(L)[0] / F;
      const chunks = this.cached("filter", () => {
        const aug = this.concat(
          [this.weight(L), this.unsqueeze(this.weight("representation.filter_net.bias"), 1)],
          1,
        );
        return this.split(aug, nChunks, 0);
      });
      return transposed ? this.g.op("Transpose", [chunks[c]], { perm: [1, 0] }) : chunks[c];
    }
    const block = rows(augmentedFilterWeight(this.weights), c * F, (c + 1) * F);
    return transposed
      ? this.g.constant(`filter_${c}_T`, transpose(block).data, [block.shape[1], F])
      : this.g.constant(`filter_${c}`, block.data, block.shape);
  }

  linear(prefix: string): Linear {
    const shape = this.shapeOf(`${prefix}.weight`);
    return {
      W: this.weight(`${prefix}.weight`),
      b: this.weight(`${prefix}.bias`),
      nOut: shape[0],
      nIn: shape[1],
    };
  }

  /** Block `part` of `nParts` equal blocks of a linear layer's outputs. */
  linearBlock(prefix: string, part: number, nParts: number): Linear {
    const shape = this.shapeOf(`${prefix}.weight`);
    return {
      W: this.weightBlock(`${prefix}.weight`, part, nParts),
      b: this.weightBlock(`${prefix}.bias`, part, nParts),
      nOut: shape[0] / nParts,
      nIn: shape[1],
    };
  }

  mlpLayers(prefix: string, nLayers: number): Linear[] {
    return Array.from({ length: nLayers }, (_, k) => this.linear(`${prefix}.${k}`));
  }

  /** y = x Wᵀ + b for x [rows, in]. */
  gemm(x: string, l: Linear): string {
    return this.g.op("Gemm", [x, l.W, l.b], { transB: 1 });
  }

  mul(a: string, b: string): string {
    return this.g.op("Mul", [a, b]);
  }

  add(a: string, b: string): string {
    return this.g.op("Add", [a, b]);
  }

  matmul(a: string, b: string): string {
    return this.g.op("MatMul", [a, b]);
  }

  split(x: string, parts: number, axis: number): string[] {
    return this.g.opN("Split", [x], parts, { axis });
  }

  unsqueeze(x: string, axis: number): string {
    return this.g.op("Unsqueeze", [x, this.g.constant("axes", [axis], [1], "int64")]);
  }

  reduceSum(x: string, axis: number, keepdims = 0): string {
    return this.g.op("ReduceSum", [x, this.g.constant("axes", [axis], [1], "int64")], { keepdims });
  }

  concat(xs: string[], axis: number): string {
    return this.g.op("Concat", xs, { axis });
  }

  gather(x: string, idx: string): string {
    return this.g.op("Gather", [x, idx], { axis: 0 });
  }

  /**
   * Σ over each atom's M neighbour slots of an edge tensor [N·M, ...tail] → [N, ...tail]. `nm` is the
   * int64 value [N, M]. (A reshape and a reduction: no ScatterND, whose reduction races in onnxruntime's
   * thread pool when indices repeat.)
   */
  segmentSum(x: string, nm: string, tail: number[]): string {
    return this.reduceSum(this.reshape(x, this.slotShape(nm, tail)), 1);
  }

  private readonly shapes = new Map<string, string>();

  /** The int64 shape [N, M, ...tail] (`nm` = [N, M]), built once per tail. */
  slotShape(nm: string, tail: number[]): string {
    const key = tail.join(",");
    let s = this.shapes.get(key);
    if (s === undefined) {
      s = this.concat([nm, this.g.constant("tail", tail, [tail.length], "int64")], 0);
      this.shapes.set(key, s);
    }
    return s;
  }

  /** An edge tensor [N·M, ...tail] viewed as [N, M, ...tail] (or back, with `shape` [-1, ...tail]). */
  reshape(x: string, shape: string): string {
    return this.g.op("Reshape", [x, shape]);
  }

  /** The constant shape [-1, ...tail]. */
  rowsShape(tail: number[]): string {
    return this.g.constant("rows", [-1, ...tail], [tail.length + 1], "int64");
  }

  transposeLast2(x: string): string {
    return this.g.op("Transpose", [x], { perm: [0, 2, 1] });
  }

  /** Zeros shaped like `like`. */
  zerosLike(like: string): string {
    return this.g.zeros(this.g.op("Shape", [like]));
  }

  /** Zeros [rows of `rowsLike`, ...tail]. */
  zerosRows(rowsLike: string, tail: number[]): string {
    const rows = this.g.op("Shape", [rowsLike], { start: 0, end: 1 });
    const shape = this.concat([rows, this.g.constant("tail", tail, [tail.length], "int64")], 0);
    return this.g.zeros(shape);
  }

  /** MLP forward with SiLU between layers; returns the output and the tape. */
  mlp(x: string, layers: Linear[]): { y: string; tape: MlpTape } {
    const tape: MlpTape = { layers, pre: [], sig: [] };
    let h = x;
    layers.forEach((l, k) => {
      h = this.gemm(h, l);
      if (k < layers.length - 1) {
        const sig = this.g.op("Sigmoid", [h]);
        tape.pre.push(h);
        tape.sig.push(sig);
        h = this.mul(h, sig);
      }
    });
    return { y: h, tape };
  }

  /** SiLU'(h) = σ (1 + h (1 − σ)). */
  siluPrime(h: string, sig: string): string {
    const oneMinus = this.g.op("Sub", [this.one, sig]);
    return this.mul(sig, this.add(this.one, this.mul(h, oneMinus)));
  }

  /**
   * Backward pass of an MLP: ∂Y/∂x from ∂Y/∂y. `gOut` null means ∂Y/∂y = 1 for a width-1 output
   * (the energy head: Y = Σ y), where the last layer's gradient is its weight row, broadcast.
   * `lastWeight` replaces the last layer's weight (rows of unused outputs removed).
   */
  mlpBackward(tape: MlpTape, gOut: string | null, lastWeight?: string): string {
    const L = tape.layers;
    let g: string;
    const last = L[L.length - 1];
    if (gOut === null) {
      if (last.nOut !== 1) throw new Error("fast PaiNN: a seed of ones needs a width-1 output");
      g = lastWeight ?? last.W; // [1, in] broadcast over rows
    } else {
      g = this.matmul(gOut, lastWeight ?? last.W);
    }
    return this.hiddenBackward(tape, g);
  }

  /** ∂Y/∂x from ∂Y/∂(output of the last hidden activation), through the hidden layers of `tape`. */
  hiddenBackward(tape: MlpTape, gAct: string): string {
    let g = gAct;
    for (let k = tape.pre.length - 1; k >= 0; k--) {
      g = this.mul(g, this.siluPrime(tape.pre[k], tape.sig[k]));
      g = this.matmul(g, tape.layers[k].W);
    }
    return g;
  }
}

/** Values of one message + update block that the backward pass reuses. */
interface BlockTape {
  t: number;
  parts: MessagePart[];
  /** The hidden layer of the inter-atomic net (its output layer is split into the parts). */
  xTape: MlpTape;
  /** w_b as [N, M, F]. */
  wbNM: string;
  c3: string | null;
  vj: string | null;
  V: string;
  U: string;
  n: string;
  avv3: string;
  asv: string;
  svu: string;
  ctxTape: MlpTape;
  /** Last layer of the intra-atomic net without its a_vv rows (for a zero ∂Y/∂v; last block only). */
  ctxLastNoVV: string;
  mixW: string;
}

/** One part (a, b or c) of a message: w = W_filter ∘ x_j, each [E, F]. */
interface MessagePart {
  /** Rows of the inter-atomic net's output layer that give x of this part. */
  l1: Linear;
  xj: string;
  filter: string;
  w: string;
}

/** The ONNX model bytes of PaiNN (energy, its gradient and the selected heads). */
export function buildPainnGraph(
  arch: PainnArchitecture,
  weights: Record<string, NamedArray>,
  floatType: FloatType,
  heads: HeadSelection,
): { bytes: Uint8Array; nodes: number } {
  const bld = new Builder(floatType, weights);
  const g = bld.g;
  const out = painnNetwork(bld, arch, heads);
  g.output(out.y, "y", ["N", 1]);
  g.output(out.gphif, "gphif", ["E", arch.radialBasis.nRbf + 1]);
  g.output(out.gu, "gu", ["E", 3]);
  if (out.q !== undefined) g.output(out.q, "q", ["N", 1]);
  if (out.mu !== undefined) g.output(out.mu, "mu", ["N", 3]);
  if (out.alpha !== undefined) g.output(out.alpha, "alpha", ["N", 1]);
  if (out.nu !== undefined) g.output(out.nu, "nu", ["N", 3]);
  return { bytes: g.toBytes("painn"), nodes: g.nodeCount };
}

/** The values of the network part of the graph (see the file comment for what each is). */
export interface PainnNetworkValues {
  y: string;
  gphif: string;
  gu: string;
  q?: string;
  mu?: string;
  alpha?: string;
  nu?: string;
}

/**
 * The graph inputs (Z, ei, ej, phif, u, rev, nm), the network, the analytic ∂Y/∂phif and ∂Y/∂u, and the
 * selected heads, built into `bld`'s graph (no outputs declared).
 */
export function painnNetwork(
  bld: Builder,
  arch: PainnArchitecture,
  heads: HeadSelection,
): PainnNetworkValues {
  const F = arch.nAtomBasis;
  const T = arch.nInteractions;
  const K = arch.radialBasis.nRbf;
  const g = bld.g;

  const Z = g.input("Z", ["N"], "int64");
  const ei = g.input("ei", ["E"], "int64");
  const ej = g.input("ej", ["E"], "int64");
  const phif = g.input("phif", ["E", K + 1]);
  const u = g.input("u", ["E", 3]);
  const rev = g.input("rev", ["E"], "int64");
  const nm = g.input("nm", [2], "int64");
  // Sums over an atom's slots that contract with u are batched matmuls over the atoms (no [E, 3, F] tensor):
  // Σ_j u_ij ⊗ b_ij = uᵀ b per atom, [N, 3, M] × [N, M, F].
  const uNM = bld.reshape(u, bld.slotShape(nm, [3])); // [N, M, 3]
  const uT = bld.transposeLast2(uNM); // [N, 3, M]
  const rowsF = bld.rowsShape([F]);
  const rows3 = bld.rowsShape([3]);

  // Filters: W = (φ Lᵀ + b) f = [f φ, f] [L, b]ᵀ, one [E, F] chunk per block t and part p ∈ {a, b, c}.
  const chunkIndex = (t: number, p: number): number => (arch.sharedFilters ? 0 : 3 * t) + p;
  const filterChunk = (t: number, p: number): string =>
    bld.matmul(phif, bld.filterChunk(chunkIndex(t, p), F, true));

  let s = bld.gather(bld.weight("representation.embedding.weight"), Z);
  let v: string | null = null;
  const tapes: BlockTape[] = [];

  for (let t = 0; t < T; t++) {
    // Message: x = L₁(σ(L₀(s))) as three parts [x_a, x_b, x_c], each [N, F] (no x_c before v exists).
    const prefix = `representation.interactions.${t}.interatomic_context_net`;
    const l0 = bld.linear(`${prefix}.0`);
    const h = bld.gemm(s, l0);
    const sig = g.op("Sigmoid", [h]);
    const act = bld.mul(h, sig);
    const nParts = v === null ? 2 : 3;
    const parts: MessagePart[] = [];
    for (let p = 0; p < nParts; p++) {
      const l1 = bld.linearBlock(`${prefix}.1`, p, 3);
      const xj = bld.gather(bld.gemm(act, l1), ej);
      const filter = filterChunk(t, p);
      parts.push({ l1, xj, filter, w: bld.mul(filter, xj) });
    }
    s = bld.add(s, bld.segmentSum(parts[0].w, nm, [F]));
    const wbNM = bld.reshape(parts[1].w, bld.slotShape(nm, [F])); // [N, M, F]
    let dvSum = bld.matmul(uT, wbNM); // Σ_j b ⊗ u, [N, 3, F]
    let c3: string | null = null;
    let vj: string | null = null;
    if (v !== null) {
      c3 = bld.unsqueeze(parts[2].w, 1); // [E, 1, F]
      vj = bld.gather(v, ej);
      dvSum = bld.add(dvSum, bld.segmentSum(bld.mul(c3, vj), nm, [3, F]));
    }
    v = v === null ? dvSum : bld.add(v, dvSum);
    const xTape: MlpTape = { layers: [l0], pre: [h], sig: [sig] };

    // Update.
    const mixPrefix = `representation.mixing.${t}`;
    const mixW = bld.weight(`${mixPrefix}.mu_channel_mix.weight`); // [2F, F]
    const mixWT = bld.weightT(`${mixPrefix}.mu_channel_mix.weight`);
    const [V, U] = bld.split(bld.matmul(v, mixWT), 2, 2);
    const eps = g.constant("eps", [arch.epsilon], []);
    const n = g.op("Sqrt", [bld.add(bld.reduceSum(bld.mul(V, V), 1), eps)]);
    const ctxNet = bld.mlpLayers(`${mixPrefix}.intraatomic_context_net`, 2);
    const { y: ctxOut, tape: ctxTape } = bld.mlp(bld.concat([s, n], 1), ctxNet);
    const [ass, avv, asv] = bld.split(ctxOut, 3, 1);
    const avv3 = bld.unsqueeze(avv, 1);
    v = bld.add(v, bld.mul(avv3, U));
    const svu = bld.reduceSum(bld.mul(V, U), 1);
    s = bld.add(bld.add(s, ass), bld.mul(asv, svu));
    // The last block's v is not used by the energy: its a_vv rows drop out of the backward pass.
    const ctxLastNoVV =
      t === T - 1 ? bld.weightWithoutMiddleBlock(`${mixPrefix}.intraatomic_context_net.1.weight`) : "";
    tapes.push({ t, parts, xTape, wbNM, c3, vj, V, U, n, avv3, asv, svu, ctxTape, ctxLastNoVV, mixW });
  }

  // Energy head y_i and its gradient.
  const energyLayers = bld.mlpLayers("output_modules.0.outnet", arch.heads.energy.layers.length - 1);
  const { y, tape: energyTape } = bld.mlp(s, energyLayers);
  let gs = bld.mlpBackward(energyTape, null);
  if (energyLayers.length === 1) gs = bld.add(bld.zerosRows(s, [F]), gs); // a bare weight row: give it N rows
  let gv: string | null = null;
  let gu: string | null = null;
  let gphif: string | null = null;
  const filterGrad = (t: number, p: number, gFilter: string): void => {
    const chunk = bld.filterChunk(chunkIndex(t, p), F, false);
    gphif = gphif === null ? bld.matmul(gFilter, chunk) : g.op("Gemm", [gFilter, chunk, gphif]);
  };

  for (let t = T - 1; t >= 0; t--) {
    const tp = tapes[t];
    // Update block backward.
    const gSvu3 = bld.unsqueeze(bld.mul(gs, tp.asv), 1);
    const gAsv = bld.mul(gs, tp.svu);
    let gU = bld.mul(gSvu3, tp.V);
    let gV = bld.mul(gSvu3, tp.U);
    let gCtxOut: string;
    let gCtx: string;
    if (gv === null) {
      gCtxOut = bld.concat([gs, gAsv], 1);
      gCtx = bld.mlpBackward(tp.ctxTape, gCtxOut, tp.ctxLastNoVV);
    } else {
      gU = bld.add(gU, bld.mul(gv, tp.avv3));
      const gAvv = bld.reduceSum(bld.mul(gv, tp.U), 1);
      gCtxOut = bld.concat([gs, gAvv, gAsv], 1);
      gCtx = bld.mlpBackward(tp.ctxTape, gCtxOut);
    }
    const [gsCtx, gn] = bld.split(gCtx, 2, 1);
    gV = bld.add(gV, bld.mul(bld.unsqueeze(g.op("Div", [gn, tp.n]), 1), tp.V));
    const gvMix = bld.matmul(bld.concat([gV, gU], 2), tp.mixW); // [N, 3, F]
    gs = bld.add(gs, gsCtx);
    gv = gv === null ? gvMix : bld.add(gv, gvMix);

    // Message block backward: ∂Y/∂w for the parts a, b (and c), then filters, u, x_j and v_j.
    // ∂Y/∂v'[i] is the same for all of atom i's slots: broadcast over M instead of gathering by ei.
    const gw = [
      bld.gather(gs, ei),
      bld.reshape(bld.matmul(uNM, gv), rowsF), // Σ_xyz g_v'[i] u: [N, M, 3] × [N, 3, F] → [E, F]
    ];
    const guT = bld.reshape(bld.matmul(tp.wbNM, bld.transposeLast2(gv)), rows3); // Σ_F g_v'[i] w_b: [E, 3]
    const gv4 = bld.unsqueeze(gv, 1); // [N, 1, 3, F]
    gu = gu === null ? guT : bld.add(gu, guT);
    if (tp.c3 !== null && tp.vj !== null) {
      const vjNM = bld.reshape(tp.vj, bld.slotShape(nm, [3, F])); // [N, M, 3, F]
      gw.push(bld.reshape(bld.reduceSum(bld.mul(gv4, vjNM), 2), rowsF)); // Σ_xyz g_v'[i] ∘ v_j
    }
    tp.parts.forEach((part, p) => filterGrad(t, p, bld.mul(gw[p], part.xj)));
    if (t > 0) {
      // ∂Y/∂v_j through c ∘ v_j, and ∂Y/∂s through x_j (not needed below the first block).
      // Σ over edges with j = k is Σ over atom k's slots of the reverse edges (gather by rev).
      const c4 = bld.reshape(tp.c3!, bld.slotShape(nm, [1, F])); // [N, M, 1, F]
      const gvjSlots = bld.reshape(bld.mul(gv4, c4), bld.rowsShape([3, F])); // g_v'[i] ∘ w_c, [E, 3, F]
      gv = bld.add(gv, bld.segmentSum(bld.gather(gvjSlots, rev), nm, [3, F]));
      let gAct: string | null = null;
      tp.parts.forEach((part, p) => {
        const gx = bld.segmentSum(bld.gather(bld.mul(gw[p], part.filter), rev), nm, [F]);
        gAct = gAct === null ? bld.matmul(gx, part.l1.W) : g.op("Gemm", [gx, part.l1.W, gAct]);
      });
      gs = bld.add(gs, bld.hiddenBackward(tp.xTape, gAct!));
    }
  }
  const values: PainnNetworkValues = { y, gphif: gphif!, gu: gu! };

  // Tensor heads (forward only: their gradients are not needed for MD forces).
  const dipole = arch.heads.dipole;
  if (heads.dipole && dipole) {
    if (dipole.type === "charges") {
      const layers = bld.mlpLayers("output_modules.1.outnet", dipole.layers.length - 1);
      values.q = bld.mlp(s, layers).y;
    } else {
      const out = gatedChain(bld, "output_modules.1.outnet", dipole.layers, s, v!);
      values.q = out.s;
      values.mu = g.op("Squeeze", [out.v, g.constant("axes", [2], [1], "int64")]);
    }
  }
  const pol = arch.heads.polarizability;
  if (heads.polarizability && pol) {
    const out = gatedChain(bld, "output_modules.2.outnet", pol.layers, s, v!);
    values.alpha = out.s;
    values.nu = g.op("Squeeze", [out.v, g.constant("axes", [2], [1], "int64")]);
  }
  return values;
}

/** Gated equivariant blocks n_in → … → n_out (potentials/painn/gated-equivariant-block.ts). */
function gatedChain(
  bld: Builder,
  prefix: string,
  layers: number[],
  s0: string,
  v0: string,
): { s: string; v: string } {
  let s = s0;
  let v = v0;
  const nBlocks = layers.length - 1;
  for (let k = 0; k < nBlocks; k++) {
    const p = `${prefix}.${k}`;
    const [V, W] = bld.split(bld.matmul(v, bld.weightT(`${p}.mix_vectors.weight`)), 2, 2);
    const norm = bld.g.op("Sqrt", [bld.reduceSum(bld.mul(V, V), 1)]);
    const { y } = bld.mlp(bld.concat([s, norm], 1), bld.mlpLayers(`${p}.scalar_net`, 2));
    const [sOut, gate] = bld.split(y, 2, 1);
    v = bld.mul(bld.unsqueeze(gate, 1), W);
    s = k < nBlocks - 1 ? bld.mul(sOut, bld.g.op("Sigmoid", [sOut])) : sOut;
  }
  return { s, v };
}

/** Rows [from, to) of a matrix [r, c]. */
function rows(a: NamedArray, from: number, to: number): NamedArray {
  const c = a.shape[1];
  return { shape: [to - from, c], data: Array.from(a.data).slice(from * c, to * c) };
}

/** The filter network's weight with its bias as an extra column: [L, b], shape [width, K + 1]. */
function augmentedFilterWeight(weights: Record<string, NamedArray>): NamedArray {
  const W = weights["representation.filter_net.weight"];
  const b = weights["representation.filter_net.bias"];
  if (W === undefined || b === undefined) throw new Error("fast PaiNN: 'representation.filter_net' missing");
  const [r, K] = W.shape;
  const out = new Float64Array(r * (K + 1));
  for (let i = 0; i < r; i++) {
    for (let k = 0; k < K; k++) out[i * (K + 1) + k] = W.data[i * K + k];
    out[i * (K + 1) + K] = b.data[i];
  }
  return { shape: [r, K + 1], data: out };
}

/** Transpose of a matrix [r, c] → [c, r]. */
function transpose(a: NamedArray): NamedArray {
  const [r, c] = a.shape;
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a.data[i * c + j];
  return { shape: [c, r], data: out };
}

/** A matrix [r, c] without rows [from, to). */
function dropRows(a: NamedArray, from: number, to: number): NamedArray {
  const [r, c] = a.shape;
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    if (i >= from && i < to) continue;
    for (let j = 0; j < c; j++) out.push(a.data[i * c + j]);
  }
  return { shape: [r - (to - from), c], data: out };
}
