/**
 * The members of an ensemble and their directories:
 *
 *   <directory>/members/000/member.yaml   the member's own job (written here, never edited by hand)
 *                          run.log        stdout and stderr of every attempt, appended
 *                          done.json      the done-marker, written atomically when the member finished
 *                          failed.json    why the last attempt failed (removed when a new one starts)
 *                          …              the job's outputs (checkpoint, property file, labels)
 *
 * A run member's member.yaml is the spec's `equimd run` config with its seed (seeds.first + stride·i),
 * starting frame, steps and output directory (".", the member directory) rewritten and every path made
 * absolute; a label member's names its shard (a contiguous slice of the input frames). Preparing the
 * same spec again writes the same files; a member.yaml that differs from what the spec gives now (the
 * spec or the run config changed) stops with an error instead of mixing two ensembles.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { loadRunConfig, validateRunConfig, type RunConfig } from "../config/run-config.ts";
import { iterateExtxyz } from "../io/extxyz.ts";
import type { LoadedSpec, SpectrumKind } from "./spec.ts";

export const MEMBER_CONFIG = "member.yaml";
export const RUN_LOG = "run.log";
export const DONE_MARKER = "done.json";
export const FAILED_MARKER = "failed.json";
export const LABEL_OUTPUT = "labels.extxyz";

/** A member running `equimd run`. */
export interface RunMember {
  kind: "run";
  index: number;
  dir: string;
  /** Steps the member must reach. */
  steps: number;
  config: RunConfig;
}

/** A member labelling frames [start, stop) of the input with `equimd label`. */
export interface LabelMember {
  kind: "label";
  index: number;
  dir: string;
  input: string;
  start: number;
  stop: number;
  calculators: string[];
  options: string[];
}

export type Member = RunMember | LabelMember;

/** Name of member i's directory: zero-padded to the width of the largest index (at least 3 digits). */
export function memberName(index: number, members: number): string {
  return String(index).padStart(Math.max(3, String(members - 1).length), "0");
}

export function memberDir(spec: LoadedSpec, index: number): string {
  return join(spec.directory, "members", memberName(index, spec.spec.members));
}

/** Write `text` to `path` atomically (a temporary file renamed over it). */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** The members' jobs as the spec describes them (reads the run config or counts the input frames). */
export async function describeMembers(spec: LoadedSpec): Promise<Member[]> {
  return spec.job.kind === "run" ? runMembers(spec, spec.job.config) : labelMembers(spec, spec.job.input);
}

type Raw = Record<string, unknown> & {
  system: Record<string, unknown>;
  potential: { type: string; parameters?: Record<string, unknown> };
  outputs?: Record<string, unknown>;
  initial_velocities?: Record<string, unknown>;
  equilibration?: Record<string, unknown>;
};

function runMembers(spec: LoadedSpec, configPath: string): Member[] {
  const job = spec.spec.run!;
  const loaded = loadRunConfig(configPath); // errors name the run config and its field
  const configDir = dirname(configPath);
  const base = loaded.config;
  if (!base.outputs.checkpoint) {
    throw new Error(
      `${configPath}: outputs.checkpoint: missing: ensemble members need a checkpoint (they resume from it ` +
        `when killed, and it says how far a member got), e.g. checkpoint: { file: checkpoint.json, every: 1000 }`,
    );
  }
  for (const kind of spec.spec.merge.kinds ?? []) checkRecorded(base, kind, configPath, spec.path);
  const raw = parseYaml(readFileSync(configPath, "utf8")) as Raw;
  const first = job.seeds.first ?? base.seed;
  return Array.from({ length: spec.spec.members }, (_, index) => {
    const member = structuredClone(raw);
    member.seed = first + job.seeds.stride * index;
    // each member draws its own velocities: the default velocity seed is the member's seed + 1
    if (member.initial_velocities) delete member.initial_velocities.seed;
    // and its own equilibration noise: the leg's default seed is −(the member's seed + 1)
    if (member.equilibration) delete member.equilibration.seed;
    member.system.file = resolve(configDir, String(raw.system.file));
    if (job.frames) member.system.frame = job.frames[index];
    const model = member.potential.parameters?.model;
    if (member.potential.type === "painn" && typeof model === "string") {
      member.potential.parameters!.model = resolve(configDir, model);
    }
    if (job.steps !== undefined) member.steps = job.steps;
    member.outputs = { ...member.outputs, directory: ".", progress: false };
    const dir = memberDir(spec, index);
    const config = validateRunConfig(member, `${join(dir, MEMBER_CONFIG)} (from ${configPath})`);
    return { kind: "run" as const, index, dir, steps: config.steps, config };
  });
}

/** An explicitly requested spectrum kind needs its series in the members' outputs. */
function checkRecorded(config: RunConfig, kind: SpectrumKind, configPath: string, specPath: string): void {
  const o = config.outputs;
  const none = `(or leave ${kind} out of merge.kinds in ${specPath})`;
  if (kind === "power") {
    if (!o.trajectory?.velocities && !o.trajectory?.momenta) {
      throw new Error(
        `${configPath}: outputs.trajectory: the power-spectrum merge averages the members' velocity ` +
          `correlation functions, so the members must write a trajectory with velocities: true ${none}`,
      );
    }
    return;
  }
  const q = kind === "ir" ? "dipole" : "polarizability";
  if (!o.properties || (o.properties.quantities && !o.properties.quantities.includes(q))) {
    throw new Error(
      `${configPath}: outputs.properties: the ${kind} merge averages the members' ${q} correlation ` +
        `functions, so the members must record the ${q} ${none}`,
    );
  }
}

async function labelMembers(spec: LoadedSpec, input: string): Promise<Member[]> {
  const job = spec.spec.label!;
  let frames = 0;
  try {
    for await (const _ of iterateExtxyz(input)) frames++;
  } catch (e) {
    throw new Error(`${spec.path}: label.input: ${(e as Error).message}`, { cause: e });
  }
  const n = spec.spec.members;
  if (frames < n) {
    throw new Error(
      `${spec.path}: members: ${n} shards of ${input} need at least ${n} frames; it has ${frames}`,
    );
  }
  // contiguous shards, sizes differing by at most one: shard i holds [⌊i·F/n⌋, ⌊(i+1)·F/n⌋)
  return Array.from({ length: n }, (_, index) => ({
    kind: "label" as const,
    index,
    dir: memberDir(spec, index),
    input,
    start: Math.floor((index * frames) / n),
    stop: Math.floor(((index + 1) * frames) / n),
    calculators: job.calculators,
    options: job.options,
  }));
}

/** The text of a member's member.yaml. */
function memberFileText(spec: LoadedSpec, member: Member, configPath?: string): string {
  const n = spec.spec.members;
  if (member.kind === "label") {
    const { input, start, stop, calculators, options } = member;
    return (
      `# equimd ensemble '${spec.name}': label shard ${member.index} of ${n}, frames ${start}:${stop} ` +
      `(written by equimd; do not edit)\n` +
      stringifyYaml({ input, select: `${start}:${stop}`, calculators, options, output: LABEL_OUTPUT })
    );
  }
  return (
    `# equimd ensemble '${spec.name}': member ${member.index} of ${n}, from ${configPath}\n` +
    `# (written by equimd: seed, frame, steps and paths rewritten; do not edit)\n` +
    stringifyYaml(member.config, { sortMapEntries: false })
  );
}

/**
 * Create the member directories and write each member.yaml (unchanged files are left alone). Throws,
 * naming the member, if a member directory holds a member.yaml that the spec would now write differently.
 */
export async function prepareMembers(spec: LoadedSpec): Promise<Member[]> {
  const members = await describeMembers(spec);
  const configPath = spec.job.kind === "run" ? spec.job.config : undefined;
  for (const member of members) {
    const text = memberFileText(spec, member, configPath);
    const file = join(member.dir, MEMBER_CONFIG);
    if (existsSync(file)) {
      if (readFileSync(file, "utf8") !== text) {
        throw new Error(
          `${file}: member ${member.index} was prepared from a different spec or run config; ` +
            `its results would mix two ensembles. Use another directory (spec field 'directory') ` +
            `or remove ${spec.directory} if its results are no longer wanted`,
        );
      }
      continue;
    }
    mkdirSync(member.dir, { recursive: true });
    writeFileAtomic(file, text);
  }
  return members;
}

/**
 * Member `index` of the ensemble in `directory`, from its member.yaml alone (what a SLURM task runs: the
 * spec may have been edited since the submission; the member's own file is what was submitted).
 */
export function readMember(directory: string, index: number): Member {
  const root = join(directory, "members");
  const name = existsSync(root)
    ? readdirSync(root).find((d) => /^\d+$/.test(d) && Number(d) === index)
    : undefined;
  if (name === undefined) throw new Error(`${root}: no member ${index} (was the ensemble prepared here?)`);
  const dir = join(root, name);
  const file = join(dir, MEMBER_CONFIG);
  const text = readFileSync(file, "utf8");
  if (/^# equimd ensemble .*: label shard/.test(text)) {
    const raw = parseYaml(text) as {
      input: string;
      select: string;
      calculators: string[];
      options: string[];
    };
    const [start, stop] = raw.select.split(":").map(Number);
    return {
      kind: "label",
      index,
      dir,
      input: raw.input,
      start,
      stop,
      calculators: raw.calculators,
      options: raw.options,
    };
  }
  const config = loadRunConfig(file).config;
  return { kind: "run", index, dir, steps: config.steps, config };
}
