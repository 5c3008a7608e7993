/**
 * `equimd predict` never destroys data: the output may not be the input (also through a symlink), an
 * existing output survives a mistyped input and is replaced only with overwrite, a failure half-way
 * leaves no partial output, the input's own labels are kept as ref_*, broken geometry is refused
 * naming the frame, gzip is read and written, and the fast and tfjs paths agree.
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { importSchnetpackCommand } from "../../src/cli/commands/import-schnetpack.ts";
import { predictCommand, type PredictArgs } from "../../src/cli/commands/predict.ts";
import { formatExtxyzFrame, readExtxyz, type Frame } from "../../src/io/extxyz.ts";
import { elementSymbol } from "../../src/core/elements.ts";
import { readCases, TENSOR_HEADS, weightsPath } from "../painn/helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "equimd-predict-"));
const modelPath = join(dir, "model.json.gz");
const cases = readCases(TENSOR_HEADS).slice(0, 3);
const frameOf = (k: number, info: Frame["info"] = {}): Frame => ({
  symbols: cases[k].numbers.map(elementSymbol),
  positions: Float64Array.from(cases[k].positions.flat()),
  info: { name: cases[k].name, ...info },
  arrays: {},
});
const text = (frames: Frame[]) => frames.map(formatExtxyzFrame).join("");
const quiet = (a: Omit<PredictArgs, "model" | "log">): PredictArgs => ({
  model: modelPath,
  log: () => {},
  ...a,
});

before(async () => {
  await importSchnetpackCommand({
    input: weightsPath(TENSOR_HEADS),
    output: modelPath,
    energyUnit: "eV",
    elements: ["H", "C", "O"],
  });
});

test("output equal to the input (directly or through a symlink) is refused and the input is untouched", async () => {
  const input = join(dir, "same.extxyz");
  writeFileSync(input, text([frameOf(0)]));
  const before = readFileSync(input, "utf8");
  await assert.rejects(predictCommand(quiet({ input, output: input })), /is the input file/);
  const link = join(dir, "link.extxyz");
  symlinkSync(input, link);
  await assert.rejects(predictCommand(quiet({ input, output: link, overwrite: true })), /is the input file/);
  assert.equal(readFileSync(input, "utf8"), before);
});

test("an existing output survives a mistyped input and a refusal; --overwrite replaces it", async () => {
  const input = join(dir, "in.extxyz");
  writeFileSync(input, text([frameOf(0), frameOf(1)]));
  const output = join(dir, "earlier.extxyz");
  writeFileSync(output, "earlier results\n");
  await assert.rejects(
    predictCommand(quiet({ input: join(dir, "typo.extxyz"), output, overwrite: true })),
    /--input .*typo.extxyz: cannot be read/,
  );
  await assert.rejects(predictCommand(quiet({ input, output })), /exists; .*--overwrite/);
  await assert.rejects(
    predictCommand(quiet({ input, output: join(dir, "no-such-dir", "p.extxyz") })),
    /--output .*p\.extxyz: directory .*no-such-dir does not exist/,
  );
  assert.equal(readFileSync(output, "utf8"), "earlier results\n");
  assert.equal(await predictCommand(quiet({ input, output, overwrite: true })), 2);
  assert.equal((await readExtxyz(output)).length, 2);
});

test("a failure half-way (broken geometry in frame 2) leaves no output and no temporary file", async () => {
  const broken = frameOf(1);
  broken.positions = Float64Array.from(broken.positions);
  broken.positions.set(broken.positions.subarray(0, 3), 3); // atom 1 on top of atom 0
  const input = join(dir, "broken.extxyz");
  writeFileSync(input, text([frameOf(0), frameOf(0), broken]));
  const sub = mkdtempSync(join(dir, "out-"));
  const output = join(sub, "pred.extxyz");
  await assert.rejects(
    predictCommand(quiet({ input, output, batchSize: 2 })),
    /broken.extxyz: frame 2: atoms 0 \(.\) and 1 \(.\) are 0\.00 Å apart, closer than 0\.1 Å/,
  );
  assert.deepEqual(readdirSync(sub), []);
  const nan = frameOf(0);
  nan.positions = Float64Array.from(nan.positions);
  nan.positions[4] = NaN;
  writeFileSync(input, text([nan]));
  await assert.rejects(
    predictCommand(quiet({ input, output })),
    /frame 0: atom 1 has a non-finite coordinate \(NaN\)/,
  );
});

test("the input's labels are kept as ref_*; gzip in and out; fast and tfjs paths agree", async () => {
  const labelled = frameOf(0, { energy: -1.25, dipole: [0.1, 0.2, 0.3] });
  labelled.arrays.forces = new Float64Array(3 * labelled.symbols.length).fill(0.5);
  const input = join(dir, "labelled.extxyz.gz");
  writeFileSync(input, gzipSync(text([labelled, frameOf(1), frameOf(2)])));
  const fast = join(dir, "fast.extxyz.gz");
  const tfjs = join(dir, "tfjs.extxyz");
  const lines: string[] = [];
  await predictCommand({ model: modelPath, input, output: fast, path: "auto", log: (l) => lines.push(l) });
  assert.match(lines.join("\n"), /predict on the (fast|tfjs) path/);
  await predictCommand(quiet({ input, output: tfjs, path: "tfjs", backend: "wasm" }));
  const [a, b] = [await readExtxyz(fast), await readExtxyz(tfjs)];
  assert.equal(a.length, 3);
  assert.equal(a[0].info.ref_energy, -1.25);
  assert.deepEqual(a[0].info.ref_dipole, [0.1, 0.2, 0.3]);
  assert.deepEqual([...(a[0].arrays.ref_forces as Float64Array)], new Array(27).fill(0.5));
  assert.ok(Math.abs((a[0].info.energy as number) - cases[0].energy) < 1e-4, "prediction under 'energy'");
  assert.equal(a[1].info.ref_energy, undefined, "no ref_ key where the input had no label");
  for (let k = 0; k < 3; k++) {
    assert.ok(Math.abs((a[k].info.energy as number) - (b[k].info.energy as number)) < 1e-4);
    const fa = a[k].arrays.forces as Float64Array;
    const fb = b[k].arrays.forces as Float64Array;
    fa.forEach((x, i) => assert.ok(Math.abs(x - fb[i]) < 1e-3, `frame ${k} force ${i}`));
  }
  // A frame holding both 'energy' and 'ref_energy' would lose one of them: refused.
  const both = join(dir, "both.extxyz");
  writeFileSync(both, text([frameOf(0, { energy: 1, ref_energy: 2 })]));
  await assert.rejects(
    predictCommand(quiet({ input: both, output: join(dir, "both-out.extxyz") })),
    /frame 0: has both 'energy' and 'ref_energy'/,
  );
  assert.ok(!existsSync(join(dir, "both-out.extxyz")));
});
