/**
 * A tiny labelled batch and model for the fast-training tests: 4 distorted waters (energy, forces,
 * dipole, a smooth polarizability label), one of them without a dipole label and one without a
 * polarizability (masks), and a PaiNN with F = 8, T = 2 and every head.
 */
import { createModel } from "../../potentials/message-passing/training/initialise.ts";
import type { PainnModel } from "../../potentials/message-passing/model.ts";
import type { LabelledBatch } from "../../potentials/message-passing/training/batch.ts";
import type { LossOptions } from "../../potentials/message-passing/training/loss.ts";
import { packBatch } from "../../src/training/batching.ts";
import type { TrainingFrame } from "../../src/training/dataset.ts";
import { fitNormalisation, type Normalisation } from "../../src/training/normalisation.ts";
import { ATOMIC_UNITS, smallArchitecture, waterFrames } from "../training/water-data.ts";

export interface Fixture {
  model: PainnModel;
  batch: LabelledBatch;
  loss: LossOptions;
  frames: TrainingFrame[];
  norm: Normalisation;
}

export async function fixture(options: { missing?: boolean; F?: number } = {}): Promise<Fixture> {
  const frames = await waterFrames(4, 11, 0.15);
  for (const f of frames) {
    const r = [0, 1, 2].map((k) => f.positions[3 + k] - f.positions[6 + k]);
    f.polarizability = Float64Array.from(
      { length: 9 },
      (_, k) => (k % 4 === 0 ? 5 : 0) + r[Math.floor(k / 3)] * r[k % 3],
    );
  }
  if (options.missing) {
    delete frames[1].dipole;
    delete frames[2].polarizability;
    delete frames[3].forces;
    delete frames[0].energy;
  }
  const norm = fitNormalisation(frames);
  const F = options.F ?? 8;
  const model = createModel({
    name: "fast-training test",
    architecture: smallArchitecture(F, 2, { dipole: true, polarizability: true }),
    units: ATOMIC_UNITS,
    elements: norm.elements,
    referenceEnergies: new Map(),
    scale: norm.scale,
    seed: 5,
  });
  return {
    frames,
    norm,
    model,
    batch: packBatch(frames, norm),
    loss: {
      weights: { energy: 1, forces: 10, dipole: 2, polarizability: 3 },
      scales: { energy: norm.scale, forces: norm.scale, dipole: 0.5, polarizability: 2 },
    },
  };
}
