/**
 * `equimd ensemble <spec.yaml> [--executor local|slurm]`: independent members of a run (seeds, starting
 * frames) or of a labelling job (shards), each with its own directory and checkpoint, run in parallel
 * processes or as one SLURM job array, and merged (averaged correlation functions → one spectrum with
 * an error band; label shards → one dataset). Running it again continues: finished members are kept,
 * killed ones resume from their checkpoints. See docs/ensembles.md.
 *
 *   equimd ensemble status <spec.yaml> [--slurm]   each member's state
 *   equimd ensemble cancel <spec.yaml>             cancel the ensemble's SLURM tasks
 *   equimd ensemble merge <spec.yaml>              merge again (also done at the end of a run)
 *   equimd ensemble member <directory> --index i   one member (what a SLURM array task runs)
 */
import type { Command } from "commander";
import { loadEnsembleSpec } from "../../ensemble/spec.ts";
import { prepareMembers, readMember } from "../../ensemble/members.ts";
import { runMember } from "../../ensemble/member-run.ts";
import { mergeEnsemble } from "../../ensemble/merge.ts";
import { ensembleStatus, formatStatus, runEnsemble, type Executor } from "../../ensemble/run-ensemble.ts";
import { cancelSlurm } from "../../ensemble/slurm-executor.ts";
import { collect, nonNegativeInteger, positiveInteger, positiveNumber } from "./options.ts";

interface RunOpts {
  executor: Executor;
  parallel?: number;
  wait: boolean;
  progress: boolean;
  partition?: string;
  time?: string;
  cpusPerTask?: number;
  mem?: string;
  account?: string;
  sbatch: string[];
  maxRunning?: number;
  poll: number;
}

export function register(program: Command): void {
  const ensemble = program
    .command("ensemble")
    .description("run independent members of a run or labelling job locally or on SLURM, and merge them")
    .argument("<spec>", "ensemble spec (YAML; see docs/ensembles.md)")
    .option(
      "--executor <kind>",
      "local (parallel processes) or slurm (one job array)",
      (v) => {
        if (v !== "local" && v !== "slurm")
          throw new Error(`--executor: expected local or slurm, got '${v}'`);
        return v;
      },
      "local",
    )
    .option(
      "--parallel <n>",
      "local: members at once (default: the machine's cores)",
      positiveInteger("--parallel"),
    )
    .option("--no-wait", "slurm: submit and return (follow with 'equimd ensemble status')")
    .option("--no-progress", "no progress display")
    .option("--partition <name>", "slurm: partition")
    .option("--time <limit>", "slurm: wall-time limit per member, e.g. 02:00:00")
    .option(
      "--cpus-per-task <n>",
      "slurm: CPUs per member (also its onnxruntime threads)",
      positiveInteger("--cpus-per-task"),
    )
    .option("--mem <size>", "slurm: memory per member, e.g. 2G")
    .option("--account <name>", "slurm: account to charge")
    .option(
      "--sbatch <option>",
      "slurm: a further #SBATCH option (repeatable), e.g. --qos=short",
      collect,
      [],
    )
    .option("--max-running <n>", "slurm: at most n members at once", positiveInteger("--max-running"))
    .option(
      "--poll <seconds>",
      "slurm: seconds between squeue polls while following",
      positiveNumber("--poll"),
      10,
    )
    .action(async (specFile: string, o: RunOpts) => {
      const spec = loadEnsembleSpec(specFile);
      const controller = new AbortController();
      const stop = () => {
        process.stderr.write("\nequimd: stopping the members (each saves a checkpoint)\n");
        controller.abort();
      };
      process.once("SIGINT", stop);
      try {
        const result = await runEnsemble(specFile, {
          executor: o.executor,
          parallel: o.parallel,
          wait: o.wait,
          pollSeconds: o.poll,
          progress: o.progress,
          signal: controller.signal,
          slurm: {
            partition: o.partition,
            time: o.time,
            cpus_per_task: o.cpusPerTask,
            memory: o.mem,
            account: o.account,
            sbatch: o.sbatch.length > 0 ? [...spec.spec.slurm.sbatch, ...o.sbatch] : undefined,
            max_running: o.maxRunning,
          },
        });
        // every member should have finished (or blown up) unless we only submitted
        const submittedOnly = o.executor === "slurm" && !o.wait;
        if (!result.merged && !submittedOnly) process.exitCode = 1;
      } finally {
        process.off("SIGINT", stop);
      }
    });

  ensemble
    .command("status")
    .description("each member's state (done, blew up, failed, started) and, with --slurm, the queue's")
    .argument("<spec>", "ensemble spec")
    .option("--slurm", "also ask squeue (and sacct)")
    .action(async (specFile: string, o: { slurm?: boolean }) => {
      process.stdout.write(formatStatus(await ensembleStatus(specFile, o.slurm ?? false)) + "\n");
    });

  ensemble
    .command("cancel")
    .description("cancel the ensemble's queued and running SLURM tasks (members keep their checkpoints)")
    .argument("<spec>", "ensemble spec")
    .option("--member <i>", "only this member (repeatable)", (v, prev: number[] = []) => [
      ...prev,
      nonNegativeInteger("--member")(v),
    ])
    .action(async (specFile: string, o: { member?: number[] }) => {
      const cancelled = await cancelSlurm(loadEnsembleSpec(specFile), o.member);
      process.stderr.write(
        `equimd: cancelled ${cancelled.length} task(s)${cancelled.length ? `: ${cancelled.map((t) => `${t.jobId}_${t.member}`).join(" ")}` : ""}\n`,
      );
    });

  ensemble
    .command("merge")
    .description("merge the finished members (correlation functions → spectrum with band; label shards)")
    .argument("<spec>", "ensemble spec")
    .action(async (specFile: string) => {
      const spec = loadEnsembleSpec(specFile);
      const result = await mergeEnsemble(spec, await prepareMembers(spec));
      process.stderr.write(
        `equimd: merged ${result.merged.length} members into ${result.files.join(", ")}\n`,
      );
    });

  ensemble
    .command("member")
    .description("run one member of a prepared ensemble (what each SLURM array task runs)")
    .argument("<directory>", "the ensemble's directory")
    .requiredOption("--index <i>", "member index (SLURM_ARRAY_TASK_ID)", nonNegativeInteger("--index"))
    .action(async (directory: string, o: { index: number }) => {
      const member = readMember(directory, o.index);
      // scancel, a time limit or Ctrl-C: the run stops after its current step and saves a checkpoint there
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
      const state = await runMember(member, { signal: controller.signal });
      process.stderr.write(`equimd: member ${o.index}: ${JSON.stringify(state)}\n`);
      if (state.state !== "done" && state.state !== "exploded") process.exitCode = 1;
    });
}
