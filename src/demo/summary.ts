/**
 * The demo's printed summary: harmonic frequencies, the matched IR peak table (model vs xtb reference:
 * positions, shift, intensity ratio of the area-normalised spectra), the overlap score, the energy
 * drift of the NVE run and the times of the stages. With errors (src/spectra/uncertainty/): the shift
 * ± its bootstrap standard error, the band areas of reference and model ± s.e., and for each matched
 * band whether the shift and the area difference are outside the combined errors (band-differences.ts);
 * the overlap ± s.e. with its bias-corrected value, the xtb-vs-xtb overlap, total band areas ± s.e., and
 * what `until` did.
 */
import type { Comparison } from "../spectra/compare.ts";
import type { CurveWithErrors } from "../spectra/uncertainty/index.ts";
import type { BandDifference } from "./band-differences.ts";
import type { DemoSpectra } from "./spectra.ts";
import type { UntilOutcome } from "./until.ts";
import type { NormalModes } from "../spectra/normal-modes.ts";
import type { EnergyDrift } from "../statistics/energy-drift.ts";
import type { StageTime } from "./stopwatch.ts";

export interface SummaryInput {
  modes: NormalModes;
  comparison: Comparison;
  comparisonTrpmd?: Comparison;
  /** The spectra with their errors (band areas, verdicts, the xtb-vs-xtb overlap). */
  spectra?: DemoSpectra;
  until?: UntilOutcome;
  drift: EnergyDrift;
  /** True when the model has no polarizability head (IR only). */
  ramanSkipped?: boolean;
  optimisation: { steps: number; maxForceEvPerA: number; converged: boolean };
  times: StageTime[];
  total: StageTime;
  files: string[];
}

const num = (x: number, digits = 1, width = 10) => x.toFixed(digits).padStart(width);

const verdict = (outside: boolean | undefined) =>
  outside === undefined ? "n/a" : outside ? "OUTSIDE" : "within";

/**
 * Matched-peak table of a comparison (reference = A, model = B); with `differences` also the shift's
 * standard error, the band areas (km/mol) ± s.e. and whether shift and area differ beyond the errors.
 */
export function peakTable(c: Comparison, model: string, differences?: readonly BandDifference[]): string {
  const head =
    "  xtb ref (cm-1)".padEnd(17) +
    `${model} (cm-1)`.padStart(16) +
    "shift (cm-1)".padStart(14) +
    "ratio".padStart(9) +
    (differences
      ? "± s.e.".padStart(8) +
        "shift?".padStart(9) +
        "area xtb (km/mol)".padStart(21) +
        `area ${model}`.padStart(18) +
        "area?".padStart(9)
      : "");
  const pm = (v: number, e: number) => `${v.toFixed(2)} ± ${Number.isFinite(e) ? e.toFixed(2) : "n/a"}`;
  const rows = c.matches.map((m, k) => {
    const d = differences?.[k];
    return (
      num(m.a.position, 1, 16) +
      " " +
      num(m.b.position, 1, 16) +
      num(m.shift, 1, 14) +
      num(m.ratio, 2, 9) +
      (d
        ? (Number.isFinite(d.shiftErrorCm) ? num(d.shiftErrorCm, 1, 8) : "n/a".padStart(8)) +
          verdict(d.shiftOutsideErrors).padStart(9) +
          pm(d.referenceArea.value, d.referenceArea.standardError).padStart(21) +
          pm(d.modelArea.value, d.modelArea.standardError).padStart(18) +
          verdict(d.areaOutsideErrors).padStart(9)
        : "")
    );
  });
  for (const p of c.unmatchedA) rows.push(num(p.position, 1, 16) + " " + "unmatched".padStart(16));
  for (const p of c.unmatchedB) rows.push("unmatched".padStart(16) + " " + num(p.position, 1, 16));
  return [head, ...rows].join("\n");
}

/** " ± 0.012 (bias-corrected 0.981, 95 % interval 0.95..1; method)" or "". */
export function overlapErrorText(c: Comparison): string {
  const e = c.overlapError;
  if (!e) return "";
  return (
    ` ± ${e.standardError.toFixed(3)}` +
    (e.corrected !== undefined ? ` (bias-corrected ${e.corrected.toFixed(3)}, ` : " (") +
    `${Math.round(100 * e.level)} % interval ${e.lower.toFixed(3)}..${e.upper.toFixed(3)}; ${e.method})`
  );
}

/** "123.4 ± 5.6 km/mol (4.5 %, 4 trajectories)" or the reason there is no error. */
function areaText(c: CurveWithErrors): string {
  const unit = c.spectrum.unit.replace(/\/cm-1$/, "");
  const t = c.total;
  if (!t) return `no error: ${c.note ?? "one unit"}`;
  const rel = (100 * t.standardError) / Math.abs(t.value);
  return `${t.value.toPrecision(4)} ± ${t.standardError.toPrecision(2)} ${unit} (${rel.toFixed(1)} %, ${c.ensemble.members.length} units)`;
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
  const sp = s.spectra;
  out.push(peakTable(s.comparison, "model", sp?.bandDifferences));
  out.push(
    `overlap score (cosine similarity of area-normalised IR): ${s.comparison.overlap.toFixed(3)}` +
      overlapErrorText(s.comparison),
  );
  if (sp?.comparisonReferenceHalves) {
    const h = sp.comparisonReferenceHalves;
    out.push(
      `  for scale, xtb trajectories against each other (half vs half): ${h.overlap.toFixed(3)}${overlapErrorText(h)}`,
    );
  }
  if (sp && sp.bandDifferences.length > 0) {
    const level = Math.round(100 * sp.bandDifferences[0].level);
    out.push(
      `  shift? / area?: is the model–xtb difference OUTSIDE the combined ${level} % errors (t test; ` +
        "areas over the xtb peak's band), or within them (sampling noise cannot be excluded)",
    );
  }
  if (s.comparisonTrpmd) {
    out.push("");
    out.push("IR peaks, TRPMD (quantum nuclei) vs the classical GFN2-xTB reference");
    out.push(peakTable(s.comparisonTrpmd, "TRPMD", sp?.bandDifferencesTrpmd));
    out.push(`overlap score: ${s.comparisonTrpmd.overlap.toFixed(3)}${overlapErrorText(s.comparisonTrpmd)}`);
  }
  if (sp) {
    const e = sp.errors;
    out.push("");
    out.push(
      `total band areas (${e.irClassical.spectrum.wavenumber[0].toFixed(0)}–${e.irClassical.spectrum.wavenumber.at(-1)!.toFixed(0)} cm-1, ± 1 s.e.):`,
    );
    out.push(`  ${"IR classical MD".padEnd(24)}${areaText(e.irClassical)}`);
    if (e.irTrpmd) out.push(`  ${"IR TRPMD".padEnd(24)}${areaText(e.irTrpmd)}`);
    out.push(`  ${"IR GFN2-xTB".padEnd(24)}${areaText(e.irReference)}`);
    if (e.ramanClassical)
      out.push(`  ${"Raman classical (unp.)".padEnd(24)}${areaText(e.ramanClassical[0])}`);
    if (e.ramanTrpmd) out.push(`  ${"Raman TRPMD (unp.)".padEnd(24)}${areaText(e.ramanTrpmd[0])}`);
    if (e.committee) {
      const a = e.committee.irArea;
      out.push(
        `  model band (committee of ${e.committee.members}): IR total area over the members ${a.mean.toPrecision(4)} ± ` +
          `${a.sigma.toPrecision(2)} km/mol (1 s over members, the same trajectories; drawn grey, separate from the statistical band)`,
      );
    }
    out.push(
      `  units: ${e.units.map((u) => `${u.stage} ${u.count} ${u.kind === "blocks" ? "blocks of one trajectory" : "trajectories"}`).join("; ")}`,
    );
    for (const u of e.units) if (u.note) out.push(`  note (${u.stage}): ${u.note}`);
  }
  if (s.until) {
    out.push("");
    out.push(s.until.message);
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
