import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runOnce, stageDirectory } from "../../src/learn/stage-runner.ts";
import { claimDirectory } from "../../src/learn/config-hash.ts";
import { readLearnConfig } from "../../src/learn/learn-config.ts";

test("stage runner: finished stages are skipped, an interrupted one resumes in its directory", async () => {
  const root = mkdtempSync(join(tmpdir(), "equimd-stages-"));
  const calls: string[] = [];
  let crash = true;
  const pipeline = async () => {
    const a = await runOnce(stageDirectory(root, 1, "a"), "a", async (d) => {
      calls.push("a");
      writeFileSync(join(d, "a.txt"), "A");
      return { value: 1 };
    });
    return runOnce(stageDirectory(root, 2, "b"), "b", async (d) => {
      calls.push("b");
      // a stage with its own checkpoint: the part done before the interruption is kept
      const part = join(d, "part.txt");
      if (!existsSync(part)) writeFileSync(part, "first half");
      if (crash) throw new Error("killed");
      return { value: a.value + 1, part: readFileSync(part, "utf8") };
    });
  };
  await assert.rejects(pipeline(), /killed/);
  assert.ok(existsSync(join(root, "01-a", "done.json")));
  assert.ok(!existsSync(join(root, "02-b", "done.json")), "no marker for an unfinished stage");
  crash = false;
  assert.deepEqual(await pipeline(), { value: 2, part: "first half" });
  assert.deepEqual(calls, ["a", "b", "b"], "stage a ran once; b resumed");
  assert.deepEqual(await pipeline(), { value: 2, part: "first half" });
  assert.deepEqual(calls, ["a", "b", "b"], "a finished pipeline runs nothing");
  const marker = JSON.parse(readFileSync(join(root, "02-b", "done.json"), "utf8"));
  assert.equal(marker.stage, "b");
  assert.ok(marker.wall_s >= 0);
});

test("a learn directory refuses another config, naming the way out", () => {
  const root = mkdtempSync(join(tmpdir(), "equimd-claim-"));
  const input = join(root, "m.xyz");
  writeFileSync(input, "2\n\nH 0 0 0\nH 0 0 0.74\n");
  const config = readLearnConfig(undefined);
  claimDirectory(join(root, "out"), config, input);
  claimDirectory(join(root, "out"), readLearnConfig(undefined), input); // same: accepted
  assert.throws(
    () => claimDirectory(join(root, "out"), readLearnConfig(undefined, { charge: 1 }), input),
    /different config or input structure.*choose a new output directory \(-o\), or remove/,
  );
});

test("learn config: strict, errors name the file and field", () => {
  const root = mkdtempSync(join(tmpdir(), "equimd-learn-config-"));
  const path = join(root, "learn.yaml");
  writeFileSync(path, "committee:\n  member: 3\n");
  assert.throws(() => readLearnConfig(path), /learn\.yaml: committee\.member: unknown key/);
  writeFileSync(path, "temperature_K: -3\n");
  assert.throws(() => readLearnConfig(path), /learn\.yaml: temperature_K: expected a positive number/);
  writeFileSync(path, "budget: { frames: 10 }\n");
  assert.equal(readLearnConfig(path, { budgetFrames: 20 }).budget.frames, 20, "--budget-frames wins");
});
