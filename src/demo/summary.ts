/**
 * The demo's printed summary: harmonic frequencies, the matched IR peak table (model vs xtb reference:
 * positions, shift, intensity ratio of the area-normalised spectra), the overlap score, the energy
 * drift of the NVE run and the times of the stages.
 */
import type { Comparison } from "../spectra/compare.ts";
import type { NormalModes } from "../spectra/normal-modes.ts";
import type { EnergyDrift } from "../statistics/energy-drift.ts";
import type { StageTime } from "./stopwatch.ts";

export interface SummaryInput {
  modes: NormalModes;
  comparison: Comparison;
  comparisonTrpmd?: Comparison;
  drift: EnergyDrift;
  /** True when the model has no polarizability head (IR only). */
  ramanSkipped?: boolean;
  optimisation: { steps: number; maxForceEvPerA: number; converged: boolean };
  times: StageTime[];
  total: StageTime;
  files: string[];
}

const num = (x: number, digits = 1, width = 10) => x.toFixed(digits).padStart(width);

/** Matched-peak table of a comparison (reference = A, model = B). */
export function peakTable(c: Comparison, model: string): string {
  const head =
    "  xtb ref (cm-1)".padEnd(17) +
    `${model} (cm-1)`.padStart(16) +
    "shift (cm-1)".padStart(14) +
    "ratio".padStart(9);
  const rows = c.matches.map(
    (m) =>
      num(m.a.position, 1, 16) + " " + num(m.b.position, 1, 16) + num(m.shift, 1, 14) + num(m.ratio, 2, 9),
  );
  for (const p of c.unmatchedA) rows.push(num(p.position, 1, 16) + " " + "unmatched".padStart(16));
  for (const p of c.unmatchedB) rows.push("unmatched".padStart(16) + " " + num(p.position, 1, 16));
  return [head, ...rows].join("\n");
}

export function formatSummary(s: SummaryInput): string {
  const out: string[] = [];
  out.push("== equimd demo summary ==");
  out.push(
    `geometry optimisation (FIRE): ${s.optimisation.steps} steps, max force ${s.optimisation.maxForceEvPerA.toExponential(2)} eV/Å` +
      (s.optimisation.converged ? "" : " (NOT converged)"),
  );
  const real = [...s.modes.frequencies].filter((f) => f > 0);
  const imag = s.modes.frequencies.length - real.length;
  out.push(
    `harmonic frequencies (cm-1): ${real.map((f) => f.toFixed(0)).join(" ")}` +
      (imag > 0 ? ` (+${imag} imaginary)` : ""),
  );
  out.push("");
  out.push("IR peaks, classical MD: equimd PaiNN vs GFN2-xTB reference (area-normalised spectra)");
  out.push(peakTable(s.comparison, "model"));
  out.push(`overlap score (cosine similarity of area-normalised IR): ${s.comparison.overlap.toFixed(3)}`);
  if (s.comparisonTrpmd) {
    out.push("");
    out.push("IR peaks, TRPMD (quantum nuclei) vs the classical GFN2-xTB reference");
    out.push(peakTable(s.comparisonTrpmd, "TRPMD"));
    out.push(`overlap score: ${s.comparisonTrpmd.overlap.toFixed(3)}`);
  }
  if (s.ramanSkipped) {
    out.push("");
    out.push("Raman: skipped (the model has no polarizability head; train one with a polarizability loss)");
  }
  out.push("");
  out.push(
    `NVE energy drift (classical production, ${s.drift.lengthPs.toFixed(2)} ps): ` +
      `${s.drift.driftMeVPerAtomPerPs.toExponential(2)} meV/atom/ps, ` +
      `fluctuation ${s.drift.fluctuationMeVPerAtom.toExponential(2)} meV/atom`,
  );
  out.push("");
  out.push("stage".padEnd(28) + "wall (s)".padStart(10) + "CPU (s)".padStart(10));
  for (const t of [...s.times, s.total]) out.push(t.stage.padEnd(28) + num(t.wallS) + num(t.cpuS));
  out.push("");
  out.push("files:");
  for (const f of s.files) out.push(`  ${f}`);
  return out.join("\n");
}
