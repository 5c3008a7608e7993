/**
 * The comparison report: a short Markdown text (report.md), CSV files of every curve and PNG plots
 * (errors against time, overlaid distributions, RMSD against time, IR spectra), all in user units.
 * This is the boundary where equimd's atomic units become the user's units (ReportUnits).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { forceFactor, KB_HARTREE_PER_K, unitFactor } from "../core/units.ts";
import { renderLineChart, writePng, type Series } from "../plot/chart.ts";
import { writeCurvesCsv, type CsvColumn } from "../plot/csv.ts";
import type { DistributionComparison, DistributionsResult, DistributionKind } from "./distributions.ts";
import { binCentres } from "./histograms.ts";
import type { DivergenceResult } from "./divergence-from-reference.ts";
import type { ErrorStats } from "../statistics/error-statistics.ts";
import type { ErrorsAlongReference } from "./errors-along-reference.ts";
import type { IrComparison } from "./ir-comparison.ts";

/** Units of everything reported (names as in src/core/units.ts). */
export interface ReportUnits {
  energy: string;
  length: string;
  dipole: string;
  polarizability: string;
  time: string;
}

export const DEFAULT_REPORT_UNITS: ReportUnits = {
  energy: "eV",
  length: "angstrom",
  dipole: "D",
  polarizability: "angstrom^3",
  time: "fs",
};

/** What a comparison found; every part is optional (it may not have been asked for or possible). */
export interface ComparisonResults {
  model: string;
  reference: { source: string; nFrames: number; every: number };
  run?: { source: string; nFrames: number };
  errors?: ErrorsAlongReference;
  distributions?: DistributionsResult;
  divergence?: DivergenceResult;
  ir?: IrComparison;
  /** Parts skipped or failed, and why. */
  notes: string[];
}

const PRETTY: Record<string, string> = {
  angstrom: "Å",
  "angstrom^3": "Å³",
  "e*angstrom": "e·Å",
  "e*bohr": "e·bohr",
  "bohr^3": "bohr³",
};
const pretty = (u: string) =>
  u
    .split("/")
    .map((p) => PRETTY[p] ?? p)
    .join("/");

/** Factors value[user] = value[a.u.] × factor, and unit labels. */
function conversions(units: ReportUnits) {
  const energy = 1 / unitFactor("energy", units.energy);
  return {
    energy,
    force: 1 / forceFactor(`${units.energy}/${units.length}`),
    length: 1 / unitFactor("length", units.length),
    dipole: 1 / unitFactor("dipole", units.dipole),
    polarizability: 1 / unitFactor("polarizability", units.polarizability),
    time: 1 / unitFactor("time", units.time),
    label: {
      energy: pretty(units.energy),
      force: pretty(`${units.energy}/${units.length}`),
      length: pretty(units.length),
      dipole: pretty(units.dipole),
      polarizability: pretty(units.polarizability),
      time: pretty(units.time),
    },
  };
}
type Conversions = ReturnType<typeof conversions>;

/** Unit factor and label of a distribution's quantity: lengths, degrees, energies, kelvin. */
function distributionUnit(kind: DistributionKind, c: Conversions): { factor: number; label: string } {
  switch (kind) {
    case "bond":
      return { factor: c.length, label: c.label.length };
    case "angle":
    case "dihedral":
      return { factor: 180 / Math.PI, label: "°" };
    case "energy":
      return { factor: c.energy, label: c.label.energy };
    case "temperature":
      return { factor: 1 / KB_HARTREE_PER_K, label: "K" };
  }
}

const num = (x: number | undefined, digits = 4) =>
  x === undefined || !Number.isFinite(x)
    ? "—"
    : Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0)
      ? x.toExponential(digits - 1)
      : x.toPrecision(digits);

/** Times with two decimals (fs steps are typically 0.25–1 fs). */
const fixed = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(2));

function statsRow(name: string, s: ErrorStats, factor: number, unit: string): string {
  return `| ${name} | ${num(s.mae * factor)} | ${num(s.rmse * factor)} | ${num(s.max * factor)} | ${unit} |`;
}

/** File-name-safe version of a distribution name ("H1-O0-H2" stays, "potential energy" → "potential-energy"). */
export function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, "-");
}

function errorsSection(e: ErrorsAlongReference, c: Conversions): string[] {
  const L = c.label;
  const out = [
    "## Errors along the reference",
    "",
    `${e.nFrames} frames of ${e.source} re-evaluated with ${e.model}; error = model − reference.`,
    "",
    "| quantity | MAE | RMSE | max | unit |",
    "|---|---|---|---|---|",
  ];
  if (e.energy) {
    out.push(
      statsRow("energy (raw)", e.energy.raw, c.energy, L.energy),
      statsRow("energy (mean offset removed)", e.energy.offsetRemoved, c.energy, L.energy),
      statsRow("energy per atom (raw)", e.energy.perAtom, c.energy, `${L.energy}/atom`),
      statsRow(
        "energy per atom (offset removed)",
        e.energy.perAtomOffsetRemoved,
        c.energy,
        `${L.energy}/atom`,
      ),
    );
  }
  if (e.forces) {
    out.push(statsRow("forces (all components)", e.forces.total, c.force, L.force));
    for (const [s, st] of Object.entries(e.forces.perElement)) {
      out.push(statsRow(`forces on ${s}`, st, c.force, L.force));
    }
  }
  if (e.dipole) out.push(statsRow("dipole (components)", e.dipole.total, c.dipole, L.dipole));
  if (e.polarizability) {
    out.push(
      statsRow("polarizability (components)", e.polarizability.total, c.polarizability, L.polarizability),
    );
  }
  out.push("");
  if (e.energy) {
    out.push(
      `Mean energy offset (model − reference): ${num(e.energy.offset * c.energy, 6)} ${L.energy} ` +
        `(${num((e.energy.offset * c.energy) / e.nAtoms, 6)} ${L.energy}/atom).`,
      "",
    );
  }
  if (e.worst.length > 0) {
    out.push(`Frames with the largest errors (ranked by ${e.rankedBy}):`, "");
    out.push(
      `| frame | time (${L.time}) | force RMSE (${L.force}) | max force error (${L.force}) | energy error, offset removed (${L.energy}) | dipole RMSE (${L.dipole}) |`,
      "|---|---|---|---|---|---|",
    );
    for (const w of e.worst) {
      out.push(
        `| ${w.frame} | ${fixed(w.time !== undefined ? w.time * c.time : undefined)} | ${num(
          w.forceRmse !== undefined ? w.forceRmse * c.force : undefined,
        )} | ${num(w.forceMax !== undefined ? w.forceMax * c.force : undefined)} | ${num(
          w.energyError !== undefined ? w.energyError * c.energy : undefined,
        )} | ${num(w.dipoleRmse !== undefined ? w.dipoleRmse * c.dipole : undefined)} |`,
      );
    }
    out.push("");
  }
  out.push("Per-frame errors: `errors-per-frame.csv`.", "");
  const plots: [string, unknown][] = [
    ["errors-energy.png", e.energy],
    ["errors-forces.png", e.forces],
    ["errors-dipole.png", e.dipole],
    ["errors-polarizability.png", e.polarizability],
  ];
  for (const [file, present] of plots) if (present) out.push(`![${file}](${file})`, "");
  return out;
}

function distributionsSection(d: DistributionsResult, c: Conversions, ref: string, run: string): string[] {
  const out = [
    "## Distributions",
    "",
    `Reference ${ref} against model run ${run}; histograms on a common grid ` +
      `(dihedrals periodic). Jensen–Shannon divergence in bits: 0 identical, 1 disjoint; overlap: 1 identical.`,
    "",
    "| quantity | unit | reference mean ± sd | model mean ± sd | JS (bits) | overlap |",
    "|---|---|---|---|---|---|",
  ];
  for (const x of d.distributions) {
    const u = distributionUnit(x.kind, c);
    out.push(
      `| ${x.name} | ${u.label} | ${num(x.referenceMean * u.factor)} ± ${num(x.referenceStd * u.factor, 3)} | ` +
        `${num(x.modelMean * u.factor)} ± ${num(x.modelStd * u.factor, 3)} | ${num(x.jensenShannon, 3)} | ${num(x.overlap, 3)} |`,
    );
  }
  out.push("");
  for (const n of d.notes) out.push(`- ${n}`);
  if (d.notes.length > 0) out.push("");
  out.push("Histograms: `distributions/<quantity>.csv` and `.png`.", "");
  for (const x of d.distributions.slice(0, 12)) {
    out.push(`![${x.name}](distributions/${safeName(x.name)}.png)`, "");
  }
  return out;
}

function divergenceSection(r: DivergenceResult, c: Conversions): string[] {
  const L = c.label;
  const last = r.time.length - 1;
  const at = [0, Math.round(last / 4), Math.round(last / 2), Math.round((3 * last) / 4), last];
  const out = [
    "## Divergence from shared initial conditions",
    "",
    `NVE model MD from ${r.startFrames.length} reference frames (${r.startFrames.join(", ")}), time step ` +
      `${num(r.timeStep * c.time)} ${L.time} (${r.stepsPerFrame} steps per reference frame); RMSD after optimal ` +
      `superposition${r.massWeighted ? " (mass-weighted)" : ""}, averaged over the starts.`,
    "",
    `| time (${L.time}) | mean RMSD (${L.length}) | sd (${L.length}) |`,
    "|---|---|---|",
    ...[...new Set(at)].map(
      (j) => `| ${fixed(r.time[j] * c.time)} | ${num(r.mean[j] * c.length)} | ${num(r.std[j] * c.length)} |`,
    ),
    "",
    r.crossingTime !== undefined
      ? `The mean RMSD passes ${num(r.threshold * c.length)} ${L.length} after ${num(r.crossingTime * c.time)} ${L.time}.`
      : `The mean RMSD stays below ${num(r.threshold * c.length)} ${L.length} for the ${num(r.time[last] * c.time)} ${L.time} followed.`,
    "",
    "![RMSD against time](rmsd-vs-time.png)",
    "",
  ];
  return out;
}

function irSection(ir: IrComparison): string[] {
  const cmp = ir.comparison;
  const out = [
    "## IR spectra",
    "",
    `From the dipole time series of both runs (temperature ${num(ir.temperature / KB_HARTREE_PER_K)} K, ` +
      `${ir.correction} quantum correction). Overlap (cosine similarity of the area-normalised spectra): ` +
      `**${num(cmp.overlap)}**.`,
    "",
    "| reference peak (cm⁻¹) | model peak (cm⁻¹) | shift (cm⁻¹) | height ratio model/reference |",
    "|---|---|---|---|",
    ...cmp.matches.map(
      (m) =>
        `| ${m.a.position.toFixed(1)} | ${m.b.position.toFixed(1)} | ${m.shift.toFixed(1)} | ${m.ratio.toFixed(3)} |`,
    ),
    ...cmp.unmatchedA.map((p) => `| ${p.position.toFixed(1)} | — | | |`),
    ...cmp.unmatchedB.map((p) => `| — | ${p.position.toFixed(1)} | | |`),
    "",
    "![IR spectra](ir-spectra.png)",
    "",
  ];
  return out;
}

/** The Markdown text of a report. */
export function formatReportMarkdown(
  results: ComparisonResults,
  units: ReportUnits = DEFAULT_REPORT_UNITS,
): string {
  const c = conversions(units);
  const lines = [
    "# Trajectory comparison",
    "",
    `- model: ${results.model}`,
    `- reference: ${results.reference.source} (${results.reference.nFrames} frames read` +
      (results.reference.every > 1 ? `: one in ${results.reference.every}` : "") +
      ")",
  ];
  if (results.run) lines.push(`- model run: ${results.run.source} (${results.run.nFrames} frames)`);
  lines.push("");
  if (results.errors) lines.push(...errorsSection(results.errors, c));
  if (results.distributions && results.run) {
    lines.push(
      ...distributionsSection(results.distributions, c, results.reference.source, results.run.source),
    );
  }
  if (results.divergence) lines.push(...divergenceSection(results.divergence, c));
  if (results.ir) lines.push(...irSection(results.ir));
  if (results.notes.length > 0) lines.push("## Notes", "", ...results.notes.map((n) => `- ${n}`), "");
  return lines.join("\n");
}

/** x axis of per-frame plots: time in user units when known, else the frame number. */
function frameAxis(e: ErrorsAlongReference, c: Conversions): { x: Float64Array; label: string; csv: string } {
  if (e.time) {
    return { x: e.time.map((t) => t * c.time), label: `time (${c.label.time})`, csv: `time_${c.label.time}` };
  }
  return { x: Float64Array.from(e.frameNumbers), label: "frame", csv: "frame_index" };
}

async function chart(
  path: string,
  title: string,
  xLabel: string,
  yLabel: string,
  series: Series[],
): Promise<void> {
  await writePng(path, await renderLineChart({ title, xLabel, yLabel, series }));
}

/** Write report.md, CSV files and PNG plots into `outDir`; returns the paths written. */
export async function writeComparisonReport(
  outDir: string,
  results: ComparisonResults,
  units: ReportUnits = DEFAULT_REPORT_UNITS,
): Promise<string[]> {
  const c = conversions(units);
  const L = c.label;
  const written: string[] = [];
  await mkdir(outDir, { recursive: true });
  const csv = async (name: string, columns: CsvColumn[]) => {
    await writeCurvesCsv(join(outDir, name), columns);
    written.push(join(outDir, name));
  };
  const png = async (name: string, title: string, xLabel: string, yLabel: string, series: Series[]) => {
    await chart(join(outDir, name), title, xLabel, yLabel, series);
    written.push(join(outDir, name));
  };

  const e = results.errors;
  if (e) {
    const axis = frameAxis(e, c);
    const columns: CsvColumn[] = [
      { name: "frame", values: Float64Array.from(e.frameNumbers) },
      ...(e.time ? [{ name: axis.csv, values: axis.x }] : []),
    ];
    if (e.energy) {
      const en = e.energy;
      columns.push(
        { name: `energy_model_${L.energy}`, values: en.model.map((x) => x * c.energy) },
        { name: `energy_reference_${L.energy}`, values: en.reference.map((x) => x * c.energy) },
        { name: `energy_error_${L.energy}`, values: en.error.map((x) => x * c.energy) },
        {
          name: `energy_error_offset_removed_${L.energy}`,
          values: en.error.map((x) => (x - en.offset) * c.energy),
        },
      );
      await png(
        "errors-energy.png",
        "Energy error along the reference (mean offset removed)",
        axis.label,
        `E_model − E_ref − offset (${L.energy})`,
        [{ label: "energy error", x: axis.x, y: en.error.map((x) => (x - en.offset) * c.energy) }],
      );
    }
    if (e.forces) {
      columns.push(
        { name: `force_mae_${L.force}`, values: e.forces.frameMae.map((x) => x * c.force) },
        { name: `force_rmse_${L.force}`, values: e.forces.frameRmse.map((x) => x * c.force) },
        { name: `force_max_${L.force}`, values: e.forces.frameMax.map((x) => x * c.force) },
      );
      await png(
        "errors-forces.png",
        "Force errors along the reference",
        axis.label,
        `force error (${L.force})`,
        [
          { label: "RMSE per frame", x: axis.x, y: e.forces.frameRmse.map((x) => x * c.force) },
          { label: "max per frame", x: axis.x, y: e.forces.frameMax.map((x) => x * c.force), dashed: true },
        ],
      );
    }
    if (e.dipole) {
      columns.push({ name: `dipole_rmse_${L.dipole}`, values: e.dipole.frameRmse.map((x) => x * c.dipole) });
      await png(
        "errors-dipole.png",
        "Dipole error along the reference",
        axis.label,
        `dipole RMSE (${L.dipole})`,
        [{ label: "RMSE per frame", x: axis.x, y: e.dipole.frameRmse.map((x) => x * c.dipole) }],
      );
    }
    if (e.polarizability) {
      const a = e.polarizability.frameRmse.map((x) => x * c.polarizability);
      columns.push({ name: `polarizability_rmse_${L.polarizability}`, values: a });
      await png(
        "errors-polarizability.png",
        "Polarizability error along the reference",
        axis.label,
        `polarizability RMSE (${L.polarizability})`,
        [{ label: "RMSE per frame", x: axis.x, y: a }],
      );
    }
    await csv("errors-per-frame.csv", columns);
  }

  const d = results.distributions;
  if (d) {
    for (const x of d.distributions) await writeDistribution(outDir, x, c, written);
  }

  const r = results.divergence;
  if (r) {
    const t = r.time.map((x) => x * c.time);
    await csv("divergence.csv", [
      { name: `time_${L.time}`, values: t },
      { name: `mean_rmsd_${L.length}`, values: r.mean.map((x) => x * c.length) },
      { name: `sd_rmsd_${L.length}`, values: r.std.map((x) => x * c.length) },
      ...r.rmsd.map((v, s) => ({
        name: `rmsd_start_frame_${r.startFrames[s]}_${L.length}`,
        values: v.map((x) => x * c.length),
      })),
    ]);
    await png(
      "rmsd-vs-time.png",
      "Model vs reference from shared initial conditions",
      `time (${L.time})`,
      `RMSD after superposition (${L.length})`,
      [
        { label: "mean over starts", x: t, y: r.mean.map((x) => x * c.length) },
        ...r.rmsd.map((v, s) => ({
          label: `start frame ${r.startFrames[s]}`,
          x: t,
          y: v.map((x) => x * c.length),
          dashed: true,
        })),
      ],
    );
  }

  if (results.ir) {
    const ir = results.ir;
    await csv("ir-spectra.csv", [
      { name: "wavenumber_cm-1", values: ir.comparison.grid },
      { name: "reference_area_normalised", values: ir.comparison.a },
      { name: "model_area_normalised", values: ir.comparison.b },
    ]);
    await png(
      "ir-spectra.png",
      `IR spectra (overlap ${ir.comparison.overlap.toFixed(3)})`,
      "wavenumber (cm⁻¹)",
      "absorption (area-normalised)",
      [
        { label: "reference", x: ir.comparison.grid, y: ir.comparison.a, dashed: true, color: "#000000" },
        { label: "model", x: ir.comparison.grid, y: ir.comparison.b },
      ],
    );
  }

  const report = join(outDir, "report.md");
  await writeFile(report, formatReportMarkdown(results, units));
  written.push(report);
  return written;
}

async function writeDistribution(
  outDir: string,
  x: DistributionComparison,
  c: Conversions,
  written: string[],
): Promise<void> {
  const u = distributionUnit(x.kind, c);
  const centres = binCentres(x.reference.grid).map((v) => v * u.factor);
  // Densities per user unit: p / (bin width in user units).
  const ref = x.reference.density.map((v) => v / u.factor);
  const mod = x.model.density.map((v) => v / u.factor);
  const base = join(outDir, "distributions", safeName(x.name));
  const unitTag = u.label === "°" ? "deg" : u.label;
  await writeCurvesCsv(`${base}.csv`, [
    { name: `${x.kind}_${unitTag}`, values: centres },
    { name: `reference_density_per_${unitTag}`, values: ref },
    { name: `model_density_per_${unitTag}`, values: mod },
  ]);
  await writePng(
    `${base}.png`,
    await renderLineChart({
      title: `${x.name}: JS ${x.jensenShannon.toFixed(3)} bits, overlap ${x.overlap.toFixed(3)}`,
      xLabel: `${x.name} (${u.label})`,
      yLabel: `probability density (1/${u.label})`,
      series: [
        { label: "reference", x: centres, y: ref, dashed: true, color: "#000000" },
        { label: "model", x: centres, y: mod },
      ],
    }),
  );
  written.push(`${base}.csv`, `${base}.png`);
}
