import { test } from "node:test";
import assert from "node:assert/strict";
import { makeCell, orthorhombicCell, strainCell, type Cell } from "../../src/core/cell.ts";
import { Random } from "../../src/core/random.ts";
import { EwaldSum } from "../../potentials/analytic/ewald/ewald.ts";
import { chooseEwaldParameters, type EwaldChoice } from "../../potentials/analytic/ewald/parameters.ts";

/** Madelung constant of rock salt for the nearest-neighbour distance (e.g. Kittel, Introduction to Solid State Physics, ch. 3). */
const MADELUNG_NACL = 1.747564594633182;

function ewald(cell: Cell, positions: ArrayLike<number>, q: number[], choice: EwaldChoice = {}) {
  const params = chooseEwaldParameters(cell, q.length, { accuracy: 1e-12, ...choice });
  return new EwaldSum(params, q.length).compute(positions, q, cell);
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Math.max(...Array.from(a, (x, i) => Math.abs(x - b[i])));

test("Madelung constant of NaCl to 1e-6: conventional cubic cell and triclinic primitive cell", () => {
  const a = 10.6; // bohr, the lattice constant of NaCl
  const fcc = [
    [0, 0, 0],
    [0.5, 0.5, 0],
    [0.5, 0, 0.5],
    [0, 0.5, 0.5],
  ];
  const pos = [
    ...fcc.flatMap((f) => f.map((x) => x * a)),
    ...fcc.flatMap((f) => [(f[0] + 0.5) * a, f[1] * a, f[2] * a]),
  ];
  const q = [1, 1, 1, 1, -1, -1, -1, -1];
  for (const accuracy of [1e-6, 1e-10]) {
    const { energy } = ewald(orthorhombicCell(a, a, a), pos, q, { accuracy });
    // 4 ion pairs, each −M/r₀ with r₀ = a/2
    const madelung = (-energy * (a / 2)) / 4;
    assert.ok(
      Math.abs(madelung - MADELUNG_NACL) < (accuracy === 1e-6 ? 1e-6 : 1e-10),
      `δ=${accuracy}: M = ${madelung}`,
    );
  }
  // The fcc primitive cell (a triclinic cell at 60°) with one Na and one Cl
  const primitive = makeCell([0, a / 2, a / 2, a / 2, 0, a / 2, a / 2, a / 2, 0]);
  const { energy } = ewald(primitive, [0, 0, 0, a / 2, 0, 0], [1, -1], { accuracy: 1e-10 });
  assert.ok(Math.abs(-energy * (a / 2) - MADELUNG_NACL) < 1e-10, `primitive: M = ${-energy * (a / 2)}`);
});

test("energy and forces = direct lattice sum over growing spheres of cells (extrapolated) minus the surface term", () => {
  const cell = makeCell([7, 0, 0, 1.2, 6.5, 0, -0.8, 0.9, 7.4]);
  const pos = [0.3, 0.2, 0.5, 3.1, 2.2, 1.0, 1.5, 4.4, 3.9, 5.0, 1.1, 5.5];
  const q = [1, -0.6, -0.9, 0.5];
  const ew = ewald(cell, pos, q, { accuracy: 1e-14 });
  // The direct sum over a sphere of cells converges to the tin-foil Ewald sum plus (2π/3V)|M|²
  // (de Leeuw, Perram & Smith, Proc. R. Soc. A 373, 27 (1980)); the force on i gains −(4π/3V) q_i M.
  const M = [0, 1, 2].map((x) => q.reduce((s, qi, i) => s + qi * pos[3 * i + x], 0));
  const surface = ((2 * Math.PI) / (3 * cell.volume)) * (M[0] ** 2 + M[1] ** 2 + M[2] ** 2);
  const eTarget = ew.energy + surface;
  const fTarget = ew.forces.map(
    (f, k) => f - ((4 * Math.PI) / (3 * cell.volume)) * q[Math.floor(k / 3)] * M[k % 3],
  );
  // Cells weighted by exp(−|t|²/R₀²): the error is a power series in 1/R₀², removed by Richardson extrapolation.
  const radii = [10, 20, 40, 80];
  let E = radii.map((R0) => gaussianWeightedSum(cell, pos, q, R0));
  const errors: number[] = [];
  for (let level = 1; level < radii.length; level++) {
    const c = 4 ** level;
    E = E.slice(1).map((e, i) => ({
      energy: (c * e.energy - E[i].energy) / (c - 1),
      forces: e.forces.map((f, k) => (c * f - E[i].forces[k]) / (c - 1)),
    }));
    errors.push(Math.abs(E[E.length - 1].energy - eTarget));
  }
  const best = E[0];
  assert.ok(errors[2] < errors[1] && errors[1] < errors[0], `extrapolation converges: ${errors}`);
  assert.ok(Math.abs(best.energy - eTarget) < 1e-6, `energy: direct ${best.energy} vs Ewald ${eTarget}`);
  assert.ok(maxAbsDiff(best.forces, fTarget) < 1e-6, `forces differ by ${maxAbsDiff(best.forces, fTarget)}`);
  assert.ok(surface > 0.01, "the test cell has a dipole, so the surface term is tested");
});

/** ½ Σ_t w(t) Σ'_ij q_i q_j / |r_j − r_i + t| over lattice vectors t, w = exp(−|t|²/R₀²); forces likewise. */
function gaussianWeightedSum(cell: Cell, pos: number[], q: number[], R0: number) {
  const n = q.length;
  const h = cell.matrix;
  let energy = 0;
  const forces = new Float64Array(3 * n);
  const R = 5.5 * R0; // exp(−30) beyond
  const m = Math.ceil(R / 6) + 1;
  for (let a = -m; a <= m; a++)
    for (let b = -m; b <= m; b++)
      for (let c = -m; c <= m; c++) {
        const tx = a * h[0] + b * h[3] + c * h[6];
        const ty = a * h[1] + b * h[4] + c * h[7];
        const tz = a * h[2] + b * h[5] + c * h[8];
        const t2 = tx * tx + ty * ty + tz * tz;
        if (t2 > R * R) continue;
        const w = Math.exp(-t2 / (R0 * R0));
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) {
            if (a === 0 && b === 0 && c === 0 && i === j) continue;
            const dx = pos[3 * j] - pos[3 * i] + tx;
            const dy = pos[3 * j + 1] - pos[3 * i + 1] + ty;
            const dz = pos[3 * j + 2] - pos[3 * i + 2] + tz;
            const r2 = dx * dx + dy * dy + dz * dz;
            const e = (w * q[i] * q[j]) / Math.sqrt(r2);
            energy += 0.5 * e;
            forces[3 * j] += (e / r2) * dx;
            forces[3 * j + 1] += (e / r2) * dy;
            forces[3 * j + 2] += (e / r2) * dz;
          }
      }
  return { energy, forces };
}

const rng = new Random(577);
const cell = makeCell([9, 0, 0, 2.1, 8.3, 0, -1.4, 1.7, 8.8]);
const nIons = 10;
const ions = Float64Array.from({ length: 3 * nIons }, () => 9 * rng.uniform());
const charges = Array.from(
  { length: nIons },
  (_, i) => (i % 2 === 0 ? 0.8 : -0.8) + 0.1 * (rng.uniform() - 0.5),
);
const neutral = charges.map((x) => x - charges.reduce((s, y) => s + y, 0) / nIons);

test("independent of the splitting parameter α (neutral and charged cells)", () => {
  for (const q of [neutral, charges]) {
    const runs = [0.05, 1, 20, 400].map((costRatio) => ({
      costRatio,
      result: ewald(cell, ions, q, { accuracy: 1e-13, costRatio }),
    }));
    const alphas = runs.map(({ costRatio }) => chooseEwaldParameters(cell, nIons, { costRatio }).alpha);
    assert.ok(alphas[3] / alphas[0] > 4, "α varies by more than a factor 4");
    for (const { costRatio, result } of runs.slice(1)) {
      const ref = runs[0].result;
      assert.ok(
        Math.abs(result.energy - ref.energy) < 1e-10,
        `w=${costRatio}: ΔE = ${result.energy - ref.energy}`,
      );
      assert.ok(maxAbsDiff(result.forces, ref.forces) < 1e-9, `w=${costRatio}: forces`);
      assert.ok(maxAbsDiff(result.virial, ref.virial) < 1e-9, `w=${costRatio}: virial`);
      assert.ok(Math.abs(result.parts.real - ref.parts.real) > 1e-3, "the split itself changes");
    }
  }
});

test("stated accuracy: δ = 1e-4, 1e-6, 1e-8 give energy errors below δ·Σq²·α-scale against δ = 1e-14", () => {
  const ref = ewald(cell, ions, neutral, { accuracy: 1e-14 });
  const q2 = neutral.reduce((s, x) => s + x * x, 0);
  for (const accuracy of [1e-4, 1e-6, 1e-8]) {
    const r = ewald(cell, ions, neutral, { accuracy });
    const { alpha } = chooseEwaldParameters(cell, nIons, { accuracy });
    // the self energy α Σq²/√π sets the scale of each sum
    assert.ok(
      Math.abs(r.energy - ref.energy) < accuracy * alpha * q2,
      `δ=${accuracy}: ΔE = ${r.energy - ref.energy}`,
    );
    assert.ok(maxAbsDiff(r.forces, ref.forces) < 10 * accuracy * alpha * alpha * q2, `δ=${accuracy}: forces`);
  }
});

test("forces = −∇E by central finite differences", () => {
  const params = chooseEwaldParameters(cell, nIons, { accuracy: 1e-10 });
  const sum = new EwaldSum(params, nIons);
  const { forces } = sum.compute(ions, neutral, cell);
  const step = 1e-5;
  for (let k = 0; k < 3 * nIons; k += 2) {
    const plus = ions.slice();
    const minus = ions.slice();
    plus[k] += step;
    minus[k] -= step;
    const fd =
      -(sum.compute(plus, neutral, cell).energy - sum.compute(minus, neutral, cell).energy) / (2 * step);
    assert.ok(Math.abs(fd - forces[k]) < 1e-8, `coordinate ${k}: −dE/dx ${fd} vs force ${forces[k]}`);
  }
});

test("virial W = −∂E/∂ε by finite differences of a strained cell (all nine components, charged cell too)", () => {
  for (const q of [neutral, charges]) {
    const params = chooseEwaldParameters(cell, nIons, { accuracy: 1e-10 });
    const sum = new EwaldSum(params, nIons);
    const { virial } = sum.compute(ions, q, cell);
    const h = 1e-6;
    const energyAt = (a: number, b: number, e: number) => {
      const F = [1, 0, 0, 0, 1, 0, 0, 0, 1];
      F[3 * a + b] += e;
      const r = ions.slice();
      for (let i = 0; i < nIons; i++)
        for (let x = 0; x < 3; x++)
          r[3 * i + x] = [0, 1, 2].reduce((s, y) => s + F[3 * x + y] * ions[3 * i + y], 0);
      return sum.compute(r, q, strainCell(cell, F)).energy;
    };
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) {
        const fd = -(energyAt(a, b, h) - energyAt(a, b, -h)) / (2 * h);
        assert.ok(Math.abs(fd - virial[3 * a + b]) < 1e-7, `W[${a}][${b}]: FD ${fd} vs ${virial[3 * a + b]}`);
      }
    // Coulomb energy is homogeneous of degree −1 in length: tr W = E
    const { energy } = sum.compute(ions, q, cell);
    assert.ok(Math.abs(virial[0] + virial[4] + virial[8] - energy) < 1e-9);
  }
});

test("translation invariance across the boundary, and moving an ion by a lattice vector changes nothing", () => {
  const params = chooseEwaldParameters(cell, nIons, { accuracy: 1e-12 });
  const ref = new EwaldSum(params, nIons).compute(ions, neutral, cell);
  const shift = [5.3, -7.1, 12.9]; // most ions leave the cell
  const moved = ions.map((x, k) => x + shift[k % 3]);
  const r1 = new EwaldSum(params, nIons).compute(moved, neutral, cell);
  assert.ok(Math.abs(r1.energy - ref.energy) < 1e-11);
  assert.ok(maxAbsDiff(r1.forces, ref.forces) < 1e-10);
  const imaged = ions.slice();
  for (let x = 0; x < 3; x++) imaged[3 + x] += 2 * cell.matrix[3 + x] - cell.matrix[6 + x];
  const r2 = new EwaldSum(params, nIons).compute(imaged, neutral, cell);
  assert.ok(Math.abs(r2.energy - ref.energy) < 1e-11);
  assert.ok(maxAbsDiff(r2.forces, ref.forces) < 1e-10);
});

test("an excluded pair removes exactly its direct Coulomb term q_i q_j / r_ij", () => {
  const params = chooseEwaldParameters(cell, nIons, { accuracy: 1e-12 });
  const all = new EwaldSum(params, nIons).compute(ions, neutral, cell);
  const without = new EwaldSum(params, nIons, { exclusions: [[2, 5]] }).compute(ions, neutral, cell);
  const d = [0, 1, 2].map((x) => ions[15 + x] - ions[6 + x]);
  const r = Math.hypot(...d);
  assert.ok(Math.abs(all.energy - without.energy - (neutral[2] * neutral[5]) / r) < 1e-11);
  const f = (neutral[2] * neutral[5]) / r ** 3; // Coulomb force on atom 5 along d
  for (let x = 0; x < 3; x++) {
    assert.ok(Math.abs(all.forces[15 + x] - without.forces[15 + x] - f * d[x]) < 1e-10);
    assert.ok(Math.abs(all.forces[6 + x] - without.forces[6 + x] + f * d[x]) < 1e-10);
  }
  assert.throws(
    () => chooseEwaldParameters(makeCell(cell.matrix, [true, true, false]), 3),
    /periodic in all three/,
  );
});
