/**
 * equimd learn end to end on formaldehyde with xtb (tiny settings: test/fixtures/learn/tiny.yaml), and
 * the resume property: a run stopped at every stage boundary and continued, and a run killed inside
 * the active learning and rerun, give the same files as the uninterrupted run.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { spawnSync } from "node:child_process";
import { readLearnConfig, runLearn, STAGES } from "../../src/learn/index.ts";
import { readExtxyz } from "../../src/io/extxyz.ts";
import { readCurvesCsv } from "../../src/plot/csv.ts";
import { readTrainingConfig } from "../../src/training/config.ts";
import { loadCommittee } from "../../potentials/committee/index.ts";

const hasXtb = spawnSync("xtb", ["--version"], { stdio: "ignore" }).status === 0;
const input = "test/fixtures/learn/formaldehyde.xyz";
const config = readLearnConfig("test/fixtures/learn/tiny.yaml");
const quiet = () => {};

/**
 * Every file below `dir` with its hash, except those that record times (markers, manifest, log, report,
 * the wall_s column of iterations.csv) or where they are (the config path in committee.json).
 */
function fileHashes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (
        !/^(done\.json|learn\.json|learn\.log|summary\.json|report\.html)$|checkpoint|\.png$/.test(name)
      ) {
        let text = readFileSync(p).toString("latin1");
        if (name === "committee.json") text = JSON.stringify({ ...JSON.parse(text), config: undefined });
        if (name === "iterations.csv") text = text.replace(/,[^,\n]*$/gm, "");
        out.set(relative(dir, p), createHash("sha256").update(text).digest("hex"));
      }
    }
  };
  walk(dir);
  return out;
}

test(
  "equimd learn on formaldehyde: model directory, spectra with bands, report; resumable",
  { skip: !hasXtb && "xtb not installed" },
  async () => {
    const root = mkdtempSync(join(tmpdir(), "equimd-learn-e2e-"));
    const a = join(root, "a");
    const result = await runLearn({ input, output: a, config, say: quiet });
    assert.ok(result);
    const out = join(a, "05-result");
    for (const f of [
      "model/README.md",
      "model/train.yaml",
      "model/split.json",
      "model/committee/committee.json",
      "report.html",
      "summary.json",
    ]) {
      assert.ok(existsSync(join(out, f)), `${f} written`);
    }
    // the data: initial frames (2 temperatures × 4 + 2 beads × 2 recorded steps) + 3 from active learning
    const data = await readExtxyz(join(out, "model/train-data.extxyz"));
    assert.equal(data.length, 8 + 4 + 3);
    assert.ok(
      data.every((f) => typeof f.info.energy === "number" && f.arrays.forces && Array.isArray(f.info.dipole)),
    );
    const members = readdirSync(join(out, "model/committee")).filter((n) => n.startsWith("member-"));
    assert.deepEqual(members.sort(), ["member-1", "member-2"]);
    // spectra: a statistical band (2 replicas) and the committee's model band, lower ≤ mean ≤ upper
    for (const kind of ["classical", "trpmd"]) {
      const columns = await readCurvesCsv(join(out, `ir-${kind}.csv`));
      const names = columns.map((c) => c.name);
      assert.equal(names[0], "wavenumber_cm-1");
      const mean = columns[1].values;
      const lower = columns.find((c) => c.name === `${columns[1].name}_lower`)!.values;
      const upper = columns.find((c) => c.name === `${columns[1].name}_upper`)!.values;
      assert.ok(
        mean.every((m, j) => lower[j] <= m + 1e-12 && m <= upper[j] + 1e-12),
        `${kind}: band around the mean`,
      );
      assert.ok(
        names.some((n) => /committee|model/i.test(n)),
        `${kind}: model band columns in ${names.join(",")}`,
      );
    }
    // the model directory stands alone: its training config names its own data and split
    const train = await readTrainingConfig(join(out, "model/train.yaml"));
    assert.ok(existsSync(train.data.path) && existsSync(train.split.file!));
    const committee = await loadCommittee([join(out, "model/committee")]);
    assert.equal(committee.size, 2);
    await committee.dispose();
    const iterations = readFileSync(join(a, "04-active-learning/iterations.csv"), "utf8");
    assert.match(iterations.split("\n")[0], /iteration,frames_added,frames_total,max_disagreement_eV_per_A/);
    assert.match(readFileSync(join(out, "model/README.md"), "utf8"), /force MAE/);

    // the held-out test set: 6 frames from 2 replicas at 400 K (4/3 of 300 K), labelled by xtb, never trained on
    const test = await readExtxyz(join(out, "test-set/frames.extxyz"));
    assert.equal(test.length, 6);
    assert.ok(test.every((f) => f.info.temperature_K === 400 && typeof f.info.energy === "number"));
    assert.ok(
      data.every((f) => f.info.temperature_K !== 400),
      "no test frame in the training data",
    );
    const t = result.test_set!;
    assert.equal(t.frames, 6);
    assert.equal(t.temperature_K, 400);
    for (const v of [t.energy_mae_eV, t.forces_mae_eV_per_A, t.dipole_mae_e_A!])
      assert.ok(v > 0 && isFinite(v));
    assert.ok(t.forces_rmse_eV_per_A >= t.forces_mae_eV_per_A);
    assert.deepEqual(Object.keys(t.calibration).sort(), ["dipole", "energy", "forces"]);
    assert.equal(t.calibration.forces!.count, 6);
    assert.ok(existsSync(join(out, "test-set/calibration/calibration.json")), "calibration written");
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    assert.equal(summary.test_set.forces_mae_eV_per_A, t.forces_mae_eV_per_A);
    assert.match(readFileSync(join(out, "model/README.md"), "utf8"), /Held-out test set \(6 frames at 400 K/);
    assert.match(readFileSync(join(out, "report.html"), "utf8"), /Held-out test set \(6 frames at 400 K/);

    // stopped after every stage and continued: the same files
    const b = join(root, "b");
    for (const stage of STAGES.slice(0, -1)) {
      assert.equal(await runLearn({ input, output: b, config, stopAfter: stage, say: quiet }), undefined);
    }
    await runLearn({ input, output: b, config, say: quiet });
    assert.deepEqual(fileHashes(b), fileHashes(a));

    // killed inside the active learning (its training step unfinished): rerun continues to the same files
    rmSync(join(b, "05-result"), { recursive: true });
    rmSync(join(b, "04-active-learning/done.json"));
    rmSync(join(b, "04-active-learning/iter-01/train"), { recursive: true });
    await runLearn({ input, output: b, config, say: quiet });
    assert.deepEqual(fileHashes(b), fileHashes(a));

    // another config in the same directory is refused
    await assert.rejects(
      runLearn({ input, output: b, config: { ...config, seed: 8 }, say: quiet }),
      /different config or input structure/,
    );
  },
);

test(
  "equimd learn with polarizabilities (a psi4 stand-in) and --reference-md: Raman with bands; IR against xtb NVE",
  { skip: !hasXtb && "xtb not installed" },
  async () => {
    const root = mkdtempSync(join(tmpdir(), "equimd-learn-raman-"));
    const saved = { python: process.env.EQUIMD_PSI4_PYTHON, path: process.env.EQUIMD_PSI4_PYTHONPATH };
    process.env.EQUIMD_PSI4_PYTHON = "python3";
    process.env.EQUIMD_PSI4_PYTHONPATH = new URL("../fixtures/learn/psi4-stand-in", import.meta.url).pathname;
    try {
      const withAlpha = readLearnConfig("test/fixtures/learn/tiny.yaml", { referenceMd: true });
      withAlpha.initial_data.psi4_frames = 6;
      const result = await runLearn({ input, output: root, config: withAlpha, say: quiet });
      assert.ok(result);
      const data = await readExtxyz(join(root, "05-result/model/train-data.extxyz"));
      const labelled = data.filter((f) => Array.isArray(f.info.polarizability));
      assert.equal(labelled.length, 6, "every 2nd of the 12 initial frames has α");
      assert.match(readFileSync(join(root, "05-result/model/train.yaml"), "utf8"), /polarizability: true/);
      assert.deepEqual(result.spectra.map((s) => `${s.spectrum}-${s.kind}`).sort(), [
        "ir-classical",
        "ir-trpmd",
        "raman-classical",
        "raman-trpmd",
      ]);
      const raman = await readCurvesCsv(join(root, "05-result/raman-classical.csv"));
      assert.ok(
        raman.some((c) => /_lower$/.test(c.name)),
        "Raman with a statistical band",
      );
      // --reference-md: 2 xtb NVE trajectories, their IR with a band, the committee's IR compared with it
      const reference = await readCurvesCsv(join(root, "05-result/ir-reference.csv"));
      assert.ok(reference.some((c) => /_lower$/.test(c.name)));
      const c = result.reference_comparison!;
      assert.ok(c.overlap.value > -1 && c.overlap.value <= 1);
      assert.ok(c.overlap.error! > 0 && c.overlap.lower! <= c.overlap.upper!);
      const matched = c.peaks.filter((p) => p.shift_cm !== null);
      assert.ok(matched.length > 0, "matched peaks");
      for (const p of matched) {
        assert.ok(Math.abs(p.shift_cm! - (p.model_cm! - p.reference_cm!)) < 1e-9);
        assert.ok(Math.abs(p.shift_cm!) <= 50, "matched within the window");
        assert.ok(p.shift_error_cm! >= 0);
      }
      const summary = JSON.parse(readFileSync(join(root, "05-result/summary.json"), "utf8"));
      assert.equal(summary.comparisons[0].overlap.value, c.overlap.value);
      assert.match(
        readFileSync(join(root, "05-result/model/README.md"), "utf8"),
        /against xtb reference NVE.*overlap/,
      );
    } finally {
      for (const [k, v] of [
        ["EQUIMD_PSI4_PYTHON", saved.python],
        ["EQUIMD_PSI4_PYTHONPATH", saved.path],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  },
);
