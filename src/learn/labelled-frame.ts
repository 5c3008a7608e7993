/**
 * A labelled configuration as an extxyz frame (Å, eV, eV/Å, e·Å through the one frame codec), the
 * form every dataset file of `equimd learn` has: the energy, forces and dipole the reference computed
 * for configuration b of an MD state, and where the configuration came from.
 */
import type { Potential } from "../core/potential.ts";
import { makeState, type MDState, type System } from "../core/system.ts";
import { ExtxyzWriter, type Frame, type InfoValue } from "../io/extxyz.ts";
import { frameFromState } from "../io/frames.ts";
import { sampleConfigurations, type SamplingOptions } from "../labelling/sampler.ts";

export function labelledFrame(
  system: System,
  state: Readonly<MDState>,
  b: number,
  info: Record<string, InfoValue>,
): Frame {
  const frame = frameFromState(system, state, b, { forces: true, info });
  delete frame.info.time;
  delete frame.info.step;
  delete frame.info.pbc;
  return frame;
}

/**
 * Sample configurations with the reference potential (src/labelling/sampler.ts: Langevin legs at each
 * temperature, the reference's own energy, forces and dipole are the labels) and write each as a labelled
 * frame tagged `origin` to `file`; returns how many were written.
 */
export async function writeSampledFrames(
  file: string,
  system: System,
  start: Float64Array,
  reference: Potential,
  options: SamplingOptions,
  origin: string,
  onStep?: (step: number, totalSteps: number) => void,
): Promise<number> {
  const writer = new ExtxyzWriter(file);
  let n = 0;
  try {
    await sampleConfigurations(
      system,
      start,
      reference,
      options,
      (c) => {
        const state = makeState(system, c.positions);
        state.potentialEnergy[0] = c.energy;
        state.forces.set(c.forces);
        if (c.dipole) state.dipole = c.dipole.slice();
        const info = { origin, temperature_K: c.temperatureK, replica: c.replica, md_step: c.step };
        writer.write(labelledFrame(system, state, 0, info));
        n++;
      },
      onStep,
    );
  } finally {
    writer.close();
  }
  return n;
}
