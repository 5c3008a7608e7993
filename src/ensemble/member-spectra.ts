/**
 * What the merge of a run ensemble transforms: for each spectrum kind, every member's correlation
 * function(s), computed exactly as for one trajectory, and how a set of correlation functions becomes
 * the kind's curves (the same window, transform and prefactors as `equimd spectrum`).
 *
 *   ir      dipole (property file)          C = ⟨δμ(0)·δμ(t)⟩ (x, y, z in one dot product)
 *                                           → IR (ω² C(ω), IR prefactor, quantum correction)
 *   raman   polarizability (property file)  C_iso = ⟨δā(0) δā(t)⟩ and C_aniso = ⟨Tr δβ(0)·δβ(t)⟩ (the 9
 *                                           entries of the traceless part in one dot product)
 *                                           → Raman isotropic, VH (= anisotropic), VV, unpolarised
 *   power   velocities (trajectory file)    C = Σ_i m_i ⟨v_i(0) v_i(t)⟩ (mass-weighted)
 *                                           → density of states, normalised by C(0) to area 3N
 *
 * Every member's series is checked to be complete (as many samples as its steps and interval give) and
 * finite; a member that fails stops the merge, naming the member and the file.
 */
import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { ATOMIC_TIME_IN_FS, BOHR_IN_ANGSTROM, kelvin } from "../core/units.ts";
import { autocorrelation, type CorrelationFunction } from "../spectra/correlation.ts";
import type { Spectrum } from "../spectra/fourier.ts";
import { irSpectrumOf, spectralDerivative } from "../spectra/ir.ts";
import { chooseMaxLag, lineShapeOfCorrelation, type LineShapeOptions } from "../spectra/line-shape.ts";
import { powerSpectrumOf } from "../spectra/power.ts";
import type { QuantumCorrection } from "../spectra/quantum-corrections.ts";
import { decomposePolarizability, ramanSpectraOf } from "../spectra/raman.ts";
import { readTimeSeries } from "../spectra/read-series.ts";
import type { SeriesProperty, TimeSeries } from "../spectra/time-series.ts";
import type { WindowKind } from "../spectra/windows.ts";
import { memberName, type RunMember } from "./members.ts";
import type { LoadedSpec, SpectrumKind } from "./spec.ts";

/** One correlation function of every member, written to the kind's correlation CSV. */
export interface MemberCorrelations {
  /** Column name, ending in its unit (e.g. dipole_acf_e2_A2). */
  column: string;
  /** Factor from atomic units to the column's unit. */
  toFileUnit: number;
  /** One per member, on a common lag range (atomic units). */
  perMember: CorrelationFunction[];
}

/** A curve of a kind: its short name (CSV column prefix) and the spectrum. */
export interface NamedSpectrum {
  name: string;
  spectrum: Spectrum;
}

export interface KindEnsemble {
  kind: SpectrumKind;
  /** File the averaged correlation functions go to (in merged/). */
  correlationFile: string;
  correlations: MemberCorrelations[];
  /** The kind's curves from one correlation function per entry of `correlations`. */
  curves(cfs: readonly CorrelationFunction[]): NamedSpectrum[];
  /** Settings for summary.json. */
  settings: Record<string, unknown>;
  /** Each member's input file, relative to the ensemble directory (provenance). */
  inputs: string[];
}

/** What each kind is made from. */
const SOURCE: Record<SpectrumKind, SeriesProperty> = {
  ir: "dipole",
  raman: "polarizability",
  power: "velocities",
};

/** The file a member records a kind's series in, and its sampling interval in steps. */
export function seriesFile(m: RunMember, kind: SpectrumKind): { file: string; every: number } | undefined {
  const o = m.config.outputs;
  if (kind === "power") {
    const t = o.trajectory;
    return t && (t.velocities || t.momenta) ? { file: t.file, every: t.every } : undefined;
  }
  const p = o.properties;
  const q = SOURCE[kind] as "dipole" | "polarizability";
  if (!p || (p.quantities && !p.quantities.includes(q))) return undefined;
  return { file: p.file, every: p.every };
}

/** Quantities a property file holds, from its header (CSV) or keys (JSON). */
async function recordedQuantities(path: string): Promise<Set<string>> {
  const text = await readFile(path, "utf8");
  const found = new Set<string>();
  if (extname(path).toLowerCase() === ".json") {
    const keys = Object.keys(JSON.parse(text) as object);
    for (const q of ["dipole", "polarizability"]) if (keys.includes(q)) found.add(q);
    return found;
  }
  const header = text.split("\n").find((l) => l.trim() !== "" && !l.startsWith("#")) ?? "";
  if (header.includes("dipole_x")) found.add("dipole");
  if (header.includes("alpha_xx")) found.add("polarizability");
  return found;
}

/**
 * The kinds to merge: the spec's `merge.kinds`, or else what the members' outputs contain (the dipole →
 * ir, the polarizability → raman, velocities or momenta in the trajectory → power): the quantities
 * the run config records (outputs.properties.quantities) that the first member's property file holds.
 */
export async function kindsToMerge(spec: LoadedSpec, first: RunMember): Promise<SpectrumKind[]> {
  if (spec.spec.merge.kinds) return [...spec.spec.merge.kinds];
  const kinds: SpectrumKind[] = [];
  const props = first.config.outputs.properties;
  if (props) {
    const file = join(first.dir, props.file);
    let recorded: Set<string>;
    try {
      recorded = await recordedQuantities(file);
    } catch (e) {
      throw new Error(
        `merge: member ${memberName(first.index, spec.spec.members)}: corrupted output ${file}: ${(e as Error).message}`,
        { cause: e },
      );
    }
    if (recorded.has("dipole") && seriesFile(first, "ir")) kinds.push("ir");
    if (recorded.has("polarizability") && seriesFile(first, "raman")) kinds.push("raman");
  }
  if (seriesFile(first, "power")) kinds.push("power");
  return kinds;
}

/** A member's series of a kind, checked to be complete and finite; errors name the member and file. */
async function memberSeries(spec: LoadedSpec, m: RunMember, kind: SpectrumKind): Promise<TimeSeries> {
  const name = `member ${memberName(m.index, spec.spec.members)}`;
  const source = seriesFile(m, kind);
  if (!source) throw new Error(`merge: ${name}: its run config records no ${SOURCE[kind]} (for ${kind})`);
  const file = join(m.dir, source.file);
  let series: TimeSeries;
  try {
    series = await readTimeSeries(file, { property: SOURCE[kind] });
  } catch (e) {
    throw new Error(`merge: ${name}: corrupted output ${file}: ${(e as Error).message}`, { cause: e });
  }
  const expected = Math.floor(m.steps / source.every) + 1;
  if (series.nSteps !== expected) {
    throw new Error(
      `merge: ${name}: corrupted output ${file}: ${series.nSteps} samples, expected ${expected} ` +
        `(steps 0..${m.steps} every ${source.every})`,
    );
  }
  if (!series.values.every(Number.isFinite)) {
    throw new Error(`merge: ${name}: corrupted output ${file}: non-finite ${SOURCE[kind]} values`);
  }
  return series;
}

/** Temperature and quantum correction of the IR and Raman line shapes: the spec's, else the run's. */
function lineShapeTemperature(
  spec: LoadedSpec,
  m: RunMember,
): { temperatureK: number; correction: QuantumCorrection } {
  const settings = spec.spec.merge;
  const config = m.config;
  const rpmd = config.integrator.type === "rpmd" ? config.integrator : undefined;
  // NVE production after an equilibration leg: the temperature its thermostat prepared
  const equilibration = config.equilibration?.thermostat;
  const runTemperature =
    rpmd?.temperature_K ??
    (config.thermostat.type !== "none" ? config.thermostat.temperature_K : undefined) ??
    (typeof equilibration === "object" && equilibration.type !== "none"
      ? equilibration.temperature_K
      : undefined);
  const temperatureK = settings.temperature_K ?? runTemperature;
  if (temperatureK === undefined) {
    throw new Error(
      `${spec.path}: merge.temperature_K: missing: the run has no thermostat temperature, so the IR and ` +
        `Raman line shapes need one`,
    );
  }
  // ring polymers: Kubo-transformed correlation functions, no correction factor
  const correction = (settings.correction ?? (rpmd ? "none" : "harmonic")) as QuantumCorrection;
  return { temperatureK, correction };
}

/** Read the members' series of `kind` and correlate each; how to turn correlations into the curves. */
export async function kindEnsemble(
  spec: LoadedSpec,
  members: readonly RunMember[],
  kind: SpectrumKind,
): Promise<KindEnsemble> {
  const settings = spec.spec.merge;
  const series: TimeSeries[] = [];
  for (const m of members) series.push(await memberSeries(spec, m, kind));
  const shape: LineShapeOptions = {
    maxLagFs: settings.max_lag_fs,
    resolution: settings.resolution_cm1,
    window: settings.window as WindowKind,
    fmin: settings.fmin_cm1,
    fmax: settings.fmax_cm1,
  };
  const maxLag = chooseMaxLag(series, shape) ?? Math.floor(series[0].nSteps / 2);
  const dt = series[0].dt;
  const common = {
    window: shape.window,
    max_lag_fs: maxLag * dt * ATOMIC_TIME_IN_FS,
    sampling_interval_fs: dt * ATOMIC_TIME_IN_FS,
    samples_per_member: series[0].nSteps,
  };
  const inputs = members.map((m) =>
    join("members", memberName(m.index, spec.spec.members), seriesFile(m, kind)!.file),
  );
  const transform = (cf: CorrelationFunction) => lineShapeOfCorrelation(cf, { ...shape, maxLag });

  if (kind === "power") {
    const masses = series[0].meta.masses!;
    const nDof = series[0].nComponents;
    return {
      kind,
      correlationFile: "velocity-correlation.csv",
      correlations: [
        {
          column: "mass_weighted_vacf_hartree",
          toFileUnit: 1,
          perMember: series.map((s) => autocorrelation(s, { maxLag, weights: masses })),
        },
      ],
      curves: ([cf]) => [{ name: "power", spectrum: powerSpectrumOf(transform(cf), nDof, true) }],
      settings: { ...common, mass_weighted: true, degrees_of_freedom: nDof },
      inputs,
    };
  }

  const { temperatureK, correction } = lineShapeTemperature(spec, members[0]);
  const options = { temperature: kelvin(temperatureK), correction, molecules: settings.molecules };
  const lineSettings = { ...common, temperature_K: temperatureK, correction, molecules: settings.molecules };
  if (kind === "ir") {
    return {
      kind,
      correlationFile: "dipole-correlation.csv",
      correlations: [
        {
          column: "dipole_acf_e2_A2",
          toFileUnit: BOHR_IN_ANGSTROM ** 2,
          // the dipole fluctuation, x, y and z in one dot product
          perMember: series.map((s) =>
            autocorrelation(s, { maxLag, removeMean: true, componentsPerItem: 3 }),
          ),
        },
      ],
      curves: ([cf]) => [{ name: "ir", spectrum: irSpectrumOf(spectralDerivative(transform(cf)), options) }],
      settings: lineSettings,
      inputs,
    };
  }
  // raman: the isotropic part ā and the traceless part β, each correlated as its fluctuation
  const parts = series.map(decomposePolarizability);
  return {
    kind,
    correlationFile: "polarizability-correlation.csv",
    correlations: [
      {
        column: "alpha_iso_acf_A6",
        toFileUnit: BOHR_IN_ANGSTROM ** 6,
        perMember: parts.map((p) =>
          autocorrelation(p.isotropic, { maxLag, removeMean: true, componentsPerItem: 1 }),
        ),
      },
      {
        column: "alpha_aniso_acf_A6",
        toFileUnit: BOHR_IN_ANGSTROM ** 6,
        perMember: parts.map((p) =>
          autocorrelation(p.anisotropic, { maxLag, removeMean: true, componentsPerItem: 9 }),
        ),
      },
    ],
    curves: ([iso, aniso]) => {
      const r = ramanSpectraOf(
        spectralDerivative(transform(iso)),
        spectralDerivative(transform(aniso)),
        options,
      );
      return [
        { name: "raman_unpolarised", spectrum: r.unpolarised },
        { name: "raman_vv", spectrum: r.vv },
        { name: "raman_vh", spectrum: r.vh },
        { name: "raman_isotropic", spectrum: r.isotropic },
      ];
    },
    settings: lineSettings,
    inputs,
  };
}
