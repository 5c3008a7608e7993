/**
 * Quantum correction factors Q(ω) for a classical correlation spectrum C_cl(ω):
 *
 *   C(ω) ≈ Q(ω) · C_cl(ω),   x = βħω   (ħ = 1, β = 1/k_BT in 1/hartree)
 *
 *   harmonic   Q = x / (1 − e^{−x})      (exact for a harmonic system; maps the Kubo-transformed
 *                                          correlation, which RPMD approximates, onto C(ω))
 *   Schofield  Q = e^{x/2}
 *   standard   Q = 2 / (1 + e^{−x})
 *   none       the input already is a Kubo-transformed correlation (RPMD, TRPMD): its exact relation to
 *              C(ω) is the harmonic factor, so no approximation is made.
 *
 * C(ω) here is the quantum (standard, non-symmetrised) correlation spectrum obeying detailed balance
 * C(−ω) = e^{−x} C(ω). Spectra (ir.ts, raman.ts) are built from this C(ω) with the exact quantum
 * prefactors; see docs/spectra.md. All factors tend to 1 for x → 0.
 */
export type QuantumCorrection = "none" | "harmonic" | "schofield" | "standard";

export const QUANTUM_CORRECTIONS: readonly QuantumCorrection[] = [
  "none",
  "harmonic",
  "schofield",
  "standard",
];

/** x/(1 − e^{−x}), stable near x = 0. */
function harmonicFactor(x: number): number {
  if (Math.abs(x) < 1e-8) return 1 + x / 2;
  return x / -Math.expm1(-x);
}

/**
 * Q(ω) of a correction kind at angular frequency omega (atomic units) and temperature k_B·T (hartree).
 * "none" returns the harmonic factor: the exact Kubo → standard map.
 */
export function quantumCorrectionFactor(kind: QuantumCorrection, omega: number, temperature: number): number {
  if (!(temperature > 0))
    throw new Error(`quantum correction needs a positive temperature, got ${temperature}`);
  const x = omega / temperature;
  switch (kind) {
    case "none":
    case "harmonic":
      return harmonicFactor(x);
    case "schofield":
      return Math.exp(x / 2);
    case "standard":
      return 2 / (1 + Math.exp(-x));
    default:
      throw new Error(
        `unknown quantum correction '${kind as string}'; expected one of: ${QUANTUM_CORRECTIONS.join(", ")}`,
      );
  }
}

/**
 * Q(ω)/Q_harmonic(ω): the factor by which a correction changes a spectrum written in its classical
 * (harmonic-corrected) form β ω² C_cl(ω). 1 for "none" and "harmonic"; (2/x)·tanh(x/2) for standard;
 * (2/x)·sinh(x/2) for Schofield.
 */
export function relativeCorrection(kind: QuantumCorrection, omega: number, temperature: number): number {
  return (
    quantumCorrectionFactor(kind, omega, temperature) /
    quantumCorrectionFactor("harmonic", omega, temperature)
  );
}
