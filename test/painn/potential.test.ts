/**
 * PainnPotential: atomic units at the boundary (converted from the model's units), all beads in one
 * batched call, the properties it provides.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { useBackend } from "../../potentials/tf/backend.ts";
import { modelFromData } from "../../potentials/message-passing/model-file.ts";
import { PainnPotential } from "../../potentials/message-passing/message-passing-potential.ts";
import { makeSystem } from "../../src/core/system.ts";
import { BOHR_IN_ANGSTROM, HARTREE_IN_EV } from "../../src/core/units.ts";
import { assertClose, batch, importReference, readCases, TENSOR_HEADS } from "./helpers.ts";

let potential: PainnPotential;
before(async () => {
  await useBackend("wasm");
  potential = new PainnPotential(modelFromData(await importReference(TENSOR_HEADS)));
});
after(() => potential.dispose());

test("provides energy, forces, dipole, polarizability; cutoff in bohr", () => {
  assert.deepEqual([...potential.provides], ["energy", "forces", "dipole", "polarizability"]);
  assert.ok(Math.abs(potential.cutoff - 5 / BOHR_IN_ANGSTROM) < 1e-12);
});

test("two beads in one call equal the model's outputs converted to atomic units", async () => {
  const cases = readCases(TENSOR_HEADS).filter((c) => c.name.startsWith("ethanol_perturbed"));
  const system = makeSystem(cases[0].numbers);
  const xAngstrom = cases.flatMap((c) => c.positions.flat());
  const x = Float64Array.from(xAngstrom, (v) => v / BOHR_IN_ANGSTROM);
  const out = await potential.compute(system, x, 2, ["dipole", "polarizability"]);
  const ref = await potential.model.predict(
    {
      ...batch(cases.map((c) => ({ numbers: c.numbers, positions: c.positions.flat() }))),
      masses: undefined,
    },
    { dipole: true, polarizability: true },
  );
  assertClose(
    out.energy,
    Array.from(ref.energy, (e) => e / HARTREE_IN_EV),
    1e-6,
    "energy (hartree)",
  );
  assertClose(
    out.forces,
    Array.from(ref.forces!, (f) => (f / HARTREE_IN_EV) * BOHR_IN_ANGSTROM),
    1e-5,
    "forces",
  );
  assertClose(
    out.dipole!,
    Array.from(ref.dipole!, (d) => d / BOHR_IN_ANGSTROM),
    1e-5,
    "dipole (e·bohr)",
  );
  assertClose(
    out.polarizability!,
    Array.from(ref.polarizability!, (a) => a / BOHR_IN_ANGSTROM ** 3),
    1e-5,
    "polarizability (bohr³)",
  );
  // And against the schnetpack reference directly (these cases are centred on the centre of mass).
  assertClose(out.energy.subarray(0, 1), [cases[0].energy / HARTREE_IN_EV], 1e-5, "reference energy");
});

test("properties not asked for are not returned", async () => {
  const c = readCases(TENSOR_HEADS)[1];
  const out = await potential.compute(
    makeSystem(c.numbers),
    Float64Array.from(c.positions.flat(), (v) => v / BOHR_IN_ANGSTROM),
    1,
    [],
  );
  assert.equal(out.dipole, undefined);
  assert.equal(out.polarizability, undefined);
  assert.equal(out.forces.length, 9);
});
