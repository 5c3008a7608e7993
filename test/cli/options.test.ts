import { test } from "node:test";
import assert from "node:assert/strict";
import {
  nonNegativeInteger,
  parseInteger,
  positiveInteger,
  positiveList,
  positiveNumber,
} from "../../src/cli/commands/options.ts";
import { estimateOutputBytes, outputSizeWarning } from "../../src/simulation/output-size.ts";

test("integer options accept exponent notation when the value is an exact integer", () => {
  const steps = nonNegativeInteger("--steps");
  assert.equal(steps("1e3"), 1000);
  assert.equal(steps("2.5E2"), 250);
  assert.equal(steps("1e12"), 1e12); // what a YAML config accepts
  assert.equal(steps("0"), 0);
  assert.equal(steps(" 40 "), 40);
  for (const bad of ["1.5", "1e-3", "-1", "", "abc", "0x10", "Infinity", "1e400", "12abc", "1e20"]) {
    assert.throws(() => steps(bad), /--steps: expected a non-negative integer/, bad);
  }
  assert.throws(() => positiveInteger("--frames")("0"), /--frames: expected a positive integer, got '0'/);
  assert.equal(positiveInteger("--frames")("5e1"), 50);
  assert.equal(parseInteger("7"), 7);
  assert.equal(parseInteger("7.000"), 7);
  assert.equal(parseInteger("7.1"), undefined);
});

test("number and list options refuse junk that Number() would accept", () => {
  const dt = positiveNumber("--dt");
  assert.equal(dt("0.5"), 0.5);
  assert.equal(dt("5e-1"), 0.5);
  for (const bad of ["", " ", "0", "-1", "0x1", "Infinity", "1/2"]) {
    assert.throws(() => dt(bad), /--dt: expected a positive number/, bad);
  }
  assert.deepEqual(positiveList("--temperatures")("300, 5e2"), [300, 500]);
  assert.throws(() => positiveList("--temperatures")("300,,500"), /comma-separated list/);
});

test("output size: bytes grow with steps and atoms and shrink with the stride; a huge request warns", () => {
  const plan = {
    steps: 1000,
    nAtoms: 9,
    trajectory: { every: 10, velocities: true },
    log: { every: 10 },
    properties: { every: 1 },
  };
  const a = estimateOutputBytes(plan);
  // 101 frames of 9 atom lines with 6 numbers (positions + velocities) of 23 characters
  assert.ok(a.trajectory > 101 * 9 * 6 * 23 && a.trajectory < 101 * (9 * 7 * 23 + 1000), `${a.trajectory}`);
  assert.equal(a.log, 101 * 200);
  // every step: 1001 lines of step, time, energy, 3 dipole, 9 polarizability values
  assert.equal(a.properties, 1001 * 15 * 20);
  const b = estimateOutputBytes({ ...plan, steps: 10_000 });
  assert.ok(Math.abs(b.trajectory / a.trajectory - 1001 / 101) < 1e-9);
  const c = estimateOutputBytes({ ...plan, trajectory: { every: 100, velocities: true } });
  assert.ok(c.trajectory < a.trajectory / 9);

  assert.equal(outputSizeWarning(plan, "."), undefined);
  const huge = outputSizeWarning({ ...plan, steps: 1e9 }, ".");
  assert.ok(huge, "1e9 steps with frequent output must warn");
  assert.match(huge, /1000000000 steps will write about [\d.]+ (GB|TB)/);
  assert.match(huge, /outputs\.\*\.every/);
});
