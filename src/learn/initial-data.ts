/**
 * Stage 2 of `equimd learn`: the first labelled data, covering what the final runs visit.
 *
 * - Classical Langevin MD with xtb at several temperatures, from half the target to well above it
 *   (src/labelling/sampler.ts): hot runs reach the bond stretches that a quantum ring polymer reaches
 *   at the target temperature.
 * - Ring-polymer configurations: a P-bead ring polymer thermostatted with PILE-L on xtb at the target
 *   temperature; every bead of every recorded step is a configuration the final TRPMD will visit
 *   (quantum delocalisation of the protons), labelled by the same evaluation that moved it.
 *
 * The sampling evaluates xtb at each frame anyway, so the frames carry xtb's energy, forces and
 * dipole without a second pass. Polarizabilities need psi4 (not run here): without it the data are
 * IR-only, which is said in the log and the README.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { Potential } from "../core/potential.ts";
import type { System } from "../core/system.ts";
import { ExtxyzWriter } from "../io/extxyz.ts";
import { childSeeds } from "../labelling/sampler.ts";
import type { LearnConfig } from "./learn-config.ts";
import { labelledFrame, writeSampledFrames } from "./labelled-frame.ts";
import { ringPolymerRun } from "./md-runs.ts";
import { runOnce } from "./stage-runner.ts";
import { concatenateFrames } from "./committee-stage.ts";
import { makeLabeller } from "../labelling/calculators.ts";
import { readFrames } from "../labelling/frame-files.ts";
import { labelFile } from "../labelling/label-file.ts";
import { defaultPsi4Python } from "../../potentials/psi4/psi4-calculator.ts";
import { progressBar } from "../labelling/progress.ts";

export interface InitialDataResult {
  /** Labelled frames (extxyz), relative to the stage directory: classical then ring-polymer. */
  files: string[];
  frames: number;
  classical_frames: number;
  ring_polymer_frames: number;
  temperatures_K: number[];
  /** Whether the frames have polarizabilities (psi4). */
  polarizability: boolean;
  notes: string[];
}

/** Whether the Python that Psi4Calculator would use can import psi4. */
export function psi4Available(): boolean {
  const { python, pythonPath } = defaultPsi4Python();
  const env = {
    ...process.env,
    ...(pythonPath ? { PYTHONPATH: [pythonPath, process.env.PYTHONPATH].filter(Boolean).join(":") } : {}),
  };
  const r = spawnSync(python, ["-c", "import psi4"], { stdio: "ignore", timeout: 60_000, env });
  return r.status === 0;
}

/**
 * psi4 polarizabilities of psi4_frames frames spread evenly over the sampled ones (labelFile: resumable).
 * frames.extxyz here is the whole initial dataset with those frames carrying their polarizability.
 */
async function psi4Polarizabilities(
  dir: string,
  sampled: readonly string[],
  frames: number,
  config: LearnConfig,
  say: (line: string) => void,
  progress: boolean,
): Promise<number> {
  const all = join(dir, "sampled.extxyz");
  concatenateFrames(all, sampled);
  const step = Math.max(1, Math.ceil(frames / config.initial_data.psi4_frames));
  const p = config.psi4;
  say(`initial data: psi4 ${p.method}/${p.basis} polarizabilities of every ${step}. frame`);
  const labeller = makeLabeller("psi4", {
    psi4Method: p.method,
    psi4Basis: p.basis,
    psi4Threads: p.threads,
    psi4MemoryMb: p.memory_mb,
    psi4Properties: ["polarizability"],
  });
  const bar = progressBar("psi4 polarizabilities", progress);
  try {
    await labelFile({
      input: all,
      output: join(dir, "labelled.extxyz"),
      labellers: [labeller],
      select: { start: 0, step },
      onStart: (done, todo) => bar.start(done + todo, done),
      onProgress: (done) => bar.update(done),
    });
  } finally {
    bar.stop();
    await labeller.dispose();
  }
  // the dataset: every sampled frame, those with psi4 labels replaced by their labelled version
  const labelled = readFrames(join(dir, "labelled.extxyz"));
  const byIndex = new Map(labelled.map((f) => [Number(f.info.source_index), f]));
  const writer = new ExtxyzWriter(join(dir, "frames.extxyz"));
  readFrames(all).forEach((f, i) => writer.write(byIndex.get(i) ?? f));
  writer.close();
  return labelled.length;
}

/** Classical frames at every temperature, written to `file`; returns the count. */
async function classicalFrames(
  file: string,
  system: System,
  start: Float64Array,
  xtb: Potential,
  config: LearnConfig,
  seed: number,
  progress: boolean,
): Promise<number> {
  const d = config.initial_data;
  const temperatures = d.temperature_factors.map((f) => f * config.temperature_K);
  const bar = progressBar("classical sampling", progress);
  let started = false;
  try {
    return await writeSampledFrames(
      file,
      system,
      start,
      xtb,
      {
        temperatures,
        frames: d.frames_per_temperature,
        replicas: d.replicas,
        every: d.every,
        dtFs: d.dt_fs,
        equilibrationSteps: d.equilibration_steps,
        tauFs: d.tau_fs,
        seed,
      },
      "classical",
      (step, total) => {
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(step);
      },
    );
  } finally {
    bar.stop();
  }
}

/** Every bead of a PILE-L ring polymer on xtb, every `every` steps, written to `file`. */
async function ringPolymerFrames(
  file: string,
  system: System,
  start: Float64Array,
  xtb: Potential,
  config: LearnConfig,
  seed: number,
  progress: boolean,
): Promise<number> {
  const r = config.initial_data.ring_polymer;
  if (r.steps === 0) return 0;
  const writer = new ExtxyzWriter(file);
  let n = 0;
  try {
    const md = {
      beads: r.beads,
      dt_fs: r.dt_fs,
      equilibration_steps: 0,
      steps: r.steps,
      tau_fs: config.initial_data.tau_fs,
    };
    await ringPolymerRun(
      system,
      start,
      xtb,
      md,
      config.temperature_K,
      seed,
      "pile_l",
      [
        {
          every: r.every,
          observe: (s) => {
            for (let b = 0; b < s.nBatch; b++) {
              const info = {
                origin: "ring_polymer",
                temperature_K: config.temperature_K,
                bead: b,
                md_step: s.step,
              };
              writer.write(labelledFrame(system, s, b, info));
              n++;
            }
          },
        },
      ],
      progress,
    );
  } finally {
    writer.close();
  }
  return n;
}

export async function makeInitialData(
  dir: string,
  system: System,
  start: Float64Array,
  xtb: Potential,
  config: LearnConfig,
  say: (line: string) => void,
  progress = false,
): Promise<InitialDataResult> {
  const [classicalSeed, ringSeed] = childSeeds(config.seed + 2, 2);
  const temperatures = config.initial_data.temperature_factors.map((f) => f * config.temperature_K);
  const classical = await runOnce(join(dir, "classical"), "classical sampling", async (d) => {
    say(`initial data: classical Langevin MD with xtb at ${temperatures.map((t) => `${t} K`).join(", ")}`);
    return {
      frames: await classicalFrames(
        join(d, "frames.extxyz"),
        system,
        start,
        xtb,
        config,
        classicalSeed,
        progress,
      ),
    };
  });
  const ring = await runOnce(join(dir, "ring-polymer"), "ring-polymer sampling", async (d) => {
    const r = config.initial_data.ring_polymer;
    say(
      `initial data: ${r.beads}-bead ring polymer (PILE-L) with xtb at ${config.temperature_K} K, ${r.steps} steps`,
    );
    return {
      frames: await ringPolymerFrames(
        join(d, "frames.extxyz"),
        system,
        start,
        xtb,
        config,
        ringSeed,
        progress,
      ),
    };
  });
  const sampled = [
    join(dir, "classical", "frames.extxyz"),
    ...(ring.frames > 0 ? [join(dir, "ring-polymer", "frames.extxyz")] : []),
  ];
  const frames = classical.frames + ring.frames;
  const notes: string[] = [];
  const psi4 = config.initial_data.psi4_frames > 0 && psi4Available();
  let polarizability = false;
  if (psi4) {
    const labelled = await runOnce(join(dir, "psi4"), "psi4 polarizabilities", (d) =>
      psi4Polarizabilities(d, sampled, frames, config, say, progress),
    );
    notes.push(
      `psi4 polarizabilities (${config.psi4.method}/${config.psi4.basis}) on ${labelled} of ${frames} frames: IR and Raman`,
    );
    polarizability = labelled > 0;
  } else {
    notes.push(
      config.initial_data.psi4_frames > 0
        ? `psi4 not found (its Python cannot import psi4): no polarizabilities, so IR only (no Raman)`
        : `initial_data.psi4_frames is 0: no polarizabilities, so IR only (no Raman)`,
    );
  }
  for (const n of notes) say(`initial data: ${n}`);
  return {
    files: polarizability ? [join("psi4", "frames.extxyz")] : sampled.map((f) => f.slice(dir.length + 1)),
    frames,
    classical_frames: classical.frames,
    ring_polymer_frames: ring.frames,
    temperatures_K: temperatures,
    polarizability,
    notes,
  };
}
