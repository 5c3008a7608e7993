import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readStartStructure } from "../../src/learn/start-structure.ts";
import { readLearnConfig, runLearn } from "../../src/learn/index.ts";
import { checkTestTemperature, testTemperature } from "../../src/learn/test-set.ts";

const dir = mkdtempSync(join(tmpdir(), "equimd-learn-input-"));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const neutral = { charge: 0, uhf: 0 };
const water = "3\nwater\nO 0 0 0.1173\nH 0 0.7572 -0.4692\nH 0 -0.7572 -0.4692\n";

test("learn input: a good molecule passes", async () => {
  const { system } = await readStartStructure(file("water.xyz", water), neutral);
  assert.equal(system.nAtoms, 3);
});

test("learn input: bad structures stop with a message saying what to do", async () => {
  await assert.rejects(
    readStartStructure(file("two.xyz", water + water), neutral),
    /2 structures in the file; .*keep one frame/,
  );
  const apart =
    "6\ntwo waters\nO 0 0 0.1173\nH 0 0.7572 -0.4692\nH 0 -0.7572 -0.4692\nO 5 0 0.1173\nH 5 0.7572 -0.4692\nH 5 -0.7572 -0.4692\n";
  await assert.rejects(
    readStartStructure(file("apart.xyz", apart), neutral),
    /falls apart into 2 molecules.*its own file/,
  );
  await assert.rejects(
    readStartStructure(file("overlap.xyz", "3\n\nO 0 0 0\nH 0 0 0.01\nH 0 0.75 -0.47\n"), neutral),
    /atoms 0 \(O\) and 1 \(H\) are 0\.0100 Å apart.*broken/,
  );
  await assert.rejects(
    readStartStructure(file("uranium.xyz", "3\n\nU 0 0 0\nO 0 0 1.8\nO 0 0 -1.8\n"), neutral),
    /uranium\.xyz:3: unknown element 'U'/,
  );
  const ammonium =
    "5\nNH4+\nN 0 0 0\nH 0.59 0.59 0.59\nH -0.59 -0.59 0.59\nH -0.59 0.59 -0.59\nH 0.59 -0.59 -0.59\n";
  await assert.rejects(
    readStartStructure(file("nh4.xyz", ammonium), neutral),
    /11 electrons with charge 0.*needs --charge/,
  );
  const { system } = await readStartStructure(file("nh4.xyz", ammonium), { charge: 1, uhf: 0 });
  assert.equal(system.charge, 1);
  await assert.rejects(readStartStructure(file("xx.xyz", "1\n\nXx 0 0 0\n"), neutral), /xx\.xyz.*Xx/);
});

test("a test-set temperature that is a training temperature is refused", async () => {
  const c = readLearnConfig("test/fixtures/learn/tiny.yaml");
  c.test_set.temperature_K = 900; // 3 × 300 K is sampled for the initial data
  await assert.rejects(
    runLearn({ input: "test/fixtures/learn/formaldehyde.xyz", output: join(dir, "refused"), config: c }),
    /test_set\.temperature_K 900 K is a temperature of the training data/,
  );
});

test("the example learn config is valid; its test set (400 K) is held out", () => {
  const c = readLearnConfig("examples/learn/formaldehyde-small.yaml", { referenceMd: true });
  assert.equal(c.reference_md.enabled, true);
  assert.equal(testTemperature(c), 400);
  checkTestTemperature(c);
});
