/**
 * XtbCalculator: the semiempirical tight-binding program xtb (Grimme group) as an equimd Potential.
 *
 * Each configuration runs `xtb coord --gfn 2 --grad --json [options]` in its own temporary directory
 * (removed afterwards, also when equimd is stopped by a signal: scratch.ts), with OMP_NUM_THREADS=1, up to `parallel` processes at a time for a batch.
 * The geometry is handed over as a Turbomole `coord` file in bohr, so no length conversion happens;
 * xtb answers in atomic units too: energy in hartree, gradient in hartree/bohr (forces = −gradient),
 * dipole in e·bohr (from xtbout.json, 8 decimals; xtb's text output prints only 3).
 * The energy is taken from the engrad file (12 decimals), the gradient from the Turbomole `gradient`
 * file (16 significant digits), so that finite differences of energies reproduce the forces.
 */
import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Potential, PotentialOutput, Property } from "../../src/core/potential.ts";
import type { System } from "../../src/core/system.ts";
import { formatTurbomoleCoord, parseEngrad, parseTurbomoleGradient, parseXtbJson } from "./xtb-output.ts";
import type { XtbResult } from "./xtb-output.ts";
import { makeScratchDir, removeScratchDir, stoppingOnSignal, trackChild } from "./scratch.ts";

export type XtbMethod = "gfn2" | "gfn1" | "gfnff";

export interface XtbOptions {
  /** Path or name of the xtb executable (default "xtb", looked up on PATH). */
  executable?: string;
  /** Hamiltonian: GFN2-xTB (default), GFN1-xTB or the GFN-FF force field. */
  method?: XtbMethod;
  /** Total charge in e; defaults to system.charge. */
  charge?: number;
  /** Number of unpaired electrons (xtb --uhf), default 0. */
  uhf?: number;
  /** xtb accuracy factor (--acc): smaller is tighter; xtb's default is 1. */
  accuracy?: number;
  /** Electronic (Fermi smearing) temperature in kelvin (--etemp); xtb's default is 300 K. */
  electronicTemperature?: number;
  /** Maximum number of xtb processes running at once for a batch (default 1). */
  parallel?: number;
  /** Parent directory of the per-call temporary directories (default: the OS temp dir). */
  scratchDir?: string;
}

const METHOD_FLAGS: Record<XtbMethod, string[]> = {
  gfn2: ["--gfn", "2"],
  gfn1: ["--gfn", "1"],
  gfnff: ["--gfnff"],
};

/** How to get xtb, for the message shown when it cannot be started. */
export const XTB_INSTALL_HINT =
  "install it with `apt-get install xtb` (Debian/Ubuntu) or `conda install -c conda-forge xtb`, " +
  "or give the path of the executable (XtbCalculator option `executable`, CLI --xtb-path)";

export class XtbCalculator implements Potential {
  readonly name: string;
  /**
   * GFN-FF runs write no xtbout.json (checked with xtb 6.5.1), and the text output has the dipole to
   * 3 decimals only: so the dipole is provided for GFN2 and GFN1 alone.
   */
  readonly provides: readonly Property[];
  private readonly options: Required<Omit<XtbOptions, "charge" | "accuracy" | "electronicTemperature">> &
    Pick<XtbOptions, "charge" | "accuracy" | "electronicTemperature">;

  constructor(options: XtbOptions = {}) {
    const method = options.method ?? "gfn2";
    if (!(method in METHOD_FLAGS)) {
      throw new Error(
        `xtb method '${method}' unknown; expected one of ${Object.keys(METHOD_FLAGS).join(", ")}`,
      );
    }
    const parallel = options.parallel ?? 1;
    if (!Number.isInteger(parallel) || parallel < 1) {
      throw new Error(`xtb option parallel must be a positive integer, got ${parallel}`);
    }
    if (options.accuracy !== undefined && !(options.accuracy > 0)) {
      throw new Error(`xtb option accuracy must be positive, got ${options.accuracy}`);
    }
    if (options.electronicTemperature !== undefined && !(options.electronicTemperature > 0)) {
      throw new Error(
        `xtb option electronicTemperature must be positive (kelvin), got ${options.electronicTemperature}`,
      );
    }
    this.options = {
      executable: options.executable ?? "xtb",
      method,
      uhf: options.uhf ?? 0,
      parallel,
      scratchDir: options.scratchDir ?? tmpdir(),
      charge: options.charge,
      accuracy: options.accuracy,
      electronicTemperature: options.electronicTemperature,
    };
    this.name = `xtb-${method}`;
    this.provides = method === "gfnff" ? ["energy", "forces"] : ["energy", "forces", "dipole"];
  }

  /** Command-line arguments after the input file name. */
  arguments(system: System): string[] {
    const o = this.options;
    const args = [...METHOD_FLAGS[o.method], "--grad", "--json"];
    args.push("--chrg", String(o.charge ?? system.charge), "--uhf", String(o.uhf));
    if (o.accuracy !== undefined) args.push("--acc", String(o.accuracy));
    if (o.electronicTemperature !== undefined) args.push("--etemp", String(o.electronicTemperature));
    return args;
  }

  async compute(
    system: System,
    positions: Float64Array,
    nBatch: number,
    want: readonly Property[],
  ): Promise<PotentialOutput> {
    const n3 = 3 * system.nAtoms;
    if (positions.length !== n3 * nBatch) {
      throw new Error(
        `xtb: positions have ${positions.length} numbers; expected ${n3 * nBatch} (${nBatch} × ${n3})`,
      );
    }
    const wantDipole = want.includes("dipole");
    if (wantDipole && !this.provides.includes("dipole")) {
      throw new Error(
        `xtb ${this.options.method} gives no dipole (xtb writes no xtbout.json for it); use gfn2 or gfn1`,
      );
    }
    const energy = new Float64Array(nBatch);
    const forces = new Float64Array(n3 * nBatch);
    const dipole = wantDipole ? new Float64Array(3 * nBatch) : undefined;

    await forEachLimited(nBatch, this.options.parallel, async (b) => {
      const r = await this.runOne(system, positions, b * n3, b, wantDipole);
      energy[b] = r.energy;
      for (let k = 0; k < n3; k++) forces[b * n3 + k] = -r.gradient[k];
      if (dipole) {
        if (!r.dipole) throw new Error(`xtb (${this.options.method}) wrote no dipole in xtbout.json`);
        dipole.set(r.dipole, 3 * b);
      }
    });
    return dipole ? { energy, forces, dipole } : { energy, forces };
  }

  /** Run xtb once on the configuration starting at `offset` in `positions`; b only names it in errors. */
  private async runOne(
    system: System,
    positions: Float64Array,
    offset: number,
    b: number,
    wantDipole: boolean,
  ): Promise<XtbResult> {
    const dir = await makeScratchDir(this.options.scratchDir, "equimd-xtb-");
    try {
      await writeFile(join(dir, "coord"), formatTurbomoleCoord(system.symbols, positions, offset));
      const args = ["coord", ...this.arguments(system)];
      let run = await runProcess(this.options.executable, args, dir);
      if (run.code === null && stoppingOnSignal(run.signal)) {
        // Killed by the Ctrl-C meant for equimd, in the instant between fork and setsid when the new
        // process is still in equimd's process group: the program stops after this step, so finish it.
        run = await runProcess(this.options.executable, args, dir);
      }
      if (run.code !== 0) {
        const tail = lastLines(run.stderr + "\n" + run.stdout, 15);
        throw new Error(
          `xtb failed on configuration ${b} (exit code ${run.code}): ${this.options.executable} ${args.join(" ")}\n${tail}`,
        );
      }
      const json = wantDipole
        ? parseXtbJson(
            await readFile(join(dir, "xtbout.json"), "utf8"),
            `xtb configuration ${b}: xtbout.json`,
          )
        : undefined;
      const grad = parseTurbomoleGradient(
        await readFile(join(dir, "gradient"), "utf8"),
        system.nAtoms,
        `xtb configuration ${b}: gradient`,
      );
      // The engrad file carries the energy with one more decimal than the gradient file; xtb 6.x writes it.
      let energy = grad.energy;
      try {
        energy = parseEngrad(await readFile(join(dir, "coord.engrad"), "utf8")).energy;
      } catch {
        // older xtb versions write no engrad file; the gradient file's 11 decimals are used then
      }
      return { energy, gradient: grad.gradient, dipole: json?.dipole };
    } finally {
      await removeScratchDir(dir);
    }
  }

  dispose(): void {}
}

interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
  signal: NodeJS.Signals | null;
}

/** Spawn a program in `cwd` with one OpenMP thread; a missing executable becomes a clear Error. */
function runProcess(executable: string, args: string[], cwd: string): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, {
      cwd,
      env: { ...process.env, OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: a Ctrl-C at the terminal reaches equimd only, which finishes the step
      // (xtb included) and stops, or, without a handler of its own, kills xtb itself (scratch.ts).
      detached: true,
    });
    trackChild(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") {
        reject(new Error(`xtb executable '${executable}' not found; ${XTB_INSTALL_HINT}`));
      } else if (err.code === "EACCES") {
        reject(
          new Error(
            `xtb executable '${executable}' cannot be executed (permission denied); ${XTB_INSTALL_HINT}`,
          ),
        );
      } else reject(new Error(`could not start xtb ('${executable}'): ${err.message}`));
    });
    child.on("close", (code, signal) => resolve({ code, stdout, stderr, signal }));
  });
}

function lastLines(text: string, n: number): string {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "")
    .slice(-n)
    .join("\n");
}

/** Run task(0..count-1) with at most `limit` running at once; rejects with the first error. */
async function forEachLimited(
  count: number,
  limit: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
