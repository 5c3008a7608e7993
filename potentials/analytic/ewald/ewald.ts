/**
 * Ewald summation of the Coulomb energy of point charges in a periodic (triclinic) cell, with forces
 * and the virial. Atomic units: E = Σ q_i q_j / r in hartree with r in bohr and q in e.
 *
 *   E = E_real + E_recip + E_self + E_background + E_excluded
 *   E_real  = Σ'_{pairs i≤j, images n} q_i q_j erfc(α r_ijn) / r_ijn            (r < r_c)
 *   E_recip = (2π/V) Σ_{k≠0} exp(−k²/4α²)/k² |S(k)|²,  S(k) = Σ_j q_j exp(i k·r_j)   (|k| < k_c)
 *   E_self  = −(α/√π) Σ_i q_i²
 *   E_background = −π Q² / (2 V α²)   (uniform neutralising background when Q = Σq ≠ 0)
 *   E_excluded = −Σ_{excluded pairs} q_i q_j erf(α r_ij)/r_ij   (removes e.g. intramolecular pairs: the
 *                reciprocal sum contains them; the real-space sum skips them)
 *
 * This is the "tin-foil" (conducting-boundary) Ewald sum, the convention of every periodic MD code: it
 * equals the direct sum over spherically growing shells of cells minus the surface term
 * (2π/3V)|Σ q_i r_i|² (de Leeuw, Perram & Smith, Proc. R. Soc. A 373, 27 (1980)).
 *
 * Virial: W_ab = −∂E/∂ε_ab for the homogeneous strain r → (1+ε) r of positions and cell, so that the
 * pressure is P = (2 K + tr W)/(3V). Pair terms give Σ F_a d_b (F the force on j along d = r_j − r_i);
 * each k vector gives E_k [δ_ab − 2 k_a k_b (1/(4α²) + 1/k²)]; the background term gives E_bg δ_ab.
 *
 * Excluded pairs are taken with the plain displacement r_j − r_i (the n = 0 image): the caller keeps
 * excluded pairs (atoms of one molecule) whole in the positions it passes.
 */
import { erf } from "mathjs";
import type { Cell } from "../../../src/core/cell.ts";
import { VerletList } from "../../../src/core/neighbour-list.ts";
import { erfcScaled } from "./erfc.ts";
import type { EwaldParameters } from "./parameters.ts";

export interface EwaldResult {
  /** Total Coulomb energy, hartree. */
  energy: number;
  /** The parts of the energy (hartree), for reporting. */
  parts: { real: number; reciprocal: number; self: number; background: number; excluded: number };
  /** [nCharges][3], hartree/bohr. */
  forces: Float64Array;
  /** W_ab = −∂E/∂ε_ab, row-major 3×3, hartree. */
  virial: Float64Array;
}

export interface EwaldOptions {
  /** Pairs (i, j) whose direct interaction is left out (intramolecular pairs of a molecular model). */
  exclusions?: readonly (readonly [number, number])[];
  /** Verlet skin of the real-space pair list, bohr (default 1). */
  skin?: number;
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * One Ewald sum for a fixed set of charge sites and parameters. Keeps one real-space Verlet list per
 * configuration stream (`stream`, e.g. the bead index), so that a batch of beads reuses its lists.
 */
export class EwaldSum {
  private readonly lists = new Map<number, VerletList>();
  private readonly excluded = new Set<number>();
  private readonly exclusions: readonly (readonly [number, number])[];

  constructor(
    readonly parameters: EwaldParameters,
    readonly nCharges: number,
    private readonly options: EwaldOptions = {},
  ) {
    this.exclusions = options.exclusions ?? [];
    for (const [i, j] of this.exclusions) {
      if (!(i >= 0 && j >= 0 && i < nCharges && j < nCharges && i !== j)) {
        throw new Error(
          `Ewald: excluded pair (${i}, ${j}) must be two different sites in 0..${nCharges - 1}`,
        );
      }
      this.excluded.add(Math.min(i, j) * nCharges + Math.max(i, j));
    }
  }

  /** How many times the real-space pair list of `stream` has been built (0 before the first call). */
  listBuilds(stream = 0): number {
    return this.lists.get(stream)?.builds ?? 0;
  }

  /** Energy, forces and virial of charges q at positions ([n][3], bohr) in the cell. */
  compute(positions: ArrayLike<number>, charges: ArrayLike<number>, cell: Cell, stream = 0): EwaldResult {
    const n = this.nCharges;
    if (positions.length !== 3 * n || charges.length !== n) {
      throw new Error(
        `Ewald: expected ${n} charges and ${3 * n} coordinates, got ${charges.length} and ${positions.length}`,
      );
    }
    const forces = new Float64Array(3 * n);
    const virial = new Float64Array(9);
    const real = this.realSpace(positions, charges, cell, stream, forces, virial);
    const reciprocal = this.reciprocalSpace(positions, charges, cell, forces, virial);
    const excluded = this.excludedPairs(positions, charges, forces, virial);
    const { alpha } = this.parameters;
    let q2 = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      q2 += charges[i] * charges[i];
      total += charges[i];
    }
    const self = (-alpha / Math.sqrt(Math.PI)) * q2;
    const background = (-Math.PI * total * total) / (2 * cell.volume * alpha * alpha);
    for (let a = 0; a < 3; a++) virial[4 * a] += background;
    return {
      energy: real + reciprocal + self + background + excluded,
      parts: { real, reciprocal, self, background, excluded },
      forces,
      virial,
    };
  }

  private realSpace(
    r: ArrayLike<number>,
    q: ArrayLike<number>,
    cell: Cell,
    stream: number,
    forces: Float64Array,
    virial: Float64Array,
  ): number {
    const { alpha, realCutoff } = this.parameters;
    let verlet = this.lists.get(stream);
    if (!verlet) {
      verlet = new VerletList(realCutoff, this.options.skin ?? 1);
      this.lists.set(stream, verlet);
    }
    const list = verlet.update(r, cell);
    const h = cell.matrix;
    const rc2 = realCutoff * realCutoff;
    const n = this.nCharges;
    let energy = 0;
    for (let p = 0; p < list.count; p++) {
      const i = list.first[p];
      const j = list.second[p];
      const qq = q[i] * q[j];
      if (qq === 0) continue;
      const n0 = list.shifts[3 * p];
      const n1 = list.shifts[3 * p + 1];
      const n2 = list.shifts[3 * p + 2];
      if (n0 === 0 && n1 === 0 && n2 === 0 && this.excluded.has(Math.min(i, j) * n + Math.max(i, j)))
        continue;
      const dx = r[3 * j] - r[3 * i] + n0 * h[0] + n1 * h[3] + n2 * h[6];
      const dy = r[3 * j + 1] - r[3 * i + 1] + n0 * h[1] + n1 * h[4] + n2 * h[7];
      const dz = r[3 * j + 2] - r[3 * i + 2] + n0 * h[2] + n1 * h[5] + n2 * h[8];
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 >= rc2) continue;
      const d = Math.sqrt(d2);
      const gauss = Math.exp(-alpha * alpha * d2);
      const e = (qq * erfcScaled(alpha * d) * gauss) / d; // q_i q_j erfc(αd)/d
      energy += e;
      // f = −dE/dd / d: the force on j is f·(dx, dy, dz), on i the opposite.
      const f = (e + qq * TWO_OVER_SQRT_PI * alpha * gauss) / d2;
      addPairForce(forces, virial, i, j, f, dx, dy, dz);
    }
    return energy;
  }

  private reciprocalSpace(
    r: ArrayLike<number>,
    q: ArrayLike<number>,
    cell: Cell,
    forces: Float64Array,
    virial: Float64Array,
  ): number {
    const { alpha, kCutoff } = this.parameters;
    const n = this.nCharges;
    const h = cell.matrix;
    const inv = cell.inverse;
    // Largest index along each reciprocal direction: |n_k| = |k·a_k|/2π ≤ k_c |a_k|/2π.
    const nMax = [0, 1, 2].map((k) =>
      Math.floor((kCutoff * Math.hypot(h[3 * k], h[3 * k + 1], h[3 * k + 2])) / (2 * Math.PI)),
    );
    // Phase factors exp(2πi m s_jk) for m = −nMax..nMax, built by repeated multiplication.
    const phase = [0, 1, 2].map((k) => {
      const width = 2 * nMax[k] + 1;
      const re = new Float64Array(width * n);
      const im = new Float64Array(width * n);
      for (let j = 0; j < n; j++) {
        const s = r[3 * j] * inv[k] + r[3 * j + 1] * inv[3 + k] + r[3 * j + 2] * inv[6 + k];
        const c = Math.cos(2 * Math.PI * s);
        const sn = Math.sin(2 * Math.PI * s);
        const mid = nMax[k] * n + j;
        re[mid] = 1;
        for (let m = 1; m <= nMax[k]; m++) {
          const prev = mid + (m - 1) * n;
          const cur = mid + m * n;
          re[cur] = re[prev] * c - im[prev] * sn;
          im[cur] = re[prev] * sn + im[prev] * c;
          re[mid - m * n] = re[cur];
          im[mid - m * n] = -im[cur];
        }
      }
      return { re, im };
    });
    const kc2 = kCutoff * kCutoff;
    const cosT = new Float64Array(n);
    const sinT = new Float64Array(n);
    const xyRe = new Float64Array(n);
    const xyIm = new Float64Array(n);
    let energy = 0;
    const prefactor = (4 * Math.PI) / cell.volume; // half of k space, each ±k pair once
    for (let m0 = 0; m0 <= nMax[0]; m0++) {
      for (let m1 = m0 === 0 ? 0 : -nMax[1]; m1 <= nMax[1]; m1++) {
        // Partial products exp(2πi(m0 s0 + m1 s1)) for this (m0, m1) row.
        const o0 = (m0 + nMax[0]) * n;
        const o1 = (m1 + nMax[1]) * n;
        for (let j = 0; j < n; j++) {
          const ar = phase[0].re[o0 + j];
          const ai = phase[0].im[o0 + j];
          const br = phase[1].re[o1 + j];
          const bi = phase[1].im[o1 + j];
          xyRe[j] = ar * br - ai * bi;
          xyIm[j] = ar * bi + ai * br;
        }
        for (let m2 = m0 === 0 && m1 === 0 ? 1 : -nMax[2]; m2 <= nMax[2]; m2++) {
          // k = 2π (m0 b0 + m1 b1 + m2 b2), b_k the columns of h⁻¹
          const kx = 2 * Math.PI * (m0 * inv[0] + m1 * inv[1] + m2 * inv[2]);
          const ky = 2 * Math.PI * (m0 * inv[3] + m1 * inv[4] + m2 * inv[5]);
          const kz = 2 * Math.PI * (m0 * inv[6] + m1 * inv[7] + m2 * inv[8]);
          const k2 = kx * kx + ky * ky + kz * kz;
          if (k2 >= kc2) continue;
          const o2 = (m2 + nMax[2]) * n;
          let sRe = 0;
          let sIm = 0;
          for (let j = 0; j < n; j++) {
            const cr = phase[2].re[o2 + j];
            const ci = phase[2].im[o2 + j];
            const c = xyRe[j] * cr - xyIm[j] * ci;
            const s = xyRe[j] * ci + xyIm[j] * cr;
            cosT[j] = c;
            sinT[j] = s;
            sRe += q[j] * c;
            sIm += q[j] * s;
          }
          const g = (prefactor * Math.exp(-k2 / (4 * alpha * alpha))) / k2;
          const ek = g * (sRe * sRe + sIm * sIm);
          energy += ek;
          // F_j = −∂E_k/∂r_j = −2 g q_j k (S_im cos θ_j − S_re sin θ_j)
          for (let j = 0; j < n; j++) {
            const a = -2 * g * q[j] * (sIm * cosT[j] - sRe * sinT[j]);
            forces[3 * j] += a * kx;
            forces[3 * j + 1] += a * ky;
            forces[3 * j + 2] += a * kz;
          }
          const b = 2 * ek * (1 / (4 * alpha * alpha) + 1 / k2);
          virial[0] += ek - b * kx * kx;
          virial[1] -= b * kx * ky;
          virial[2] -= b * kx * kz;
          virial[3] -= b * ky * kx;
          virial[4] += ek - b * ky * ky;
          virial[5] -= b * ky * kz;
          virial[6] -= b * kz * kx;
          virial[7] -= b * kz * ky;
          virial[8] += ek - b * kz * kz;
        }
      }
    }
    return energy;
  }

  private excludedPairs(
    r: ArrayLike<number>,
    q: ArrayLike<number>,
    forces: Float64Array,
    virial: Float64Array,
  ): number {
    const { alpha } = this.parameters;
    let energy = 0;
    for (const [i, j] of this.exclusions) {
      const qq = q[i] * q[j];
      if (qq === 0) continue;
      const dx = r[3 * j] - r[3 * i];
      const dy = r[3 * j + 1] - r[3 * i + 1];
      const dz = r[3 * j + 2] - r[3 * i + 2];
      const d2 = dx * dx + dy * dy + dz * dz;
      const d = Math.sqrt(d2);
      // E = −qq erf(αd)/d; −dE/dd = −qq [erf(αd)/d² − (2α/√π) exp(−α²d²)/d]
      const e = (-qq * (erf(alpha * d) as number)) / d;
      energy += e;
      const f = (e + qq * TWO_OVER_SQRT_PI * alpha * Math.exp(-alpha * alpha * d2)) / d2;
      addPairForce(forces, virial, i, j, f, dx, dy, dz);
    }
    return energy;
  }
}

/**
 * Add a central pair force f·d on atom j (and −f·d on atom i) to `forces` ([atoms][3]) and its virial
 * Σ F_a d_b to `virial` (3×3 row-major). Shared by every pair term of the periodic potentials.
 */
export function addPairForce(
  forces: Float64Array,
  virial: Float64Array,
  i: number,
  j: number,
  f: number,
  dx: number,
  dy: number,
  dz: number,
): void {
  const fx = f * dx;
  const fy = f * dy;
  const fz = f * dz;
  forces[3 * j] += fx;
  forces[3 * j + 1] += fy;
  forces[3 * j + 2] += fz;
  forces[3 * i] -= fx;
  forces[3 * i + 1] -= fy;
  forces[3 * i + 2] -= fz;
  virial[0] += fx * dx;
  virial[1] += fx * dy;
  virial[2] += fx * dz;
  virial[3] += fy * dx;
  virial[4] += fy * dy;
  virial[5] += fy * dz;
  virial[6] += fz * dx;
  virial[7] += fz * dy;
  virial[8] += fz * dz;
}
