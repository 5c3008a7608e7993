/**
 * PaiNN on the fast path: the network and its analytic backward pass as one ONNX graph run by
 * onnxruntime-node (painn-graph.ts), geometry and the last steps of the chain rule on the host in float64
 * (edge-features.ts), and the model's host steps shared with the tfjs path (../painn/host-steps.ts). Same inputs and outputs as the tfjs PainnModel.predict, in the model's own units:
 *
 *   E_b = Σ_{i∈b} (scale · y_i + shift + E_ref[Z_i]),  F = −∂E/∂R,
 *   μ_b = Σ_{i∈b} (q_i R_i + μ_i),  α_b = Σ_{i∈b} (α_i I₃ + ν_i R_iᵀ + R_i ν_iᵀ)   (R_i from the centre of mass),
 *   q_i ← q_i + (Q_b − Σ_{j∈b} q_j)/N_b when the dipole head corrects charges.
 *
 * Weights are graph constants (resident in the session); one session per set of heads, built on first use.
 */
import * as ort from "onnxruntime-node";
import { atomicNumber } from "../../src/core/elements.ts";
import { threadCount } from "../../src/core/threads.ts";
import type { PainnArchitecture } from "../painn/architecture.ts";
import type { ModelFileData } from "../message-passing/model-file.ts";
import type { BatchInput, ModelUnits, Prediction, PredictOptions } from "../message-passing/model.ts";
import {
  assembleDipole,
  assemblePolarizability,
  centreOfMassCoordinates,
  checkElements,
  constantEnergies,
  correctCharges,
} from "../message-passing/host-steps.ts";
import { NeighbourList } from "../painn/neighbour-list.ts";
import type { NamedArray } from "../painn/parameters.ts";
import { accumulateForces, edgeFeatures, radialBasisOf, type RadialBasis } from "./edge-features.ts";
import type { FloatType } from "./onnx-graph.ts";
import { neighbourSlots, type NeighbourSlots } from "./neighbour-slots.ts";
import { buildPainnGraph, type HeadSelection } from "./painn-graph.ts";
import { assertFastPathSupports } from "./support.ts";

export interface FastPainnOptions {
  /** Arithmetic of the graph: float32 (default, fast) or float64 (a reference to test against). */
  floatType?: FloatType;
  /** onnxruntime intra-op threads; default threadCount() (EQUIMD_THREADS, else the machine's cores). */
  threads?: number;
  /**
   * Batches of at most this many atoms run on one thread (default 16): for one small molecule the hand-off
   * between threads costs more than the second core gains.
   */
  singleThreadAtoms?: number;
}

/** Lengths: the graph's node count, and how long the last evaluation spent where (ms). */
export interface FastPainnStats {
  nodes: number;
  hostMs: number;
  graphMs: number;
}

export class FastPainnModel {
  readonly name: string;
  readonly architecture: PainnArchitecture;
  readonly units: ModelUnits;
  readonly elements: number[];
  readonly floatType: FloatType;
  readonly threads: number;
  readonly singleThreadAtoms: number;
  private readonly referenceEnergies = new Map<number, number>();
  private readonly normalization: { scale: number; shift: number };
  private readonly weights: Record<string, NamedArray>;
  private readonly basis: RadialBasis;
  private readonly sessions = new Map<string, Promise<{ session: ort.InferenceSession; nodes: number }>>();
  readonly stats: FastPainnStats = { nodes: 0, hostMs: 0, graphMs: 0 };
  private lastIndexing: {
    numbers: Int32Array;
    i: Int32Array;
    j: Int32Array;
    slots: NeighbourSlots;
    indexFeeds: Record<string, ort.Tensor>;
  } | null = null;

  constructor(data: ModelFileData, options: FastPainnOptions = {}) {
    assertFastPathSupports(data);
    this.name = data.name;
    this.architecture = data.architecture;
    this.units = data.units;
    this.elements = data.elements.map(atomicNumber);
    for (const [sym, e] of Object.entries(data.referenceEnergies))
      this.referenceEnergies.set(atomicNumber(sym), e);
    this.normalization = data.normalization;
    this.weights = data.weights;
    this.basis = radialBasisOf(data.architecture.radialBasis, data.weights);
    this.floatType = options.floatType ?? "float32";
    this.threads = options.threads ?? threadCount();
    this.singleThreadAtoms = options.singleThreadAtoms ?? 16;
  }

  get cutoff(): number {
    return this.architecture.cutoff;
  }

  get hasDipole(): boolean {
    return this.architecture.heads.dipole !== undefined;
  }

  get hasPolarizability(): boolean {
    return this.architecture.heads.polarizability !== undefined;
  }

  /** The session computing energy, gradient and the selected heads (built and cached on first use). */
  private session(
    heads: HeadSelection,
    threads = this.threads,
  ): Promise<{ session: ort.InferenceSession; nodes: number }> {
    const key = `${heads.dipole}|${heads.polarizability}|${threads}`;
    let s = this.sessions.get(key);
    if (s === undefined) {
      const { bytes, nodes } = buildPainnGraph(this.architecture, this.weights, this.floatType, heads);
      s = ort.InferenceSession.create(bytes, {
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        executionMode: "sequential",
        // onnxruntime 1.30 fuses x·sigmoid(x) into QuickGelu, which has no float64 kernel.
        graphOptimizationLevel: this.floatType === "float64" ? "basic" : "all",
      }).then((session) => ({ session, nodes }));
      this.sessions.set(key, s);
    }
    return s;
  }

  /** Build the energy-and-forces session now (it is otherwise built on the first evaluation). */
  async warmUp(): Promise<void> {
    await this.session({ dipole: false, polarizability: false });
  }

  /**
   * Neighbour slots and the int64 index inputs of the graph for these atoms and edges. In MD the edge list
   * is the same from one step to the next until an atom crosses the cutoff, so the last one is kept and
   * reused when atoms and edges are unchanged (building int64 tensors costs ~0.1 µs per index).
   */
  private indexing(
    numbers: Int32Array,
    i: Int32Array,
    j: Int32Array,
  ): { slots: NeighbourSlots; indexFeeds: Record<string, ort.Tensor> } {
    const last = this.lastIndexing;
    if (last && sameInts(last.numbers, numbers) && sameInts(last.i, i) && sameInts(last.j, j)) return last;
    const N = numbers.length;
    const slots = neighbourSlots(N, i, j);
    const S = N * slots.M;
    const indexFeeds = {
      Z: new ort.Tensor("int64", toInt64(numbers), [N]),
      ei: new ort.Tensor("int64", toInt64(slots.ei), [S]),
      ej: new ort.Tensor("int64", toInt64(slots.ej), [S]),
      rev: new ort.Tensor("int64", toInt64(slots.rev), [S]),
      nm: new ort.Tensor("int64", BigInt64Array.from([BigInt(N), BigInt(slots.M)]), [2]),
    };
    this.lastIndexing = { numbers: numbers.slice(), i: i.slice(), j: j.slice(), slots, indexFeeds };
    return this.lastIndexing;
  }

  /** Energies and forces (and dipoles, polarizabilities, charges when asked) in the model's units. */
  async predict(input: BatchInput, options: PredictOptions = {}): Promise<Prediction> {
    const t0 = performance.now();
    const { layout, numbers, positions } = input;
    const N = numbers.length;
    const B = layout.start.length;
    if (positions.length !== N * 3)
      throw new Error(`positions have ${positions.length} values for ${N} atoms`);
    checkElements(this.name, this.elements, numbers, layout);
    const heads: HeadSelection = {
      dipole: options.dipole === true,
      polarizability: options.polarizability === true,
    };
    if (heads.dipole && !this.hasDipole) throw new Error(`model '${this.name}' has no dipole head`);
    if (heads.polarizability && !this.hasPolarizability)
      throw new Error(`model '${this.name}' has no polarizability head`);

    const nl = options.neighbourList ?? new NeighbourList({ cutoff: this.cutoff });
    const { i, j } = nl.edges(positions, layout);
    const float64 = this.floatType === "float64";
    const f = edgeFeatures(positions, i, j, this.basis, this.cutoff, float64);
    const { slots, indexFeeds } = this.indexing(numbers, i, j);
    const K = this.architecture.radialBasis.nRbf;
    const S = N * slots.M;
    const Arr = float64 ? Float64Array : Float32Array;
    const phif = new Arr(S * (K + 1));
    const u = new Arr(S * 3);
    for (let e = 0; e < i.length; e++) {
      const s = slots.slot[e];
      phif.set(f.phifIn.subarray(e * (K + 1), (e + 1) * (K + 1)), s * (K + 1));
      u.set(f.uIn.subarray(3 * e, 3 * e + 3), 3 * s);
    }
    const ftype = float64 ? "float64" : "float32";
    const feeds: Record<string, ort.Tensor> = {
      ...indexFeeds,
      phif: new ort.Tensor(ftype, phif, [S, K + 1]),
      u: new ort.Tensor(ftype, u, [S, 3]),
    };
    const { session, nodes } = await this.session(heads, N <= this.singleThreadAtoms ? 1 : this.threads);
    this.stats.nodes = nodes;
    const t1 = performance.now();
    const out = await session.run(feeds);
    const t2 = performance.now();

    const { scale, shift } = this.normalization;
    const y = out.y.data as Float32Array | Float64Array;
    const energy = constantEnergies(numbers, layout, shift, this.referenceEnergies);
    for (let b = 0; b < B; b++) {
      for (let a = layout.start[b]; a < layout.start[b] + layout.count[b]; a++) energy[b] += scale * y[a];
    }
    const result: Prediction = { energy };
    if (options.forces !== false) {
      const forces = new Float64Array(N * 3);
      accumulateForces(
        forces,
        f,
        i,
        j,
        slots.slot,
        out.gphif.data as Float32Array,
        out.gu.data as Float32Array,
        scale,
      );
      result.forces = forces;
    }
    if (heads.dipole || heads.polarizability) {
      const centred = centreOfMassCoordinates(input);
      if (heads.dipole) {
        const q = Float64Array.from(out.q.data as Float32Array);
        if (this.architecture.heads.dipole!.correctCharges) correctCharges(q, layout, input.totalCharge);
        const mu = out.mu ? (out.mu.data as Float32Array) : null;
        result.dipole = assembleDipole(q, mu, centred, layout);
        result.charges = q;
      }
      if (heads.polarizability) {
        result.polarizability = assemblePolarizability(
          out.alpha.data as Float32Array,
          out.nu.data as Float32Array,
          centred,
          layout,
        );
      }
    }
    for (const t of Object.values(out)) t.dispose();
    const t3 = performance.now();
    this.stats.graphMs = t2 - t1;
    this.stats.hostMs = t1 - t0 + (t3 - t2);
    return result;
  }

  /** Release the onnxruntime sessions. */
  async dispose(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of all) await (await s).session.release();
  }
}

function sameInts(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

function toInt64(a: Int32Array): BigInt64Array {
  const out = new BigInt64Array(a.length);
  for (let k = 0; k < a.length; k++) out[k] = BigInt(a[k]);
  return out;
}
