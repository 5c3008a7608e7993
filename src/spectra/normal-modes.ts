/**
 * Harmonic analysis on any Potential: Hessian by central differences of the forces, mass weighting,
 * projection of translations and rotations, eigen-decomposition (mathjs), frequencies in cm⁻¹, IR
 * intensities (km/mol) and Raman activities (Å⁴/amu) from finite-difference dipole and polarizability
 * derivatives along the normal modes.
 *
 *   H_ij = −∂F_j/∂x_i ≈ −[F_j(x + h e_i) − F_j(x − h e_i)] / (2h),   symmetrised ½(H + Hᵀ)
 *   K = M^{−½} H M^{−½};   K' = P K P,  P = 1 − Σ_k v_k v_kᵀ over the orthonormalised mass-weighted
 *   translations √m_a e_x and rotations √m_a (e_x × (r_a − r_COM)) (5 for a linear molecule)
 *   K' L_k = ω_k² L_k;  ν̃_k = ω_k / (2πc) (negative when ω_k² < 0: imaginary)
 *   ∂μ/∂Q_k = Σ_i (∂μ/∂x_i) L_ik / √m_i;   IR intensity A_k = N_A π/(3c²) |∂μ/∂Q_k|²   (Gaussian-type
 *     units, 4πε₀ = 1; = ∫ of the band of ir.ts over ν̃, km/mol)
 *   ∂α/∂Q_k likewise;  Raman activity S_k = 45 ā'² + 7 γ'²  (Å⁴/amu; invariants in raman.ts)
 * All 6N displaced geometries are evaluated in one batched call of the potential.
 */
import {
  SPEED_OF_LIGHT_AU,
  WAVENUMBER_IN_HARTREE,
  type Potential,
  type Property,
  type System,
} from "../core/index.ts";
import { polarizabilityInvariants, ramanActivities } from "./raman.ts";
import { BOHR4_PER_ME_TO_A4_PER_AMU, BOHR_TO_KM_PER_MOL } from "./spectral-units.ts";

export interface NormalModeOptions {
  /** Finite-difference step in bohr (default 0.005). */
  step?: number;
  /** Project out translations and rotations (default true). */
  project?: boolean;
}

export interface NormalModes {
  /** Vibrational wavenumbers, cm⁻¹, ascending (imaginary ones negative). */
  frequencies: Float64Array;
  /** Mass-weighted unit eigenvectors L_k (3N each), same order. */
  modes: Float64Array[];
  /** IR intensities, km/mol (when the potential provides the dipole). */
  irIntensities?: Float64Array;
  /** Raman activities 45ā'² + 7γ'², Å⁴/amu (when it provides the polarizability). */
  ramanActivities?: Float64Array;
  /** Depolarisation ratios of the modes (when Raman activities are known). */
  depolarisation?: Float64Array;
  /** Cartesian Hessian, hartree/bohr², [3N][3N] row-major, symmetrised. */
  hessian: Float64Array;
  /** Translations and rotations removed (6, or 5 for a linear molecule; 0 without projection). */
  removed: number;
  /**
   * Largest force component at the input geometry, hartree/bohr. Harmonic frequencies are meaningful
   * only at a stationary point: above ~1e-3 the structure should be optimised first.
   */
  maxForce: number;
}

/** Orthonormal mass-weighted translation and rotation vectors (Gram–Schmidt; degenerate ones dropped). */
export function rigidBodyVectors(system: System, positions: ArrayLike<number>): Float64Array[] {
  const n = system.nAtoms;
  const m = system.masses;
  const com = [0, 0, 0];
  let total = 0;
  for (let a = 0; a < n; a++) {
    total += m[a];
    for (let x = 0; x < 3; x++) com[x] += m[a] * positions[3 * a + x];
  }
  for (let x = 0; x < 3; x++) com[x] /= total;
  const raw: Float64Array[] = [];
  for (let k = 0; k < 3; k++) {
    const t = new Float64Array(3 * n);
    for (let a = 0; a < n; a++) t[3 * a + k] = Math.sqrt(m[a]);
    raw.push(t);
  }
  for (let k = 0; k < 3; k++) {
    const r = new Float64Array(3 * n);
    for (let a = 0; a < n; a++) {
      const d = [0, 1, 2].map((x) => positions[3 * a + x] - com[x]);
      // e_k × d
      const e = [0, 0, 0];
      e[k] = 1;
      const cross = [e[1] * d[2] - e[2] * d[1], e[2] * d[0] - e[0] * d[2], e[0] * d[1] - e[1] * d[0]];
      for (let x = 0; x < 3; x++) r[3 * a + x] = Math.sqrt(m[a]) * cross[x];
    }
    raw.push(r);
  }
  const basis: Float64Array[] = [];
  const scale = Math.max(...raw.map((v) => Math.hypot(...v)));
  for (const v of raw) {
    const w = v.slice();
    for (const b of basis) {
      let dot = 0;
      for (let i = 0; i < w.length; i++) dot += w[i] * b[i];
      for (let i = 0; i < w.length; i++) w[i] -= dot * b[i];
    }
    const norm = Math.hypot(...w);
    if (norm > 1e-6 * scale) basis.push(w.map((x) => x / norm));
  }
  return basis;
}

/** Harmonic analysis of `system` at `positions` (bohr, one configuration) on `potential`. */
export async function normalModes(
  potential: Potential,
  system: System,
  positions: ArrayLike<number>,
  options: NormalModeOptions = {},
): Promise<NormalModes> {
  const n3 = 3 * system.nAtoms;
  if (positions.length !== n3) {
    throw new Error(
      `normal modes: positions have ${positions.length} numbers, expected ${n3} (one configuration)`,
    );
  }
  const h = options.step ?? 0.005;
  if (!(h > 0)) throw new Error(`normal modes: finite-difference step must be positive (bohr), got ${h}`);
  const want: Property[] = (["dipole", "polarizability"] as const).filter((p) =>
    potential.provides.includes(p),
  );

  // displaced geometries: 2i = +h along coordinate i, 2i+1 = −h
  const displaced = new Float64Array(2 * n3 * n3);
  for (let i = 0; i < n3; i++) {
    for (const [s, sign] of [
      [0, 1],
      [1, -1],
    ]) {
      const o = (2 * i + s) * n3;
      for (let j = 0; j < n3; j++) displaced[o + j] = positions[j];
      displaced[o + i] += sign * h;
    }
  }
  const out = await potential.compute(system, displaced, 2 * n3, want);
  const atInput = await potential.compute(system, Float64Array.from(positions), 1, []);
  const maxForce = atInput.forces.reduce((m, f) => Math.max(m, Math.abs(f)), 0);
  const hessian = new Float64Array(n3 * n3);
  for (let i = 0; i < n3; i++) {
    for (let j = 0; j < n3; j++) {
      hessian[i * n3 + j] = -(out.forces[2 * i * n3 + j] - out.forces[(2 * i + 1) * n3 + j]) / (2 * h);
    }
  }
  for (let i = 0; i < n3; i++) {
    for (let j = 0; j < i; j++) {
      const s = 0.5 * (hessian[i * n3 + j] + hessian[j * n3 + i]);
      hessian[i * n3 + j] = hessian[j * n3 + i] = s;
    }
  }
  hessian.forEach((v, k) => {
    if (!Number.isFinite(v)) throw new Error(`normal modes: Hessian entry ${k} is not finite (${v})`);
  });

  // mass-weighted, projected
  const invSqrtM = Float64Array.from(
    { length: n3 },
    (_, i) => 1 / Math.sqrt(system.masses[Math.floor(i / 3)]),
  );
  const k = Array.from({ length: n3 }, (_, i) =>
    Array.from({ length: n3 }, (_, j) => hessian[i * n3 + j] * invSqrtM[i] * invSqrtM[j]),
  );
  const rigid = options.project === false ? [] : rigidBodyVectors(system, positions);
  if (rigid.length > 0) {
    const p = Array.from({ length: n3 }, (_, i) =>
      Array.from({ length: n3 }, (_, j) => (i === j ? 1 : 0) - rigid.reduce((s, v) => s + v[i] * v[j], 0)),
    );
    const pk = multiply(p, k);
    const pkp = multiply(pk, p);
    for (let i = 0; i < n3; i++) for (let j = 0; j < n3; j++) k[i][j] = 0.5 * (pkp[i][j] + pkp[j][i]);
  }
  // mathjs is loaded on first use: importing it costs every equimd process ≈ 120 MB of memory
  const { eigs } = await import("mathjs");
  const eig = eigs(k) as unknown as { eigenvectors: { value: number; vector: number[] }[] };
  const pairs = eig.eigenvectors.map((e) => ({ value: e.value, vector: Float64Array.from(e.vector) }));
  // remove the eigenvectors that lie in the rigid-body space
  const overlap = (v: Float64Array) =>
    rigid.reduce((s, r) => s + r.reduce((d, x, i) => d + x * v[i], 0) ** 2, 0) /
    v.reduce((s, x) => s + x * x, 0);
  const ranked = pairs
    .map((p) => ({ ...p, overlap: overlap(p.vector) }))
    .sort((a, b) => b.overlap - a.overlap);
  const vibrations = ranked.slice(rigid.length).sort((a, b) => a.value - b.value);
  const frequencies = Float64Array.from(
    vibrations,
    (v) => (Math.sign(v.value) * Math.sqrt(Math.abs(v.value))) / WAVENUMBER_IN_HARTREE,
  );
  const modes = vibrations.map((v) => {
    const norm = Math.hypot(...v.vector);
    return v.vector.map((x) => x / norm);
  });

  /** d(property)/dQ_k for each mode: width numbers per mode. */
  const derivative = (values: Float64Array, width: number): Float64Array[] =>
    modes.map((l) => {
      const d = new Float64Array(width);
      for (let i = 0; i < n3; i++) {
        const c = (l[i] * invSqrtM[i]) / (2 * h);
        for (let w = 0; w < width; w++)
          d[w] += c * (values[2 * i * width + w] - values[(2 * i + 1) * width + w]);
      }
      return d;
    });
  const result: NormalModes = { frequencies, modes, hessian, removed: rigid.length, maxForce };
  if (out.dipole) {
    const factor = (Math.PI / (3 * SPEED_OF_LIGHT_AU ** 2)) * BOHR_TO_KM_PER_MOL;
    result.irIntensities = Float64Array.from(
      derivative(out.dipole, 3),
      (d) => factor * (d[0] ** 2 + d[1] ** 2 + d[2] ** 2),
    );
  }
  if (out.polarizability) {
    const acts = derivative(out.polarizability, 9).map((d) => ramanActivities(polarizabilityInvariants(d)));
    result.ramanActivities = Float64Array.from(acts, (a) => a.unpolarised * BOHR4_PER_ME_TO_A4_PER_AMU);
    result.depolarisation = Float64Array.from(acts, (a) => a.depolarisation);
  }
  return result;
}

function multiply(a: number[][], b: number[][]): number[][] {
  const n = a.length;
  const out = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < n; l++) {
      const x = a[i][l];
      if (x === 0) continue;
      for (let j = 0; j < n; j++) out[i][j] += x * b[l][j];
    }
  }
  return out;
}

/** Stick spectrum (wavenumbers and heights) of the real modes for plotting over an MD spectrum. */
export function stickSpectrum(
  modes: NormalModes,
  kind: "ir" | "raman",
  minWavenumber = 1,
): { x: Float64Array; y: Float64Array } {
  const heights = kind === "ir" ? modes.irIntensities : modes.ramanActivities;
  if (!heights) {
    throw new Error(
      `no ${kind === "ir" ? "IR intensities (dipole)" : "Raman activities (polarizability)"} known`,
    );
  }
  const keep = [...modes.frequencies.keys()].filter((k) => modes.frequencies[k] >= minWavenumber);
  return {
    x: Float64Array.from(keep, (k) => modes.frequencies[k]),
    y: Float64Array.from(keep, (k) => heights[k]),
  };
}
