/**
 * Smoothness of ENINet models at both cutoffs (wasm, random-weight eninet_three_body model): as an atom
 * crosses the two-body cutoff r_c, or a triplet's k→i distance crosses the three-body cutoff r₃, the energy
 * and the forces change continuously (the cosine cutoffs make the change ∝ δ² in energy and ∝ δ in force
 * at a distance δ inside), and beyond the cutoff the pair or triplet is dropped exactly.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { useBackend } from "../../potentials/tf/backend.ts";
import type { PainnModel, Prediction } from "../../potentials/message-passing/model.ts";
import { maxAbs, single } from "../painn/helpers.ts";
import { smallArchitecture, smallModel } from "./helpers.ts";

let model: PainnModel;
before(async () => {
  await useBackend("wasm");
  model = smallModel(smallArchitecture("eninet_three_body", { F: 8, cutoff: 3, threeBodyCutoff: 4 }), 11, 10);
});
after(() => model.dispose());

test("two-body cutoff: a lone H leaving water's O; E and F continuous, and exactly the parts beyond r_c", async () => {
  const rc = model.cutoff;
  const water = [0, 0, 0.12, 0, 0.76, -0.47, 0, -0.76, -0.47];
  const numbers = [8, 1, 1, 1];
  // The H moves along +z, away from the water H atoms: the O–H pair is the last to leave.
  const at = (d: number): number[] => [...water, 0, 0, 0.12 + d];
  const p = (d: number): Promise<Prediction> => model.predict(single(numbers, at(d)));
  const eWater = (await model.predict(single([8, 1, 1], water), { forces: false })).energy[0];
  const eH = (await model.predict(single([1], [0, 0, 0]), { forces: false })).energy[0];
  const far = eWater + eH;
  const beyond = await p(rc + 1e-3);
  assert.ok(Math.abs(beyond.energy[0] - far) < 1e-5, "E beyond r_c = E(water) + E(H)");
  assert.ok(maxAbs(beyond.forces!.slice(9)) < 1e-6, "no force on the H beyond r_c");
  const [p1, p2] = [await p(rc - 1), await p(rc - 0.1)];
  const [dE1, dE2] = [Math.abs(p1.energy[0] - far), Math.abs(p2.energy[0] - far)];
  const [f1, f2] = [maxAbs(p1.forces!.slice(9)), maxAbs(p2.forces!.slice(9))];
  assert.ok(dE1 > 1e-5 && f1 > 1e-5, `the pair interacts inside r_c (ΔE ${dE1}, |F_H| ${f1})`);
  assert.ok(dE2 < dE1 / 20, `ΔE shrinks ∝ δ² towards r_c (δ = 1 → 0.1 Å) (${dE2} vs ${dE1})`);
  assert.ok(f2 < f1 / 4, `|F_H| shrinks ∝ δ towards r_c (${f2} vs ${f1})`);
});

test("three-body cutoff: a triplet's k→i distance crossing r₃; its share of E and F vanishes smoothly", async () => {
  // Chain i–j–k with fixed bonds d_ij = 2, d_jk = 2.2 Å (< r_c = 3); the angle at j sets d_ki, which
  // crosses r₃ = 4 Å at cos θ = (16 − 4 − 4.84)/8.8. No i–k bond (d_ki > r_c), so only the triplets
  // k→j→i and i→j→k depend on r₃. The same weights with r₃ = 0.5 Å (no triplets at all) give the energy
  // without them: the difference is the triplets' share.
  const r3 = 4;
  const withTriplets = smallModel(
    smallArchitecture("eninet_three_body", { F: 8, cutoff: 3, threeBodyCutoff: r3 }),
    11,
    10,
  );
  const noTriplets = smallModel(
    smallArchitecture("eninet_three_body", { F: 8, cutoff: 3, threeBodyCutoff: 0.5 }),
    11,
    10,
  );
  const positions = (dki: number): number[] => {
    const c = (dki * dki - 4 - 2.2 * 2.2) / (2 * 2 * 2.2);
    const s = Math.sqrt(1 - c * c);
    return [0, 0, 0, 2, 0, 0, 2 + 2.2 * c, 2.2 * s, 0];
  };
  const share = async (dki: number): Promise<{ e: number; f: number }> => {
    const x = positions(dki);
    const a = await withTriplets.predict(single([6, 6, 8], x));
    const b = await noTriplets.predict(single([6, 6, 8], x));
    return { e: Math.abs(a.energy[0] - b.energy[0]), f: maxAbs(a.forces!.map((v, i) => v - b.forces![i])) };
  };
  // Random weights give the triplets a share near float32 round-off here; scale their messages up (the
  // function is smooth for any weights) so that the ∝ δ² decay is measured well above it.
  for (const m of [withTriplets, noTriplets]) {
    for (let t = 0; t < 2; t++) {
      const w = m.params.get(`representation.three_body.${t}.message.1.weight`);
      w.assign(tf.mul(w, 100));
    }
  }
  try {
    const beyond = await share(r3 + 1e-3);
    assert.ok(beyond.e < 1e-6 && beyond.f < 1e-5, `nothing beyond r₃ (ΔE ${beyond.e}, ΔF ${beyond.f})`);
    const [s1, s2] = [await share(r3 - 1), await share(r3 - 0.1)];
    assert.ok(s1.e > 1e-5 && s1.f > 1e-5, `the triplets contribute inside r₃ (${s1.e}, ${s1.f})`);
    assert.ok(s2.e < s1.e / 20, `their energy shrinks ∝ δ² towards r₃ (${s2.e} vs ${s1.e})`);
    assert.ok(s2.f < s1.f / 4, `their forces shrink ∝ δ towards r₃ (${s2.f} vs ${s1.f})`);
  } finally {
    withTriplets.dispose();
    noTriplets.dispose();
  }
});
