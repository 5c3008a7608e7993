/**
 * Bad input gets clear errors: an element the model was not trained on, a model file of another version,
 * a corrupted file, missing weights, wrong shapes, atoms closer than 0.1 Å, an unknown backend.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { resolveBackendName, useBackend } from "../../potentials/tf/backend.ts";
import {
  modelFromData,
  readModelFile,
  validateModelFile,
  writeModelFile,
  type ModelFileData,
} from "../../potentials/message-passing/model-file.ts";
import { PainnPotential } from "../../potentials/message-passing/message-passing-potential.ts";
import { importSchnetpack } from "../../potentials/message-passing/schnetpack-import.ts";
import { makeSystem } from "../../src/core/system.ts";
import { angstrom } from "../../src/core/units.ts";
import { importReference, readCases, TENSOR_HEADS, weightsPath } from "./helpers.ts";

let data: ModelFileData;
let potential: PainnPotential;
const dir = mkdtempSync(join(tmpdir(), "equimd-painn-errors-"));
const water = readCases(TENSOR_HEADS).find((c) => c.name === "water_com")!;

before(async () => {
  await useBackend("wasm");
  data = await importReference(TENSOR_HEADS);
  potential = new PainnPotential(modelFromData(data));
});
after(() => potential.dispose());

const clone = (): Record<string, unknown> => JSON.parse(JSON.stringify(data));

test("an element the model was not trained on is named", async () => {
  const system = makeSystem(["O", "H", "N"]);
  const x = Float64Array.from(water.positions.flat(), angstrom);
  await assert.rejects(
    potential.compute(system, x, 1, []),
    /not trained on element N \(atom 2 of configuration 0\)/,
  );
});

test("atoms closer than 0.1 Å: the pair and the configuration are named", async () => {
  const system = makeSystem(["O", "H", "H"]);
  const good = water.positions.flat();
  const bad = good.slice();
  bad[6] = bad[3] + 0.05; // atom 2 sits 0.05 Å from atom 1 (x offset only)
  bad[7] = bad[4];
  bad[8] = bad[5];
  const x = Float64Array.from([...good, ...bad], angstrom);
  await assert.rejects(
    potential.compute(system, x, 2, []),
    /atoms 1 and 2 of configuration 1 are 0\.0500 angstrom apart, closer than 0\.100/,
  );
});

test("a model file of another version is refused", async () => {
  const o = clone();
  o.version = 3; // version 2 is ENINet's (docs/model-file.md)
  assert.throws(() => validateModelFile(o, "m.json"), /m\.json: model file version 3 is not supported/);
  o.version = 1;
  o.format = "something-else";
  assert.throws(() => validateModelFile(o, "m.json"), /'format' is "something-else"/);
});

test("a corrupted model file is refused with its name", async () => {
  const path = join(dir, "model.json.gz");
  await writeModelFile(path, data);
  const bytes = readFileSync(path);
  writeFileSync(join(dir, "cut.json.gz"), bytes.subarray(0, bytes.length >> 1));
  await assert.rejects(readModelFile(join(dir, "cut.json.gz")), /cut\.json\.gz: corrupted model file \(gzip/);
  writeFileSync(join(dir, "bad.json"), '{"format": "equimd-painn", "vers');
  await assert.rejects(
    readModelFile(join(dir, "bad.json")),
    /bad\.json: corrupted model file \(not valid JSON/,
  );
  writeFileSync(join(dir, "ok.json.gz"), gzipSync(JSON.stringify(data)));
  assert.equal((await readModelFile(join(dir, "ok.json.gz"))).name, data.name);
});

test("missing weights and wrong shapes are named", () => {
  const o = clone();
  const weights = o.weights as Record<string, { shape: number[]; data: number[] }>;
  delete weights["representation.mixing.1.mu_channel_mix.weight"];
  assert.throws(
    () => validateModelFile(o, "m.json"),
    /m\.json: missing weight 'representation\.mixing\.1\.mu_channel_mix\.weight' \(shape \[64,32\]\)/,
  );
  const p = clone();
  const w2 = p.weights as Record<string, { shape: number[]; data: number[] }>;
  w2["output_modules.0.outnet.1.weight"] = { shape: [2, 16], data: new Array(32).fill(0) };
  assert.throws(
    () => validateModelFile(p, "m.json"),
    /'output_modules\.0\.outnet\.1\.weight' has shape \[2,16\], expected \[1,16\]/,
  );
  const q = clone();
  (q.units as Record<string, string>).energy = "furlongs";
  assert.throws(
    () => validateModelFile(q, "m.json"),
    /m\.json: units\.energy: unknown energy unit 'furlongs'/,
  );
});

test("schnetpack import: arbitrary units need --energy-unit", () => {
  const raw = JSON.parse(gunzipSync(readFileSync(weightsPath(TENSOR_HEADS))).toString());
  assert.throws(
    () => importSchnetpack(raw, "w.json"),
    /w\.json: energy unit: unknown energy unit 'arbitrary'.*--energy-unit/,
  );
});

test("an unknown backend name is refused with the list", () => {
  assert.throws(
    () => resolveBackendName("gpu"),
    /unknown backend 'gpu' \(from --backend\); expected one of: wasm, cpu/,
  );
});

function installed(pkg: string): boolean {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

test(
  "a native backend that is not installed gives a message naming the package",
  {
    skip: installed("@tensorflow/tfjs-node") ? "@tensorflow/tfjs-node is installed here" : false,
  },
  async () => {
    await assert.rejects(
      useBackend("tensorflow"),
      /@tensorflow\/tfjs-node.*npm install @tensorflow\/tfjs-node/,
    );
    await useBackend("wasm");
  },
);
