import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { readNpz, encodeNpz, parseNpz } from "../../src/training/npz.ts";
import { parseNpy, encodeNpy } from "../../src/training/npy.ts";
import { framesFromExtxyz, framesFromMd17, type ExtxyzFrameLike } from "../../src/training/dataset.ts";
import { makeSplit } from "../../src/training/split.ts";
import { fitNormalisation, fitReferenceEnergies } from "../../src/training/normalisation.ts";
import { BOHR_IN_ANGSTROM, HARTREE_IN_KCAL_PER_MOL, HARTREE_IN_EV } from "../../src/core/units.ts";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/training/${name}`, import.meta.url));
const MD17_UNITS = { energy: "kcal/mol", length: "angstrom", forces: "kcal/mol/angstrom" };

test("npz written by numpy: uint8 z, float32 E (M,1), float64 R/F, int64 decode exactly", async () => {
  const a = await readNpz(fixture("water_md17.npz"));
  assert.deepEqual(a.z.shape, [3]);
  assert.equal(a.z.dtype, "|u1");
  assert.deepEqual([...a.z.data], [8, 1, 1]);
  assert.equal(a.E.dtype, "<f4");
  assert.deepEqual([...a.E.data], [-47000.1015625, -47000.30078125, -46999.8984375, -47000.0]);
  assert.deepEqual(a.R.shape, [4, 3, 3]);
  assert.equal(a.R.data[3 * 3 * 1 + 3], 0.9231772956499166);
  assert.deepEqual([...a.i8.data], [1, -2, 3, 4]);
});

test("MD17 frames are converted to atomic units", async () => {
  const frames = framesFromMd17(await readNpz(fixture("water_md17.npz")), "water_md17.npz", MD17_UNITS);
  assert.equal(frames.length, 4);
  assert.deepEqual([...frames[1].numbers], [8, 1, 1]);
  assert.ok(Math.abs(frames[1].positions[3] - 0.9231772956499166 / BOHR_IN_ANGSTROM) < 1e-12);
  assert.ok(Math.abs(frames[2].energy! - -46999.8984375 / HARTREE_IN_KCAL_PER_MOL) < 1e-9);
  const f = (-1.107373047165193 / HARTREE_IN_KCAL_PER_MOL) * BOHR_IN_ANGSTROM;
  assert.ok(Math.abs(frames[3].forces![0] - f) < 1e-15);
  assert.match(frames[3].origin, /water_md17.npz: frame 3/);
});

test("npy round trip and header errors", () => {
  const bytes = encodeNpy([1.5, -2, 3, 4, 5, 6], [2, 3]);
  const back = parseNpy(bytes, "x.npy");
  assert.deepEqual(back.shape, [2, 3]);
  assert.deepEqual([...back.data], [1.5, -2, 3, 4, 5, 6]);
  assert.throws(() => parseNpy(new Uint8Array(20), "bad.npy"), /bad.npy: not a .npy array/);
  const fortran = encodeNpy([1, 2], [2]);
  const at = Buffer.from(fortran).indexOf("False");
  fortran.set(new TextEncoder().encode("True "), at);
  assert.throws(() => parseNpy(fortran, "f.npy"), /f.npy: Fortran-ordered/);
  assert.throws(() => parseNpz(new Uint8Array([1, 2, 3]), "junk.npz"), /junk.npz: not a readable .npz/);
});

test("bad MD17 input: mismatched atom counts, NaN, missing units name the file, frame and field", () => {
  const good = {
    R: { data: new Array(2 * 9).fill(0.5), shape: [2, 3, 3] },
    z: { data: [8, 1, 1], shape: [3] },
  };
  const mism = parseNpz(encodeNpz({ ...good, z: { data: [8, 1], shape: [2] } }), "m.npz");
  assert.throws(
    () => framesFromMd17(mism, "m.npz", MD17_UNITS),
    /m.npz: 'R' has shape \(2, 3, 3\).*mismatched atom count/,
  );
  const fbad = parseNpz(
    encodeNpz({ ...good, F: { data: new Array(12).fill(0), shape: [2, 2, 3] } }),
    "f.npz",
  );
  assert.throws(() => framesFromMd17(fbad, "f.npz", MD17_UNITS), /f.npz: 'F' has shape \(2, 2, 3\)/);
  const nan = good.R.data.slice();
  nan[9 + 4] = NaN;
  const withNan = parseNpz(encodeNpz({ ...good, R: { data: nan, shape: [2, 3, 3] } }), "n.npz");
  assert.throws(
    () => framesFromMd17(withNan, "n.npz", MD17_UNITS),
    /n.npz: frame 1: field 'positions' is NaN at atom 1/,
  );
  const withE = parseNpz(encodeNpz({ ...good, E: { data: [1, 2], shape: [2] } }), "e.npz");
  assert.throws(
    () => framesFromMd17(withE, "e.npz", { length: "angstrom" }),
    /e.npz: the data has 'energy' but units.energy is not given/,
  );
  assert.throws(
    () => framesFromMd17(withE, "e.npz", { energy: "eV" }),
    /e.npz: the data has 'positions' but units.length is not given/,
  );
  assert.throws(
    () => framesFromMd17(withE, "e.npz", { energy: "eV", length: "furlong" }),
    /units.length: unknown length unit 'furlong'/,
  );
});

const water = (info: ExtxyzFrameLike["info"], arrays: ExtxyzFrameLike["arrays"] = {}): ExtxyzFrameLike => ({
  symbols: ["O", "H", "H"],
  positions: Float64Array.from([0, 0, 0, 0.96, 0, 0, -0.24, 0.93, 0]),
  info,
  arrays,
});
const ASE_UNITS = {
  energy: "eV",
  length: "angstrom",
  forces: "eV/angstrom",
  dipole: "e*angstrom",
  polarizability: "angstrom^3",
};

test("extxyz frames: ASE keys, optional properties, atomic units", () => {
  const frames = framesFromExtxyz(
    [
      water({ energy: -2.0, dipole: [0.1, 0.2, 0.3] }, { forces: new Float64Array(9).fill(1) }),
      water({ polarizability: [1, 0, 0, 0, 2, 0, 0, 0, 3] }),
    ],
    "w.xyz",
    ASE_UNITS,
  );
  assert.ok(Math.abs(frames[0].energy! + 2 / HARTREE_IN_EV) < 1e-15);
  assert.ok(Math.abs(frames[0].forces![0] - BOHR_IN_ANGSTROM / HARTREE_IN_EV) < 1e-15);
  assert.ok(Math.abs(frames[0].dipole![2] - 0.3 / BOHR_IN_ANGSTROM) < 1e-15);
  assert.equal(frames[0].polarizability, undefined);
  assert.equal(frames[1].energy, undefined);
  assert.ok(Math.abs(frames[1].polarizability![4] - 2 / BOHR_IN_ANGSTROM ** 3) < 1e-12);
});

test("bad extxyz input: NaN energy, force rows ≠ atoms, missing forces unit, wrong dipole length", () => {
  assert.throws(
    () => framesFromExtxyz([water({ energy: 1 }), water({ energy: NaN })], "a.xyz", ASE_UNITS),
    /a.xyz: frame 1: field 'energy' is NaN/,
  );
  assert.throws(
    () => framesFromExtxyz([water({}, { forces: new Float64Array(6) })], "b.xyz", ASE_UNITS),
    /b.xyz: frame 0: 'forces' has 2 rows for 3 atoms \(mismatched atom count\)/,
  );
  assert.throws(
    () =>
      framesFromExtxyz([water({}, { forces: new Float64Array(9) })], "c.xyz", {
        energy: "eV",
        length: "angstrom",
      }),
    /c.xyz: the data has 'forces' but units.forces is not given/,
  );
  assert.throws(
    () => framesFromExtxyz([water({ dipole: [1, 2] })], "d.xyz", ASE_UNITS),
    /d.xyz: frame 0: 'dipole' must be 3 numbers/,
  );
});

test("splits are reproducible from the seed, disjoint, and an empty split is an error", () => {
  const a = makeSplit(50, { train: 0.6, validation: 0.2 }, 7);
  const b = makeSplit(50, { train: 0.6, validation: 0.2 }, 7);
  const c = makeSplit(50, { train: 0.6, validation: 0.2 }, 8);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.train, c.train);
  assert.deepEqual([a.train.length, a.validation.length, a.test.length], [30, 10, 10]);
  assert.deepEqual(
    [...a.train, ...a.validation, ...a.test].sort((x, y) => x - y),
    Array.from({ length: 50 }, (_, i) => i),
  );
  assert.throws(() => makeSplit(10, { train: 0.95, validation: 0.01 }, 1), /validation split is empty/);
  assert.throws(() => makeSplit(10, { train: 0, validation: 3 }, 1), /training split is empty/);
  assert.throws(() => makeSplit(10, { train: 8, validation: 3 }, 1), /exceed the 10 frames/);
});

test("reference energies by least squares recover exact element energies; scale from force RMS", () => {
  const eRef: Record<number, number> = { 1: -0.5, 6: -37.8, 8: -75.0 };
  const molecules = [
    [1, 1, 8],
    [6, 1, 1, 1, 1],
    [6, 8],
    [1, 1],
    [6, 6, 1, 1, 1, 1, 1, 1, 8],
  ];
  const frames = molecules.map((zs, m) => ({
    numbers: Int32Array.from(zs),
    positions: new Float64Array(3 * zs.length),
    energy: zs.reduce((s, z) => s + eRef[z], 0),
    forces: new Float64Array(3 * zs.length).fill(m % 2 ? 0.02 : -0.02),
    origin: `m${m}`,
  }));
  const ref = fitReferenceEnergies(frames, [1, 6, 8]);
  [-0.5, -37.8, -75.0].forEach((e, i) => assert.ok(Math.abs(ref[i] - e) < 1e-9, `${ref[i]} vs ${e}`));
  const norm = fitNormalisation(frames);
  assert.equal(norm.scaleFrom, "force-rms");
  assert.ok(Math.abs(norm.scale - 0.02) < 1e-15);
  // One composition only (MD17): the minimum-norm fit still reproduces the mean energy.
  const same = [0, 1, 2].map((k) => ({ ...frames[0], energy: -76 + 0.01 * k }));
  const r1 = fitReferenceEnergies(same, [1, 8]);
  assert.ok(Math.abs(2 * r1[0] + r1[1] - -75.99) < 1e-9);
  const n2 = fitNormalisation(same, "energy-std");
  assert.ok(Math.abs(n2.scale - (Math.sqrt(2 / 3) * 0.01) / 3) < 1e-12);
});
