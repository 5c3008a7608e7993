/**
 * FastPainnPotential at the Potential boundary (atomic units) against the tfjs PainnPotential, and the path
 * choice: "auto" takes the fast path for a supported model, falls back to tfjs with a reason otherwise;
 * "fast" on an unsupported model is a clear error.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { choosePainnPotential } from "../../potentials/fast/choose-potential.ts";
import { FastPainnPotential } from "../../potentials/fast/fast-painn-potential.ts";
import { PainnPotential } from "../../potentials/message-passing/message-passing-potential.ts";
import { modelFromData, type ModelFileData } from "../../potentials/message-passing/model-file.ts";
import { useBackend } from "../../potentials/tf/backend.ts";
import { makeSystem } from "../../src/core/system.ts";
import { unitFactor } from "../../src/core/units.ts";
import { assertClose, importReference, readCases, TENSOR_HEADS } from "../painn/helpers.ts";

test("FastPainnPotential equals the tfjs PainnPotential in atomic units (3 beads, all properties)", async () => {
  const data = await importReference(TENSOR_HEADS);
  const c = readCases(TENSOR_HEADS)[0];
  const system = makeSystem(c.numbers);
  const bohrPerAngstrom = unitFactor("length", "angstrom");
  const one = c.positions.flat().map((x) => x * bohrPerAngstrom);
  const positions = Float64Array.from(
    [0, 1, 2].flatMap((b) => one.map((x, k) => x + 0.02 * Math.sin(b + k))),
  );
  const want = ["energy", "forces", "dipole", "polarizability"] as const;
  await useBackend("cpu");
  const slow = new PainnPotential(modelFromData(data));
  const fast = new FastPainnPotential(data);
  try {
    assert.deepEqual(fast.provides, slow.provides);
    assert.ok(Math.abs(fast.cutoff - slow.cutoff) < 1e-12);
    const a = await fast.compute(system, positions, 3, want);
    const b = await slow.compute(system, positions, 3, want);
    assertClose(a.energy, b.energy, 1e-5, "energy");
    assertClose(a.forces, b.forces, 1e-4, "forces"); // tfjs float32 autodiff: ~1e-5 relative
    assertClose(a.dipole!, b.dipole!, 1e-4, "dipole");
    assertClose(a.polarizability!, b.polarizability!, 1e-4, "polarizability");
  } finally {
    await fast.dispose();
    slow.dispose();
  }
});

test("path choice: fast when supported, tfjs with a reason otherwise, an error when fast is forced", async () => {
  const data = await importReference(TENSOR_HEADS);
  const auto = await choosePainnPotential(data);
  assert.equal(auto.path, "fast");
  assert.equal(auto.reason, undefined);
  await auto.potential.dispose();

  const future = { ...data, version: 2 } as unknown as ModelFileData;
  const fallback = await choosePainnPotential(future, { backend: "cpu" });
  assert.equal(fallback.path, "tfjs");
  assert.match(fallback.reason ?? "", /version 2/);
  assert.ok(fallback.potential instanceof PainnPotential);
  await fallback.potential.dispose();

  await assert.rejects(choosePainnPotential(future, { path: "fast" }), /cannot|does not support.*version 2/);
});
