/**
 * Resumable labelling (equimd label) with an analytic stand-in calculator, the ASE-unit frame labels,
 * the partial-frame repair, and Langevin sampling checked against equipartition.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HarmonicPotential } from "../../potentials/analytic/harmonic.ts";
import { formatExtxyzFrame, parseExtxyz, type Frame } from "../../src/io/extxyz.ts";
import { makeSystem } from "../../src/core/system.ts";
import { BOHR_IN_ANGSTROM, HARTREE_IN_EV, kelvin } from "../../src/core/units.ts";
import { Random } from "../../src/core/random.ts";
import { addLabels } from "../../src/labelling/frame-labels.ts";
import { completeFramesLength } from "../../src/labelling/frame-files.ts";
import { labelFile, parseSlice, sliceIndices } from "../../src/labelling/label-file.ts";
import { potentialLabeller, type Labeller } from "../../src/labelling/labeller.ts";
import { sampleConfigurations } from "../../src/labelling/sampler.ts";

const SYMBOLS = ["O", "H", "H"];

/** A harmonic tether with charges: energy, forces and a dipole, all analytic. */
function fakeLabeller(): Labeller {
  const potential = new HarmonicPotential({ k: 0.3, charges: [-0.8, 0.4, 0.4] });
  return potentialLabeller(potential, "fake", "harmonic k=0.3");
}

/** n water-like frames with pseudo-random positions (Å). */
function inputFile(dir: string, n: number): string {
  const rng = new Random(5);
  const text = Array.from({ length: n }, (_, i) => {
    const frame: Frame = {
      symbols: SYMBOLS,
      positions: Float64Array.from({ length: 9 }, () => rng.normal()),
      info: { frame_number: i },
      arrays: {},
    };
    return formatExtxyzFrame(frame);
  }).join("");
  const path = join(dir, "input.extxyz");
  writeFileSync(path, text);
  return path;
}

function withDir(body: (dir: string) => Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "equimd-label-"));
    try {
      await body(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  "labelling interrupted after k frames and run again gives the file of an uninterrupted run",
  withDir(async (dir) => {
    const input = inputFile(dir, 12);
    const whole = join(dir, "whole.extxyz");
    const parts = join(dir, "parts.extxyz");
    const r0 = await labelFile({ input, output: whole, labellers: [fakeLabeller()] });
    assert.deepEqual(r0, { total: 12, skipped: 0, labelled: 12, repairedBytes: 0 });

    // stop after 5 frames with a limit, then after 3 more with an abort signal
    const r1 = await labelFile({ input, output: parts, labellers: [fakeLabeller()], limit: 5 });
    assert.equal(r1.labelled, 5);
    const controller = new AbortController();
    const r2 = await labelFile({
      input,
      output: parts,
      labellers: [fakeLabeller()],
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 8) controller.abort();
      },
    });
    assert.deepEqual([r2.skipped, r2.labelled], [5, 3]);
    const r3 = await labelFile({ input, output: parts, labellers: [fakeLabeller()] });
    assert.deepEqual([r3.skipped, r3.labelled], [8, 4]);
    assert.equal(readFileSync(parts, "utf8"), readFileSync(whole, "utf8"));
    // a fourth run has nothing left to do
    const r4 = await labelFile({ input, output: parts, labellers: [fakeLabeller()] });
    assert.deepEqual([r4.skipped, r4.labelled], [12, 0]);
  }),
);

test(
  "a partial last frame left by a killed run is cut off, and the result is still the uninterrupted file",
  withDir(async (dir) => {
    const input = inputFile(dir, 6);
    const whole = join(dir, "whole.extxyz");
    const parts = join(dir, "parts.extxyz");
    await labelFile({ input, output: whole, labellers: [fakeLabeller()] });
    await labelFile({ input, output: parts, labellers: [fakeLabeller()], limit: 2 });
    const text = readFileSync(whole, "utf8");
    const frame3 = text.split("\n").slice(10, 13).join("\n"); // count line, comment and one atom of frame 3
    appendFileSync(parts, frame3 + "\n");
    const r = await labelFile({ input, output: parts, labellers: [fakeLabeller()] });
    assert.ok(r.repairedBytes > 0);
    assert.deepEqual([r.skipped, r.labelled], [2, 4]);
    assert.equal(readFileSync(parts, "utf8"), text);
  }),
);

test(
  "an output that belongs to another input is refused, naming the frame",
  withDir(async (dir) => {
    const input = inputFile(dir, 3);
    const output = join(dir, "out.extxyz");
    await labelFile({ input, output, labellers: [fakeLabeller()], limit: 1 });
    const moved = readFileSync(output, "utf8").replace(/\n(O\s+)(-?\d)/, "\n$1 9$2");
    writeFileSync(output, moved);
    await assert.rejects(
      labelFile({ input, output, labellers: [fakeLabeller()] }),
      /out.extxyz: frame 1 \(source_index=0\) does not match frame 0 of .*input.extxyz/,
    );
    await assert.rejects(
      labelFile({ input, output: join(dir, "x.extxyz.gz"), labellers: [fakeLabeller()] }),
      /must be plain .extxyz/,
    );
  }),
);

test(
  "labels are stored in ASE units and keys already taken get the calculator's prefix",
  withDir(async (dir) => {
    const input = inputFile(dir, 2);
    const output = join(dir, "out.extxyz");
    await labelFile({ input, output, labellers: [fakeLabeller()], select: parseSlice("1:2") });
    const [frame] = parseExtxyz(readFileSync(output, "utf8"));
    assert.equal(frame.info.source_index, 1);
    assert.equal(frame.info.fake_level, "harmonic k=0.3");
    // V = ½ k Σ r² with r in bohr, stored in eV; μ = Σ q r stored in e·Å; F = −k r in eV/Å
    const r = Array.from(frame.positions, (x) => x / BOHR_IN_ANGSTROM);
    const v = 0.5 * 0.3 * r.reduce((s, x) => s + x * x, 0);
    assert.ok(Math.abs((frame.info.energy as number) - v * HARTREE_IN_EV) < 1e-9);
    const q = [-0.8, 0.4, 0.4];
    const mux = q.reduce((s, qa, a) => s + qa * frame.positions[3 * a], 0);
    assert.ok(Math.abs((frame.info.dipole as number[])[0] - mux) < 1e-12);
    const f = frame.arrays.forces as Float64Array;
    assert.ok(Math.abs(f[4] - (-0.3 * r[4] * HARTREE_IN_EV) / BOHR_IN_ANGSTROM) < 1e-9);

    // the same labels again: energy/dipole/forces are taken, so they become fake_energy, …
    const again = addLabels(frame, { energy: 1, dipole: Float64Array.of(1, 0, 0) }, fakeLabeller());
    assert.deepEqual(again, ["fake_energy", "fake_dipole"]);
    assert.equal(frame.info.fake_energy, HARTREE_IN_EV);
    // a polarizability (bohr³, row-major) is written in Å³ in Fortran order
    addLabels(frame, { polarizability: Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9) }, fakeLabeller());
    const a3 = BOHR_IN_ANGSTROM ** 3;
    assert.deepEqual(
      (frame.info.polarizability as number[]).map((x) => Math.round(x / a3)),
      [1, 4, 7, 2, 5, 8, 3, 6, 9],
    );
  }),
);

test("frame selections follow Python slice rules; bad ones are named", () => {
  assert.deepEqual(sliceIndices(parseSlice("::3"), 10), [0, 3, 6, 9]);
  assert.deepEqual(sliceIndices(parseSlice("2:5"), 10), [2, 3, 4]);
  assert.deepEqual(sliceIndices(parseSlice("7"), 10), [7]);
  assert.deepEqual(sliceIndices(parseSlice("8:100"), 10), [8, 9]);
  assert.throws(() => parseSlice("1:2:0"), /--select '1:2:0': step must be at least 1/);
  assert.throws(() => parseSlice("a:2"), /start must be a non-negative integer, got 'a'/);
});

test("only complete frames count: a frame needs its count line and N + 1 more lines", () => {
  const one = "2\ncomment\nH 0 0 0\nH 0 0 1\n";
  assert.equal(completeFramesLength(one + one), 2 * one.length);
  assert.equal(completeFramesLength(one + "2\ncomment\nH 0 0 0\n"), one.length);
  assert.equal(completeFramesLength(one + "2\ncomment\nH 0 0 0\nH 0 0"), one.length);
});

test("Langevin sampling of per-atom harmonic tethers obeys equipartition, ⟨V⟩ = (3N/2) k_B T", async () => {
  const system = makeSystem(["O", "H", "H"]);
  const k = 0.05; // hartree/bohr²: H period ≈ 2π·sqrt(1837/0.05) ≈ 1200 a.u. ≈ 29 fs
  const potential = new HarmonicPotential({ k, charges: [-0.8, 0.4, 0.4] });
  const temperatures = [300, 900];
  const sums = new Map<number, { v: number; n: number }>(temperatures.map((T) => [T, { v: 0, n: 0 }]));
  const order: string[] = [];
  await sampleConfigurations(
    system,
    new Float64Array(9),
    potential,
    {
      temperatures,
      frames: 800,
      replicas: 8,
      every: 20,
      dtFs: 1,
      tauFs: 20,
      equilibrationSteps: 200,
      seed: 11,
    },
    (c) => {
      const s = sums.get(c.temperatureK)!;
      s.v += c.energy;
      s.n++;
      if (order.length < 17) order.push(`${c.temperatureK}/${c.replica}`);
      // the dipole of the tethers is Σ q r of the emitted positions
      const mux = -0.8 * c.positions[0] + 0.4 * c.positions[3] + 0.4 * c.positions[6];
      assert.ok(Math.abs(c.dipole![0] - mux) < 1e-12);
    },
  );
  // rounds: all replicas of 300 K, then all of 900 K, then the next round
  assert.deepEqual(order.slice(0, 3), ["300/0", "300/1", "300/2"]);
  assert.equal(order[8], "900/0");
  assert.equal(order[16], "300/0");
  for (const T of temperatures) {
    const { v, n } = sums.get(T)!;
    assert.equal(n, 800);
    const expected = 1.5 * system.nAtoms * kelvin(T);
    // 800 frames, partly correlated: the relative standard error of ⟨V⟩ is ~ sqrt(2/(9·800)) ≈ 2–4 %
    assert.ok(Math.abs(v / n / expected - 1) < 0.1, `T = ${T} K: ⟨V⟩/(3N/2 kT) = ${v / n / expected}`);
  }
});
