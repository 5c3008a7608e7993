/**
 * `equimd evaluate`: test metrics of a model file on a dataset (MAE and RMSE per property in the data's
 * units) and parity plots (predicted against reference, one PNG per property). The model is evaluated
 * through PainnModel.predict in its own units; frames are converted at the boundary.
 */
import { join } from "node:path";
import { mkdir } from "node:fs/promises";
import { loadModel } from "../../potentials/painn/model-file.ts";
import { layoutOfCounts } from "../../potentials/painn/graph.ts";
import { forceFactor, unitFactor } from "../core/index.ts";
import { renderLineChart, writePng } from "../plot/chart.ts";
import type { DatasetUnits, Label, TrainingFrame } from "./dataset.ts";
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
}

export async function runEvaluation(o: EvaluationOptions): Promise<Partial<Record<Label, ErrorStats>>> {
  const model = await loadModel(o.model, { backend: o.backend });
  let frames: TrainingFrame[] = await loadDataset({ path: o.data, units: o.units });
  if (o.split) frames = (await readSplit(o.split, frames.length)).test.map((i) => frames[i]);
  if (frames.length === 0) throw new Error(`${o.split}: the test split is empty`);
  const u = model.spec.units;
  const fE = unitFactor("energy", u.energy);
  const fL = unitFactor("length", u.length);
  const fF = forceFactor(`${u.energy}/${u.length}`);
  const fMu = unitFactor("dipole", u.dipole);
  const fA = unitFactor("polarizability", u.polarizability);
  const acc = new Map<Label, ErrorAccumulator>();
  const pairs = new Map<Label, { p: number[]; r: number[] }>();
  const add = (l: Label, p: ArrayLike<number>, r: ArrayLike<number>, f: number) => {
    const pa = Array.from(p, (x) => x * f);
    if (!acc.has(l)) acc.set(l, new ErrorAccumulator());
    acc.get(l)!.addDifferences(pa, r);
    const e = pairs.get(l) ?? { p: [], r: [] };
    const uf = userUnitFactor(l, o.units);
    pa.forEach((x, i) => {
      e.p.push(x / uf);
      e.r.push(r[i] / uf);
    });
    pairs.set(l, e);
  };
  const bs = o.batchSize ?? 32;
  for (let s = 0; s < frames.length; s += bs) {
    const part = frames.slice(s, s + bs);
    const layout = layoutOfCounts(part.map((f) => f.numbers.length));
    const numbers = Int32Array.from(part.flatMap((f) => [...f.numbers]));
    const positions = Float64Array.from(
      part.flatMap((f) => [...f.positions]),
      (x) => x / fL,
    );
    const pred = await model.predict(
      { layout, numbers, positions },
      {
        forces: true,
        dipole: model.hasDipole && part.some((f) => f.dipole),
        polarizability: model.hasPolarizability && part.some((f) => f.polarizability),
      },
    );
    part.forEach((f, c) => {
      const a0 = layout.start[c];
      const n = f.numbers.length;
      if (f.energy !== undefined) add("energy", [pred.energy[c]], [f.energy], fE);
      if (f.forces && pred.forces) add("forces", pred.forces.subarray(3 * a0, 3 * (a0 + n)), f.forces, fF);
      if (f.dipole && pred.dipole) add("dipole", pred.dipole.subarray(3 * c, 3 * c + 3), f.dipole, fMu);
      if (f.polarizability && pred.polarizability) {
        add("polarizability", pred.polarizability.subarray(9 * c, 9 * c + 9), f.polarizability, fA);
      }
    });
  }
  const metrics: Partial<Record<Label, ErrorStats>> = {};
  for (const [l, a] of acc) metrics[l] = scaleStats(a.stats(), 1 / userUnitFactor(l, o.units));
  for (const line of formatMetrics(metrics, o.units)) console.log(line);
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
  model.dispose();
  return metrics;
}
