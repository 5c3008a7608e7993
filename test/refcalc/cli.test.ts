/**
 * The sample, label and reference-md commands end to end with xtb (skipped when xtb is missing):
 * tiny runs, a label run interrupted by --limit and resumed equals an uninterrupted one, and a bogus
 * xtb path gives the installation hint.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { register as registerSample } from "../../src/cli/commands/sample.ts";
import { register as registerLabel } from "../../src/cli/commands/label.ts";
import { register as registerReferenceMd } from "../../src/cli/commands/reference-md.ts";
import { parseExtxyz } from "../../src/io/extxyz.ts";

const ETHANOL = new URL("../fixtures/refcalc/xtb-ethanol/coord.xyz", import.meta.url).pathname;
const hasXtb = spawnSync("xtb", ["--version"]).status === 0;
const skipXtb = hasXtb ? false : "xtb is not installed (apt-get install xtb)";

async function equimd(...args: string[]): Promise<void> {
  const program = new Command().name("equimd").exitOverride();
  registerSample(program);
  registerLabel(program);
  registerReferenceMd(program);
  await program.parseAsync(["node", "equimd", ...args, "--no-progress"]);
}

async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "equimd-cli-"));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test(
  "sample writes frames in ASE units; label --limit then resume equals one label run",
  { skip: skipXtb },
  () =>
    inTempDir(async (dir) => {
      const samples = join(dir, "samples.extxyz");
      await equimd(
        "sample",
        "--input",
        ETHANOL,
        "--temperatures",
        "300,500",
        "--frames",
        "2",
        "--replicas",
        "2",
        "--every",
        "3",
        "--equilibration",
        "3",
        "--seed",
        "4",
        "-o",
        samples,
      );
      const frames = parseExtxyz(readFileSync(samples, "utf8"));
      assert.equal(frames.length, 4);
      assert.deepEqual(
        frames.map((f) => f.info.temperature),
        [300, 300, 500, 500],
      );
      // GFN2-xTB energy of ethanol ≈ −11.39 hartree = −309.97 eV, forces in eV/Å, dipole in e·Å
      for (const f of frames) {
        assert.ok(Math.abs((f.info.energy as number) + 309.9) < 1, `energy ${f.info.energy} eV`);
        assert.equal((f.info.dipole as number[]).length, 3);
        assert.equal((f.arrays.forces as Float64Array).length, 27);
        assert.equal(f.info.xtb_level, "GFN2-xTB");
      }
      // relabel with xtb: the keys are taken, so the new values go to xtb_energy etc. and equal the old ones
      const once = join(dir, "once.extxyz");
      const twice = join(dir, "twice.extxyz");
      await equimd("label", "--input", samples, "--calculator", "xtb", "-o", once);
      await equimd("label", "--input", samples, "--calculator", "xtb", "--limit", "3", "-o", twice);
      assert.equal(parseExtxyz(readFileSync(twice, "utf8")).length, 3);
      await equimd("label", "--input", samples, "--calculator", "xtb", "-o", twice);
      assert.equal(readFileSync(twice, "utf8"), readFileSync(once, "utf8"));
      const [labelled] = parseExtxyz(readFileSync(once, "utf8"));
      assert.ok(Math.abs((labelled.info.xtb_energy as number) - (labelled.info.energy as number)) < 1e-6);
    }),
);

test("reference-md writes the dipole of every NVE step with its time step", { skip: skipXtb }, () =>
  inTempDir(async (dir) => {
    await equimd(
      "reference-md",
      "--input",
      ETHANOL,
      "--segments",
      "2",
      "--equilibration",
      "0.002",
      "--length",
      "0.004",
      "--positions-every",
      "4",
      "-o",
      dir,
    );
    const csv = readFileSync(join(dir, "segment-1-dipoles.csv"), "utf8").trim().split("\n");
    assert.match(csv[0], /^# equimd properties: sampling_interval_fs=0.5 every=1 /);
    assert.equal(csv[1], "step,time_fs,energy,dipole_x,dipole_y,dipole_z");
    assert.equal(csv.length, 2 + 9); // comment, header, steps 0..8
    const last = csv[csv.length - 1].split(",").map(Number);
    assert.equal(last[0], 8);
    assert.equal(last[1], 4);
    // NVE: the total energy stays within a few meV (Verlet fluctuation at 0.5 fs) while the
    // kinetic energy (≈ 3N/2 k_B·300 K ≈ 0.35 eV) flows back and forth (energy log: kinetic
    // per segment, conserved total of the 2 segments)
    const rows = readFileSync(join(dir, "energy.log"), "utf8")
      .trim()
      .split("\n")
      .filter((l) => !l.startsWith("#"))
      .map((l) => l.trim().split(/\s+/).map(Number));
    assert.equal(rows.length, 9);
    const spread = (k: number) => Math.max(...rows.map((r) => r[k])) - Math.min(...rows.map((r) => r[k]));
    const total = spread(5) / 2;
    assert.ok(total < 5e-3, `total energy spread ${total} eV per segment`);
    assert.ok(spread(3) > 4 * total, `kinetic spread ${spread(3)} eV vs total ${total} eV`);
    const snapshots = parseExtxyz(readFileSync(join(dir, "segment-1.extxyz"), "utf8"));
    assert.deepEqual(
      snapshots.map((f) => f.info.step),
      [0, 4, 8],
    );
    assert.equal((snapshots[0].arrays.velocities as Float64Array).length, 27);
  }),
);

test("a bogus xtb path stops the sample command with the installation hint", () =>
  inTempDir(async (dir) => {
    await assert.rejects(
      equimd(
        "sample",
        "--input",
        ETHANOL,
        "--frames",
        "1",
        "--xtb-path",
        "/no/such/xtb",
        "-o",
        join(dir, "s.extxyz"),
      ),
      /xtb executable '\/no\/such\/xtb' not found; install it with `apt-get install xtb`/,
    );
  }));
