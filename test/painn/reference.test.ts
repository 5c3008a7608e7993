/**
 * The schnetpack reference vectors: both models, every case, every output, within 1e-4 of the largest
 * magnitude (float32), through the schnetpack import and through a model-file round trip (.json.gz).
 * The F = 128 model runs on wasm; the small tensor-heads model also on the cpu backend (the oracle).
 */
import { test } from "node:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useBackend } from "../../potentials/tf/backend.ts";
import { modelFromData, readModelFile, writeModelFile } from "../../potentials/message-passing/model-file.ts";
import type { PainnModel } from "../../potentials/message-passing/model.ts";
import {
  assertClose,
  ETHANOL,
  ETHANOL_OFFSET_PER_ATOM,
  importReference,
  readCases,
  single,
  TENSOR_HEADS,
} from "./helpers.ts";

const TOL = 1e-4;

async function checkCases(model: PainnModel, stem: string, label: string): Promise<void> {
  for (const c of readCases(stem)) {
    const p = await model.predict(single(c.numbers, c.positions.flat()), {
      dipole: model.hasDipole,
      polarizability: model.hasPolarizability,
    });
    const offset = stem === ETHANOL ? ETHANOL_OFFSET_PER_ATOM * c.numbers.length : 0;
    const where = `${label} ${stem} ${c.name}`;
    // Energy: 1e-4 relative to its magnitude (at least 1 unit: the equilibrium energies are near 0).
    assertClose(
      [p.energy[0] - offset],
      [c.energy],
      TOL * Math.max(1, 1 / Math.abs(c.energy)),
      `${where} energy`,
    );
    assertClose(p.forces!, c.forces.flat(), TOL, `${where} forces`);
    if (c.dipole_moment) assertClose(p.dipole!, c.dipole_moment, TOL, `${where} dipole`);
    if (c.polarizability)
      assertClose(p.polarizability!, c.polarizability.flat(), TOL, `${where} polarizability`);
    if (c.partial_charges) assertClose(p.charges!, c.partial_charges.flat(), TOL, `${where} charges`);
  }
}

const dir = mkdtempSync(join(tmpdir(), "equimd-painn-"));

for (const [stem, backends] of [
  [TENSOR_HEADS, ["wasm", "cpu"]],
  [ETHANOL, ["wasm"]],
] as const) {
  for (const backend of backends) {
    test(`${stem} on ${backend}: imported model reproduces every reference case`, async () => {
      await useBackend(backend);
      const model = modelFromData(await importReference(stem));
      try {
        await checkCases(model, stem, `${backend} import`);
      } finally {
        model.dispose();
      }
    });
  }
  test(`${stem}: model-file round trip (.json.gz) reproduces every reference case`, async () => {
    await useBackend("wasm");
    const path = join(dir, `${stem}.json.gz`);
    await writeModelFile(path, await importReference(stem));
    const model = modelFromData(await readModelFile(path));
    try {
      await checkCases(model, stem, "round trip");
    } finally {
      model.dispose();
    }
  });
}
