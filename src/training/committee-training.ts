/**
 * `equimd train config.yaml --committee M`: M models that differ by seed (model initialisation and batch
 * order: seed + k for member k = 0..M−1; with `splitPerMember` also the split seed), each trained by the
 * ordinary run-training.ts into its own subdirectory member-<k+1>/ of the config's output directory.
 * committee.json there lists the members, their seeds, model files and whether each finished; it is what
 * potentials/committee/load-committee.ts reads.
 *
 * Resumable: with `resume`, finished members are skipped, a member with a checkpoint continues from it,
 * the others start. Without `resume` an existing committee.json is refused (no silent overwrite).
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { refuseEarlierOutputs } from "../io/output-files.ts";
import { readTrainingConfig } from "./config.ts";
import { runTraining, trainingOutputFiles } from "./run-training.ts";

export interface CommitteeMember {
  directory: string;
  /** Best model, relative to the committee directory. */
  model: string;
  modelSeed: number;
  batchSeed: number;
  splitSeed: number;
  finished: boolean;
}

export interface CommitteeManifest {
  format: "equimd-committee";
  config: string;
  members: CommitteeMember[];
}

export interface CommitteeTrainingOptions {
  resume?: boolean;
  /** Start the committee afresh over an earlier one in the output directory. */
  overwrite?: boolean;
  quiet?: boolean;
  /** Stops the training after the current epoch of the current member (its checkpoint is saved). */
  signal?: AbortSignal;
  /** Draw a different train/validation split for each member (split.seed + k). */
  splitPerMember?: boolean;
  /** Warm start: member k begins from member k of this earlier committee directory (same architecture). */
  warmStartFrom?: string;
}

async function writeManifest(path: string, m: CommitteeManifest): Promise<void> {
  await writeFile(`${path}.tmp`, JSON.stringify(m, null, 2) + "\n");
  await rename(`${path}.tmp`, path);
}

/** Train (or continue) a committee of `size` members; returns the manifest. */
export async function runCommitteeTraining(
  configPath: string,
  size: number,
  options: CommitteeTrainingOptions = {},
): Promise<CommitteeManifest> {
  if (!Number.isInteger(size) || size < 2) {
    throw new Error(`--committee: a committee needs an integer number of members ≥ 2, got ${size}`);
  }
  const base = await readTrainingConfig(configPath);
  if (options.splitPerMember && base.split.file) {
    throw new Error(`${configPath}: split.file fixes the split; it cannot differ per committee member`);
  }
  const dir = base.output.directory;
  const manifestPath = join(dir, "committee.json");
  let manifest: CommitteeManifest;
  if (existsSync(manifestPath) && !(options.overwrite && !options.resume)) {
    if (!options.resume) {
      throw new Error(
        `${manifestPath}: this directory already holds a committee; add --resume to continue it, choose another output.directory, or start afresh with --overwrite`,
      );
    }
    manifest = JSON.parse(await readFile(manifestPath, "utf8")) as CommitteeManifest;
    if (manifest.members.length !== size) {
      throw new Error(
        `${manifestPath}: the committee has ${manifest.members.length} members, --committee asks for ${size}`,
      );
    }
  } else {
    // a fresh committee: refuse the outputs of an earlier training in any member's directory first
    for (let k = 0; k < size; k++) {
      const member = { ...base, output: { ...base.output, directory: join(dir, `member-${k + 1}`) } };
      refuseEarlierOutputs(trainingOutputFiles(member), {
        overwrite: options.overwrite === true,
        elsewhere: "another output.directory",
      });
    }
    manifest = {
      format: "equimd-committee",
      config: configPath,
      members: Array.from({ length: size }, (_, k) => ({
        directory: `member-${k + 1}`,
        model: `member-${k + 1}/best-model.json.gz`,
        modelSeed: base.model.seed + k,
        batchSeed: base.seed + k,
        splitSeed: base.split.seed + (options.splitPerMember ? k : 0),
        finished: false,
      })),
    };
    await mkdir(dir, { recursive: true });
    await writeManifest(manifestPath, manifest);
  }
  const say = (s: string) => {
    if (!options.quiet) console.log(s);
  };
  for (const [k, m] of manifest.members.entries()) {
    if (m.finished) {
      say(`committee member ${k + 1}/${size}: finished earlier (${m.model})`);
      continue;
    }
    const out = join(dir, m.directory);
    const resume = options.resume === true && existsSync(join(out, "checkpoint.json.gz"));
    say(
      `committee member ${k + 1}/${size}: ${resume ? "resuming" : "training"} (model seed ${m.modelSeed}, batch seed ${m.batchSeed}, split seed ${m.splitSeed})`,
    );
    const { stopped } = await runTraining(configPath, {
      resume,
      overwrite: options.overwrite,
      signal: options.signal,
      warmStart: options.warmStartFrom && join(options.warmStartFrom, m.model),
      quiet: options.quiet,
      configure: (c) => ({
        ...c,
        model: { ...c.model, seed: m.modelSeed },
        seed: m.batchSeed,
        split: { ...c.split, seed: m.splitSeed },
        output: { ...c.output, directory: out },
      }),
    });
    if (stopped) break; // this member continues from its checkpoint with --resume
    manifest.members[k] = { ...m, finished: true };
    await writeManifest(manifestPath, manifest);
  }
  return manifest;
}
