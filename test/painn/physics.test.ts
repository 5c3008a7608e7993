/**
 * Physical properties of the PaiNN implementation (tensor-heads model: energy, forces, dipole,
 * polarizability; wasm): invariance and equivariance under a random rotation with reflection, translation
 * invariance, zero net force, forces = −finite differences of E, batched = one by one, and an energy that
 * is continuous as an atom crosses the cutoff.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { useBackend } from "../../potentials/tf/backend.ts";
import { modelFromData } from "../../potentials/message-passing/model-file.ts";
import type { PainnModel, Prediction } from "../../potentials/message-passing/model.ts";
import {
  assertClose,
  batch,
  importReference,
  maxAbs,
  randomRotoreflection,
  readCases,
  rotateTensor,
  rotateVectors,
  single,
  TENSOR_HEADS,
} from "./helpers.ts";

let model: PainnModel;
const cases = readCases(TENSOR_HEADS);
const ethanol = cases.find((c) => c.name === "ethanol_perturbed_com_0")!;
const water = cases.find((c) => c.name === "water_com")!;
const all = { dipole: true, polarizability: true };

before(async () => {
  await useBackend("wasm");
  model = modelFromData(await importReference(TENSOR_HEADS));
});
after(() => model.dispose());

const predictAt = (numbers: number[], positions: ArrayLike<number>): Promise<Prediction> =>
  model.predict(single(numbers, positions), all);

test("rotation with reflection: E invariant, F and μ rotate, α → QαQᵀ, charges invariant", async () => {
  const x = ethanol.positions.flat();
  const ref = await predictAt(ethanol.numbers, x);
  for (const seed of [1, 2]) {
    const q = randomRotoreflection(seed);
    const p = await predictAt(ethanol.numbers, rotateVectors(q, x));
    assertClose(p.energy, ref.energy, 2e-6, "energy");
    assertClose(p.forces!, rotateVectors(q, ref.forces!), 1e-5, "forces");
    assertClose(p.dipole!, rotateVectors(q, ref.dipole!), 1e-5, "dipole");
    assertClose(p.polarizability!, rotateTensor(q, ref.polarizability!), 1e-5, "polarizability");
    assertClose(p.charges!, ref.charges!, 1e-5, "charges");
  }
});

test("translation leaves every output unchanged (polarizability on centre-of-mass coordinates)", async () => {
  const x = ethanol.positions.flat();
  const ref = await predictAt(ethanol.numbers, x);
  const shifted = x.map((v, i) => v + [3.7, -12.1, 25.3][i % 3]);
  const p = await predictAt(ethanol.numbers, shifted);
  assertClose(p.energy, ref.energy, 2e-6, "energy");
  assertClose(p.forces!, ref.forces!, 1e-5, "forces");
  assertClose(p.dipole!, ref.dipole!, 1e-5, "dipole");
  assertClose(p.polarizability!, ref.polarizability!, 1e-5, "polarizability");
});

test("net force vanishes", async () => {
  const p = await predictAt(ethanol.numbers, ethanol.positions.flat());
  const f = p.forces!;
  for (let k = 0; k < 3; k++) {
    let sum = 0;
    for (let a = 0; a < ethanol.numbers.length; a++) sum += f[3 * a + k];
    assert.ok(Math.abs(sum) < 1e-5 * maxAbs(f) * ethanol.numbers.length, `Σ F_${"xyz"[k]} = ${sum}`);
  }
});

test("forces equal central finite differences of the energy", async () => {
  // float32 energies (~20, round-off ~2e-6) with h = 2e-3 Å: FD error ~1e-3 absolute, forces ~10–30.
  const x = ethanol.positions.flat();
  const p = await predictAt(ethanol.numbers, x);
  const h = 2e-3;
  const scale = maxAbs(p.forces!);
  for (let i = 0; i < x.length; i++) {
    const plus = x.slice();
    const minus = x.slice();
    plus[i] += h;
    minus[i] -= h;
    const ep = (await model.predict(single(ethanol.numbers, plus), { forces: false })).energy[0];
    const em = (await model.predict(single(ethanol.numbers, minus), { forces: false })).energy[0];
    const fd = -(ep - em) / (2 * h);
    assert.ok(Math.abs(fd - p.forces![i]) < 2e-3 * scale, `F[${i}] = ${p.forces![i]}, −dE/dx (FD) = ${fd}`);
  }
});

test("a batch of different molecules and configurations equals one-by-one evaluation", async () => {
  const configs = [ethanol, water, cases[0], cases[2]].map((c) => ({
    numbers: c.numbers,
    positions: c.positions.flat(),
  }));
  const b = await model.predict(batch(configs), all);
  let atom = 0;
  for (const [k, c] of configs.entries()) {
    const one = await model.predict(single(c.numbers, c.positions), all);
    const n = c.numbers.length;
    assertClose([b.energy[k]], one.energy, 2e-6, `energy ${k}`);
    assertClose(b.forces!.slice(3 * atom, 3 * (atom + n)), one.forces!, 1e-5, `forces ${k}`);
    assertClose(b.dipole!.slice(3 * k, 3 * k + 3), one.dipole!, 1e-5, `dipole ${k}`);
    assertClose(b.polarizability!.slice(9 * k, 9 * k + 9), one.polarizability!, 1e-5, `polarizability ${k}`);
    assertClose(b.charges!.slice(atom, atom + n), one.charges!, 1e-5, `charges ${k}`);
    atom += n;
  }
});

test("energy is continuous as an atom crosses the cutoff, and pairs beyond it are dropped", async () => {
  // Water plus a lone H atom on the far side of the O, moved along +z (away from the H atoms) through d(O–H) = r_c.
  const rc = model.cutoff;
  const w = water.positions.flat();
  const numbers = [...water.numbers, 1];
  const at = (d: number): number[] => [...w, w[0], w[1], w[2] + d];
  const energy = async (d: number): Promise<number> =>
    (await model.predict(single(numbers, at(d)), { forces: false })).energy[0];
  const eWater = (await model.predict(single(water.numbers, w), { forces: false })).energy[0];
  const eH = (await model.predict(single([1], [0, 0, 0]), { forces: false })).energy[0];
  // Beyond the cutoff: exactly the sum of the parts (the O–H pair is dropped; others are farther).
  assert.ok(Math.abs((await energy(rc + 1e-3)) - (eWater + eH)) < 1e-5, "E beyond r_c = E(water) + E(H)");
  // Just inside: the cosine cutoff makes the change tiny (∝ δ²), and it shrinks as δ → 0.
  const far = eWater + eH;
  const d1 = Math.abs((await energy(rc - 0.2)) - far);
  const d2 = Math.abs((await energy(rc - 0.02)) - far);
  assert.ok(d1 > 1e-5, `the pair interacts inside r_c (ΔE = ${d1})`);
  assert.ok(d2 < d1 / 20, `ΔE shrinks faster than linearly towards r_c (${d2} vs ${d1})`);
  assert.ok(d2 < 1e-3, `energy jump at r_c: ${d2}`);
});
