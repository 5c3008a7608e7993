/**
 * Every long-running command stops cleanly on Ctrl-C (SIGINT) or a scheduler's SIGTERM (issue 17): it
 * finishes its current step (frame, epoch), keeps what it wrote (whole frames, a checkpoint where it is
 * resumable) and exits with 130 or 143, never 0 as if it had finished. `equimd run` is tested in
 * run-safety.test.ts; one mechanism (src/cli/signal-stop.ts) serves them all.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { readCheckpoint } from "../../src/training/checkpoint.ts";
import { formatExtxyzFrame, readExtxyz } from "../../src/io/extxyz.ts";
import { BIN, ROOT, WATER_XYZ } from "../helpers/workspace.ts";

const XTB = spawnSync("sh", ["-c", "command -v xtb"], { encoding: "utf8" }).stdout.trim();
const noXtb = XTB === "" ? "xtb is not installed (apt-get install xtb)" : false;

/** Start `equimd args…` in `cwd`, send `signal` once `ready()` holds, and wait for the exit. */
async function stopWhen(
  args: string[],
  cwd: string,
  ready: (stderr: string) => boolean,
  signal: "SIGINT" | "SIGTERM",
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: "pipe" });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + 90_000;
  while (!ready(stderr) && child.exitCode === null && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(child.exitCode, null, `ended before the signal: ${stderr}`);
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const status = await exited;
  clearTimeout(timer);
  return { status, stdout, stderr };
}

const size = (path: string) => (existsSync(path) ? statSync(path).size : 0);

test(
  "every command stops on a signal with 130/143 and keeps what it wrote",
  { concurrency: true },
  async (t) => {
    await Promise.all([
      t.test("sample (SIGINT): whole frames are kept", { skip: noXtb }, async () => {
        const dir = mkdtempSync(join(tmpdir(), "equimd-stop-sample-"));
        const out = join(dir, "frames.extxyz");
        const args = ["sample", "--input", WATER_XYZ, "-o", out, "--frames", "100000", "--every", "1"];
        const r = await stopWhen(
          [...args, "--equilibration", "0", "--replicas", "1", "--no-progress"],
          dir,
          () => size(out) > 0,
          "SIGINT",
        );
        assert.equal(r.status, 130, r.stderr);
        const frames = await readExtxyz(out);
        assert.ok(frames.length >= 1);
        assert.match(r.stderr, new RegExp(`sample: stopped by SIGINT; wrote ${frames.length} frames`));
      }),

      t.test(
        "label (SIGTERM): the labelled frames are kept, and a re-run resumes",
        { skip: noXtb },
        async () => {
          const dir = mkdtempSync(join(tmpdir(), "equimd-stop-label-"));
          const water = (await readExtxyz(WATER_XYZ))[0];
          writeFileSync(join(dir, "in.extxyz"), Array(200).fill(formatExtxyzFrame(water)).join(""));
          const out = join(dir, "labelled.extxyz");
          const args = ["label", "--input", "in.extxyz", "-o", out, "--calculator", "xtb", "--no-progress"];
          const r = await stopWhen(args, dir, () => size(out) > 0, "SIGTERM");
          assert.equal(r.status, 143, r.stderr);
          const done = (await readExtxyz(out)).length;
          assert.ok(done >= 1 && done < 200, `${done} frames`);
          const again = spawnSync(process.execPath, [BIN, ...args, "--limit", "1"], {
            cwd: dir,
            encoding: "utf8",
          });
          assert.equal(again.status, 0, again.stderr);
          assert.match(again.stderr, new RegExp(`1 frames labelled, ${done} already present`));
        },
      ),

      t.test("reference-md (SIGTERM): the dipole series ends on a whole step", { skip: noXtb }, async () => {
        const dir = mkdtempSync(join(tmpdir(), "equimd-stop-refmd-"));
        const csv = join(dir, "md", "segment-0-dipoles.csv");
        const args = ["reference-md", "--input", WATER_XYZ, "-o", "md", "--segments", "1"];
        const r = await stopWhen(
          [...args, "--equilibration", "0.001", "--length", "100", "--no-progress"],
          dir,
          () => existsSync(csv) && readFileSync(csv, "utf8").split("\n").length > 8,
          "SIGTERM",
        );
        assert.equal(r.status, 143, r.stderr);
        const rows = readFileSync(csv, "utf8")
          .trim()
          .split("\n")
          .filter((l) => !l.startsWith("#"));
        const width = rows[0].split(",").length;
        for (const row of rows.slice(1)) assert.equal(row.split(",").length, width, row);
        assert.match(r.stderr, /reference-md: stopped by SIGTERM at NVE step \d+ of 200000/);
      }),

      t.test("train (SIGINT): a checkpoint at the last epoch, to continue with --resume", async () => {
        const dir = mkdtempSync(join(tmpdir(), "equimd-stop-train-"));
        const frames = (await readExtxyz(join(ROOT, "data/ethanol/train-xtb.extxyz.gz"))).slice(0, 6);
        writeFileSync(join(dir, "data.extxyz"), frames.map(formatExtxyzFrame).join(""));
        const config = {
          data: {
            path: "data.extxyz",
            units: { energy: "eV", length: "angstrom", forces: "eV/angstrom", dipole: "e*angstrom" },
          },
          split: { train: 4, validation: 2, test: 0, seed: 1 },
          model: { features: 8, interactions: 1, radialFunctions: 6, cutoff: 4.0 },
          loss: { energy: 1, forces: 10 },
          optimizer: { batchSize: 2, epochs: 100000, learningRate: 1e-3 },
          output: { directory: "out" },
        };
        writeFileSync(join(dir, "train.yaml"), stringify(config));
        const checkpoint = join(dir, "out", "checkpoint.json.gz");
        const r = await stopWhen(["train", "train.yaml"], dir, () => existsSync(checkpoint), "SIGINT");
        assert.equal(r.status, 130, r.stderr);
        const { epoch } = await readCheckpoint(checkpoint);
        assert.ok(epoch >= 1, `epoch ${epoch}`);
        assert.match(
          r.stdout,
          new RegExp(`stopped after epoch ${epoch}: checkpoint .*; continue with --resume`),
        );
      }),

      t.test("demo (SIGTERM): the optimised structure and the modes are kept", async () => {
        const dir = mkdtempSync(join(tmpdir(), "equimd-stop-demo-"));
        const config = {
          model: join(ROOT, "models/ethanol-painn/model.json.gz"),
          structure: join(ROOT, "data/ethanol/ethanol.xyz"),
          reference: { dipoles: [join(ROOT, "test/fixtures/demo/xtb-dipoles-200fs.csv")] },
          classical: { replicas: 1, equilibration_fs: 1, production_fs: 1e6 },
          spectra: { max_lag_fs: 15 },
        };
        writeFileSync(join(dir, "demo.yaml"), stringify(config));
        const r = await stopWhen(
          ["demo", "demo.yaml", "-o", "out", "--no-progress"],
          dir,
          (stderr) => stderr.includes("classical NVE production"),
          "SIGTERM",
        );
        assert.equal(r.status, 143, r.stderr);
        assert.ok(existsSync(join(dir, "out", "optimised.xyz")));
        assert.ok(existsSync(join(dir, "out", "normal-modes.csv")));
        assert.ok(!existsSync(join(dir, "out", "ir.png")), "no spectrum of an unfinished run");
      }),
    ]);
  },
);
