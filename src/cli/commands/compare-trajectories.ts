/**
 * `equimd compare-trajectories --model M --reference ref.extxyz [--run model.extxyz] [--every k]
 *  [--divergence-starts n --divergence-steps m] [--units ...] -o outdir`
 *
 * Compares a model with a reference trajectory in the three standard ways (errors along the
 * reference, distributions of a model run, divergence from shared initial conditions; IR spectra when
 * both runs carry dipoles) and writes report.md, CSV files and PNG plots into outdir
 * (src/trajectory-comparison/). M is a PaiNN model file (.json or .json.gz, as for predict and
 * evaluate), or YAML: a potential spec `{type, parameters}` as in the `potential:` section of a run
 * config (src/config/potential-factory.ts), or a whole run config, whose potential is used.
 * Trajectories may be gzipped (.gz); frame times are read from `time` or `time_fs`.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import type { Command } from "commander";
import { parse as parseYaml } from "yaml";
import type { Potential } from "../../core/potential.ts";
import { KB_HARTREE_PER_K, knownUnits, toAtomic, unitFactor } from "../../core/units.ts";
import { iterateExtxyz, type Frame } from "../../io/extxyz.ts";
import { stateFromFrames, systemFromFrame } from "../../io/frames.ts";
import { buildPotential, POTENTIAL_TYPES, type PotentialType } from "../../config/potential-factory.ts";
import { compareTrajectories } from "../../trajectory-comparison/compare-trajectories.ts";
import { parseInternalCoordinates } from "../../trajectory-comparison/internal-coordinates.ts";
import { positiveInteger, positiveNumber } from "./options.ts";
import {
  DEFAULT_REPORT_UNITS,
  writeComparisonReport,
  type ReportUnits,
} from "../../trajectory-comparison/report.ts";
import { refuseEarlierOutputs } from "../../io/output-files.ts";
import { reportFiles, trajectoryComparisonRunSummary, writeRunReport } from "../../report/index.ts";

export interface CompareTrajectoriesArgs {
  model: string;
  reference: string;
  run?: string;
  output: string;
  every?: number;
  divergenceStarts?: number;
  divergenceSteps?: number;
  /** MD time step for the divergence test, fs (default: from the reference's time and step). */
  dt?: number;
  /** RMSD threshold, in the report's length unit. */
  threshold?: number;
  massWeighted?: boolean;
  coordinates?: string;
  bondScale?: number;
  bins?: number;
  /** K, for the IR spectra. */
  temperature?: number;
  units?: string;
  batchSize?: number;
  worst?: number;
  quiet?: boolean;
  /** Replace the report of an earlier comparison in the output directory. */
  overwrite?: boolean;
}

/** "energy=kcal/mol,dipole=D" → ReportUnits (unnamed quantities keep their defaults). */
export function parseReportUnits(text: string | undefined): ReportUnits {
  const units = { ...DEFAULT_REPORT_UNITS };
  if (text === undefined) return units;
  for (const item of text.split(",").filter((s) => s.trim() !== "")) {
    const [key, value] = item.split("=").map((s) => s.trim());
    if (!(key in units) || !value) {
      throw new Error(
        `--units: '${item}' should be quantity=unit with quantity one of ${Object.keys(units).join(", ")}, e.g. energy=kcal/mol`,
      );
    }
    unitFactor(key as keyof ReportUnits, value); // throws with the known units
    units[key as keyof ReportUnits] = value;
  }
  return units;
}

/** The first frame of an extxyz file, without reading the rest. */
async function firstFrame(path: string): Promise<Frame> {
  for await (const frame of iterateExtxyz(path)) return frame;
  throw new Error(`${path}: no frames`);
}

/** A model file name that is a potential spec or run config (YAML) rather than a model file. */
const isSpecFile = (path: string) => /\.ya?ml$/i.test(path);

/** A potential spec `{type, parameters}` from a YAML/JSON file (or the `potential` of a run config). */
function readPotentialSpec(path: string): { type: PotentialType; parameters: unknown } {
  let raw: unknown;
  try {
    const text = readFileSync(path, "utf8");
    raw = extname(path).toLowerCase() === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new Error(`--model ${path}: cannot read it as YAML/JSON: ${(e as Error).message}`, { cause: e });
  }
  const spec = (raw as { potential?: unknown })?.potential ?? raw;
  const { type, parameters } = (spec ?? {}) as { type?: unknown; parameters?: unknown };
  if (typeof type !== "string" || !POTENTIAL_TYPES.includes(type as PotentialType)) {
    throw new Error(
      `--model ${path}: expected 'type' (one of ${POTENTIAL_TYPES.join(", ")}) and 'parameters', ` +
        `or a run config with a 'potential' section; got type ${JSON.stringify(type)}`,
    );
  }
  return { type: type as PotentialType, parameters: parameters ?? {} };
}

/** True when a .json file holds a potential spec or run config (`type` or `potential` at the top). */
function isSpecJson(path: string): boolean {
  if (!/\.json$/i.test(path)) return false;
  try {
    const raw = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    return raw !== null && typeof raw === "object" && ("potential" in raw || "type" in raw);
  } catch {
    return false; // not JSON: let the model loader say what is wrong
  }
}

/**
 * The potential described by --model, for the molecule of the reference's first frame: a PaiNN
 * model file (.json or .json.gz, as every other command takes), or a potential spec / run config in
 * YAML (or JSON with `type` or `potential` at the top).
 */
export async function loadModel(path: string, referencePath: string): Promise<Potential> {
  const { type, parameters } =
    isSpecFile(path) || isSpecJson(path)
      ? readPotentialSpec(path)
      : { type: "painn" as const, parameters: { model: basename(path) } };
  const first = await firstFrame(referencePath);
  const system = systemFromFrame(first);
  try {
    return await buildPotential(type, parameters, {
      system,
      initial: stateFromFrames(system, [first]),
      configDir: dirname(path),
    });
  } catch (e) {
    throw new Error(`--model ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** Run the comparison and write the report; returns the files written. */
export async function compareTrajectoriesCommand(args: CompareTrajectoriesArgs): Promise<string[]> {
  const units = parseReportUnits(args.units);
  // the report files every comparison writes (the CSVs and PNGs depend on what is compared)
  refuseEarlierOutputs(
    [join(args.output, "report.md"), ...Object.values(reportFiles({ dir: args.output }))].map((path) => ({
      role: "--output",
      path,
    })),
    { overwrite: args.overwrite === true, elsewhere: "another --output directory" },
  );
  const log = args.quiet ? () => {} : (line: string) => process.stderr.write(`equimd: ${line}\n`);
  const potential = await loadModel(args.model, args.reference);
  try {
    const divergence =
      args.divergenceStarts !== undefined || args.divergenceSteps !== undefined
        ? {
            starts: args.divergenceStarts,
            steps: args.divergenceSteps,
            timeStep: args.dt !== undefined ? toAtomic("time", args.dt, "fs") : undefined,
            threshold:
              args.threshold !== undefined ? toAtomic("length", args.threshold, units.length) : undefined,
            massWeighted: args.massWeighted,
          }
        : undefined;
    const { results } = await compareTrajectories(potential, {
      reference: args.reference,
      run: args.run,
      every: args.every,
      errors: { batchSize: args.batchSize, worst: args.worst },
      divergence,
      distributions: {
        coordinates: args.coordinates
          ? (t) => parseInternalCoordinates(t.system, args.coordinates!)
          : undefined,
        bondScale: args.bondScale,
        nBins: args.bins,
      },
      ir: { temperature: args.temperature !== undefined ? args.temperature * KB_HARTREE_PER_K : undefined },
      log,
    });
    const files = await writeComparisonReport(args.output, results, units);
    files.push(
      ...(await writeRunReport(trajectoryComparisonRunSummary(args, results), { dir: args.output })),
    );
    log(`wrote ${files.length} files into ${args.output} (report: ${args.output}/report.md)`);
    return files;
  } finally {
    await potential.dispose();
  }
}

export function register(program: Command): void {
  program
    .command("compare-trajectories")
    .description(
      "compare a model with a reference trajectory: errors along it, distributions, divergence, IR spectra (see docs/trajectory-comparison.md)",
    )
    .requiredOption(
      "--model <file>",
      "PaiNN model file (.json.gz, as for predict/evaluate), or a potential spec {type, parameters} or run config (YAML)",
    )
    .requiredOption("--reference <file>", "reference trajectory (extxyz or extxyz.gz, ASE units)")
    .requiredOption("-o, --output <dir>", "output directory for report.md, CSV and PNG files")
    .option(
      "--run <file>",
      "trajectory run with the model (extxyz or extxyz.gz), for distributions and IR spectra",
    )
    .option("--every <k>", "use every k-th reference frame", positiveInteger("--every"))
    .option(
      "--divergence-starts <n>",
      "divergence test: number of starting frames (default 4; the test runs only when this or --divergence-steps is given)",
      positiveInteger("--divergence-starts"),
    )
    .option(
      "--divergence-steps <m>",
      "divergence test: MD steps to follow from each start (default: 20 reference frames' worth)",
      positiveInteger("--divergence-steps"),
    )
    .option(
      "--dt <fs>",
      "MD time step of the divergence test (default: from the reference's time and step)",
      positiveNumber("--dt"),
    )
    .option(
      "--threshold <length>",
      "RMSD threshold of the divergence test, report length unit (default 0.1 Å)",
      positiveNumber("--threshold"),
    )
    .option("--mass-weighted", "mass-weighted superposition and RMSD")
    .option(
      "--coordinates <list>",
      "internal coordinates, 0-based atoms, e.g. '0-1,1-0-2,0-1-2-3' (default: from bonds)",
    )
    .option(
      "--bond-scale <x>",
      "bond if distance < x · (sum of covalent radii) (default 1.2)",
      positiveNumber("--bond-scale"),
    )
    .option("--bins <n>", "histogram bins (default 50)", positiveInteger("--bins"))
    .option(
      "--temperature <K>",
      "temperature of the IR spectra (default: mean kinetic temperature of the reference)",
      positiveNumber("--temperature"),
    )
    .option(
      "--units <list>",
      `report units, e.g. 'energy=kcal/mol,dipole=D' (defaults ${Object.entries(DEFAULT_REPORT_UNITS)
        .map(([k, v]) => `${k}=${v}`)
        .join(",")}; energy units: ${knownUnits("energy").join(" ")})`,
    )
    .option("--batch-size <n>", "frames per model call (default 16)", positiveInteger("--batch-size"))
    .option("--worst <n>", "number of worst frames listed (default 10)", positiveInteger("--worst"))
    .option("-q, --quiet", "no progress messages")
    .option("--overwrite", "replace the report of an earlier comparison in the output directory")
    .action(async (opts: CompareTrajectoriesArgs) => {
      await compareTrajectoriesCommand(opts);
    });
}
