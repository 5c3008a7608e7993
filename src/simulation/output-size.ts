/**
 * How many bytes a run's outputs will take, estimated before it starts, so that a mistyped `--steps`
 * (1e9 instead of 1e5) is noticed before it fills the disk. The estimate counts the characters equimd
 * writes per record: an extxyz atom line is the symbol plus 23 characters per number (src/io/extxyz.ts
 * pads numbers to 22), a CSV/log value about 20.
 */
import { statfsSync } from "node:fs";

export interface OutputPlan {
  /** Steps still to run. */
  steps: number;
  nAtoms: number;
  /** Configurations per step written as trajectory frames (ring-polymer beads with `beads: all`). */
  framesPerRecord?: number;
  trajectory?: { every: number; forces?: boolean; velocities?: boolean; momenta?: boolean };
  log?: { every: number };
  properties?: { every: number; quantities?: readonly string[] };
}

/** Warn above this many bytes in all (1 GB). */
export const LARGE_OUTPUT_BYTES = 1e9;

const NUMBER = 23;
const FRAME_HEADER = 400;
const LOG_LINE = 10 * 20;

/** Estimated bytes of each output of the plan. */
export function estimateOutputBytes(plan: OutputPlan): {
  trajectory: number;
  log: number;
  properties: number;
} {
  const records = (every: number | undefined) => (every ? Math.floor(plan.steps / every) + 1 : 0);
  const t = plan.trajectory;
  const columns = t ? 3 * (1 + (t.forces ? 1 : 0) + (t.velocities ? 1 : 0) + (t.momenta ? 1 : 0)) : 0;
  const frame = FRAME_HEADER + plan.nAtoms * (3 + NUMBER * columns);
  const propertyValues = (plan.properties?.quantities ?? ["energy", "dipole", "polarizability"]).reduce(
    (n, q) => n + (q === "dipole" ? 3 : q === "polarizability" ? 9 : 1),
    2,
  );
  return {
    trajectory: records(t?.every) * (plan.framesPerRecord ?? 1) * frame,
    log: records(plan.log?.every) * LOG_LINE,
    properties: records(plan.properties?.every) * propertyValues * 20,
  };
}

function human(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let k = 0;
  while (bytes >= 1000 && k < units.length - 1) {
    bytes /= 1000;
    k++;
  }
  return `${bytes.toPrecision(3)} ${units[k]}`;
}

/** Free bytes on the file system holding `dir`, or undefined where the OS cannot tell. */
function freeBytes(dir: string): number | undefined {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

/**
 * A warning (one line, no prefix) when the outputs of the plan would be large or larger than the free
 * space of `dir`; undefined otherwise.
 */
export function outputSizeWarning(plan: OutputPlan, dir: string): string | undefined {
  const sizes = estimateOutputBytes(plan);
  const total = sizes.trajectory + sizes.log + sizes.properties;
  const free = freeBytes(dir);
  const tooBig = free !== undefined && total > free;
  if (total < LARGE_OUTPUT_BYTES && !tooBig) return undefined;
  const parts = Object.entries(sizes)
    .filter(([, b]) => b > 0)
    .map(([name, b]) => `${name} ${human(b)}`)
    .join(", ");
  return (
    `${plan.steps} steps will write about ${human(total)} into ${dir} (${parts})` +
    (tooBig ? `, more than the ${human(free)} free there` : "") +
    `; check --steps/steps, or write less often (outputs.*.every)`
  );
}
