/**
 * Hyperparameters of a PaiNN model (Schütt, Unke, Gastegger, ICML 2021) and its output heads, as stored in
 * a model file. Lengths are in the model's length unit (docs/model-file.md).
 */

export interface RadialBasisSpec {
  /** gaussian: φ_k = exp(−½((d−μ_k)/w_k)²); bessel: φ_n = sin(ω_n d)/d. */
  type: "gaussian" | "bessel";
  /** Number of radial functions K. */
  nRbf: number;
  /** Range of the basis (length unit). */
  cutoff: number;
}

export interface EnergyHeadSpec {
  /** Widths of the atomwise MLP, input first: [F, hidden…, 1]. */
  layers: number[];
}

export interface DipoleHeadSpec {
  /**
   * charges: q_i from an atomwise MLP, μ = Σ q_i R_i (schnetpack's default);
   * charges_plus_atomic_dipoles: (q_i, μ_i) from gated equivariant blocks, μ = Σ (q_i R_i + μ_i).
   */
  type: "charges" | "charges_plus_atomic_dipoles";
  /** Widths [F, hidden…, 1] of the MLP or of the chain of gated blocks. */
  layers: number[];
  /** Shift the charges so that they add up to the system's total charge. */
  correctCharges: boolean;
}

export interface PolarizabilityHeadSpec {
  /** α = Σ_i (α_i I₃ + ν_i R_iᵀ + R_i ν_iᵀ) with (α_i, ν_i) from gated equivariant blocks. */
  type: "gated_rank1";
  layers: number[];
}

/**
 * Interaction blocks of the representation (docs/eninet.md):
 * - painn: PaiNN's message + update blocks (schnetpack; the default, and what a file without the key means);
 * - eninet_two_body: ENINet-style two-body blocks with persistent scalar and vector states on the bonds;
 * - eninet_three_body: each layer first passes messages between bonds along triplets k→j→i (geometry
 *   through the k→i vector), then runs the ENINet two-body block.
 */
export type InteractionType = "painn" | "eninet_two_body" | "eninet_three_body";

export const INTERACTION_TYPES: readonly InteractionType[] = [
  "painn",
  "eninet_two_body",
  "eninet_three_body",
];

export interface PainnArchitecture {
  /** Interaction blocks; absent means "painn" (files written before ENINet have no such key). */
  interaction?: InteractionType;
  /** eninet_three_body: number of triplet features F₃ (width of the line-graph messages). */
  tripletFeatures?: number;
  /**
   * eninet_three_body: cutoff r₃ on the k→i distance of a triplet (length unit); default 2·cutoff, which
   * restricts nothing beyond the two bond cutoffs. Triplets with d_ki ≥ r₃ are dropped.
   */
  threeBodyCutoff?: number;
  /** Number of features F. */
  nAtomBasis: number;
  /** Number of interaction + mixing blocks T. */
  nInteractions: number;
  radialBasis: RadialBasisSpec;
  /** Cosine cutoff radius rc (length unit); pairs with d ≥ rc do not interact. */
  cutoff: number;
  /** One filter for all blocks (width 3F) instead of one per block (width 3F·T). */
  sharedFilters: boolean;
  /** ε in the norm of the vector features in the mixing block, √(Σ V² + ε). */
  epsilon: number;
  heads: {
    energy: EnergyHeadSpec;
    dipole?: DipoleHeadSpec;
    polarizability?: PolarizabilityHeadSpec;
  };
}

function positiveInteger(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new Error(`${field}: expected a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function positiveNumber(value: unknown, field: string): number {
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
    throw new Error(`${field}: expected a positive number, got ${JSON.stringify(value)}`);
  }
  return value;
}

function layerList(value: unknown, field: string, first: number): number[] {
  if (!Array.isArray(value) || value.length < 2) {
    throw new Error(`${field}: expected a list of at least two layer widths, got ${JSON.stringify(value)}`);
  }
  const layers = value.map((v, i) => positiveInteger(v, `${field}[${i}]`));
  if (layers[0] !== first) throw new Error(`${field}[0]: expected ${first} (= nAtomBasis), got ${layers[0]}`);
  if (layers[layers.length - 1] !== 1) throw new Error(`${field}: the last layer must have width 1`);
  return layers;
}

/** The interaction blocks of an architecture ("painn" when the key is absent). */
export function interactionOf(arch: PainnArchitecture): InteractionType {
  return arch.interaction ?? "painn";
}

/** Validate an architecture read from a file; `where` names the file for error messages. */
export function validateArchitecture(raw: unknown, where: string): PainnArchitecture {
  if (typeof raw !== "object" || raw === null) throw new Error(`${where}: 'architecture' must be an object`);
  const a = raw as Record<string, unknown>;
  const f = `${where}: architecture`;
  const nAtomBasis = positiveInteger(a.nAtomBasis, `${f}.nAtomBasis`);
  const rb = (a.radialBasis ?? {}) as Record<string, unknown>;
  if (rb.type !== "gaussian" && rb.type !== "bessel") {
    throw new Error(`${f}.radialBasis.type: expected 'gaussian' or 'bessel', got ${JSON.stringify(rb.type)}`);
  }
  const heads = (a.heads ?? {}) as Record<string, Record<string, unknown> | undefined>;
  if (!heads.energy) throw new Error(`${f}.heads.energy: missing (every model needs an energy head)`);
  const out: PainnArchitecture = {
    nAtomBasis,
    nInteractions: positiveInteger(a.nInteractions, `${f}.nInteractions`),
    radialBasis: {
      type: rb.type,
      nRbf: positiveInteger(rb.nRbf, `${f}.radialBasis.nRbf`),
      cutoff: positiveNumber(rb.cutoff, `${f}.radialBasis.cutoff`),
    },
    cutoff: positiveNumber(a.cutoff, `${f}.cutoff`),
    sharedFilters: Boolean(a.sharedFilters),
    epsilon: typeof a.epsilon === "number" && a.epsilon >= 0 ? a.epsilon : 1e-8,
    heads: { energy: { layers: layerList(heads.energy.layers, `${f}.heads.energy.layers`, nAtomBasis) } },
  };
  const interaction = a.interaction ?? "painn";
  if (!INTERACTION_TYPES.includes(interaction as InteractionType)) {
    throw new Error(
      `${f}.interaction: expected one of ${INTERACTION_TYPES.map((t) => `'${t}'`).join(", ")}, got ${JSON.stringify(a.interaction)}`,
    );
  }
  if (a.interaction !== undefined) out.interaction = interaction as InteractionType;
  if (interaction === "eninet_three_body") {
    out.tripletFeatures = positiveInteger(a.tripletFeatures, `${f}.tripletFeatures`);
    out.threeBodyCutoff = positiveNumber(a.threeBodyCutoff, `${f}.threeBodyCutoff`);
  } else if (a.tripletFeatures !== undefined || a.threeBodyCutoff !== undefined) {
    throw new Error(
      `${f}: tripletFeatures and threeBodyCutoff belong to interaction 'eninet_three_body' (this model is '${interaction}')`,
    );
  }
  if (heads.dipole) {
    const t = heads.dipole.type;
    if (t !== "charges" && t !== "charges_plus_atomic_dipoles") {
      throw new Error(
        `${f}.heads.dipole.type: expected 'charges' or 'charges_plus_atomic_dipoles', got ${t}`,
      );
    }
    out.heads.dipole = {
      type: t,
      layers: layerList(heads.dipole.layers, `${f}.heads.dipole.layers`, nAtomBasis),
      correctCharges: heads.dipole.correctCharges !== false,
    };
  }
  if (heads.polarizability) {
    if (heads.polarizability.type !== "gated_rank1") {
      throw new Error(`${f}.heads.polarizability.type: expected 'gated_rank1'`);
    }
    out.heads.polarizability = {
      type: "gated_rank1",
      layers: layerList(heads.polarizability.layers, `${f}.heads.polarizability.layers`, nAtomBasis),
    };
  }
  return out;
}
