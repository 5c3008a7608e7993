/**
 * Geometry of the edges on the host, in float64: what the ONNX graph takes as input (radial basis φ(d),
 * cutoff f(d), unit vectors u) and what the host needs to finish the chain rule for the forces
 * (φ'(d), f'(d), d, u).
 *
 *   r_ij = R_j − R_i,  d = |r_ij|,  u = r_ij / d
 *   Gaussian: φ_k = exp(−½ ((d − μ_k)/w_k)²),  φ'_k = −(d − μ_k)/w_k² · φ_k
 *   Bessel:   φ_n = sin(ω_n d)/d,             φ'_n = (ω_n d cos(ω_n d) − sin(ω_n d))/d²
 *   cutoff:   f = ½ (cos(π d/r_c) + 1),        f' = −(π/2r_c) sin(π d/r_c)
 *
 * The graph takes p = [f φ_1 … f φ_K, f] (K + 1 values per edge). Given its ∂Y/∂p and ∂Y/∂u:
 *   ∂Y/∂φ_k = ∂Y/∂p_k f,   ∂Y/∂f = Σ_k ∂Y/∂p_k φ_k + ∂Y/∂p_{K+1}
 *   ∂Y/∂d = Σ_k ∂Y/∂φ_k φ'_k + ∂Y/∂f f'
 *   ∂Y/∂r = ∂Y/∂d u + (∂Y/∂u − (∂Y/∂u · u) u)/d      (∂u/∂r = (I − u uᵀ)/d)
 *   ∂Y/∂R_j += ∂Y/∂r,  ∂Y/∂R_i −= ∂Y/∂r.
 */
import type { RadialBasisSpec } from "../painn/architecture.ts";
import type { NamedArray } from "../painn/parameters.ts";

/** Radial basis constants read from the model's weights (as schnetpack stores them). */
export type RadialBasis =
  { type: "gaussian"; offsets: Float64Array; widths: Float64Array } | { type: "bessel"; freqs: Float64Array };

export function radialBasisOf(spec: RadialBasisSpec, weights: Record<string, NamedArray>): RadialBasis {
  const get = (name: string): Float64Array => {
    const a = weights[`representation.radial_basis.${name}`];
    if (a === undefined) throw new Error(`fast PaiNN: weight 'representation.radial_basis.${name}' missing`);
    return Float64Array.from(a.data);
  };
  return spec.type === "gaussian"
    ? { type: "gaussian", offsets: get("offsets"), widths: get("widths") }
    : { type: "bessel", freqs: get("freqs") };
}

/** Edge features; the `*In` arrays are the graph inputs (float32 or float64), the rest float64. */
export interface EdgeFeatures {
  nEdges: number;
  /** [E][K+1] [f φ, f], graph input. */
  phifIn: Float32Array | Float64Array;
  /** [E][K] φ(d). */
  phi: Float64Array;
  /** [E] f(d). */
  fcut: Float64Array;
  /** [E][3] u, graph input. */
  uIn: Float32Array | Float64Array;
  /** [E][K] φ'(d). */
  dphi: Float64Array;
  /** [E] f'(d). */
  dfcut: Float64Array;
  /** [E][3] u in float64. */
  u: Float64Array;
  /** [E] d. */
  d: Float64Array;
}

/** Features of every edge (i[e] ← j[e]) at `positions` ([nAtoms][3], model length unit). */
export function edgeFeatures(
  positions: Float64Array,
  i: Int32Array,
  j: Int32Array,
  basis: RadialBasis,
  cutoff: number,
  float64: boolean,
): EdgeFeatures {
  const E = i.length;
  const K = basis.type === "gaussian" ? basis.offsets.length : basis.freqs.length;
  const Arr = float64 ? Float64Array : Float32Array;
  const f: EdgeFeatures = {
    nEdges: E,
    phifIn: new Arr(E * (K + 1)),
    phi: new Float64Array(E * K),
    fcut: new Float64Array(E),
    uIn: new Arr(E * 3),
    dphi: new Float64Array(E * K),
    dfcut: new Float64Array(E),
    u: new Float64Array(E * 3),
    d: new Float64Array(E),
  };
  const piRc = Math.PI / cutoff;
  for (let e = 0; e < E; e++) {
    const a = 3 * i[e];
    const b = 3 * j[e];
    const rx = positions[b] - positions[a];
    const ry = positions[b + 1] - positions[a + 1];
    const rz = positions[b + 2] - positions[a + 2];
    const d = Math.sqrt(rx * rx + ry * ry + rz * rz);
    f.d[e] = d;
    f.u[3 * e] = f.uIn[3 * e] = rx / d;
    f.u[3 * e + 1] = f.uIn[3 * e + 1] = ry / d;
    f.u[3 * e + 2] = f.uIn[3 * e + 2] = rz / d;
    const fc = 0.5 * (Math.cos(piRc * d) + 1);
    f.fcut[e] = fc;
    f.dfcut[e] = -0.5 * piRc * Math.sin(piRc * d);
    const o = e * K;
    if (basis.type === "gaussian") {
      for (let k = 0; k < K; k++) {
        const w = basis.widths[k];
        const z = (d - basis.offsets[k]) / w;
        const p = Math.exp(-0.5 * z * z);
        f.phi[o + k] = p;
        f.dphi[o + k] = (-z / w) * p;
      }
    } else {
      for (let k = 0; k < K; k++) {
        const wd = basis.freqs[k] * d;
        const sn = Math.sin(wd);
        f.phi[o + k] = sn / d;
        f.dphi[o + k] = (wd * Math.cos(wd) - sn) / (d * d);
      }
    }
    const q = e * (K + 1);
    for (let k = 0; k < K; k++) f.phifIn[q + k] = fc * f.phi[o + k];
    f.phifIn[q + K] = fc;
  }
  return f;
}

/**
 * Add −scale · ∂Y/∂R to `forces` ([nAtoms][3]) from the graph's gradients gphif [slots][K+1] and
 * gu [slots][3] (Y = Σ y_i, the energy is scale · Y); edge e sits in slot slot[e].
 */
export function accumulateForces(
  forces: Float64Array,
  f: EdgeFeatures,
  i: Int32Array,
  j: Int32Array,
  slot: Int32Array,
  gphif: ArrayLike<number>,
  gu: ArrayLike<number>,
  scale: number,
): void {
  const K = f.dphi.length / Math.max(f.nEdges, 1);
  for (let e = 0; e < f.nEdges; e++) {
    const o = e * K;
    const sl = slot[e];
    const q = sl * (K + 1);
    const fc = f.fcut[e];
    let gf = gphif[q + K];
    let gd = 0;
    for (let k = 0; k < K; k++) {
      gf += gphif[q + k] * f.phi[o + k];
      gd += gphif[q + k] * fc * f.dphi[o + k];
    }
    gd += gf * f.dfcut[e];
    const ux = f.u[3 * e];
    const uy = f.u[3 * e + 1];
    const uz = f.u[3 * e + 2];
    const gx = gu[3 * sl];
    const gy = gu[3 * sl + 1];
    const gz = gu[3 * sl + 2];
    const gdotu = gx * ux + gy * uy + gz * uz;
    const inv = 1 / f.d[e];
    // ∂Y/∂r_ij, times −scale: the force on j; minus that on i.
    const fx = -scale * (gd * ux + (gx - gdotu * ux) * inv);
    const fy = -scale * (gd * uy + (gy - gdotu * uy) * inv);
    const fz = -scale * (gd * uz + (gz - gdotu * uz) * inv);
    const a = 3 * i[e];
    const b = 3 * j[e];
    forces[b] += fx;
    forces[b + 1] += fy;
    forces[b + 2] += fz;
    forces[a] -= fx;
    forces[a + 1] -= fy;
    forces[a + 2] -= fz;
  }
}
