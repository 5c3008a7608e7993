/**
 * The SLURM executor on a real (one-node, localhost) cluster, as .ci/start-slurm.sh starts it: 4 water
 * TRPMD members as one job array; one member's task is cancelled (scancel) while it runs, after its
 * first checkpoint; the re-run resubmits only that member, which resumes from its checkpoint; the
 * merged files are byte-identical to those of the same ensemble run by the local executor.
 * Skipped, with the reason, when no SLURM node answers here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readCheckpoint } from "../../src/io/checkpoint.ts";
import { ensembleStatus, formatStatus, runEnsemble } from "../../src/ensemble/run-ensemble.ts";
import { cancelSlurm, waitForSlurm } from "../../src/ensemble/slurm-executor.ts";
import { loadEnsembleSpec } from "../../src/ensemble/spec.ts";
import { MERGED_FILES, mergedBytes, waterFixture } from "./fixture.ts";

/** Why the SLURM tests cannot run here, or false when a node is up. */
function slurmUnavailable(): string | false {
  try {
    const states = execFileSync("sinfo", ["--noheader", "--format=%t"], {
      encoding: "utf8",
      timeout: 10_000,
    });
    if (!/\b(idle|mix|alloc)/.test(states))
      return `SLURM has no usable node (sinfo: ${states.trim() || "none"})`;
    return false;
  } catch (e) {
    return `SLURM is not running here (run .ci/start-slurm.sh as root): ${(e as Error).message.split("\n")[0]}`;
  }
}

const skip = slurmUnavailable();
if (skip) process.stderr.write(`slurm tests skipped: ${skip}\n`);

const STEPS = 2000;

test(
  "a SLURM job array = the local executor; a cancelled member alone is resubmitted and resumes",
  { skip },
  async () => {
    const f = waterFixture(STEPS, 100, true);
    const body = (dir: string) =>
      `name: water-${process.pid}\nmembers: 4\ndirectory: ${dir}\nrun: { config: water-trpmd.yaml, seeds: { first: 1 } }\n` +
      `slurm: { cpus_per_task: 1, time: "00:10:00", memory: 500M }\n`;
    const local = runEnsemble(f.spec("local.yaml", body("local")), {
      executor: "local",
      parallel: 1, // leaves the second core to the SLURM tasks
      progress: false,
      log: () => {},
    });

    const specFile = f.spec("slurm.yaml", body("slurm"));
    const spec = loadEnsembleSpec(specFile);
    const first = await runEnsemble(specFile, {
      executor: "slurm",
      wait: false,
      progress: false,
      log: () => {},
    });
    assert.deepEqual(first.submission?.members, [0, 1, 2, 3]);
    assert.match(readFileSync(join(f.dir, "slurm", "slurm", "job.sh"), "utf8"), /#SBATCH --mem=500M/);
    assert.match(
      formatStatus(await ensembleStatus(specFile, true)),
      /member 000: .*\[slurm: (PENDING|RUNNING)\]/,
    );

    // cancel member 1 once it has checkpointed a step > 0 (it is then running)
    const checkpoint = join(first.members[1].dir, "checkpoint.json");
    const step = () => (existsSync(checkpoint) ? readCheckpoint(checkpoint).step : 0);
    for (let i = 0; step() === 0 && i < 6000; i++) await new Promise((r) => setTimeout(r, 10));
    const cancelled = await cancelSlurm(spec, [1]);
    const killedAt = step();
    assert.deepEqual(
      cancelled.map((t) => t.member),
      [1],
    );
    await waitForSlurm(spec, { pollSeconds: 0.5 });
    const after = await ensembleStatus(specFile, true);
    // killed (started, no marker) or stopped by the SIGTERM it forwards (failed: stopped at step N)
    assert.ok(["started", "failed"].includes(after[1].state.state), formatStatus(after));
    assert.ok(killedAt > 0 && after[1].reached < STEPS, `member 1 cancelled at step ${after[1].reached}`);
    assert.deepEqual(
      after.filter((s) => s.state.state === "done").map((s) => s.index),
      [0, 2, 3],
    );

    // the re-run resubmits member 1 only; it resumes from its checkpoint; then everything is merged
    const second = await runEnsemble(specFile, {
      executor: "slurm",
      pollSeconds: 0.5,
      progress: false,
      log: () => {},
    });
    assert.deepEqual(second.submission?.members, [1]);
    assert.match(
      readFileSync(join(first.members[1].dir, "run.log"), "utf8"),
      /equimd run member\.yaml --resume/,
    );
    assert.deepEqual(second.merged?.merged, [0, 1, 2, 3]);

    const third = await runEnsemble(specFile, {
      executor: "slurm",
      pollSeconds: 0.5,
      progress: false,
      log: () => {},
    });
    assert.equal(third.submission, undefined); // nothing left to compute

    await local;
    for (const file of MERGED_FILES) {
      assert.ok(
        mergedBytes(join(f.dir, "slurm", "merged"), file).equals(
          mergedBytes(join(f.dir, "local", "merged"), file),
        ),
        `${file} differs between the SLURM and the local ensemble`,
      );
    }
  },
);
