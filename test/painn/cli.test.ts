/**
 * The commands behind `equimd import-schnetpack` and `equimd predict`: import the tensor-heads reference
 * model, predict an extxyz file of mixed molecules in batches, and compare every written value (ASE keys
 * and units) with the schnetpack reference.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importSchnetpackCommand } from "../../src/cli/commands/import-schnetpack.ts";
import { predictCommand } from "../../src/cli/commands/predict.ts";
import { formatExtxyzFrame, readExtxyz } from "../../src/io/extxyz.ts";
import { elementSymbol } from "../../src/core/elements.ts";
import { assertClose, readCases, TENSOR_HEADS, weightsPath } from "./helpers.ts";

test("import-schnetpack then predict reproduces the reference outputs frame by frame", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-painn-cli-"));
  const modelPath = join(dir, "model.json.gz");
  const summary = await importSchnetpackCommand({
    input: weightsPath(TENSOR_HEADS),
    output: modelPath,
    energyUnit: "eV",
    elements: ["H", "C", "O"],
  });
  assert.match(summary, /F=32, T=3, 20 bessel functions/);

  const cases = readCases(TENSOR_HEADS);
  const input = join(dir, "in.extxyz");
  writeFileSync(
    input,
    cases
      .map((c) =>
        formatExtxyzFrame({
          symbols: c.numbers.map(elementSymbol),
          positions: Float64Array.from(c.positions.flat()),
          info: { name: c.name },
          arrays: {},
        }),
      )
      .join(""),
  );
  const output = join(dir, "out.extxyz");
  const n = await predictCommand({ model: modelPath, input, output, backend: "wasm", batchSize: 4 });
  assert.equal(n, cases.length);
  const frames = await readExtxyz(output);
  assert.equal(frames.length, cases.length);
  for (const [k, c] of cases.entries()) {
    const f = frames[k];
    assert.equal(f.info.name, c.name, "other info is kept");
    assertClose([f.info.energy as number], [c.energy], 1e-5, `${c.name} energy`);
    assertClose(f.arrays.forces as Float64Array, c.forces.flat(), 1e-4, `${c.name} forces`);
    assertClose(f.info.dipole as number[], c.dipole_moment!, 1e-4, `${c.name} dipole`);
    // 9 numbers, column-major as ASE writes them (the tensor is symmetric; check the order anyway).
    const a = f.info.polarizability as number[];
    const rowMajor = Array.from({ length: 9 }, (_, k9) => a[3 * (k9 % 3) + Math.floor(k9 / 3)]);
    assertClose(rowMajor, c.polarizability!.flat(), 1e-4, `${c.name} polarizability`);
    assertClose(f.arrays.charges as Float64Array, c.partial_charges!.flat(), 1e-4, `${c.name} charges`);
  }
});
