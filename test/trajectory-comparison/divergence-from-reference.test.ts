import { test } from "node:test";
import assert from "node:assert/strict";
import { makeSystem } from "../../src/core/system.ts";
import { fs } from "../../src/core/units.ts";
import { MorsePotential, type MorseBond } from "../../potentials/analytic/morse.ts";
import { HarmonicBonds } from "../../potentials/analytic/harmonic.ts";
import { waterEquilibriumGeometry } from "../../potentials/analytic/flexible-water.ts";
import { trajectoryFromFrames } from "../../src/trajectory-comparison/trajectory.ts";
import {
  crossing,
  divergenceFromReference,
} from "../../src/trajectory-comparison/divergence-from-reference.ts";
import { generateFrames } from "./helpers.ts";

const water = makeSystem(["O", "H", "H"]);
// Morse O-H bonds and a weak H-H bond (keeps the angle from flopping).
const bonds = (D: number): MorseBond[] => [
  { i: 0, j: 1, D, a: 1.2, r0: 1.8 },
  { i: 0, j: 2, D, a: 1.2, r0: 1.8 },
  { i: 1, j: 2, D: 0.05, a: 1.0, r0: 2.9 },
];

async function reference(options: { velocities?: boolean } = {}) {
  const frames = await generateFrames(
    water,
    new MorsePotential({ bonds: bonds(0.2) }),
    waterEquilibriumGeometry(),
    {
      frames: 40,
      stride: 4,
      dt: 0.25,
      temperature: 500,
      ...options,
    },
  );
  return { frames, trajectory: trajectoryFromFrames(frames, "ref.extxyz") };
}

test("the model that generated the reference does not diverge from it (NVE, same time step)", async () => {
  const { trajectory } = await reference();
  const r = await divergenceFromReference(trajectory, new MorsePotential({ bonds: bonds(0.2) }), {
    starts: 3,
    frames: 20,
  });
  assert.deepEqual(r.startFrames, [0, 10, 19]);
  assert.equal(r.stepsPerFrame, 4);
  assert.ok(Math.abs(r.timeStep - fs(0.25)) < 1e-9);
  assert.ok(Math.abs(r.time[20] - 20 * fs(1)) < 1e-9);
  const worst = Math.max(...r.rmsd.flatMap((x) => Array.from(x)));
  assert.ok(worst < 1e-10, `largest RMSD ${worst} bohr`);
  assert.equal(r.crossingTime, undefined);
});

test("a perturbed model separates: RMSD grows from 0 and crosses a threshold; rotation of the reference changes nothing", async () => {
  const { frames, trajectory } = await reference();
  const model = new MorsePotential({ bonds: bonds(0.26) });
  const r = await divergenceFromReference(trajectory, model, { starts: 4, frames: 30, threshold: 0.01 });
  assert.ok(r.mean[0] < 1e-12);
  assert.ok(r.mean[30] > 0.01, `final mean RMSD ${r.mean[30]}`);
  assert.ok(r.mean[5] > 0 && r.mean[5] < r.mean[30]);
  assert.ok(r.crossingTime !== undefined && r.crossingTime > 0 && r.crossingTime < r.time[30]);
  // Rotate and translate every reference frame (positions and velocities): the model is rotation
  // invariant and the RMSD is measured after superposition, so the curves stay the same.
  const [c, s] = [Math.cos(0.7), Math.sin(0.7)];
  const rotate = (v: Float64Array, shift: number) =>
    v.map((x, i) => {
      const base = i - (i % 3);
      const [vx, vy, vz] = [v[base], v[base + 1], v[base + 2]];
      return [c * vx - s * vz, vy, s * vx + c * vz][i % 3] + shift;
    });
  const rotated = frames.map((f) => ({
    ...f,
    positions: rotate(f.positions, 3.5),
    arrays: { ...f.arrays, velocities: rotate(f.arrays.velocities as Float64Array, 0) },
  }));
  const r2 = await divergenceFromReference(trajectoryFromFrames(rotated, "rotated.extxyz"), model, {
    starts: 4,
    frames: 30,
  });
  r2.mean.forEach((m, j) => assert.ok(Math.abs(m - r.mean[j]) < 1e-9, `frame ${j}: ${m} vs ${r.mean[j]}`));
  // Mass weighting changes the numbers but not the start.
  const rw = await divergenceFromReference(trajectory, model, { starts: 2, frames: 10, massWeighted: true });
  assert.ok(rw.mean[0] < 1e-12 && rw.mean[10] > 0 && rw.massWeighted);
});

test("bad input: missing velocities, missing step, too few frames, uneven spacing", async () => {
  const model = new HarmonicBonds({ bonds: [{ i: 0, j: 1, k: 0.3, r0: 1.8 }] });
  const { trajectory: noVelocities } = await reference({ velocities: false });
  await assert.rejects(
    divergenceFromReference(noVelocities, model),
    /ref\.extxyz: frame 0 has no momenta \(per-atom column 'momenta' or 'velocities'\), needed for the divergence test/,
  );
  const { frames, trajectory } = await reference();
  await assert.rejects(
    divergenceFromReference(trajectory, model, { frames: 40 }),
    /40 frames read; following 40 frames after a start needs at least 41/,
  );
  await assert.rejects(
    divergenceFromReference(trajectory, model, { timeStep: fs(0.3) }),
    /frames are 1\.00000 fs apart, not a whole number of time steps of 0\.300000 fs/,
  );
  const noStep = frames.map((f) => ({ ...f, info: { ...f.info } }));
  noStep.forEach((f) => delete f.info.step);
  const t = trajectoryFromFrames(noStep, "nostep.extxyz");
  await assert.rejects(
    divergenceFromReference(t, model),
    /nostep\.extxyz: the frames carry no 'step'.*give it \(--dt in fs\)/,
  );
  const ok = await divergenceFromReference(t, model, { timeStep: fs(0.5), starts: 1, frames: 2 });
  assert.equal(ok.stepsPerFrame, 2);
  const uneven = trajectoryFromFrames(frames, "uneven.extxyz", { every: 1 });
  uneven.time![5] += 1;
  await assert.rejects(
    divergenceFromReference(uneven, model, { starts: 1 }),
    /frames 4 and 5 are .* apart.*equally spaced/,
  );
});

test("threshold crossing is interpolated linearly", () => {
  assert.equal(crossing([0, 1, 2, 3], [0, 0.1, 0.3, 0.5], 0.2), 1.5);
  assert.equal(crossing([0, 1], [0, 0.1], 0.2), undefined);
});
