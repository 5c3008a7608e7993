import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { formatExtxyzFrame, readExtxyz, type Frame } from "../../src/io/extxyz.ts";
import { mergeLabels } from "../../src/training/merge-labels.ts";

function frame(x: number, info: Frame["info"] = {}): Frame {
  return { symbols: ["H", "H"], positions: Float64Array.from([x, 0, 0, x + 0.74, 0, 0]), info, arrays: {} };
}

test("labels land on the base frame named by source_index, others stay unlabelled", () => {
  const base = [frame(0, { energy: -1 }), frame(1, { energy: -2 }), frame(2, { energy: -3 })];
  const labels = [frame(2, { source_index: 2, polarizability: [1, 0, 0, 0, 2, 0, 0, 0, 3] })];
  const { frames, labelled } = mergeLabels(base, labels, {
    indexKey: "source_index",
    keys: ["polarizability"],
  });
  assert.equal(labelled, 1);
  assert.deepEqual(frames[2]!.info.polarizability, [1, 0, 0, 0, 2, 0, 0, 0, 3]);
  assert.equal(frames[2]!.info.energy, -3);
  assert.equal(frames[0]!.info.polarizability, undefined);
  assert.equal(base[2]!.info.polarizability, undefined, "the input frames are not modified");
});

test("a label on a different geometry, a bad index or a missing key is an error naming the frame", () => {
  const base = [frame(0), frame(1)];
  const opts = { indexKey: "source_index", keys: ["polarizability"] };
  assert.throws(
    () => mergeLabels(base, [frame(5, { source_index: 1, polarizability: 1 })], opts, "l.xyz"),
    /l\.xyz: frame 0: positions differ from base frame 1/,
  );
  assert.throws(() => mergeLabels(base, [frame(0, { source_index: 7 })], opts, "l.xyz"), /integer index/);
  assert.throws(
    () => mergeLabels(base, [frame(0, { source_index: 0 })], opts, "l.xyz"),
    /no 'polarizability'/,
  );
});

test("readExtxyz reads gzipped files", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-gz-"));
  const text = [frame(0, { energy: -1.5 }), frame(1, { energy: -2.5 })].map(formatExtxyzFrame).join("");
  writeFileSync(join(dir, "a.extxyz.gz"), gzipSync(text));
  const frames = await readExtxyz(join(dir, "a.extxyz.gz"));
  assert.equal(frames.length, 2);
  assert.equal(frames[1]!.info.energy, -2.5);
  assert.equal(frames[1]!.positions[3], 1.74);
});
