import { test } from "node:test";
import assert from "node:assert/strict";
import type { Potential } from "../../src/core/potential.ts";
import { Random } from "../../src/core/random.ts";
import { makeSystem, type System } from "../../src/core/system.ts";
import { HarmonicBonds, HarmonicPotential } from "../../potentials/analytic/harmonic.ts";
import { MorsePotential } from "../../potentials/analytic/morse.ts";
import {
  FlexibleWater,
  QTIP4PF,
  waterEquilibriumGeometry,
} from "../../potentials/analytic/flexible-water.ts";

interface Case {
  name: string;
  system: System;
  potential: Potential;
  /** A reference geometry (bohr) that the tests perturb. */
  geometry: Float64Array;
  /** Invariant under translations (false for atoms tethered to fixed centres). */
  translational: boolean;
}

const rng = new Random(31415);
const water = makeSystem(["O", "H", "H"]);
const twoWaters = makeSystem(["O", "H", "H", "O", "H", "H"]);
const g = waterEquilibriumGeometry();

const cases: Case[] = [
  {
    name: "HarmonicPotential (per-atom k, charges)",
    system: water,
    potential: new HarmonicPotential({ k: [0.3, 0.1, 0.2], charges: [-0.8, 0.4, 0.4] }),
    geometry: g,
    translational: false,
  },
  {
    name: "HarmonicBonds",
    system: water,
    potential: new HarmonicBonds({
      bonds: [
        { i: 0, j: 1, k: 0.5, r0: 1.8 },
        { i: 0, j: 2, k: 0.5, r0: 1.8 },
        { i: 1, j: 2, k: 0.1, r0: 2.9 },
      ],
    }),
    geometry: g,
    translational: true,
  },
  {
    name: "MorsePotential",
    system: water,
    potential: new MorsePotential({
      bonds: [
        { i: 0, j: 1, D: 0.18, a: 1.2, r0: 1.8 },
        { i: 0, j: 2, D: 0.18, a: 1.2, r0: 1.8 },
      ],
    }),
    geometry: g,
    translational: true,
  },
  {
    name: "FlexibleWater (two molecules)",
    system: twoWaters,
    potential: new FlexibleWater(),
    geometry: Float64Array.from([...g, ...g.map((x, i) => x + [4, -3, 2][i % 3])]),
    translational: true,
  },
];

/** A geometry near `g`: every coordinate moved by up to ±0.15 bohr. */
const perturbed = (geometry: Float64Array) => geometry.map((x) => x + 0.3 * (rng.uniform() - 0.5));

/** A random proper rotation matrix (row-major) from a random unit quaternion. */
function randomRotation(): number[] {
  const q = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
  const n = Math.hypot(...q);
  const [w, x, y, z] = q.map((c) => c / n);
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
    2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
    2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y),
  ]; // prettier-ignore
}

const rotate = (r: number[], v: ArrayLike<number>) => {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i += 3) {
    for (let x = 0; x < 3; x++)
      out[i + x] = r[3 * x] * v[i] + r[3 * x + 1] * v[i + 1] + r[3 * x + 2] * v[i + 2];
  }
  return out;
};

const maxAbs = (v: ArrayLike<number>) => Math.max(...Array.from(v, Math.abs));
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Math.max(...Array.from(a, (x, i) => Math.abs(x - b[i])));

for (const c of cases) {
  const wantsDipole = c.potential.provides.includes("dipole");
  const want = wantsDipole ? (["dipole"] as const) : ([] as const);

  test(`${c.name}: forces equal central finite differences of the energy`, async () => {
    for (let trial = 0; trial < 3; trial++) {
      const x = perturbed(c.geometry);
      const { forces } = await c.potential.compute(c.system, x, 1, []);
      const h = 1e-4;
      const fd = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) {
        const plus = x.slice();
        const minus = x.slice();
        plus[i] += h;
        minus[i] -= h;
        const ep = (await c.potential.compute(c.system, plus, 1, [])).energy[0];
        const em = (await c.potential.compute(c.system, minus, 1, [])).energy[0];
        fd[i] = -(ep - em) / (2 * h);
      }
      assert.ok(maxAbs(forces) > 1e-3, "the geometry is away from the minimum");
      assert.ok(maxDiff(forces, fd) < 1e-6 * maxAbs(forces), `max |F − F_fd| = ${maxDiff(forces, fd)}`);
    }
  });

  test(`${c.name}: energy invariant and forces${wantsDipole ? ", dipole" : ""} covariant under rotation${c.translational ? " and translation" : ""}`, async () => {
    const x = perturbed(c.geometry);
    const base = await c.potential.compute(c.system, x, 1, want);
    const r = randomRotation();
    // HarmonicPotential tethers atoms at the origin: rotations about the origin only.
    const shift = c.translational ? [1.3, -2.1, 0.7] : [0, 0, 0];
    const y = rotate(r, x).map((v, i) => v + shift[i % 3]);
    const moved = await c.potential.compute(c.system, y, 1, want);
    assert.ok(Math.abs(moved.energy[0] - base.energy[0]) < 1e-12 * Math.max(1, Math.abs(base.energy[0])));
    assert.ok(maxDiff(moved.forces, rotate(r, base.forces)) < 1e-12);
    if (wantsDipole) {
      assert.ok(base.dipole && moved.dipole, "dipole provided");
      // With a shift the dipole of a neutral set of charges is unchanged; rotations rotate it.
      assert.ok(maxDiff(moved.dipole, rotate(r, base.dipole)) < 1e-12, "dipole rotates with the molecule");
    }
    if (c.translational) {
      const t = await c.potential.compute(
        c.system,
        x.map((v, i) => v + shift[i % 3]),
        1,
        want,
      );
      assert.ok(Math.abs(t.energy[0] - base.energy[0]) < 1e-12 * Math.max(1, Math.abs(base.energy[0])));
    }
  });

  test(`${c.name}: a batch of three configurations equals three single evaluations`, async () => {
    const xs = [perturbed(c.geometry), perturbed(c.geometry), perturbed(c.geometry)];
    const n3 = c.geometry.length;
    const batch = new Float64Array(3 * n3);
    xs.forEach((x, b) => batch.set(x, b * n3));
    const all = await c.potential.compute(c.system, batch, 3, want);
    for (const [b, x] of xs.entries()) {
      const one = await c.potential.compute(c.system, x, 1, want);
      assert.equal(all.energy[b], one.energy[0]);
      assert.deepEqual(all.forces.subarray(b * n3, (b + 1) * n3), one.forces);
      if (wantsDipole) assert.deepEqual(all.dipole!.subarray(3 * b, 3 * b + 3), one.dipole);
    }
  });
}

test("FlexibleWater: zero energy and force at the equilibrium geometry; stretch and bend energies by hand", async () => {
  const pot = new FlexibleWater();
  const eq = await pot.compute(water, g, 1, []);
  assert.ok(Math.abs(eq.energy[0]) < 1e-14);
  assert.ok(maxAbs(eq.forces) < 1e-12);
  // i-PI's q-TIP4P/F driver uses these constants in atomic units, rounded: check the conversions.
  assert.ok(Math.abs(QTIP4PF.D - 0.185) < 5e-4 && Math.abs(QTIP4PF.alpha - 1.21) < 5e-4);
  assert.ok(Math.abs(QTIP4PF.rEq - 1.78) < 5e-3 && Math.abs(QTIP4PF.kTheta / 2 - 0.07) < 5e-4);
  // Stretch H1 along its bond by Δ = 0.2 bohr: V = D(α²Δ² − α³Δ³ + 7/12 α⁴Δ⁴) (angle unchanged).
  const d = 0.2;
  const x = g.slice();
  for (let k = 0; k < 3; k++) x[3 + k] *= 1 + d / QTIP4PF.rEq;
  const { D, alpha: a } = QTIP4PF;
  const expected = D * (a ** 2 * d ** 2 - a ** 3 * d ** 3 + (7 / 12) * a ** 4 * d ** 4);
  assert.ok(Math.abs((await pot.compute(water, x, 1, [])).energy[0] - expected) < 1e-14);
  // Open the angle by 10° keeping the bond lengths: V = ½ k_θ (10°)².
  const th = QTIP4PF.thetaEq / 2 + (5 * Math.PI) / 180;
  const y = Float64Array.from([
    0,
    0,
    0,
    QTIP4PF.rEq * Math.sin(th),
    QTIP4PF.rEq * Math.cos(th),
    0,
    -QTIP4PF.rEq * Math.sin(th),
    QTIP4PF.rEq * Math.cos(th),
    0,
  ]);
  const bend = 0.5 * QTIP4PF.kTheta * ((10 * Math.PI) / 180) ** 2;
  assert.ok(Math.abs((await pot.compute(water, y, 1, [])).energy[0] - bend) < 1e-14);
});

test("FlexibleWater: dipole at equilibrium is 2 q_H γ r_eq cos(θ_eq/2) along the bisector, pointing to the H side", async () => {
  const { dipole } = await new FlexibleWater().compute(water, g, 1, ["dipole"]);
  const { qH, gamma, rEq, thetaEq } = QTIP4PF;
  const expected = 2 * qH * gamma * rEq * Math.cos(thetaEq / 2); // 0.8632 e·bohr = 2.194 D
  assert.ok(dipole);
  assert.ok(Math.abs(dipole[0]) < 1e-14 && Math.abs(dipole[2]) < 1e-14);
  assert.ok(Math.abs(dipole[1] - expected) < 1e-14, `μ_y = ${dipole[1]}, expected ${expected}`);
  // Not asked for: not computed.
  assert.equal((await new FlexibleWater().compute(water, g, 1, [])).dipole, undefined);
});

test("analytic potentials: bad input is named", async () => {
  await assert.rejects(
    new FlexibleWater().compute(makeSystem(["H", "O", "H"]), g, 1, []),
    /FlexibleWater: atom 0 is H, expected O/,
  );
  await assert.rejects(
    new FlexibleWater().compute(makeSystem(["O", "H"]), g.subarray(0, 6), 1, []),
    /O, H, H per molecule; got 2 atoms/,
  );
  await assert.rejects(
    new FlexibleWater().compute(water, g, 2, []),
    /positions have 9 numbers, expected nBatch·nAtoms·3 = 2·3·3/,
  );
  assert.throws(() => new HarmonicPotential({ k: 0 }), /HarmonicPotential: k must be a positive number/);
  assert.throws(
    () => new HarmonicPotential({ k: [1, -1] }),
    /HarmonicPotential: k\[1\] must be a positive number/,
  );
  await assert.rejects(
    new HarmonicPotential({ k: [1, 1] }).compute(water, g, 1, []),
    /k has 2 entries, expected one per atom \(3\)/,
  );
  assert.throws(
    () => new MorsePotential({ bonds: [{ i: 0, j: 1, D: 0.1, a: -1, r0: 1 }] }),
    /MorsePotential: bonds\[0\]\.a must be a positive number/,
  );
  assert.throws(() => new HarmonicBonds({ bonds: [] }), /HarmonicBonds: bonds must be a non-empty list/);
  await assert.rejects(
    new HarmonicBonds({ bonds: [{ i: 0, j: 5, k: 1, r0: 1 }] }).compute(water, g, 1, []),
    /HarmonicBonds: bond 0: j must be an atom index in 0\.\.2, got 5/,
  );
});
