/**
 * Psi4Calculator: ab initio dipoles and static polarizability tensors from psi4 (default HF/def2-SVPD,
 * density-fitted SCF, CPHF polarizability), through ONE long-lived Python process running
 * potentials/psi4/driver.py, so that psi4's start-up (~1 s) is paid once and not per frame.
 *
 * Requests go one JSON line each to the driver's stdin and are answered in order; positions are sent
 * in bohr (no conversion), answers are converted to atomic units by psi4-units.ts.
 *
 * `properties()` computes exactly what is asked (the energy always; dipole, polarizability and forces on
 * request): that is what labelling needs. `compute()` makes the calculator a full core Potential
 * (energy and forces always, via an SCF gradient), e.g. for a short ab initio MD check.
 */
import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Potential, PotentialOutput, Property } from "../../src/core/potential.ts";
import type { System } from "../../src/core/system.ts";
import { convertPsi4Answer } from "./psi4-units.ts";
import type { Psi4Answer, Psi4Result } from "./psi4-units.ts";

export interface Psi4Options {
  /** Electronic-structure method as psi4 names it (default "hf"). */
  method?: string;
  /** Basis set (default "def2-svpd"). */
  basis?: string;
  /** Extra psi4 options, e.g. { scf_type: "df", d_convergence: 1e-8 }. Default { scf_type: "df" }. */
  psi4Options?: Record<string, string | number | boolean>;
  /** Memory for psi4 in MB (default 1000). */
  memoryMb?: number;
  /** Threads psi4 may use (default 1). */
  threads?: number;
  /** Python interpreter that can `import psi4` (default: $EQUIMD_PSI4_PYTHON, else a Debian guess). */
  python?: string;
  /** Directory to prepend to PYTHONPATH (default: $EQUIMD_PSI4_PYTHONPATH, else a Debian guess). */
  pythonPath?: string;
  /** Spin multiplicity 2S+1 (default 1). */
  multiplicity?: number;
}

/** How to get psi4, shown when the driver cannot import it. */
export const PSI4_INSTALL_HINT =
  "install it with `apt-get install psi4` (Debian/Ubuntu; then use /usr/bin/python3 with " +
  "PYTHONPATH=/usr/lib/x86_64-linux-gnu) or `conda install -c conda-forge psi4`, and point equimd at that " +
  "Python with the options python/pythonPath or $EQUIMD_PSI4_PYTHON / $EQUIMD_PSI4_PYTHONPATH";

const DRIVER = join(dirname(fileURLToPath(import.meta.url)), "driver.py");

/** Debian/Ubuntu's psi4 package installs the module for the system Python under the multiarch lib dir. */
export function defaultPsi4Python(): { python: string; pythonPath?: string } {
  const python = process.env.EQUIMD_PSI4_PYTHON;
  const pythonPath = process.env.EQUIMD_PSI4_PYTHONPATH;
  if (python || pythonPath) return { python: python ?? "python3", pythonPath };
  const debian = "/usr/lib/x86_64-linux-gnu";
  if (existsSync(join(debian, "psi4", "__init__.py")) && existsSync("/usr/bin/python3")) {
    return { python: "/usr/bin/python3", pythonPath: debian };
  }
  return { python: "python3" };
}

interface Pending {
  resolve: (a: Psi4Answer) => void;
  reject: (e: Error) => void;
}

export class Psi4Calculator implements Potential {
  readonly name: string;
  readonly provides: readonly Property[] = ["energy", "forces", "dipole", "polarizability"];
  readonly method: string;
  readonly basis: string;
  private readonly options: Psi4Options;
  private child?: ChildProcessWithoutNullStreams;
  private ready?: Promise<string>;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private stderrTail: string[] = [];
  private scratch?: string;

  constructor(options: Psi4Options = {}) {
    this.options = options;
    this.method = options.method ?? "hf";
    this.basis = options.basis ?? "def2-svpd";
    this.name = `psi4-${this.method}/${this.basis}`;
  }

  /** Start the driver (once) and resolve with psi4's version string. */
  start(): Promise<string> {
    if (this.ready) return this.ready;
    const guess = defaultPsi4Python();
    const python = this.options.python ?? guess.python;
    const pythonPath = this.options.pythonPath ?? guess.pythonPath;
    this.scratch = mkdtempSync(join(tmpdir(), "equimd-psi4-"));
    const env: NodeJS.ProcessEnv = { ...process.env, PSI_SCRATCH: this.scratch, OMP_NUM_THREADS: "1" };
    if (pythonPath) env.PYTHONPATH = [pythonPath, process.env.PYTHONPATH].filter(Boolean).join(":");
    const args = [
      DRIVER,
      "--memory-mb",
      String(this.options.memoryMb ?? 1000),
      "--threads",
      String(this.options.threads ?? 1),
      "--output",
      join(this.scratch, "psi4.out"),
    ];
    const child = spawn(python, args, { cwd: this.scratch, env, stdio: ["pipe", "pipe", "pipe"] });
    this.child = child;
    child.stderr.on("data", (d: Buffer) => {
      this.stderrTail.push(...d.toString().split("\n"));
      this.stderrTail = this.stderrTail.slice(-20);
    });
    this.ready = new Promise<string>((resolve, reject) => {
      let greeted = false;
      const fail = (err: Error) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
        if (!greeted) reject(err);
      };
      child.on("error", (err: NodeJS.ErrnoException) => {
        this.child = undefined;
        fail(
          err.code === "ENOENT"
            ? new Error(`psi4: Python interpreter '${python}' not found; ${PSI4_INSTALL_HINT}`)
            : new Error(`psi4: could not start '${python}': ${err.message}`),
        );
      });
      child.on("exit", (code, signal) => {
        this.child = undefined;
        fail(
          new Error(
            `psi4 driver exited (code ${code}, signal ${signal}); last stderr lines:\n${this.stderrTail.join("\n")}`,
          ),
        );
      });
      createInterface({ input: child.stdout }).on("line", (line) => {
        let msg: Psi4Answer & { ready?: boolean; psi4_version?: string };
        try {
          msg = JSON.parse(line) as typeof msg;
        } catch {
          return; // not ours: the driver routes psi4's own prints to stderr, but be lenient
        }
        if (!greeted) {
          greeted = true;
          if (msg.ready) resolve(msg.psi4_version ?? "unknown");
          else
            reject(new Error(`psi4 cannot be used: ${msg.error ?? "driver failed"}; ${PSI4_INSTALL_HINT}`));
          return;
        }
        const p = this.pending.get(msg.id);
        if (p) {
          this.pending.delete(msg.id);
          p.resolve(msg);
        }
      });
    });
    return this.ready;
  }

  /**
   * Compute the energy plus the asked-for properties of nBatch configurations (positions in bohr,
   * [nBatch][nAtoms][3]). Results in atomic units; one configuration after another (psi4 runs them
   * serially, using `threads` threads each).
   */
  async properties(
    system: System,
    positions: Float64Array,
    nBatch: number,
    want: readonly Property[],
  ): Promise<Psi4Result[]> {
    const n3 = 3 * system.nAtoms;
    if (positions.length !== n3 * nBatch) {
      throw new Error(
        `psi4: positions have ${positions.length} numbers; expected ${n3 * nBatch} (${nBatch} × ${n3})`,
      );
    }
    await this.start();
    const props = want.filter((p) => p === "dipole" || p === "polarizability" || p === "forces");
    const answers = [];
    for (let b = 0; b < nBatch; b++) {
      const request = {
        symbols: system.symbols,
        positions: Array.from(positions.subarray(b * n3, (b + 1) * n3)),
        charge: system.charge,
        multiplicity: this.options.multiplicity ?? 1,
        method: this.method,
        basis: this.basis,
        properties: props,
        options: this.options.psi4Options ?? { scf_type: "df" },
      };
      answers.push(
        this.request(request).then((a) => convertPsi4Answer(a, system.nAtoms, `configuration ${b}`)),
      );
    }
    return Promise.all(answers);
  }

  async compute(
    system: System,
    positions: Float64Array,
    nBatch: number,
    want: readonly Property[],
  ): Promise<PotentialOutput> {
    const results = await this.properties(system, positions, nBatch, ["forces", ...want]);
    const n3 = 3 * system.nAtoms;
    const out: PotentialOutput = { energy: new Float64Array(nBatch), forces: new Float64Array(n3 * nBatch) };
    if (want.includes("dipole")) out.dipole = new Float64Array(3 * nBatch);
    if (want.includes("polarizability")) out.polarizability = new Float64Array(9 * nBatch);
    results.forEach((r, b) => {
      out.energy[b] = r.energy;
      out.forces.set(r.forces!, b * n3);
      if (out.dipole) out.dipole.set(r.dipole!, 3 * b);
      if (out.polarizability) out.polarizability.set(r.polarizability!, 9 * b);
    });
    return out;
  }

  private request(body: object): Promise<Psi4Answer> {
    const child = this.child;
    if (!child) return Promise.reject(new Error("psi4 driver is not running"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      child.stdin.write(JSON.stringify({ id, ...body }) + "\n");
    });
  }

  /** Stop the driver and remove its scratch directory. */
  async dispose(): Promise<void> {
    const child = this.child;
    if (child && child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.stdin.end();
      await exited;
    }
    if (this.scratch) rmSync(this.scratch, { recursive: true, force: true });
    this.scratch = undefined;
  }
}
