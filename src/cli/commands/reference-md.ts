/**
 * `equimd reference-md`: reference trajectories for spectra with a reference calculator (xtb):
 * Langevin equilibration at a temperature, then independent NVE segments, written by the run's own
 * observers: per segment the potential energy and dipole of every step (segment-k-dipoles.csv, the
 * property-file format of src/io/property-file.ts, eV and e·Å) and positions + velocities every few
 * steps (segment-k.extxyz, Å and Å/fs); the energy log of the NVE leg (energy.log, all segments:
 * potential and kinetic energy per segment, the conserved total and its drift).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { HARTREE_IN_EV } from "../../core/units.ts";
import { frameFromState } from "../../io/frames.ts";
import { refuseEarlierOutputs } from "../../io/output-files.ts";
import { positionsInBohr } from "../../labelling/frame-labels.ts";
import { runReferenceMd } from "../../labelling/reference-md.ts";
import { EnergyLogger } from "../../observers/energy-logger.ts";
import { ProgressBar } from "../../observers/progress-bar.ts";
import { PropertyRecorder } from "../../observers/property-recorder.ts";
import { TrajectoryWriter } from "../../observers/trajectory-writer.ts";
import { stoppable, stoppedBy } from "../signal-stop.ts";
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
  addXtbMdOptions(command, "output directory").action(async (raw) =>
    stoppable("reference-md", "this MD step (what was written is kept)", async (signal) => {
      const nSeg: number = raw.segments;
      const files = [
        ...Array.from({ length: nSeg }, (_, b) => [`segment-${b}-dipoles.csv`, `segment-${b}.extxyz`]).flat(),
        "energy.log",
      ];
      refuseEarlierOutputs(
        files.map((f) => ({ role: "reference-md", path: join(raw.output, f) })),
        { overwrite: raw.overwrite === true, elsewhere: "another --output directory" },
      );
      const { first, system, xtb, levelOfTheory: level } = startXtbMd("reference-md", raw);
      const equilibrationSteps = Math.round((raw.equilibration * 1000) / raw.dt);
      const steps = Math.round((raw.length * 1000) / raw.dt);
      mkdirSync(raw.output, { recursive: true });

      const dipoles = Array.from(
        { length: nSeg },
        (_, b) =>
          new PropertyRecorder({
            every: 1,
            batch: b,
            quantities: ["energy", "dipole"],
            file: join(raw.output, `segment-${b}-dipoles.csv`),
            inMemory: false,
          }),
      );
      const snapshots = Array.from(
        { length: nSeg },
        (_, b) =>
          new TrajectoryWriter({
            file: join(raw.output, `segment-${b}.extxyz`),
            every: raw.positionsEvery,
            select: (state) => [
              frameFromState(system, state, b, {
                velocities: true,
                info: { segment: b, xtb_level: level },
              }),
            ],
          }),
      );
      const log = new EnergyLogger({ file: join(raw.output, "energy.log"), every: 1, inMemory: true });
      const bar = (start: number, end: number) =>
        raw.progress ? [new ProgressBar({ startStep: start, endStep: end })] : [];
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
            signal,
          },
          {
            equilibration: bar(0, equilibrationSteps),
            production: [...dipoles, ...snapshots, log, ...bar(0, steps)],
          },
        );
      } finally {
        await xtb.dispose();
      }
      const received = stoppedBy(signal);
      const { values } = log.conservedSeries();
      const done = Math.max(0, values.length - 1); // the log has NVE step 0 and every step after it
      const drift = Math.max(0, ...values.map((e) => Math.abs(e - values[0])));
      console.error(
        `reference-md: ${received ? `stopped by ${received} at NVE step ${done} of ${steps}; ` : ""}` +
          `${nSeg} NVE segments of ${received ? done : steps} steps written to ${raw.output}; ` +
          `max |E_total − E_total(0)| of all segments together = ${(drift * HARTREE_IN_EV * 1000).toFixed(3)} meV`,
      );
    }),
  );
}
