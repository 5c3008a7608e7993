/**
 * The fast path against schnetpack's reference vectors: both models, every case, every output (energy,
 * forces, dipole, polarizability, charges). float32 within 1e-5 of the largest magnitude of each output
 * (energies: of the energy itself, at least 1 unit), float64 within 1e-6 (the reference cases themselves
 * carry about 1e-8 relative round-off).
 */
import { test } from "node:test";
import { FastPainnModel } from "../../potentials/fast/fast-painn-model.ts";
import type { FloatType } from "../../potentials/fast/onnx-graph.ts";
import {
  assertClose,
  ETHANOL,
  ETHANOL_OFFSET_PER_ATOM,
  importReference,
  readCases,
  single,
  TENSOR_HEADS,
} from "../painn/helpers.ts";

const TOLERANCE: Record<FloatType, number> = { float32: 1e-5, float64: 1e-6 };

for (const stem of [TENSOR_HEADS, ETHANOL]) {
  for (const floatType of ["float32", "float64"] as const) {
    test(`fast path, ${floatType}: ${stem} reproduces every reference case`, async () => {
      const model = new FastPainnModel(await importReference(stem), { floatType });
      const tol = TOLERANCE[floatType];
      try {
        for (const c of readCases(stem)) {
          const p = await model.predict(single(c.numbers, c.positions.flat()), {
            dipole: model.hasDipole,
            polarizability: model.hasPolarizability,
          });
          const where = `${floatType} ${stem} ${c.name}`;
          const offset = stem === ETHANOL ? ETHANOL_OFFSET_PER_ATOM * c.numbers.length : 0;
          const eTol = tol * Math.max(1, 1 / Math.abs(c.energy));
          assertClose([p.energy[0] - offset], [c.energy], eTol, `${where} energy`);
          assertClose(p.forces!, c.forces.flat(), tol, `${where} forces`);
          if (c.dipole_moment) assertClose(p.dipole!, c.dipole_moment, tol, `${where} dipole`);
          if (c.polarizability)
            assertClose(p.polarizability!, c.polarizability.flat(), tol, `${where} polarizability`);
          if (c.partial_charges) assertClose(p.charges!, c.partial_charges.flat(), tol, `${where} charges`);
        }
      } finally {
        await model.dispose();
      }
    });
  }
}
