import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.ts";
import { optimizeCommand, optimizeStructure } from "../../src/cli/commands/optimize.ts";
import { potentialFromOptions } from "../../src/cli/commands/potential-options.ts";
import { readExtxyz } from "../../src/io/extxyz.ts";
import { stateFromFrames, systemFromFrame } from "../../src/io/frames.ts";
import { normalModes } from "../../src/spectra/normal-modes.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const WATER = join(ROOT, "examples/configs/water.xyz");
const dist = (x: Float64Array, i: number, j: number) =>
  Math.hypot(x[3 * i] - x[3 * j], x[3 * i + 1] - x[3 * j + 1], x[3 * i + 2] - x[3 * j + 2]);

test("optimize relaxes the shipped water to the q-TIP4P/F minimum and writes energy and forces (eV, eV/Å)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-opt-"));
  const output = join(dir, "water-opt.xyz");
  const converged = await optimizeCommand({
    potential: "water",
    input: WATER,
    output,
    fmax: 1e-4,
    maxSteps: 5000,
    quiet: true,
  });
  assert.equal(converged, true);
  const [frame] = await readExtxyz(output);
  // the q-TIP4P/F intramolecular minimum: r_OH = 0.9419 Å, H–O–H = 107.4°
  const x = frame.positions;
  for (const h of [1, 2]) assert.ok(Math.abs(dist(x, 0, h) - 0.9419) < 1e-4, `r_OH ${dist(x, 0, h)}`);
  const r12 = dist(x, 1, 2);
  const angle = 2 * Math.asin(r12 / 2 / 0.9419) * (180 / Math.PI);
  assert.ok(Math.abs(angle - 107.4) < 0.02, `angle ${angle}`);
  const forces = frame.arrays.forces as Float64Array;
  assert.ok(Math.max(...forces.map(Math.abs)) < 1e-4, "forces in the file are below the criterion (eV/Å)");
  assert.equal(frame.info.converged, true);
  assert.ok(Math.abs(frame.info.energy as number) < 1e-9, "the minimum of the intramolecular water is 0 eV");

  // never overwritten, and never written over the input
  const before = statSync(output).mtimeMs;
  await assert.rejects(
    optimizeCommand({ potential: "water", input: WATER, output, quiet: true }),
    /water-opt\.xyz already exists; remove it or choose another output name/,
  );
  assert.equal(statSync(output).mtimeMs, before);
  await assert.rejects(
    optimizeCommand({ potential: "water", input: output, output, quiet: true }),
    /is the input file/,
  );
  // a step limit too small: the last geometry is still written, marked as not converged
  const partial = join(dir, "partial.xyz");
  assert.equal(
    await optimizeCommand({ potential: "water", input: WATER, output: partial, maxSteps: 2, quiet: true }),
    false,
  );
  assert.equal((await readExtxyz(partial))[0].info.converged, false);
});

test("the shipped ethanol structure has an imaginary mode with the shipped model; optimised, none", async () => {
  const [frame] = await readExtxyz(join(ROOT, "data/ethanol/ethanol.xyz"));
  const system = systemFromFrame(frame);
  const initial = stateFromFrames(system, [frame]);
  const potential = await potentialFromOptions(
    { model: join(ROOT, "models/ethanol-painn/model.json.gz") },
    system,
    initial,
  );
  try {
    const before = await normalModes(potential, system, initial.positions);
    assert.ok(before.frequencies[0] < -100, `lowest mode ${before.frequencies[0]} cm⁻¹ (imaginary < 0)`);
    const opt = await optimizeStructure(potential, system, initial.positions);
    assert.ok(opt.result.converged);
    assert.ok(opt.result.energy < opt.start.energy);
    const after = await normalModes(potential, system, opt.result.positions);
    assert.equal(after.frequencies.length, 21);
    assert.ok(after.frequencies[0] > 100, `lowest mode ${after.frequencies[0]} cm⁻¹ (the methyl torsion)`);
    // the O–H stretch is the highest mode, 3572 cm⁻¹ with this model
    assert.ok(after.frequencies[20] > 3400 && after.frequencies[20] < 4000, `${after.frequencies[20]}`);
  } finally {
    await potential.dispose();
  }
});

/** Run the CLI in this process; returns the exit status and what it wrote. */
async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out = { stdout: "", stderr: "" };
  const write = (key: "stdout" | "stderr") => (chunk: string | Uint8Array) => {
    out[key] += String(chunk);
    return true;
  };
  const saved = { stdout: process.stdout.write, stderr: process.stderr.write };
  process.stdout.write = write("stdout") as typeof process.stdout.write;
  process.stderr.write = write("stderr") as typeof process.stderr.write;
  try {
    const status = await main(["node", "equimd", ...args]);
    return { status, ...out };
  } finally {
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
  }
}

test("CLI: normal-modes warns off a stationary point, naming equimd optimize; --optimize relaxes first", async () => {
  const plain = await cli("normal-modes", "--potential", "water", "--input", WATER);
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stderr, /not a stationary point .*largest force component 1\.87e-1 eV\/Å/);
  assert.match(plain.stderr, /add --optimize, or run equimd optimize --input/);
  const relaxed = await cli("normal-modes", "--potential", "water", "--input", WATER, "--optimize");
  assert.equal(relaxed.status, 0, relaxed.stderr);
  assert.match(relaxed.stderr, /optimize: converged after \d+ FIRE steps/);
  assert.doesNotMatch(relaxed.stderr, /not a stationary point/);
  // the bend of q-TIP4P/F water at its minimum
  assert.match(relaxed.stdout, /\n {4}1 {11}1580\.\d\d/);
});
