import { test } from "node:test";
import assert from "node:assert/strict";
import { orthorhombicCell, strainCell, wrapPositions } from "../../src/core/cell.ts";
import { classicalPressure, centroidVirialPressure } from "../../src/core/pressure.ts";
import { Random } from "../../src/core/random.ts";
import { makeSystem, withCell } from "../../src/core/system.ts";
import { FlexibleWater, QTIP4PF } from "../../potentials/analytic/flexible-water.ts";
import { QTip4pF, QTIP4PF_LJ } from "../../potentials/analytic/q-tip4p-f.ts";
import { waterBox } from "../../potentials/analytic/water-box.ts";

const rng = new Random(4242);
// 32 molecules (fcc lattice) at 0.997 g/cm³, random orientations, every coordinate moved by up to ±0.1 bohr
const { system, positions: lattice } = waterBox(32, { seed: 7 });
const positions = lattice.map((x) => x + 0.2 * (rng.uniform() - 0.5));
const cell = system.cell!;

test("forces = −∇E by central differences (M-site forces handed on to O and H exactly)", async () => {
  const pot = new QTip4pF({ ewaldAccuracy: 1e-8 });
  const { forces } = await pot.compute(system, positions, 1, []);
  const step = 1e-5;
  for (let t = 0; t < 12; t++) {
    const k = Math.floor(rng.uniform() * positions.length);
    const plus = positions.slice();
    const minus = positions.slice();
    plus[k] += step;
    minus[k] -= step;
    const ePlus = (await pot.compute(system, plus, 1, [])).energy[0];
    const eMinus = (await pot.compute(system, minus, 1, [])).energy[0];
    const fd = -(ePlus - eMinus) / (2 * step);
    assert.ok(Math.abs(fd - forces[k]) < 1e-7, `coordinate ${k}: −dE/dx ${fd} vs ${forces[k]}`);
  }
});

test("virial = −∂E/∂ε by finite differences of the strained box (all nine components); pressure", async () => {
  const pot = new QTip4pF({ ewaldAccuracy: 1e-8 });
  const out = await pot.compute(system, positions, 1, ["virial"]);
  const W = out.virial!;
  const h = 1e-6;
  const energyAt = async (a: number, b: number, e: number) => {
    const F = [1, 0, 0, 0, 1, 0, 0, 0, 1];
    F[3 * a + b] += e;
    const r = positions.slice();
    for (let i = 0; i < positions.length; i += 3)
      for (let x = 0; x < 3; x++)
        r[i + x] =
          F[3 * x] * positions[i] + F[3 * x + 1] * positions[i + 1] + F[3 * x + 2] * positions[i + 2];
    return (await pot.compute(withCell(system, strainCell(cell, F)), r, 1, [])).energy[0];
  };
  for (let a = 0; a < 3; a++)
    for (let b = 0; b < 3; b++) {
      const fd = -((await energyAt(a, b, h)) - (await energyAt(a, b, -h))) / (2 * h);
      assert.ok(Math.abs(fd - W[3 * a + b]) < 2e-6, `W[${a}][${b}]: FD ${fd} vs ${W[3 * a + b]}`);
    }
  // one bead: the centroid-virial estimator is the classical one with K = 3N k_B T / 2
  const T = 0.00095;
  const pc = classicalPressure((3 * system.nAtoms * T) / 2, W, cell.volume);
  const pcv = centroidVirialPressure(positions, out.forces, W, 1, T, cell.volume);
  assert.ok(Math.abs(pc - pcv) < 1e-15);
});

test("two molecules in a huge box = intramolecular + LJ + direct intermolecular Coulomb with M sites", async () => {
  const L = 400; // bohr: the periodic images are far away
  const one = lattice.slice(0, 9);
  const two = Float64Array.from([...one, ...one.map((x, i) => x + [5.1, 1.2, -0.7][i % 3])]);
  const gasSystem = makeSystem(["O", "H", "H", "O", "H", "H"], { cell: orthorhombicCell(L, L, L) });
  const pot = new QTip4pF({ ewaldAccuracy: 1e-10 });
  const { energy, dipole } = await pot.compute(gasSystem, two, 1, ["dipole"]);
  const intra = (await new FlexibleWater().compute(gasSystem, two, 1, [])).energy[0];
  const { qH, qM, gamma } = QTIP4PF;
  const sites = (m: number) => {
    const o = two.slice(9 * m, 9 * m + 3);
    const h1 = two.slice(9 * m + 3, 9 * m + 6);
    const h2 = two.slice(9 * m + 6, 9 * m + 9);
    const M = [0, 1, 2].map((x) => gamma * o[x] + ((1 - gamma) / 2) * (h1[x] + h2[x]));
    return [
      { q: qH, r: Array.from(h1) },
      { q: qH, r: Array.from(h2) },
      { q: qM, r: M },
    ];
  };
  let coulomb = 0;
  for (const a of sites(0))
    for (const b of sites(1)) coulomb += (a.q * b.q) / Math.hypot(...a.r.map((x, i) => x - b.r[i]));
  const rOO = Math.hypot(5.1, 1.2, -0.7);
  const { epsilon, sigma } = QTIP4PF_LJ;
  const lj = 4 * epsilon * ((sigma / rOO) ** 12 - (sigma / rOO) ** 6);
  const rc = pot.cutoff;
  const shift = 4 * epsilon * ((sigma / rc) ** 12 - (sigma / rc) ** 6);
  // tin-foil Ewald of two neutral molecules in a box of 400 bohr differs from the gas by O(μ²/L³) ≈ 1e-8
  assert.ok(
    Math.abs(energy[0] - (intra + lj - shift + coulomb)) < 1e-7,
    `${energy[0]} vs ${intra + lj - shift + coulomb}`,
  );
  const mu = [0, 1, 2].map((x) =>
    sites(0)
      .concat(sites(1))
      .reduce((s, c) => s + c.q * c.r[x], 0),
  );
  mu.forEach((x, i) => assert.ok(Math.abs(dipole![i] - x) < 1e-12));
});

test("atoms wrapped one by one (molecules split across the boundary) give the same energy, forces and dipole", async () => {
  const pot = new QTip4pF();
  const a = await pot.compute(system, positions, 1, ["dipole"]);
  const wrapped = wrapPositions(
    cell,
    positions.map((x, i) => x + [11.3, -4.2, 7.7][i % 3]),
  );
  const b = await new QTip4pF().compute(system, wrapped, 1, ["dipole"]);
  assert.ok(Math.abs(a.energy[0] - b.energy[0]) < 1e-10);
  a.forces.forEach((f, i) => assert.ok(Math.abs(f - b.forces[i]) < 1e-9));
  // the box dipole of whole, neutral molecules does not change when molecules move by lattice vectors
  a.dipole!.forEach((m, i) =>
    assert.ok(Math.abs(m - b.dipole![i]) < 1e-9, `dipole ${i}: ${m} vs ${b.dipole![i]}`),
  );
});

test("one batched call over beads = separate calls; errors name what is wrong", async () => {
  const other = positions.map((x) => x + 0.05 * (rng.uniform() - 0.5));
  const pot = new QTip4pF();
  const batch = await pot.compute(system, Float64Array.from([...positions, ...other]), 2, [
    "dipole",
    "virial",
  ]);
  for (const [b, r] of [positions, other].entries()) {
    const single = await new QTip4pF().compute(system, r, 1, ["dipole", "virial"]);
    assert.ok(Math.abs(batch.energy[b] - single.energy[0]) < 1e-10);
    const n3 = r.length;
    single.forces.forEach((f, i) => assert.ok(Math.abs(batch.forces[b * n3 + i] - f) < 1e-10));
    single.virial!.forEach((w, i) => assert.ok(Math.abs(batch.virial![9 * b + i] - w) < 1e-10));
    single.dipole!.forEach((m, i) => assert.ok(Math.abs(batch.dipole![3 * b + i] - m) < 1e-10));
  }
  await assert.rejects(
    pot.compute(withCell(system, undefined), positions, 1, []),
    /needs a cell periodic in all three/,
  );
  await assert.rejects(
    pot.compute(makeSystem(["H", "O", "H"], { cell }), positions.slice(0, 9), 1, []),
    /O, H, H/,
  );
});

test("centroid-virial pressure = −∂⟨V⟩/∂V with centroids scaled and bead deviations fixed (2 beads)", async () => {
  const other = positions.map((x) => x + 0.06 * (rng.uniform() - 0.5));
  const beads = Float64Array.from([...positions, ...other]);
  const pot = new QTip4pF({ ewaldAccuracy: 1e-8 });
  const out = await pot.compute(system, beads, 2, ["virial"]);
  const T = 0.00095; // k_B T, hartree
  const V = cell.volume;
  const p = centroidVirialPressure(beads, out.forces, out.virial!, 2, T, V);
  // isotropic scaling λ of centroids and cell: −d⟨V⟩/dλ = (1/P) Σ_b (tr W_b − Σ δ·F) = 3V p − 3N k_B T
  const n3 = positions.length;
  const centroid = positions.map((x, i) => (x + other[i]) / 2);
  const meanEnergy = async (lambda: number) => {
    const scaled = beads.map((x, k) => x + lambda * centroid[k % n3]);
    const s = 1 + lambda;
    const e = await pot.compute(
      withCell(system, strainCell(cell, [s, 0, 0, 0, s, 0, 0, 0, s])),
      scaled,
      2,
      [],
    );
    return (e.energy[0] + e.energy[1]) / 2;
  };
  const h = 1e-6;
  const fd = -((await meanEnergy(h)) - (await meanEnergy(-h))) / (2 * h);
  const expected = 3 * V * p - 3 * system.nAtoms * T;
  assert.ok(Math.abs(fd - expected) < 1e-5, `−d⟨V⟩/dλ ${fd} vs ${expected}`);
  // free particles: P = N k_B T / V whatever the beads do
  const free = centroidVirialPressure(beads, new Float64Array(beads.length), new Float64Array(18), 2, T, V);
  assert.ok(Math.abs(free - (system.nAtoms * T) / V) < 1e-18);
});
