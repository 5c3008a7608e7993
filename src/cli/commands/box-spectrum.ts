/**
 * `equimd box-spectrum <trajectories...> --temperature 298 -o box-ir.png`: IR of a periodic box of
 * molecules from the positions of a run's trajectory (extxyz with a Lattice), split into the box-dipole
 * spectrum (total), the average single-molecule spectrum (self, "IR per molecule") and the
 * cross-correlations between molecules (cross = total − self); all per molecule, in km/mol/cm⁻¹
 * (src/spectra/box-ir.ts). The molecule dipoles come from point charges on the atoms (`--charges`:
 * q-TIP4P/F's, with the M site folded onto the atoms, or `El=q` pairs) and unwrapped positions, so
 * molecules crossing the faces of the cell do not make them jump (src/spectra/molecular-dipoles.ts).
 * Molecules: the bond graph of the first frame with minimum image, or `--molecules-from water` for
 * (O, H, H) order. Several files are independent trajectories of the same box (averaged).
 *
 * Writes the PNG and a CSV of the three curves (columns ir_total_…, ir_self_…, ir_cross_…); refuses
 * to overwrite either. Error bands as in `equimd spectrum`: with two or more units (files, or
 * `--blocks N` blocks of each) every curve is the mean of the units' spectra with its confidence band
 * (src/spectra/uncertainty/; columns `_lower`/`_upper`). For the power spectrum of a box use `equimd spectrum --kind power` on a
 * trajectory with velocities (they need no unwrapping).
 */
import type { Command } from "commander";
import { existsSync } from "node:fs";
import { moleculesFromBonds, waterMolecules, type Molecules } from "../../core/molecules.ts";
import { kelvin } from "../../core/units.ts";
import { readExtxyz } from "../../io/extxyz.ts";
import { systemFromFrame } from "../../io/frames.ts";
import { boxIrSpectra } from "../../spectra/box-ir.ts";
import { moleculeDipoles } from "../../spectra/molecular-dipoles.ts";
import { csvPathFor, writeSpectraPlot } from "../../spectra/plot-spectra.ts";
import { QUANTUM_CORRECTIONS, type QuantumCorrection } from "../../spectra/quantum-corrections.ts";
import { timeSeriesFromFrames, type TimeSeries } from "../../spectra/time-series.ts";
import { confidenceBand, ensembleUnits, makeEnsemble } from "../../spectra/uncertainty/index.ts";
import type { PlottedSpectrum } from "../../spectra/plot-spectra.ts";
import type { IrSpectrum } from "../../spectra/ir.ts";
import { qTip4pFDipoleCharges } from "../../../potentials/analytic/q-tip4p-f.ts";
import { integer, number, oneOf } from "./spectrum.ts";

interface BoxSpectrumOptions {
  output: string;
  temperature: number;
  charges: string;
  moleculesFrom: "bonds" | "water";
  maxLagFs?: number;
  dtFs?: number;
  correction: QuantumCorrection;
  fmin: number;
  fmax: number;
  blocks?: number;
  level: number;
  title?: string;
}

/** One charge per atom from `q-tip4p-f` or `El=q,El=q` (e). */
export function parseCharges(spec: string, symbols: readonly string[]): Float64Array {
  if (spec === "q-tip4p-f") {
    waterMolecules({ nAtoms: symbols.length, symbols }); // checks the (O, H, H) order
    return qTip4pFDipoleCharges(symbols.length);
  }
  const table = new Map<string, number>();
  for (const part of spec.split(",")) {
    const m = /^\s*([A-Z][a-z]?)\s*=\s*(\S+)\s*$/.exec(part);
    const q = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(q)) {
      throw new Error(
        `--charges: expected 'q-tip4p-f' or element=charge pairs such as O=-0.82,H=0.41; got '${part}'`,
      );
    }
    table.set(m[1], q);
  }
  return Float64Array.from(symbols, (s, i) => {
    const q = table.get(s);
    if (q === undefined) throw new Error(`--charges: no charge given for ${s} (atom ${i})`);
    return q;
  });
}

export function register(program: Command): void {
  program
    .command("box-spectrum")
    .description("IR of a periodic box: total (box dipole), self (per molecule) and cross parts (PNG + CSV)")
    .argument("<files...>", "extxyz trajectories with a Lattice (independent runs of the same box)")
    .requiredOption("-o, --output <png>", "output PNG (a CSV of the curves is written next to it)")
    .requiredOption("--temperature <K>", "temperature in K", number("--temperature"))
    .option("--charges <spec>", "q-tip4p-f | element=charge pairs (e), e.g. O=-0.82,H=0.41", "q-tip4p-f")
    .option(
      "--molecules-from <how>",
      "bonds (bond graph, minimum image) | water (O, H, H order)",
      oneOf("--molecules-from", ["bonds", "water"] as const),
      "bonds",
    )
    .option(
      "--max-lag-fs <fs>",
      "longest correlation time (fs); default half the series",
      number("--max-lag-fs"),
    )
    .option("--dt-fs <fs>", "time between frames (fs), only for files that do not say", number("--dt-fs"))
    .option(
      "--correction <kind>",
      `quantum correction: ${QUANTUM_CORRECTIONS.join(" | ")} (none for RPMD/TRPMD)`,
      oneOf("--correction", QUANTUM_CORRECTIONS),
      "harmonic",
    )
    .option("--fmin <cm-1>", "lowest wavenumber (cm⁻¹)", number("--fmin", false), 0)
    .option("--fmax <cm-1>", "highest wavenumber (cm⁻¹)", number("--fmax"), 4000)
    .option("--blocks <n>", "cut each file into n blocks for the error bands", integer("--blocks", 2))
    .option("--level <p>", "confidence level of the bands", number("--level"), 0.95)
    .option("--title <text>", "plot title")
    .action(async (files: string[], o: BoxSpectrumOptions) => {
      for (const out of [o.output, csvPathFor(o.output)]) {
        if (existsSync(out)) throw new Error(`${out} exists; remove it or choose another --output`);
      }
      const series: TimeSeries[] = [];
      let molecules: Molecules | undefined;
      let charges: Float64Array | undefined;
      for (const f of files) {
        const frames = await readExtxyz(f);
        if (frames.length < 3)
          throw new Error(`${f}: ${frames.length} frame(s); a spectrum needs a trajectory`);
        const system = systemFromFrame(frames[0], f);
        if (!system.cell) throw new Error(`${f}: frame 0 has no Lattice; box spectra need a periodic cell`);
        const positions = timeSeriesFromFrames(frames, { property: "positions", dtFs: o.dtFs, source: f });
        molecules ??=
          o.moleculesFrom === "water"
            ? waterMolecules(system)
            : moleculesFromBonds(system, positions.values.subarray(0, 3 * system.nAtoms));
        charges ??= parseCharges(o.charges, system.symbols);
        series.push(moleculeDipoles(positions, molecules, charges, system.cell));
      }
      const units = ensembleUnits(series, o.blocks);
      // one maximum lag for every unit (default: half the shortest), so that all share one grid
      const shortest = Math.min(...units.map((u) => u.nSteps));
      const irOptions = {
        temperature: kelvin(o.temperature),
        correction: o.correction,
        ...(o.maxLagFs !== undefined ? { maxLagFs: o.maxLagFs } : { maxLag: Math.floor(shortest / 2) }),
        fmin: o.fmin,
        fmax: o.fmax,
      };
      const s = boxIrSpectra(units, irOptions);
      let curves: PlottedSpectrum[] = [
        { spectrum: s.total, name: "ir_total" },
        { spectrum: s.self, name: "ir_self" },
        { spectrum: s.cross, name: "ir_cross" },
      ];
      if (units.length >= 2) {
        const perUnit = units.map((u) => boxIrSpectra(u, irOptions));
        const parts = ["total", "self", "cross"] as const;
        curves = parts.map((part) => {
          const spectra: IrSpectrum[] = perUnit.map((p) => p[part]);
          const e = makeEnsemble(
            spectra,
            units.map((u) => u.nSteps),
            units.map((u, i) => u.meta.source ?? `unit ${i + 1}`),
          );
          const band = confidenceBand(e, { level: o.level });
          return {
            spectrum: { ...spectra[0], intensity: band.center },
            name: `ir_${part}`,
            bands: [
              {
                kind: "statistical" as const,
                label: `${Math.round(100 * band.level)} % band (${units.length} units)`,
                lower: band.lower,
                upper: band.upper,
              },
            ],
          };
        });
      }
      const c = s.correlation;
      process.stderr.write(
        `equimd: ${s.molecules} molecules, ${files.length} trajectory(ies), ${units.length} unit(s); ⟨δM·δM⟩(0) = ${c.total.values[0].toPrecision(4)} e²bohr²: ` +
          `self ${c.self.values[0].toPrecision(4)}, cross ${c.cross.values[0].toPrecision(4)}; ` +
          `integrated IR per molecule: total ${s.total.integrated.toFixed(1)}, self ${s.self.integrated.toFixed(1)}, cross ${s.cross.integrated.toFixed(1)} km/mol\n`,
      );
      const title = o.title ?? `IR of the box (per molecule): ${files.join(", ")}`;
      const csv = await writeSpectraPlot(curves, o.output, title);
      process.stderr.write(`equimd: wrote ${o.output} and ${csv}\n`);
    });
}
