import { test } from "node:test";
import assert from "node:assert/strict";
import { makeSystem } from "../../src/core/system.ts";
import { MorsePotential, type MorseBond } from "../../potentials/analytic/morse.ts";
import { FlexibleWater, waterEquilibriumGeometry } from "../../potentials/analytic/flexible-water.ts";
import { HarmonicBonds } from "../../potentials/analytic/harmonic.ts";
import { trajectoryFromFrames } from "../../src/trajectory-comparison/trajectory.ts";
import { errorsAlongReference } from "../../src/trajectory-comparison/errors-along-reference.ts";
import { generateFrames, ScaledPotential, WithPolarizability } from "./helpers.ts";

const water = makeSystem(["O", "H", "H"]);
const morseBonds = (D: number): MorseBond[] => [
  { i: 0, j: 1, D, a: 1.2, r0: 1.8 },
  { i: 0, j: 2, D, a: 1.2, r0: 1.8 },
];

test("a model compared with the trajectory it generated has zero errors", async () => {
  const potential = new FlexibleWater();
  const frames = await generateFrames(water, potential, waterEquilibriumGeometry(), {
    frames: 40,
    want: ["dipole"],
  });
  const reference = trajectoryFromFrames(frames, "water.extxyz");
  const r = await errorsAlongReference(reference, potential, { batchSize: 7 });
  assert.equal(r.nFrames, 40);
  assert.ok(r.energy && r.forces && r.dipole && !r.polarizability);
  // The extxyz round trip is exact in file units; eV ↔ hartree conversions cost a few ulp.
  assert.ok(r.energy.raw.max < 1e-14, `energy ${r.energy.raw.max}`);
  assert.ok(r.forces.total.max < 1e-14, `forces ${r.forces.total.max}`);
  assert.ok(r.dipole.total.max < 1e-14, `dipole ${r.dipole.total.max}`);
  assert.deepEqual(Object.keys(r.forces.perElement).sort(), ["H", "O"]);
  assert.equal(r.forces.perElement.H.count, 40 * 6);
});

test("a Morse model with D scaled by 1.1 has errors 0.1·E and 0.1·F, computed from the reference alone", async () => {
  const truth = new MorsePotential({ bonds: morseBonds(0.2) });
  const model = new MorsePotential({ bonds: morseBonds(0.22) });
  const frames = await generateFrames(water, truth, waterEquilibriumGeometry(), {
    frames: 30,
    temperature: 600,
  });
  const reference = trajectoryFromFrames(frames, "morse.extxyz", { every: 2 });
  assert.deepEqual([...reference.frameNumbers.slice(0, 3)], [0, 2, 4]);
  const r = await errorsAlongReference(reference, model, { worst: 3 });
  const E = reference.energy!;
  const F = reference.forces!;
  const close = (a: number, b: number, what: string) =>
    assert.ok(Math.abs(a - b) <= 1e-10 * Math.abs(b) + 1e-16, `${what}: ${a} vs ${b}`);
  const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((s, x) => s + x, 0) / xs.length;
  close(r.energy!.raw.mae, 0.1 * mean(E.map(Math.abs)), "energy MAE");
  close(r.energy!.offset, 0.1 * mean(E), "energy offset");
  const eMean = mean(E);
  close(r.energy!.offsetRemoved.rmse, 0.1 * Math.sqrt(mean(E.map((e) => (e - eMean) ** 2))), "centred RMSE");
  close(r.energy!.perAtom.mae, (0.1 * mean(E.map(Math.abs))) / 3, "energy MAE per atom");
  close(r.forces!.total.mae, 0.1 * mean(F.map(Math.abs)), "force MAE");
  close(r.forces!.total.rmse, 0.1 * Math.sqrt(mean(F.map((f) => f * f))), "force RMSE");
  close(r.forces!.total.max, 0.1 * Math.max(...F.map(Math.abs)), "force max");
  // Per element: the O components are the first three of each frame.
  const fO = Array.from(F).filter((_, k) => k % 9 < 3);
  close(r.forces!.perElement.O.mae, 0.1 * mean(fO.map(Math.abs)), "O force MAE");
  // The worst frames are those with the largest reference forces, largest first.
  assert.equal(r.rankedBy, "force RMSE");
  assert.equal(r.worst.length, 3);
  const frameRms = (f: number) => Math.sqrt(mean(F.subarray(9 * f, 9 * f + 9).map((x) => x * x)));
  const order = Array.from({ length: reference.nFrames }, (_, f) => f).sort(
    (a, b) => frameRms(b) - frameRms(a),
  );
  assert.deepEqual(
    r.worst.map((w) => w.frame),
    order.slice(0, 3).map((f) => 2 * f),
  );
  close(r.worst[0].forceRmse!, 0.1 * frameRms(order[0]), "worst frame RMSE");
});

test("a constant energy offset is removed exactly; a scaled dipole gives (s − 1)·μ errors", async () => {
  const truth = new FlexibleWater();
  const frames = await generateFrames(water, truth, waterEquilibriumGeometry(), {
    frames: 20,
    want: ["dipole"],
  });
  const reference = trajectoryFromFrames(frames, "water.extxyz");
  const model = new ScaledPotential(truth, { shift: -76.4, dipole: 1.05 });
  const r = await errorsAlongReference(reference, model);
  assert.ok(Math.abs(r.energy!.raw.mae - 76.4) < 1e-10);
  assert.ok(Math.abs(r.energy!.offset + 76.4) < 1e-10);
  assert.ok(r.energy!.offsetRemoved.max < 1e-10);
  assert.ok(r.forces!.total.max < 1e-14);
  const mu = reference.dipole!;
  const expected = Array.from(mu).reduce((s, m) => s + Math.abs(0.05 * m), 0) / mu.length;
  assert.ok(Math.abs(r.dipole!.total.mae - expected) < 1e-12 * expected);
});

test("bad input: property missing from the reference, or not provided by the model", async () => {
  const truth = new MorsePotential({ bonds: morseBonds(0.2) });
  const frames = await generateFrames(water, truth, waterEquilibriumGeometry(), { frames: 5 });
  // Frame 3 lost its forces.
  delete frames[3].arrays.forces;
  const reference = trajectoryFromFrames(frames, "ref.extxyz");
  await assert.rejects(
    errorsAlongReference(reference, truth, { properties: ["forces"] }),
    /ref\.extxyz: frame 3 has no forces \(per-atom column 'forces'\), needed for force errors/,
  );
  await assert.rejects(
    errorsAlongReference(reference, truth, { properties: ["dipole"] }),
    /model 'morse' does not provide dipole/,
  );
  await assert.rejects(
    errorsAlongReference(reference, new FlexibleWater(), { properties: ["dipole"] }),
    /ref\.extxyz: frame 0 has no dipole \(info key 'dipole' \(3 numbers\)\), needed for dipole errors/,
  );
  // Without an explicit list, only what both sides have is compared: here the energy.
  const r = await errorsAlongReference(reference, truth);
  assert.ok(r.energy && !r.forces && !r.dipole);
  assert.equal(r.rankedBy, "energy error");
  // A harmonic-bond model on a reference with no labels at all: nothing to compare.
  frames.forEach((f) => delete f.info.energy);
  const bare = trajectoryFromFrames(frames, "bare.extxyz");
  await assert.rejects(
    errorsAlongReference(bare, new HarmonicBonds({ bonds: [{ i: 0, j: 1, k: 0.5, r0: 1.8 }] })),
    /bare\.extxyz: the frames carry none of energy, forces/,
  );
});

test("polarizability errors: coefficients scaled by 1.2 give 0.2·α_ref in every component", async () => {
  const truth = new WithPolarizability(new FlexibleWater(), [2, 0.5, 0.5]);
  const frames = await generateFrames(water, truth, waterEquilibriumGeometry(), {
    frames: 12,
    want: ["dipole", "polarizability"],
  });
  const reference = trajectoryFromFrames(frames, "alpha.extxyz");
  const alpha = reference.polarizability!;
  assert.equal(alpha.length, 12 * 9);
  const self = await errorsAlongReference(reference, truth);
  assert.ok(self.polarizability!.total.max < 1e-12);
  const model = new WithPolarizability(new FlexibleWater(), [2.4, 0.6, 0.6]);
  const r = await errorsAlongReference(reference, model, { properties: ["polarizability"] });
  assert.ok(!r.energy && !r.forces && r.polarizability);
  assert.equal(r.rankedBy, "polarizability RMSE");
  const expectedMae = Array.from(alpha).reduce((s, a) => s + Math.abs(0.2 * a), 0) / alpha.length;
  assert.ok(Math.abs(r.polarizability!.total.mae - expectedMae) < 1e-10 * expectedMae);
  const f0 = Math.sqrt(alpha.subarray(0, 9).reduce((s, a) => s + (0.2 * a) ** 2, 0) / 9);
  assert.ok(Math.abs(r.polarizability!.frameRmse[0] - f0) < 1e-10 * f0);
});
