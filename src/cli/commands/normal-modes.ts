/**
 * `equimd normal-modes (--model m.json.gz | --potential <type> [--parameters p.yaml]) --input x.xyz`:
 * harmonic frequencies (cm⁻¹), IR intensities (km/mol) and Raman activities (Å⁴/amu) of a structure on
 * a PaiNN model or any potential the run configs know (src/config/potential-factory.ts), printed as a
 * table; -o writes a stick-spectrum PNG and its CSV (refused over earlier ones without --overwrite).
 * The modes are meaningful only at a stationary point: --optimize relaxes the structure first (as
 * `equimd optimize`), and a structure with forces left gets a warning that says so.
 */
import type { Command } from "commander";
import { checkGeometry } from "../../core/geometry-check.ts";
import { readExtxyz } from "../../io/extxyz.ts";
import { stateFromFrames, systemFromFrame } from "../../io/frames.ts";
import { renderLineChart, writePng, type Series } from "../../plot/chart.ts";
import { writeCurvesCsv } from "../../plot/csv.ts";
import { normalModes, type NormalModes } from "../../spectra/normal-modes.ts";
import { refuseEarlierOutputs } from "../../io/output-files.ts";
import { csvPathFor } from "../../spectra/plot-spectra.ts";
import { number } from "./spectrum.ts";
import { addPotentialOptions, potentialFromOptions, type PotentialOptions } from "./potential-options.ts";
import { BOHR_IN_ANGSTROM, HARTREE_IN_EV } from "../../core/units.ts";
import { DEFAULT_FMAX_EV_PER_A, formatOptimizeReport, optimizeStructure } from "./optimize.ts";

/** Above this largest force component (eV/Å) a structure is not taken for a stationary point. */
const STATIONARY_EV_PER_A = 0.01;

/** A plain-text table of the modes. */
export function formatModes(m: NormalModes): string {
  const head = ["mode", "wavenumber (cm-1)", "IR (km/mol)", "Raman (A^4/amu)", "depol."];
  const lines = [head.map((h, i) => h.padStart(i === 0 ? 5 : 18)).join("")];
  m.frequencies.forEach((f, k) => {
    const cells = [
      String(k + 1).padStart(5),
      (f < 0 ? `${(-f).toFixed(2)}i` : f.toFixed(2)).padStart(18),
      (m.irIntensities ? m.irIntensities[k].toFixed(3) : "—").padStart(18),
      (m.ramanActivities ? m.ramanActivities[k].toFixed(3) : "—").padStart(18),
      (m.depolarisation ? m.depolarisation[k].toFixed(3) : "—").padStart(18),
    ];
    lines.push(cells.join(""));
  });
  return lines.join("\n");
}

export function register(program: Command): void {
  addPotentialOptions(
    program
      .command("normal-modes")
      .description("harmonic frequencies, IR intensities and Raman activities of a structure"),
  )
    .requiredOption("--input <file>", "structure (extxyz or xyz, Å)")
    .option("--frame <n>", "frame of the input file (0-based)", number("--frame", false), 0)
    .option("--step-bohr <h>", "finite-difference step (bohr)", number("--step-bohr"), 0.005)
    .option(
      "--optimize",
      `relax the structure first (FIRE, largest force component < ${DEFAULT_FMAX_EV_PER_A} eV/Å, as equimd optimize)`,
    )
    .option("-o, --output <png>", "stick spectrum (IR, and Raman if known) as PNG, with a CSV next to it")
    .option("--overwrite", "replace an earlier PNG and CSV of that name")
    .action(
      async (
        opts: PotentialOptions & {
          input: string;
          frame: number;
          stepBohr: number;
          optimize?: boolean;
          output?: string;
          overwrite?: boolean;
        },
      ) => {
        if (opts.output !== undefined) {
          refuseEarlierOutputs(
            [opts.output, csvPathFor(opts.output)].map((path) => ({ role: "--output", path })),
            { overwrite: opts.overwrite === true, elsewhere: "another --output name" },
          );
        }
        const frames = await readExtxyz(opts.input);
        const frame = frames[opts.frame];
        if (!frame) throw new Error(`${opts.input}: no frame ${opts.frame} (the file has ${frames.length})`);
        const system = systemFromFrame(frame);
        const initial = stateFromFrames(system, [frame], undefined, {
          source: opts.input,
          firstIndex: opts.frame,
        });
        checkGeometry(system.symbols, initial.positions, `${opts.input}: frame ${opts.frame}`);
        const potential = await potentialFromOptions(opts, system, initial);
        try {
          let positions = initial.positions;
          if (opts.optimize) {
            const report = await optimizeStructure(potential, system, positions);
            for (const line of formatOptimizeReport(report, DEFAULT_FMAX_EV_PER_A)) {
              process.stderr.write(`equimd: optimize: ${line}\n`);
            }
            if (!report.result.converged) {
              throw new Error(
                `--optimize: ${opts.input} did not converge; relax it with equimd optimize (--max-steps, --fmax) first`,
              );
            }
            positions = report.result.positions;
          }
          const modes = await normalModes(potential, system, positions, { step: opts.stepBohr });
          process.stdout.write(formatModes(modes) + "\n");
          const maxForce = (modes.maxForce * HARTREE_IN_EV) / BOHR_IN_ANGSTROM;
          if (maxForce > STATIONARY_EV_PER_A) {
            process.stderr.write(
              `equimd: warning: ${opts.input} is not a stationary point of the potential (largest force ` +
                `component ${maxForce.toExponential(2)} eV/Å); harmonic frequencies there are not meaningful ` +
                `(imaginary modes are typical). Relax it first: add --optimize, or run ` +
                `equimd optimize --input ${opts.input} -o optimised.xyz with the same potential\n`,
            );
          }
          if (opts.output) {
            const series: Series[] = [];
            if (modes.irIntensities) {
              series.push({
                label: "IR (km/mol)",
                x: modes.frequencies,
                y: modes.irIntensities,
                style: "sticks",
              });
            }
            if (modes.ramanActivities) {
              series.push({
                label: "Raman (Å⁴/amu)",
                x: modes.frequencies,
                y: modes.ramanActivities,
                style: "sticks",
              });
            }
            if (series.length === 0) {
              series.push({
                label: "modes",
                x: modes.frequencies,
                y: modes.frequencies.map(() => 1),
                style: "sticks",
              });
            }
            const png = await renderLineChart({
              title: `harmonic spectrum of ${opts.input}`,
              xLabel: "wavenumber (cm⁻¹)",
              yLabel: "intensity (km/mol; Å⁴/amu)",
              series,
            });
            await writePng(opts.output, png);
            const csv = csvPathFor(opts.output);
            await writeCurvesCsv(csv, [
              { name: "wavenumber [cm-1]", values: modes.frequencies },
              ...(modes.irIntensities ? [{ name: "IR [km/mol]", values: modes.irIntensities }] : []),
              ...(modes.ramanActivities
                ? [{ name: "Raman activity [A^4/amu]", values: modes.ramanActivities }]
                : []),
            ]);
            process.stderr.write(`equimd: wrote ${opts.output} and ${csv}\n`);
          }
        } finally {
          await potential.dispose();
        }
      },
    );
}
