/**
 * Physics of the fast path: forces are minus the finite-difference derivative of its own energy (float64
 * graph, so the analytic backward pass is checked to ~1e-8, not hidden by float32 round-off); a batch of
 * different configurations (and different molecules) equals one-by-one evaluation; energy, forces, dipole and
 * polarizability transform correctly under a rotation with reflection; float32 agrees with float64.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { FastPainnModel } from "../../potentials/fast/fast-painn-model.ts";
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
  ETHANOL,
} from "../painn/helpers.ts";
import { Random } from "../../src/core/random.ts";

const heads = { dipole: true, polarizability: true };

test("fast forces equal central finite differences of the fast energy (float64, both models)", async () => {
  for (const stem of [TENSOR_HEADS, ETHANOL]) {
    const model = new FastPainnModel(await importReference(stem), { floatType: "float64" });
    try {
      const c = readCases(stem).find((x) => x.name.includes("perturbed"))!;
      const x0 = Float64Array.from(c.positions.flat());
      const p0 = await model.predict(single(c.numbers, x0));
      const h = 1e-4; // Å: truncation error ~h² f''' ≈ 1e-8 of the forces
      const fd = new Float64Array(x0.length);
      for (let k = 0; k < x0.length; k++) {
        const xp = x0.slice();
        const xm = x0.slice();
        xp[k] += h;
        xm[k] -= h;
        const ep = (await model.predict(single(c.numbers, xp), { forces: false })).energy[0];
        const em = (await model.predict(single(c.numbers, xm), { forces: false })).energy[0];
        fd[k] = -(ep - em) / (2 * h);
      }
      assertClose(p0.forces!, fd, 1e-6, `${stem} forces vs finite differences`);
      // Newton's third law: no net force on an isolated molecule.
      for (let k = 0; k < 3; k++) {
        let sum = 0;
        for (let a = 0; a < c.numbers.length; a++) sum += p0.forces![3 * a + k];
        assert.ok(Math.abs(sum) < 1e-9 * maxAbs(p0.forces!), `${stem} ΣF[${k}] = ${sum}`);
      }
    } finally {
      await model.dispose();
    }
  }
});

test("a batch of different configurations equals one-by-one evaluation", async () => {
  const model = new FastPainnModel(await importReference(TENSOR_HEADS));
  try {
    const cases = readCases(TENSOR_HEADS); // ethanol, water, ethanol dimer, …: different sizes
    const configs = cases.map((c) => ({ numbers: c.numbers, positions: c.positions.flat() }));
    const all = await model.predict(batch(configs), heads);
    let atom = 0;
    for (const [b, cfg] of configs.entries()) {
      const one = await model.predict(single(cfg.numbers, cfg.positions), heads);
      const n = cfg.numbers.length;
      assertClose([all.energy[b]], one.energy, 1e-6, `energy ${b}`);
      assertClose(all.forces!.subarray(3 * atom, 3 * (atom + n)), one.forces!, 1e-6, `forces ${b}`);
      assertClose(all.dipole!.subarray(3 * b, 3 * b + 3), one.dipole!, 1e-6, `dipole ${b}`);
      assertClose(all.polarizability!.subarray(9 * b, 9 * b + 9), one.polarizability!, 1e-6, `alpha ${b}`);
      atom += n;
    }
  } finally {
    await model.dispose();
  }
});

test("reused index inputs: a sequence with changing edge sets equals fresh evaluations", async () => {
  // The model keeps the last neighbour slots and int64 index tensors while atoms and edges are unchanged;
  // moving an atom out of the cutoff (fewer edges), and back, must rebuild them.
  const data = await importReference(ETHANOL);
  const model = new FastPainnModel(data);
  try {
    const c = readCases(ETHANOL)[0];
    const near = Float64Array.from(c.positions.flat());
    const far = near.slice();
    far[3 * 8] += 8; // the hydroxyl H, 8 Å away: outside the 5 Å cutoff of every other atom
    const sequence = [near, near, far, far, near];
    for (const [k, x] of sequence.entries()) {
      const reused = await model.predict(single(c.numbers, x));
      const fresh = new FastPainnModel(data);
      try {
        const want = await fresh.predict(single(c.numbers, x));
        assert.deepEqual(Array.from(reused.energy), Array.from(want.energy), `energy at step ${k}`);
        assert.deepEqual(Array.from(reused.forces!), Array.from(want.forces!), `forces at step ${k}`);
      } finally {
        await fresh.dispose();
      }
    }
  } finally {
    await model.dispose();
  }
});

test("equivariance under a rotation with reflection; translation invariance", async () => {
  const model = new FastPainnModel(await importReference(TENSOR_HEADS));
  try {
    const c = readCases(TENSOR_HEADS)[0];
    const x = Float64Array.from(c.positions.flat());
    const q = randomRotoreflection(7);
    const p = await model.predict(single(c.numbers, x), heads);
    const r = await model.predict(single(c.numbers, rotateVectors(q, x)), heads);
    assertClose(r.energy, p.energy, 1e-5, "E invariant");
    assertClose(r.forces!, rotateVectors(q, p.forces!), 1e-5, "F rotates");
    assertClose(r.dipole!, rotateVectors(q, p.dipole!), 1e-5, "μ rotates");
    assertClose(r.polarizability!, rotateTensor(q, p.polarizability!), 1e-5, "α → QαQᵀ");
    const rng = new Random(3);
    const shift = [rng.normal() * 5, rng.normal() * 5, rng.normal() * 5];
    const t = await model.predict(
      single(
        c.numbers,
        x.map((v, k) => v + shift[k % 3]),
      ),
      heads,
    );
    assertClose(t.energy, p.energy, 1e-5, "E translation");
    assertClose(t.forces!, p.forces!, 1e-5, "F translation");
    assertClose(t.dipole!, p.dipole!, 1e-5, "μ translation");
    assertClose(t.polarizability!, p.polarizability!, 1e-5, "α translation (centre of mass)");
  } finally {
    await model.dispose();
  }
});

test("float32 agrees with float64 on a batch of perturbed ethanols", async () => {
  const data = await importReference(ETHANOL);
  const m32 = new FastPainnModel(data);
  const m64 = new FastPainnModel(data, { floatType: "float64" });
  try {
    const c = readCases(ETHANOL)[0];
    const rng = new Random(11);
    const configs = Array.from({ length: 8 }, () => ({
      numbers: c.numbers,
      positions: c.positions.flat().map((v) => v + 0.05 * rng.normal()),
    }));
    const a = await m32.predict(batch(configs));
    const b = await m64.predict(batch(configs));
    // Float32 round-off of the network energy Σ_i y_i through three blocks: observed up to 1.05e-5 kcal/mol
    // (4.6e-7 eV), depending on the order of the sums; the bound is 3e-5 kcal/mol (1.3e-6 eV).
    for (let k = 0; k < configs.length; k++)
      assertClose([a.energy[k]], [b.energy[k]], 3e-5 / Math.abs(b.energy[k]), `energy ${k}`);
    assertClose(a.forces!, b.forces!, 1e-5, "forces");
  } finally {
    await m32.dispose();
    await m64.dispose();
  }
});
