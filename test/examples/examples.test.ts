/**
 * Every example runs (EQUIMD_EXAMPLE_TINY=1: a few steps) as a child process, and its outputs exist and
 * are sane: files written, curves finite, imported schnetpack energies equal to schnetpack's.
 * Examples run three at a time to keep this file short.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { readExtxyz } from "../../src/io/extxyz.ts";
import { readCurvesCsv } from "../../src/plot/csv.ts";

const run = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), "equimd-examples-"));

/** Run examples/<name>.ts with the given arguments; returns stdout. */
async function example(name: string, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", `examples/${name}.ts`, ...args], {
    env: { ...process.env, EQUIMD_EXAMPLE_TINY: "1" },
    timeout: 170_000,
  });
  return stdout;
}

async function finiteCsv(path: string): Promise<void> {
  assert.ok(existsSync(path), `missing ${path}`);
  const columns = await readCurvesCsv(path);
  assert.ok(columns.length >= 2 && columns[0].values.length > 10, `${path}: too few values`);
  for (const c of columns) assert.ok(c.values.every(Number.isFinite), `${path}: ${c.name} not finite`);
}

describe("examples (tiny)", { concurrency: 3 }, () => {
  it("md-water: trajectory and energy log", async () => {
    const out = join(root, "md-water");
    await example("md-water", [out]);
    const frames = await readExtxyz(join(out, "trajectory.extxyz"));
    assert.equal(frames.length, 11); // steps 0, 8, …, 80
    assert.deepEqual(frames[0].symbols, ["O", "H", "H"]);
    assert.ok(existsSync(join(out, "energy.log")));
  });

  it("ir-water: IR with harmonic sticks", async () => {
    const out = join(root, "ir-water");
    await example("ir-water", [out]);
    await finiteCsv(join(out, "ir-water.csv"));
  });

  it("rpmd-water: TRPMD with bead-averaged dipole, centroid trajectory, estimators", async () => {
    const out = join(root, "rpmd-water");
    const stdout = await example("rpmd-water", [out]);
    const m = /<K_cv> = (-?[\d.]+) eV, <K_prim> = (-?[\d.]+) eV, <\|μ\|> = ([\d.]+) D/.exec(stdout);
    assert.ok(m, stdout);
    assert.ok(Number(m[1]) > 0 && Number(m[3]) > 1 && Number(m[3]) < 3, stdout); // water: ≈ 1.9 D
    const centroid = await readExtxyz(join(out, "centroid.extxyz"));
    assert.equal(centroid.length, 11); // steps 0, 8, …, 80
    assert.ok(existsSync(join(out, "dipole.csv")) && existsSync(join(out, "energy.log")));
  });

  it("compare-water: model vs reference trajectory report", async () => {
    const out = join(root, "compare-water");
    await example("compare-water", [out]);
    for (const f of ["report.md", "divergence.csv", "errors-per-frame.csv", "rmsd-vs-time.png"]) {
      assert.ok(existsSync(join(out, "report", f)), `missing report/${f}`);
    }
  });

  it("train-ethanol: a model trained and used", async () => {
    const out = join(root, "train-ethanol");
    const stdout = await example("train-ethanol", [out]);
    assert.ok(existsSync(join(out, "training", "best-model.json.gz")));
    assert.ok(existsSync(join(out, "training", "split.json")));
    const m = /predicted energy (-?[\d.]+) eV, \|dipole\| ([\d.]+) D/.exec(stdout);
    assert.ok(m, stdout);
    // element reference energies put even an untrained model near the xtb energy (≈ −310 eV)
    assert.ok(Math.abs(Number(m[1]) + 310) < 30, `energy ${m[1]} eV`);
  });

  it("spectrum-from-trajectory: IR of the xtb reference dipoles", async () => {
    const out = join(root, "spectrum");
    const stdout = await example("spectrum-from-trajectory", [
      "data/ethanol/reference-md/segment-0-dipoles.csv.gz",
      out,
    ]);
    assert.match(stdout, /2000 samples/); // 1 ps at 0.5 fs
    await finiteCsv(join(out, "ir.csv"));
  });

  it("compare-reference: peak table and overlap", async () => {
    const out = join(root, "compare");
    const stdout = await example("compare-reference", [out]);
    const overlap = Number(
      /overlap \(cosine similarity of area-normalised spectra\): (-?[\d.]+)/.exec(stdout)![1],
    );
    assert.ok(overlap >= -1 && overlap <= 1);
    await finiteCsv(join(out, "ir-vs-xtb.csv"));
  });

  it("import-schnetpack: energies equal schnetpack's", async () => {
    const out = join(root, "import");
    const stdout = await example("import-schnetpack", [out]);
    assert.ok(existsSync(join(out, "ethanol-rmd17-painn.json.gz")));
    const rows = [...stdout.matchAll(/schnetpack (-?[\d.]+)\s+equimd (-?[\d.]+) kcal\/mol/g)];
    assert.equal(rows.length, 2);
    for (const [, theirs, ours] of rows)
      assert.ok(Math.abs(Number(theirs) - Number(ours)) < 2e-3, `${theirs} vs ${ours}`);
    assert.match(stdout, /after 5 NVE steps/);
  });
});
