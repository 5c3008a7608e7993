import { test } from "node:test";
import assert from "node:assert/strict";
import { makeSystem } from "../../src/core/system.ts";
import { KB_HARTREE_PER_K } from "../../src/core/units.ts";
import { MorsePotential, type MorseBond } from "../../potentials/analytic/morse.ts";
import { waterEquilibriumGeometry } from "../../potentials/analytic/flexible-water.ts";
import { trajectoryFromFrames } from "../../src/trajectory-comparison/trajectory.ts";
import { compareDistributions, kineticTemperatures } from "../../src/trajectory-comparison/distributions.ts";
import { parseInternalCoordinates } from "../../src/trajectory-comparison/internal-coordinates.ts";
import { generateFrames } from "./helpers.ts";

const water = makeSystem(["O", "H", "H"]);
const bonds = (r0: number): MorseBond[] => [
  { i: 0, j: 1, D: 0.2, a: 1.2, r0 },
  { i: 0, j: 2, D: 0.2, a: 1.2, r0 },
  { i: 1, j: 2, D: 0.05, a: 1.0, r0: 2.9 },
];
const cache = new Map<string, ReturnType<typeof generateFrames>>();
const langevin = (r0: number, seed: number) => {
  const key = `${r0}/${seed}`;
  if (!cache.has(key)) cache.set(key, generate(r0, seed));
  return cache.get(key)!;
};
const generate = (r0: number, seed: number) =>
  generateFrames(water, new MorsePotential({ bonds: bonds(r0) }), waterEquilibriumGeometry(), {
    frames: 1500,
    stride: 4,
    dt: 0.25,
    temperature: 300,
    langevinTau: 20,
    seed,
  });

test("a trajectory compared with itself: identical distributions (JS = 0, overlap = 1)", async () => {
  const frames = await langevin(1.8, 1);
  const ref = trajectoryFromFrames(frames, "ref.extxyz");
  const run = trajectoryFromFrames(frames, "run.extxyz");
  const r = compareDistributions(ref, run);
  assert.deepEqual(
    r.distributions.map((d) => d.name),
    ["O0-H1", "O0-H2", "H1-O0-H2", "potential energy", "kinetic temperature"],
  );
  for (const d of r.distributions) {
    assert.equal(d.jensenShannon, 0, d.name);
    assert.ok(Math.abs(d.overlap - 1) < 1e-12, d.name);
    assert.equal(d.referenceMean, d.modelMean);
  }
  assert.deepEqual(r.notes, []);
});

test("Langevin at 300 K: mean kinetic temperature 2K/3N is 300 K; another seed gives nearly the same distributions", async () => {
  const ref = trajectoryFromFrames(await langevin(1.8, 1), "ref.extxyz");
  const T = kineticTemperatures(ref);
  const mean = T.reduce((a, x) => a + x, 0) / T.length / KB_HARTREE_PER_K;
  assert.ok(Math.abs(mean - 300) < 30, `mean T ${mean} K`);
  const other = trajectoryFromFrames(await langevin(1.8, 7), "run.extxyz");
  const r = compareDistributions(ref, other, { nBins: 30 });
  for (const d of r.distributions)
    assert.ok(d.jensenShannon < 0.05 && d.overlap > 0.8, `${d.name}: JS ${d.jensenShannon}`);
  // A model with O-H bonds 0.5 bohr longer: its bond-length distributions barely overlap the reference's.
  const shifted = trajectoryFromFrames(await langevin(2.3, 3), "shifted.extxyz");
  const s = compareDistributions(ref, shifted, {
    coordinates: parseInternalCoordinates(water, "0-1,0-2"),
    nBins: 40,
  });
  for (const d of s.distributions.slice(0, 2)) {
    assert.ok(d.jensenShannon > 0.9 && d.overlap < 0.05, `${d.name}: JS ${d.jensenShannon}`);
    assert.ok(Math.abs(d.modelMean - d.referenceMean - 0.5) < 0.1);
  }
});

test("energy offset is removed before comparing; missing velocities are a note", async () => {
  const frames = await langevin(1.8, 1);
  const shiftedFrames = frames.map((f) => ({
    ...f,
    info: { ...f.info, energy: (f.info.energy as number) + 1000 },
    arrays: { forces: f.arrays.forces },
  }));
  const ref = trajectoryFromFrames(frames, "ref.extxyz");
  const model = trajectoryFromFrames(shiftedFrames, "run.extxyz");
  const offset = model.energy![0] - ref.energy![0];
  const r = compareDistributions(ref, model, { energyOffset: offset });
  const e = r.distributions.find((d) => d.name === "potential energy")!;
  assert.ok(e.jensenShannon < 1e-9, `JS ${e.jensenShannon}`);
  assert.deepEqual(r.notes, ["kinetic temperature: run.extxyz frame 0 has no velocities or momenta"]);
  const raw = compareDistributions(ref, model).distributions.find((d) => d.name === "potential energy")!;
  assert.ok(Math.abs(raw.jensenShannon - 1) < 1e-12);
});

test("bad input: a run of another molecule or atom order", async () => {
  const frames = await langevin(1.8, 1);
  const ref = trajectoryFromFrames(frames.slice(0, 10), "ref.extxyz");
  const reordered = frames.slice(0, 10).map((f) => ({ ...f, symbols: ["H", "O", "H"] }));
  assert.throws(
    () => compareDistributions(ref, trajectoryFromFrames(reordered, "run.extxyz")),
    /run\.extxyz does not match ref\.extxyz: atom 0 \(0-based\) is H there but O in ref\.extxyz \(same formula H2O, different atom order/,
  );
});
