/**
 * Physical properties of the ENINet interaction blocks (small random-weight models with energy, dipole and
 * polarizability heads; wasm): E invariant and F, μ, α equivariant under a rotation with reflection,
 * translation invariance, forces = −finite differences of E, and a batch of different molecules equal to
 * one-by-one evaluation. Both ENINet variants are checked.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { useBackend } from "../../potentials/tf/backend.ts";
import type { InteractionType } from "../../potentials/painn/architecture.ts";
import type { PainnModel, Prediction } from "../../potentials/message-passing/model.ts";
import {
  assertClose,
  batch,
  ETHANOL,
  maxAbs,
  randomRotoreflection,
  readCases,
  rotateTensor,
  rotateVectors,
  single,
} from "../painn/helpers.ts";
import { smallArchitecture, smallModel } from "./helpers.ts";

const variants: InteractionType[] = ["eninet_two_body", "eninet_three_body"];
const models = new Map<InteractionType, PainnModel>();
const ethanol = readCases(ETHANOL)[0];
const x0 = ethanol.positions.flat();
const all = { dipole: true, polarizability: true };

before(async () => {
  await useBackend("wasm");
  // r_c = 5 Å, r₃ = 6 Å (the cutoffs themselves are tested in smoothness.test.ts).
  for (const v of variants) models.set(v, smallModel(smallArchitecture(v, { F: 8, threeBodyCutoff: 6 })));
});
after(() => models.forEach((m) => m.dispose()));

for (const v of variants) {
  const predictAt = (positions: ArrayLike<number>): Promise<Prediction> =>
    models.get(v)!.predict(single(ethanol.numbers, positions), all);

  test(`${v}: rotation with reflection: E invariant, F and μ rotate, α → QαQᵀ`, async () => {
    const ref = await predictAt(x0);
    assert.ok(maxAbs(ref.forces!) > 1e-4 && maxAbs(ref.dipole!) > 1e-4, "non-trivial outputs");
    for (const seed of [1, 2]) {
      const q = randomRotoreflection(seed);
      const p = await predictAt(rotateVectors(q, x0));
      assertClose(p.energy, ref.energy, 1e-5, "energy");
      assertClose(p.forces!, rotateVectors(q, ref.forces!), 1e-4, "forces");
      assertClose(p.dipole!, rotateVectors(q, ref.dipole!), 1e-4, "dipole");
      assertClose(p.polarizability!, rotateTensor(q, ref.polarizability!), 1e-4, "polarizability");
    }
  });

  test(`${v}: translation leaves every output unchanged; the net force vanishes`, async () => {
    const ref = await predictAt(x0);
    const p = await predictAt(x0.map((c, i) => c + [3.7, -12.1, 25.3][i % 3]));
    assertClose(p.energy, ref.energy, 1e-5, "energy");
    assertClose(p.forces!, ref.forces!, 1e-4, "forces");
    assertClose(p.dipole!, ref.dipole!, 1e-4, "dipole");
    assertClose(p.polarizability!, ref.polarizability!, 1e-4, "polarizability");
    for (let k = 0; k < 3; k++) {
      let s = 0;
      for (let a = 0; a < ethanol.numbers.length; a++) s += ref.forces![3 * a + k];
      assert.ok(Math.abs(s) < 1e-4 * maxAbs(ref.forces!) * ethanol.numbers.length, `ΣF_${"xyz"[k]} = ${s}`);
    }
  });

  test(`${v}: forces equal central finite differences of the energy`, async () => {
    const ref = await predictAt(x0);
    const h = 2e-3; // Å: float32 energies need a step this large (docs/painn.md)
    let worst = 0;
    for (const c of [0, 4, 7, 11, 16, 20, 25]) {
      const plus = x0.slice();
      const minus = x0.slice();
      plus[c] += h;
      minus[c] -= h;
      const ep = (await models.get(v)!.predict(single(ethanol.numbers, plus), { forces: false })).energy[0];
      const em = (await models.get(v)!.predict(single(ethanol.numbers, minus), { forces: false })).energy[0];
      worst = Math.max(worst, Math.abs(-(ep - em) / (2 * h) - ref.forces![c]));
    }
    assert.ok(worst < 2e-2 * maxAbs(ref.forces!), `|F − F_fd| ≤ ${worst} vs max|F| ${maxAbs(ref.forces!)}`);
  });

  test(`${v}: a batch of different molecules equals one-by-one evaluation`, async () => {
    const water = { numbers: [8, 1, 1], positions: [0, 0, 0.12, 0, 0.76, -0.47, 0, -0.76, -0.47] };
    const shaken = { numbers: ethanol.numbers, positions: x0.map((c, i) => c + 0.05 * Math.sin(7 * i)) };
    const configs = [{ numbers: ethanol.numbers, positions: x0 }, water, shaken];
    const b = await models.get(v)!.predict(batch(configs), all);
    let atom = 0;
    for (const [k, c] of configs.entries()) {
      const one = await models.get(v)!.predict(single(c.numbers, c.positions), all);
      const n = c.numbers.length;
      assertClose([b.energy[k]], one.energy, 1e-5, `energy ${k}`);
      assertClose(b.forces!.slice(3 * atom, 3 * (atom + n)), one.forces!, 1e-4, `forces ${k}`);
      assertClose(b.dipole!.slice(3 * k, 3 * k + 3), one.dipole!, 1e-4, `dipole ${k}`);
      assertClose(b.polarizability!.slice(9 * k, 9 * k + 9), one.polarizability!, 1e-4, `α ${k}`);
      atom += n;
    }
  });
}

test("the triplets contribute: a three-body cutoff below every k→i distance changes E and F", async () => {
  // Same weights (same seed and names); r₃ = 0.5 Å leaves no triplet, so only the three-body bond update
  // from M = 0 remains. The triplets' share must be well above the tolerances of the tests above.
  const on = smallModel(smallArchitecture("eninet_three_body", { F: 8, threeBodyCutoff: 6 }));
  const off = smallModel(smallArchitecture("eninet_three_body", { F: 8, threeBodyCutoff: 0.5 }));
  const p1 = await on.predict(single(ethanol.numbers, x0));
  const p0 = await off.predict(single(ethanol.numbers, x0));
  on.dispose();
  off.dispose();
  const dF = maxAbs(p1.forces!.map((f, i) => f - p0.forces![i]));
  assert.ok(Math.abs(p1.energy[0] - p0.energy[0]) > 1e-3 * Math.abs(p1.energy[0]), "triplets change E");
  assert.ok(dF > 1e-2 * maxAbs(p1.forces!), `triplets change F (max |ΔF| ${dF})`);
});
