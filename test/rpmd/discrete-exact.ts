/**
 * Exact stationary averages of the time-discretised PILE-L ring-polymer integrators for a harmonic
 * oscillator, without sampling: for V = ½ k q² on every bead the normal modes decouple, every step is
 * a linear map with Gaussian noise per mode, x' = M x + ξ (x = (q̃, p̃), ⟨ξξᵀ⟩ = Σ), and the
 * stationary covariance solves C = M C Mᵀ + Σ (summed here by doubling). This is an independent
 * model of the splitting (written from the equations, not from the integrator's code).
 */
type Mat = [number, number, number, number]; // row-major 2×2

const mul = (a: Mat, b: Mat): Mat => [
  a[0] * b[0] + a[1] * b[2],
  a[0] * b[1] + a[1] * b[3],
  a[2] * b[0] + a[3] * b[2],
  a[2] * b[1] + a[3] * b[3],
];
const transpose = (a: Mat): Mat => [a[0], a[2], a[1], a[3]];
const add = (a: Mat, b: Mat): Mat => [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]];
const sandwich = (m: Mat, c: Mat): Mat => mul(mul(m, c), transpose(m));

interface Piece {
  m: Mat;
  noise: Mat;
}

export interface DiscreteHarmonicOptions {
  beads: number;
  /** k_B T (hartree). */
  temperature: number;
  mass: number;
  /** Force constant (hartree/bohr²). */
  k: number;
  dt: number;
  splitting: "baoab" | "obabo";
  lambda: number;
  centroidTau: number;
}

/** ⟨V⟩, ⟨K_cv⟩, ⟨K_prim⟩ per atom (3 dimensions), hartree. */
export function discreteHarmonicAverages(o: DiscreteHarmonicOptions): {
  V: number;
  Kcv: number;
  Kprim: number;
} {
  const P = o.beads;
  const m = o.mass;
  const bath = P * o.temperature;
  let sumQ2All = 0;
  let sumQ2Internal = 0;
  let sumSpring = 0;
  for (let mode = 0; mode < P; mode++) {
    const w = 2 * P * o.temperature * Math.sin((mode * Math.PI) / P);
    const B = (h: number): Piece => ({ m: [1, 0, -h * o.k, 1], noise: [0, 0, 0, 0] });
    const A = (h: number): Piece =>
      w === 0
        ? { m: [1, h / m, 0, 1], noise: [0, 0, 0, 0] }
        : {
            m: [Math.cos(w * h), Math.sin(w * h) / (m * w), -m * w * Math.sin(w * h), Math.cos(w * h)],
            noise: [0, 0, 0, 0],
          };
    const gamma = mode === 0 ? 1 / o.centroidTau : 2 * o.lambda * w;
    const O = (h: number): Piece => {
      const c = Math.exp(-gamma * h);
      return { m: [1, 0, 0, c], noise: [0, 0, 0, (1 - c * c) * m * bath] };
    };
    const h = o.dt / 2;
    const sequence =
      o.splitting === "baoab" ? [B(h), A(h), O(o.dt), A(h), B(h)] : [O(h), B(h), A(o.dt), B(h), O(h)];
    let M: Mat = [1, 0, 0, 1];
    let S: Mat = [0, 0, 0, 0];
    for (const piece of sequence) {
      M = mul(piece.m, M);
      S = add(sandwich(piece.m, S), piece.noise);
    }
    // C = Σ_n Mⁿ S (Mⁿ)ᵀ by doubling: C ← C + A C Aᵀ, A ← A²
    let C = S;
    let An = M;
    for (let i = 0; i < 80; i++) {
      C = add(C, sandwich(An, C));
      An = mul(An, An);
    }
    const q2 = C[0];
    sumQ2All += q2;
    if (mode > 0) sumQ2Internal += q2;
    sumSpring += 0.5 * m * w * w * q2;
  }
  return {
    V: (3 * 0.5 * o.k * sumQ2All) / P,
    Kcv: 1.5 * o.temperature + (3 * 0.5 * o.k * sumQ2Internal) / P,
    Kprim: 1.5 * P * o.temperature - (3 * sumSpring) / P,
  };
}
