/**
 * The one config loader (src/config/load-config.ts): run, demo and training configs resolve relative
 * paths against the config file's directory whatever the working directory, name the file and the
 * field in errors, and refuse unknown keys (also inside a training config's `data:`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadRunConfig } from "../../src/config/run-config.ts";
import { loadDemoConfig } from "../../src/demo/config.ts";
import { readTrainingConfig } from "../../src/training/config.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const elsewhere = mkdtempSync(join(tmpdir(), "equimd-config-"));

test("the shipped training config works from any directory: paths are relative to the file", async () => {
  process.chdir(elsewhere);
  try {
    const c = await readTrainingConfig(join(ROOT, "models/ethanol-painn/train.yaml"));
    assert.equal(c.data.path, resolve(ROOT, "models/ethanol-painn/train-data.extxyz.gz"));
    assert.ok(existsSync(c.data.path), c.data.path);
    assert.equal(c.output.directory, resolve(ROOT, "runs/ethanol-painn-train"));
  } finally {
    process.chdir(ROOT);
  }
});

test("a typo inside data: is an error naming the file and the field", async () => {
  const path = join(elsewhere, "train.yaml");
  writeFileSync(
    path,
    [
      "data:",
      "  path: d.extxyz",
      "  units: { length: angstrom, energy: eV }",
      "  formats: extxyz",
      "split: { train: 0.8, validation: 0.2 }",
      "model: { cutoff: 5 }",
      "output: { directory: out }",
      "",
    ].join("\n"),
  );
  await assert.rejects(
    readTrainingConfig(path),
    /invalid training config\n.*train\.yaml: data\.formats: unknown key/,
  );
  writeFileSync(path, "data: {path: d.extxyz, units: {length: 3}}\nsplit: {train: 1, validation: 1}\n");
  await assert.rejects(readTrainingConfig(path), (e: Error) => {
    assert.match(e.message, /train\.yaml: data\.units\.length: expected a string, got 3/);
    assert.match(e.message, /train\.yaml: model: missing: expected a mapping/);
    return true;
  });
  await assert.rejects(
    readTrainingConfig(join(elsewhere, "absent.yaml")),
    /cannot read training config .*absent\.yaml/,
  );
});

test("the shipped example configs load, their files resolved against their directory", async () => {
  process.chdir(elsewhere);
  try {
    for (const name of ["water-nve.yaml", "water-trpmd.yaml"]) {
      const { config, dir } = loadRunConfig(join(ROOT, "examples/configs", name));
      assert.ok(existsSync(resolve(dir, config.system.file)), `${name}: ${config.system.file}`);
    }
    const demo = await loadDemoConfig(join(ROOT, "examples/configs/demo-converged.yaml"));
    assert.equal(demo.model, resolve(ROOT, "models/ethanol-painn/model.json.gz"));
    assert.ok(existsSync(demo.model) && existsSync(demo.structure));
    assert.equal(demo.output, resolve(ROOT, "runs/demo-converged"));
  } finally {
    process.chdir(ROOT);
  }
});
