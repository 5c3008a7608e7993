/**
 * `equimd sample`: configurations for a training set, by Langevin MD with a reference calculator at
 * one or more temperatures; writes extxyz in ASE units (Å, eV, eV/Å, e·Å).
 */
import type { Command } from "commander";
import { ExtxyzWriter } from "../../io/extxyz.ts";
import { refuseEarlierOutputs } from "../../io/output-files.ts";
import { addLabels, positionsInBohr } from "../../labelling/frame-labels.ts";
import { progressBar } from "../../labelling/progress.ts";
import { sampleConfigurations } from "../../labelling/sampler.ts";
import { BOHR_IN_ANGSTROM } from "../../core/units.ts";
import { stoppable, stoppedBy } from "../signal-stop.ts";
import { addXtbMdOptions, startXtbMd } from "./xtb-md.ts";
import { nonNegativeInteger, positiveInteger, positiveList } from "./options.ts";

export function register(program: Command): void {
  const command = program
    .command("sample")
    .description("sample configurations by Langevin MD with a reference calculator (xtb)")
    .option(
      "--temperatures <list>",
      "thermostat temperatures in K, comma-separated",
      positiveList("--temperatures"),
      [300],
    )
    .requiredOption("--frames <n>", "frames per temperature", positiveInteger("--frames"))
    .option("--every <steps>", "MD steps between frames", positiveInteger("--every"), 40)
    .option("--replicas <n>", "independent trajectories per temperature", positiveInteger("--replicas"), 4)
    .option(
      "--equilibration <steps>",
      "thermostatted steps before the first frame",
      nonNegativeInteger("--equilibration"),
      1000,
    );
  addXtbMdOptions(command, "output extxyz").action(async (raw) =>
    stoppable("sample", "this MD step (the frames written so far are kept)", async (signal) => {
      refuseEarlierOutputs([{ role: "--output", path: raw.output }], {
        overwrite: raw.overwrite === true,
        elsewhere: "another --output file",
      });
      const { first, system, xtb, levelOfTheory } = startXtbMd("sample", raw);
      const level = { name: "xtb", levelOfTheory };
      const writer = new ExtxyzWriter(raw.output);
      // the bar counts MD steps (equilibration included), the frames written are reported at the end
      const bar = progressBar("sample (MD steps)", raw.progress);
      let started = false;
      let done = 0;
      try {
        await sampleConfigurations(
          system,
          positionsInBohr(first),
          xtb,
          {
            temperatures: raw.temperatures,
            frames: raw.frames,
            replicas: raw.replicas,
            every: raw.every,
            dtFs: raw.dt,
            tauFs: raw.tau,
            equilibrationSteps: raw.equilibration,
            seed: raw.seed,
            signal,
          },
          (c) => {
            const frame = {
              symbols: [...system.symbols],
              positions: Float64Array.from(c.positions, (x) => x * BOHR_IN_ANGSTROM),
              info: {
                config_type: `md_${c.temperatureK}K`,
                temperature: c.temperatureK,
                replica: c.replica,
                md_step: c.step,
                time_fs: c.step * raw.dt,
              } as Record<string, number | string>,
              arrays: {},
            };
            addLabels(frame, { energy: c.energy, forces: c.forces, dipole: c.dipole }, level);
            writer.write(frame);
            done++;
          },
          (step, totalSteps) => {
            if (!started) bar.start(totalSteps, 0);
            started = true;
            bar.update(step);
          },
        );
      } finally {
        bar.stop();
        writer.close();
        await xtb.dispose();
      }
      const received = stoppedBy(signal);
      console.error(
        `sample: ${received ? `stopped by ${received}; ` : ""}wrote ${done} frames to ${raw.output}`,
      );
    }),
  );
}
