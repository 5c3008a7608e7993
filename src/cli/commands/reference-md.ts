/**
 * `equimd reference-md`: reference trajectories for spectra with a reference calculator (xtb):
 * Langevin equilibration at a temperature, then independent NVE segments with the dipole written at
 * every step (CSV, e·Å) and positions + velocities every few steps (extxyz, Å and Å/fs).
 */
import { mkdirSync, openSync, writeSync, closeSync, fsyncSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { type MDState } from "../../core/system.ts";
import { ATOMIC_TIME_IN_FS, BOHR_IN_ANGSTROM, HARTREE_IN_EV, KB_HARTREE_PER_K } from "../../core/units.ts";
import { ExtxyzWriter } from "../../io/extxyz.ts";
import { configurationKineticEnergy } from "../../../integrators/kinetic.ts";
import { positionsInBohr } from "../../labelling/frame-labels.ts";
import { progressBar } from "../../labelling/progress.ts";
import { runReferenceMd } from "../../labelling/reference-md.ts";
import { addXtbMdOptions, startXtbMd } from "./xtb-md.ts";
import { positiveInteger, positiveNumber } from "./options.ts";

export function register(program: Command): void {
  const command = program
    .command("reference-md")
    .description(
      "Langevin equilibration, then independent NVE segments recording the dipole every step (xtb)",
    )
    .option("--temperature <K>", "equilibration temperature in K", positiveNumber("--temperature"), 300)
    .option("--segments <n>", "independent NVE segments", positiveInteger("--segments"), 4)
    .option("--equilibration <ps>", "Langevin equilibration in ps", positiveNumber("--equilibration"), 2)
    .option("--length <ps>", "NVE length of each segment in ps", positiveNumber("--length"), 5)
    .option(
      "--positions-every <steps>",
      "steps between extxyz snapshots",
      positiveInteger("--positions-every"),
      10,
    );
  addXtbMdOptions(command, "output directory").action(async (raw) => {
    const { first, system, xtb, levelOfTheory: level } = startXtbMd("reference-md", raw);
    const equilibrationSteps = Math.round((raw.equilibration * 1000) / raw.dt);
    const steps = Math.round((raw.length * 1000) / raw.dt);
    const nSeg: number = raw.segments;
    mkdirSync(raw.output, { recursive: true });

    const csv = Array.from({ length: nSeg }, (_, k) =>
      openSync(join(raw.output, `segment-${k}-dipoles.csv`), "w"),
    );
    const xyz = Array.from(
      { length: nSeg },
      (_, k) => new ExtxyzWriter(join(raw.output, `segment-${k}.extxyz`)),
    );
    csv.forEach((fd, k) =>
      writeSync(
        fd,
        `# equimd reference-md: ${level} NVE segment ${k} of ${nSeg}, after ${raw.equilibration} ps Langevin ` +
          `(tau ${raw.tau} fs) at ${raw.temperature} K, seed ${raw.seed}\n` +
          `# dt_fs=${raw.dt} steps=${steps} units: time fs, dipole e*angstrom, energies eV\n` +
          `step,time_fs,dipole_x,dipole_y,dipole_z,potential_energy,kinetic_energy,total_energy\n`,
      ),
    );
    const n3 = 3 * system.nAtoms;
    const energies = (state: Readonly<MDState>, b: number) => {
      const v = state.potentialEnergy[b];
      const k = configurationKineticEnergy(system, state.momenta, b);
      return { v, k };
    };
    const startTotal: number[] = [];
    const startKinetic: number[] = [];
    const maxDrift: number[] = new Array(nSeg).fill(0);
    const bar = progressBar("reference-md", raw.progress);
    bar.start(equilibrationSteps + steps, 0);
    try {
      await runReferenceMd(
        system,
        positionsInBohr(first),
        xtb,
        {
          temperatureK: raw.temperature,
          segments: nSeg,
          equilibrationSteps,
          steps,
          dtFs: raw.dt,
          tauFs: raw.tau,
          seed: raw.seed,
        },
        {
          onEquilibrationStep: (step) => bar.update(step),
          onStep: (step, state) => {
            const t = step * raw.dt;
            for (let b = 0; b < nSeg; b++) {
              const { v, k } = energies(state, b);
              if (step === 0) {
                startTotal[b] = v + k;
                startKinetic[b] = k;
              }
              maxDrift[b] = Math.max(maxDrift[b], Math.abs(v + k - startTotal[b]));
              const mu = Array.from(state.dipole!.subarray(3 * b, 3 * b + 3), (d) =>
                (d * BOHR_IN_ANGSTROM).toFixed(10),
              );
              const e = [v, k, v + k].map((x) => (x * HARTREE_IN_EV).toFixed(8));
              writeSync(csv[b], `${step},${t},${mu.join(",")},${e.join(",")}\n`);
              if (step % raw.positionsEvery === 0) {
                const vel = new Float64Array(n3);
                for (let a = 0; a < system.nAtoms; a++) {
                  for (let c = 0; c < 3; c++) {
                    const i = b * n3 + 3 * a + c;
                    // bohr per atomic time → Å/fs
                    vel[3 * a + c] =
                      ((state.momenta[i] / system.masses[a]) * BOHR_IN_ANGSTROM) / ATOMIC_TIME_IN_FS;
                  }
                }
                xyz[b].write({
                  symbols: [...system.symbols],
                  positions: Float64Array.from(
                    state.positions.subarray(b * n3, (b + 1) * n3),
                    (x) => x * BOHR_IN_ANGSTROM,
                  ),
                  info: {
                    step,
                    time_fs: t,
                    segment: b,
                    energy: v * HARTREE_IN_EV,
                    kinetic_energy: k * HARTREE_IN_EV,
                    dipole: Array.from(state.dipole!.subarray(3 * b, 3 * b + 3), (d) => d * BOHR_IN_ANGSTROM),
                    xtb_level: level,
                  },
                  arrays: { velocities: vel },
                });
              }
            }
            bar.update(equilibrationSteps + step);
          },
        },
      );
    } finally {
      bar.stop();
      csv.forEach((fd) => {
        fsyncSync(fd);
        closeSync(fd);
      });
      xyz.forEach((w) => w.close());
      await xtb.dispose();
    }
    for (let b = 0; b < nSeg; b++) {
      const dof = 3 * system.nAtoms - 3;
      console.error(
        `segment ${b}: kinetic temperature at the NVE start ${((2 * startKinetic[b]) / dof / KB_HARTREE_PER_K).toFixed(0)} K, ` +
          `max |E_total − E_total(0)| = ${(maxDrift[b] * HARTREE_IN_EV * 1000).toFixed(3)} meV`,
      );
    }
  });
}
