/**
 * `equimd evaluate`: test metrics of a model file on a dataset (MAE and RMSE per property in the data's
 * units) and parity plots (predicted against reference, one PNG per property). The model is evaluated
 * through the Potential boundary (the fast path where it supports the model, else tfjs, with the reason
 * said), frames of one molecule batched together, atomic units on both sides.
 */
import { join } from "node:path";
import { mkdir } from "node:fs/promises";
import { loadPainnPotential, type PainnPath } from "../../potentials/fast/choose-potential.ts";
import { makeSystem, type Property } from "../core/index.ts";
import { renderLineChart, writePng } from "../plot/chart.ts";
import { labelsPresent, type DatasetUnits, type Label, type TrainingFrame } from "./dataset.ts";
import { loadDataset } from "./load-dataset.ts";
import {
  ErrorAccumulator,
  formatMetrics,
  scaleStats,
  userUnitFactor,
  userUnitName,
  type ErrorStats,
} from "./metrics.ts";
import { readSplit } from "./split.ts";

export interface EvaluationOptions {
  model: string;
  data: string;
  units: DatasetUnits;
  /** Evaluate only the test part of this split file. */
  split?: string;
  /** Directory for the parity plots. */
  output: string;
  batchSize?: number;
  backend?: string;
  /** Inference path: auto (default), fast or tfjs. */
  path?: PainnPath;
  /** Where the metrics and the chosen path are reported; default console.log. */
  log?: (line: string) => void;
}

/** Consecutive frames of the same molecule, up to `size` per group. */
function moleculeGroups(frames: readonly TrainingFrame[], size: number): TrainingFrame[][] {
  const groups: TrainingFrame[][] = [];
  const same = (a: TrainingFrame, b: TrainingFrame) =>
    a.numbers.length === b.numbers.length && a.numbers.every((z, i) => z === b.numbers[i]);
  for (const f of frames) {
    const g = groups[groups.length - 1];
    if (g && g.length < size && same(g[0], f)) g.push(f);
    else groups.push([f]);
  }
  return groups;
}

export async function runEvaluation(o: EvaluationOptions): Promise<Partial<Record<Label, ErrorStats>>> {
  const log = o.log ?? ((line: string) => console.log(line));
  let frames: TrainingFrame[] = await loadDataset({ path: o.data, units: o.units });
  if (o.split) frames = (await readSplit(o.split, frames.length)).test.map((i) => frames[i]);
  if (frames.length === 0) throw new Error(`${o.split}: the test split is empty`);
  if (labelsPresent(frames).size === 0) {
    throw new Error(
      `${o.data}: no frame carries a label (energy, forces, dipole or polarizability): nothing to evaluate ` +
        `the model against (label the frames first, e.g. equimd label)`,
    );
  }
  const chosen = await loadPainnPotential(o.model, { path: o.path, backend: o.backend });
  const potential = chosen.potential;
  log(
    `evaluating on the ${chosen.path} path (${potential.name})` +
      (chosen.reason ? `; not the fast path because ${chosen.reason}` : ""),
  );
  const acc = new Map<Label, ErrorAccumulator>();
  const pairs = new Map<Label, { p: number[]; r: number[] }>();
  /** Predicted and reference values, both in atomic units. */
  const add = (l: Label, p: ArrayLike<number>, r: ArrayLike<number>) => {
    if (!acc.has(l)) acc.set(l, new ErrorAccumulator());
    acc.get(l)!.addDifferences(p, r);
    const e = pairs.get(l) ?? { p: [], r: [] };
    const uf = userUnitFactor(l, o.units);
    for (let i = 0; i < r.length; i++) {
      e.p.push(p[i] / uf);
      e.r.push(r[i] / uf);
    }
    pairs.set(l, e);
  };
  try {
    for (const part of moleculeGroups(frames, o.batchSize ?? 32)) {
      const system = makeSystem(Array.from(part[0].numbers));
      const n = system.nAtoms;
      const positions = new Float64Array(3 * n * part.length);
      part.forEach((f, c) => positions.set(f.positions, 3 * n * c));
      const want: Property[] = [];
      if (potential.provides.includes("dipole") && part.some((f) => f.dipole)) want.push("dipole");
      if (potential.provides.includes("polarizability") && part.some((f) => f.polarizability)) {
        want.push("polarizability");
      }
      const pred = await potential.compute(system, positions, part.length, want);
      part.forEach((f, c) => {
        if (f.energy !== undefined) add("energy", [pred.energy[c]], [f.energy]);
        if (f.forces) add("forces", pred.forces.subarray(3 * n * c, 3 * n * (c + 1)), f.forces);
        if (f.dipole && pred.dipole) add("dipole", pred.dipole.subarray(3 * c, 3 * c + 3), f.dipole);
        if (f.polarizability && pred.polarizability) {
          add("polarizability", pred.polarizability.subarray(9 * c, 9 * c + 9), f.polarizability);
        }
      });
    }
  } finally {
    await potential.dispose();
  }
  if (acc.size === 0) {
    throw new Error(
      `${o.data}: the frames carry only ${[...labelsPresent(frames)].join(", ")}, which the model ` +
        `(${potential.name}) does not predict: nothing to evaluate`,
    );
  }
  const metrics: Partial<Record<Label, ErrorStats>> = {};
  for (const [l, a] of acc) metrics[l] = scaleStats(a.stats(), 1 / userUnitFactor(l, o.units));
  for (const line of formatMetrics(metrics, o.units)) log(line);
  await mkdir(o.output, { recursive: true });
  for (const [l, e] of pairs) {
    const lo = Math.min(...e.r, ...e.p);
    const hi = Math.max(...e.r, ...e.p);
    const unit = userUnitName(l, o.units);
    const png = await renderLineChart({
      title: `${l}: parity (MAE ${metrics[l]!.mae.toPrecision(3)} ${unit})`,
      xLabel: `reference ${l} (${unit})`,
      yLabel: `predicted ${l} (${unit})`,
      series: [
        { label: "frames", x: e.r, y: e.p, style: "scatter" },
        { label: "y = x", x: [lo, hi], y: [lo, hi], dashed: true },
      ],
    });
    await writePng(join(o.output, `parity-${l}.png`), png);
  }
  return metrics;
}
