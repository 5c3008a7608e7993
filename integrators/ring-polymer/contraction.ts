/**
 * Ring-polymer contraction (Markland & Manolopoulos, J. Chem. Phys. 129, 024105 (2008)), with i-PI's
 * definitions (ipi/utils/nmtransform.py, mk_rs_matrix and nm_rescale).
 *
 * Contraction P → P' (P' ≤ P): transform to normal modes, keep the P' lowest-frequency modes
 * (centroid, cosine modes 1..⌊P'/2⌋, their sine partners, and for even P' only the cosine member of the
 * pair matched to the alternating mode P'/2), scale by √(P'/P) and transform back on P' beads:
 *
 *   T = √(P'/P) · C_{P'} · S · C_Pᵀ    (P' × P),   q' = T q.
 *
 * The centroid is preserved: (1/P') Σ q'_j = (1/P) Σ q_j.
 * Expansion P' → P uses E = (P/P') Tᵀ. Applied to forces it is the chain rule for the estimate
 * Σ_j V(q_j) ≈ (P/P') Σ_{j'} V(q'_{j'}) of the bead-summed potential: F_j = (P/P') Σ_{j'} T_{j'j} F'_{j'};
 * i-PI expands bead energies (and other per-bead properties) with the same E. T E = 1 on P' beads.
 */
import { normalModeMatrix } from "./normal-modes.ts";

export class RingPolymerContraction {
  /** T, row-major [P'][P]. */
  readonly contractMatrix: Float64Array;
  /** E = (P/P') Tᵀ, row-major [P][P']. */
  readonly expandMatrix: Float64Array;

  constructor(
    readonly beads: number,
    readonly contractedBeads: number,
  ) {
    const P = beads;
    const Pc = contractedBeads;
    if (!Number.isInteger(P) || P < 1) throw new Error(`beads must be an integer ≥ 1, got ${P}`);
    if (!Number.isInteger(Pc) || Pc < 1 || Pc > P) {
      throw new Error(`contract_to must be an integer between 1 and beads = ${P}, got ${Pc}`);
    }
    // S: which full-ring mode feeds each contracted mode (−1: none).
    const source = new Int32Array(Pc).fill(-1);
    source[0] = 0;
    for (let i = 1; i <= Math.floor(Pc / 2); i++) {
      source[i] = i;
      if (Pc - i !== i) source[Pc - i] = P - i;
    }
    const cFull = normalModeMatrix(P);
    const cSmall = normalModeMatrix(Pc);
    const scale = Math.sqrt(Pc / P);
    this.contractMatrix = new Float64Array(Pc * P);
    this.expandMatrix = new Float64Array(P * Pc);
    for (let jc = 0; jc < Pc; jc++) {
      for (let j = 0; j < P; j++) {
        let t = 0;
        for (let kc = 0; kc < Pc; kc++) t += cSmall[jc * Pc + kc] * cFull[j * P + source[kc]];
        this.contractMatrix[jc * P + j] = scale * t;
        this.expandMatrix[j * Pc + jc] = (P / Pc) * scale * t;
      }
    }
  }

  /** q' = T q: [P][width] → [P'][width]. */
  contract(
    values: Float64Array,
    width: number,
    out: Float64Array = new Float64Array(this.contractedBeads * width),
  ): Float64Array {
    return applyMatrix(this.contractMatrix, this.contractedBeads, this.beads, values, width, out, "contract");
  }

  /** x = E x': [P'][width] → [P][width]. */
  expand(
    values: Float64Array,
    width: number,
    out: Float64Array = new Float64Array(this.beads * width),
  ): Float64Array {
    return applyMatrix(this.expandMatrix, this.beads, this.contractedBeads, values, width, out, "expand");
  }
}

function applyMatrix(
  m: Float64Array,
  rows: number,
  cols: number,
  x: Float64Array,
  width: number,
  out: Float64Array,
  what: string,
): Float64Array {
  if (x.length !== cols * width || out.length !== rows * width) {
    throw new Error(
      `ring-polymer ${what}: expected ${cols}×${width} numbers in and ${rows}×${width} out, got ${x.length} and ${out.length}`,
    );
  }
  out.fill(0);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const mrc = m[r * cols + c];
      if (mrc === 0) continue;
      for (let d = 0; d < width; d++) out[r * width + d] += mrc * x[c * width + d];
    }
  }
  return out;
}
