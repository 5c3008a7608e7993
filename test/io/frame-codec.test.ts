/**
 * The one frame codec (src/io/frame-codec.ts) pins the polarizability layouts for every reader and
 * writer: 9 numbers are Fortran (column-major) order as ASE writes them, v[i + 3j] = α_ij; the `_JSON`
 * nested form reads the same; 6 numbers are Voigt order xx yy zz yz xz xy; any other count is an error
 * naming the file, frame and key. The tensor used is deliberately asymmetric, so that a reader with
 * another order gives other numbers. Every consumer (MD states, spectra, training data, trajectory
 * comparison, labelling and predict on the writing side) must agree.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { BOHR_IN_ANGSTROM, HARTREE_IN_EV } from "../../src/core/units.ts";
import { makeSystem } from "../../src/core/system.ts";
import { parseExtxyz, type Frame } from "../../src/io/extxyz.ts";
import { ASE_CODEC, FrameCodec, numbersFromTensor, tensorFromNumbers } from "../../src/io/frame-codec.ts";
import { stateFromFrames } from "../../src/io/frames.ts";
import { timeSeriesFromFrames } from "../../src/spectra/time-series.ts";
import { framesFromExtxyz } from "../../src/training/dataset.ts";
import { trajectoryFromFrames } from "../../src/trajectory-comparison/trajectory.ts";
import { addLabels } from "../../src/labelling/frame-labels.ts";

/** α_ij = 10(i+1) + (j+1), row-major, Å³: asymmetric on purpose. */
const ALPHA_ROW_MAJOR = [11, 12, 13, 21, 22, 23, 31, 32, 33];
/** The same in Fortran order, as ASE writes a 3×3 info value. */
const ALPHA_FORTRAN = [11, 21, 31, 12, 22, 32, 13, 23, 33];
/** A symmetric tensor in Voigt order xx yy zz yz xz xy, and its row-major form. */
const VOIGT = [1, 2, 3, 4, 5, 6];
const VOIGT_ROW_MAJOR = [1, 6, 5, 6, 2, 4, 5, 4, 3];
const A3 = BOHR_IN_ANGSTROM ** 3;
const DATA_UNITS = {
  energy: "eV",
  length: "angstrom",
  forces: "eV/angstrom",
  dipole: "e*angstrom",
  polarizability: "angstrom^3",
};

const frameWith = (polarizability: number[], time = 0): Frame => ({
  symbols: ["O", "H", "H"],
  positions: Float64Array.from([0, 0, 0, 0.96, 0, 0, -0.24, 0.93, 0]),
  info: { time, energy: -1, dipole: [0.1, 0.2, 0.3], polarizability },
  arrays: { forces: new Float64Array(9).fill(0.1), velocities: new Float64Array(9).fill(0.001) },
});

/** Row-major bohr³ of every reader for frames carrying `numbers`. */
function everyReader(numbers: number[]): Record<string, number[]> {
  const frames = [frameWith(numbers, 0), frameWith(numbers, 0.5)];
  const system = makeSystem(["O", "H", "H"]);
  return {
    codec: Array.from(ASE_CODEC.polarizability(frames[0], "f")!),
    "io/frames stateFromFrames": Array.from(stateFromFrames(system, frames).polarizability!.subarray(0, 9)),
    "spectra timeSeriesFromFrames": Array.from(
      timeSeriesFromFrames(frames, { property: "polarizability" }).values.subarray(0, 9),
    ),
    "training framesFromExtxyz": Array.from(framesFromExtxyz(frames, "d.xyz", DATA_UNITS)[0].polarizability!),
    "trajectory-comparison trajectoryFromFrames": Array.from(
      trajectoryFromFrames(frames, "t.xyz").polarizability!.subarray(0, 9),
    ),
  };
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>, what: string) => {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++)
    assert.ok(Math.abs(a[i] - b[i]) < 1e-9 * (1 + Math.abs(b[i])), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
};

test("9 numbers are Fortran order in every reader (asymmetric tensor)", () => {
  const expected = ALPHA_ROW_MAJOR.map((a) => a / A3);
  for (const [reader, values] of Object.entries(everyReader(ALPHA_FORTRAN))) close(values, expected, reader);
  assert.deepEqual(tensorFromNumbers(ALPHA_FORTRAN, "f"), ALPHA_ROW_MAJOR);
  assert.deepEqual(numbersFromTensor(ALPHA_ROW_MAJOR), ALPHA_FORTRAN);
});

test("6 numbers are Voigt order xx yy zz yz xz xy in every reader", () => {
  const expected = VOIGT_ROW_MAJOR.map((a) => a / A3);
  for (const [reader, values] of Object.entries(everyReader(VOIGT))) close(values, expected, reader);
});

test("ASE's _JSON nested form ([[row], …]) reads as the same tensor", () => {
  const [f] = parseExtxyz(
    '1\npolarizability="_JSON [[11, 12, 13], [21, 22, 23], [31, 32, 33]]" Properties=species:S:1:pos:R:3\nH 0 0 0\n',
    "j.xyz",
  );
  close(
    ASE_CODEC.polarizability(f, "j.xyz: frame 0")!,
    ALPHA_ROW_MAJOR.map((a) => a / A3),
    "_JSON",
  );
});

test("other counts are errors naming the file, frame and key, in every reader", () => {
  const bad = [frameWith([1, 2, 3, 4, 5, 6, 7]), frameWith([1, 2, 3, 4, 5, 6, 7], 1)];
  const message = /frame 0: 'polarizability' must be 9 numbers \(3×3 in Fortran order.*or 6 \(Voigt order/;
  assert.throws(() => stateFromFrames(makeSystem(["O", "H", "H"]), bad), message);
  assert.throws(
    () => timeSeriesFromFrames(bad, { property: "polarizability", source: "s.xyz" }),
    /s\.xyz: frame 0: 'polarizability' must be 9/,
  );
  assert.throws(
    () => framesFromExtxyz(bad, "d.xyz", DATA_UNITS),
    /d\.xyz: frame 0: 'polarizability' must be 9/,
  );
  assert.throws(() => trajectoryFromFrames(bad, "t.xyz"), message);
});

test("writers (labelling, MD states) write 9 numbers in Fortran order that every reader reads back", () => {
  const frame: Frame = { ...frameWith([]), info: {}, arrays: {} };
  const alpha = Float64Array.from(ALPHA_ROW_MAJOR, (a) => a / A3);
  addLabels(
    frame,
    { energy: -2 / HARTREE_IN_EV, polarizability: alpha },
    { name: "test", levelOfTheory: "x" },
  );
  close(frame.info.polarizability as number[], ALPHA_FORTRAN, "addLabels");
  assert.ok(Math.abs((frame.info.energy as number) + 2) < 1e-12);
  const codec = new FrameCodec();
  close(codec.polarizabilityValue(alpha), ALPHA_FORTRAN, "FrameCodec.polarizabilityValue");
  for (const [reader, values] of Object.entries(everyReader(frame.info.polarizability as number[]))) {
    close(values, alpha, `${reader} after addLabels`);
  }
});
