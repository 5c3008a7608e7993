/**
 * A labelled configuration as an extxyz frame (Å, eV, eV/Å, e·Å through the one frame codec), the
 * form every dataset file of `equimd learn` has: the energy, forces and dipole the reference computed
 * for configuration b of an MD state, and where the configuration came from.
 */
import type { InfoValue } from "../io/extxyz.ts";
import type { Frame } from "../io/extxyz.ts";
import { frameFromState } from "../io/frames.ts";
import type { MDState, System } from "../core/system.ts";

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
