/**
 * Ring-polymer MD through `equimd run`: the estimator columns of the log, the centroid trajectory,
 * energy conservation of NVE RPMD for the q-TIP4P/F water molecule, the two property estimators
 * (bead average, centroid) against independent computations, bit-identical resume with a stochastic
 * ring-polymer thermostat, and config errors that name the field.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Observer } from "../../src/core/observer.ts";
import type { Property } from "../../src/core/potential.ts";
import { cloneState, makeState, makeSystem, type MDState, type System } from "../../src/core/system.ts";
import { BOHR_IN_ANGSTROM, fs, kelvin, KB_HARTREE_PER_K, unitFactor } from "../../src/core/units.ts";
import { runFromConfig } from "../../src/simulation/index.ts";
import { validateRunConfig } from "../../src/config/run-config.ts";
import { readCheckpoint, type Checkpoint } from "../../src/io/checkpoint.ts";
import { readExtxyz } from "../../src/io/extxyz.ts";
import { PropertyRecorder } from "../../src/observers/property-recorder.ts";
import { run } from "../../src/simulation/index.ts";
import { Random } from "../../src/core/random.ts";
import { FlexibleWater, waterEquilibriumGeometry } from "../../potentials/analytic/flexible-water.ts";
import {
  expandToBeads,
  ringPolymerEstimates,
  RingPolymerIntegrator,
} from "../../integrators/ring-polymer/index.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const WATER_XYZ = join(ROOT, "examples/configs/water.xyz");
const HARTREE_IN_EV = 1 / unitFactor("energy", "eV");

/** A temporary directory holding water.xyz and a config with the given YAML text. */
function workspace(yaml: string): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), "equimd-rpmd-"));
  copyFileSync(WATER_XYZ, join(dir, "water.xyz"));
  const config = join(dir, "run.yaml");
  writeFileSync(config, yaml);
  return { dir, config };
}

/** An RPMD run of the water molecule: 8 beads, 0.25 fs, 300 K; `integrator` and `outputs` filled in. */
const rpmdConfig = (integrator: string, steps: number, outputs: string, seed = 5) => `
system: { file: water.xyz }
potential: { type: water }
integrator: { type: rpmd, timestep_fs: 0.25, beads: 8, temperature_K: 300, ${integrator} }
initial_velocities: { temperature_K: 300 }
steps: ${steps}
seed: ${seed}
outputs:
  directory: out
${outputs}
  progress: false
`;

/** Rows of a whitespace-separated log or CSV table (comment and header lines skipped). */
function table(path: string): { header: string[]; rows: number[][] } {
  const lines = readFileSync(path, "utf8").trim().split("\n");
  const csv = path.endsWith(".csv");
  const headerLine = lines.find((l) => (csv ? l.startsWith("step,") : l.startsWith("# step")))!;
  const split = (l: string) => (csv ? l.split(",") : l.trim().split(/\s+/));
  return {
    header: split(headerLine.replace(/^# /, "")),
    rows: lines.filter((l) => /^\d/.test(l)).map((l) => split(l).map(Number)),
  };
}

const std = (xs: number[]) => {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
};

/** The MDState stored in a checkpoint (atomic units). */
const checkpointState = (c: Checkpoint) => ({
  ...c.state,
  step: c.step,
  time: c.time,
  positions: Float64Array.from(c.state.positions),
  momenta: Float64Array.from(c.state.momenta),
  forces: Float64Array.from(c.state.forces),
  potentialEnergy: Float64Array.from(c.state.potentialEnergy),
  dipole: undefined,
  polarizability: undefined,
});

test("`equimd run` with rpmd writes the ring-polymer estimator columns and the centroid trajectory", async () => {
  const { dir } = workspace(
    rpmdConfig(
      "thermostat: trpmd",
      40,
      `  trajectory: { file: traj.extxyz, every: 10, velocities: true }
  log: { file: energy.log, every: 5 }
  checkpoint: { file: ckpt.json, every: 40 }`,
    ),
  );
  const bin = join(ROOT, "bin/equimd.js");
  const r = spawnSync(process.execPath, [bin, "run", "run.yaml"], { cwd: dir, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /run ended at step 40/);

  const log = table(join(dir, "out/energy.log"));
  assert.deepEqual(log.header, [
    "step",
    "time_fs",
    "potential_eV",
    "kinetic_md_eV",
    "kinetic_prim_eV",
    "kinetic_cv_eV",
    "spring_eV",
    "temperature_K",
    "conserved_eV",
    "drift_eV",
  ]);
  assert.deepEqual(
    log.rows.map((row) => row[0]),
    [0, 5, 10, 15, 20, 25, 30, 35, 40],
  );
  // Step 0: every bead at the structure's geometry, so the springs are relaxed and the centroid-virial
  // kinetic energy is exactly the classical 3N/2 kT, the primitive one 3NP/2 kT (N = 3, P = 8).
  const kT = kelvin(300) * HARTREE_IN_EV;
  const [, , , kMd0, kPrim0, kCv0, spring0, temperature0] = log.rows[0];
  assert.equal(spring0, 0);
  assert.ok(Math.abs(kCv0 - 4.5 * kT) < 1e-11, `kinetic_cv ${kCv0} eV`);
  assert.ok(Math.abs(kPrim0 - 36 * kT) < 1e-10, `kinetic_prim ${kPrim0} eV`);
  // Thermal bead momenta at P·T (centroid COM momentum removed): kinetic_md ≈ 3NP/2 kT and the
  // temperature with N_dof = 3NP − 3 reads about 300 K (one draw of 69 degrees of freedom: ±3σ = ±51%).
  assert.ok(Math.abs(temperature0 - 300) < 0.51 * 300, `T(0) = ${temperature0} K`);
  assert.ok(Math.abs(temperature0 - (2 * kMd0) / (69 * KB_HARTREE_PER_K * HARTREE_IN_EV)) < 1e-8);
  assert.ok(log.rows.slice(1).every((row) => row[6] > 0)); // the ring polymer spreads out

  // The last row equals the estimators of the final bead state (in the checkpoint at step 40).
  const system = makeSystem(["O", "H", "H"]);
  const final = checkpointState(readCheckpoint(join(dir, "out/ckpt.json")));
  assert.equal(final.nBatch, 8);
  const e = ringPolymerEstimates(final, system, kelvin(300));
  const expected = [e.potential, e.kineticMd, e.kineticPrimitive, e.kineticCentroidVirial, e.spring];
  expected.forEach((x, k) => {
    const logged = log.rows.at(-1)![2 + k];
    assert.ok(Math.abs(logged - x * HARTREE_IN_EV) < 1e-10 * (1 + Math.abs(logged)), log.header[2 + k]);
  });

  // The trajectory holds the centroid: one 3-atom frame per sample, no bead index, centroid
  // positions and velocities of the beads.
  const frames = await readExtxyz(join(dir, "out/traj.extxyz"));
  assert.deepEqual(
    frames.map((f) => f.info.step),
    [0, 10, 20, 30, 40],
  );
  assert.ok(frames.every((f) => f.symbols.length === 3 && f.info.bead === undefined));
  const last = frames.at(-1)!;
  const velocity = last.arrays.velocities as Float64Array;
  const toAngstromPerFs = BOHR_IN_ANGSTROM / (1 / fs(1));
  for (let i = 0; i < 9; i++) {
    let q = 0;
    let p = 0;
    for (let j = 0; j < 8; j++) {
      q += final.positions[9 * j + i] / 8;
      p += final.momenta[9 * j + i] / 8;
    }
    const v = p / system.masses[Math.floor(i / 3)];
    assert.ok(Math.abs(last.positions[i] - q * BOHR_IN_ANGSTROM) < 1e-12, `centroid position ${i}`);
    assert.ok(Math.abs(velocity[i] - v * toAngstromPerFs) < 1e-14, `centroid velocity ${i}`);
  }
});

test("NVE RPMD of water: the logged conserved quantity stays flat (drift ≪ fluctuations)", async () => {
  const { dir, config } = workspace(
    rpmdConfig("thermostat: none", 2000, "  log: { file: energy.log, every: 10 }"),
  );
  await runFromConfig(config);
  const { header, rows } = table(join(dir, "out/energy.log"));
  const col = (name: string) => rows.map((row) => row[header.indexOf(name)]);
  const conserved = col("conserved_eV");
  const time = col("time_fs");
  const kinetic = col("kinetic_md_eV");
  const spring = col("spring_eV");
  const potential = col("potential_eV");
  // Energy flows between the bead kinetic energy, the springs and the potential (0.1 eV scale)…
  const fluctuation = Math.min(std(kinetic), std(spring), std(potential));
  assert.ok(fluctuation > 0.02, `fluctuations ${fluctuation} eV`);
  // …while their sum stays put: the conserved quantity's spread and its linear drift over 0.5 ps are
  // a few meV at most, < 3% of the smallest fluctuating term.
  const n = rows.length;
  const tMean = time.reduce((s, t) => s + t, 0) / n;
  const cMean = conserved.reduce((s, c) => s + c, 0) / n;
  const slope =
    time.reduce((s, t, k) => s + (t - tMean) * (conserved[k] - cMean), 0) /
    time.reduce((s, t) => s + (t - tMean) ** 2, 0);
  const drift = Math.abs(slope * (time[n - 1] - time[0]));
  assert.ok(std(conserved) < 0.03 * fluctuation, `spread ${std(conserved)} vs ${fluctuation} eV`);
  assert.ok(drift < 0.03 * fluctuation, `drift ${drift} vs ${fluctuation} eV`);
  assert.ok(Math.max(...col("drift_eV").map(Math.abs)) < 0.1 * fluctuation);
});

/** Records the bead positions at every step of a run (a test observer). */
function beadRecorder(): { observer: Observer; positions: Map<number, Float64Array> } {
  const positions = new Map<number, Float64Array>();
  return {
    positions,
    observer: { every: 1, observe: (s) => void positions.set(s.step, s.positions.slice()) },
  };
}

/** Dipoles (e·Å) of a props.csv, by step. */
function dipoles(path: string): Map<number, number[]> {
  const { header, rows } = table(path);
  const x = header.indexOf("dipole_x");
  return new Map(rows.map((row) => [row[0], row.slice(x, x + 3)]));
}

test("dipole estimators through the CLI: bead average and centroid each equal an independent computation", async () => {
  const outputs = (estimator: string) =>
    `  properties: { file: props.csv, every: 2, quantities: [energy, dipole], estimator: ${estimator} }`;
  const water = new FlexibleWater();
  const system = makeSystem(["O", "H", "H"]);
  const result: Record<string, { recorded: Map<number, number[]>; beads: Map<number, Float64Array> }> = {};
  for (const estimator of ["bead_average", "centroid"]) {
    const { dir, config } = workspace(rpmdConfig("thermostat: trpmd", 60, outputs(estimator)));
    const beads = beadRecorder();
    await runFromConfig(config, { observers: [beads.observer] });
    result[estimator] = { recorded: dipoles(join(dir, "out/props.csv")), beads: beads.positions };
  }
  const eA = unitFactor("dipole", "e*angstrom");
  let largestGap = 0;
  let distinct = 0;
  for (const [step, q] of result.bead_average.beads) {
    if (step % 2 !== 0) continue;
    // The estimator does not change the dynamics: both runs have the same beads.
    assert.deepEqual(result.centroid.beads.get(step), q);
    const perBead = (await water.compute(system, q, 8, ["dipole"])).dipole!;
    const centroid = new Float64Array(9);
    for (let j = 0; j < 8; j++) for (let i = 0; i < 9; i++) centroid[i] += q[9 * j + i];
    for (let i = 0; i < 9; i++) centroid[i] /= 8;
    const atCentroid = (await water.compute(system, centroid, 1, ["dipole"])).dipole!;
    for (let x = 0; x < 3; x++) {
      let average = 0;
      for (let j = 0; j < 8; j++) average += perBead[3 * j + x] / 8;
      const a = result.bead_average.recorded.get(step)![x];
      const c = result.centroid.recorded.get(step)![x];
      // Same arithmetic, same numbers: equal to the last bit (the CSV keeps every digit), which also
      // tells the two estimators apart where they differ by round-off only.
      assert.equal(a, average / eA, `bead average, step ${step}`);
      assert.equal(c, atCentroid[x] / eA, `centroid, step ${step}`);
      largestGap = Math.max(largestGap, Math.abs(a - c));
      if (a !== c) distinct++;
    }
  }
  assert.equal(result.bead_average.recorded.size, 31);
  // q-TIP4P/F has fixed point charges: its dipole is linear in the positions, so the two estimators
  // agree up to round-off for this model (they differ for a learned dipole: next test).
  assert.ok(largestGap < 1e-12, `bead average − centroid ${largestGap} e·Å`);
  assert.ok(distinct > 0, "the centroid run evaluated at the centroid (round-off differences)");
});

/** Water with bond-length-dependent ("charge-flux") charges q_H·r̄/r_eq: a dipole nonlinear in q. */
class ChargeFluxWater extends FlexibleWater {
  override async compute(system: System, positions: Float64Array, nBatch: number, want: readonly Property[]) {
    const out = await super.compute(system, positions, nBatch, want);
    if (!out.dipole) return out;
    for (let b = 0; b < nBatch; b++) {
      const q = positions.subarray(9 * b, 9 * b + 9);
      const r1 = Math.hypot(q[3] - q[0], q[4] - q[1], q[5] - q[2]);
      const r2 = Math.hypot(q[6] - q[0], q[7] - q[1], q[8] - q[2]);
      const scale = (r1 + r2) / (2 * 1.78);
      for (let x = 0; x < 3; x++) out.dipole[3 * b + x] *= scale;
    }
    return out;
  }
}

test("for a dipole nonlinear in the positions the bead-average and centroid estimators differ, each as computed", async () => {
  const system = makeSystem(["O", "H", "H"]);
  const potential = new ChargeFluxWater();
  const P = 8;
  const kT = kelvin(300);
  const classical = makeState(system, waterEquilibriumGeometry());
  const state = expandToBeads(classical, P, { system, temperature: kT, rng: new Random(3) });
  const integrator = new RingPolymerIntegrator({
    dt: fs(0.25),
    beads: P,
    temperature: kT,
    thermostat: "pile_l",
    seed: 4,
  });
  const average = new PropertyRecorder({ every: 20, quantities: ["dipole"] });
  const centroid = new PropertyRecorder({
    every: 20,
    quantities: ["dipole"],
    estimator: "centroid",
    potential,
  });
  const snapshots: MDState[] = [];
  const snap: Observer = { every: 20, observe: (s) => void snapshots.push(cloneState(s)) };
  await run(system, potential, state, integrator, {
    steps: 400,
    want: ["dipole"],
    observers: [average, centroid, snap],
  });
  const a = average.series().dipole!;
  const c = centroid.series().dipole!;
  assert.equal(snapshots.length, 21);
  let gap = 0;
  let size = 0;
  for (const [k, s] of snapshots.entries()) {
    const perBead = (await potential.compute(system, s.positions, P, ["dipole"])).dipole!;
    const qc = new Float64Array(9);
    for (let j = 0; j < P; j++) for (let i = 0; i < 9; i++) qc[i] += s.positions[9 * j + i] / P;
    const atCentroid = (await potential.compute(system, qc, 1, ["dipole"])).dipole!;
    for (let x = 0; x < 3; x++) {
      let mean = 0;
      for (let j = 0; j < P; j++) mean += perBead[3 * j + x] / P;
      assert.ok(Math.abs(a[3 * k + x] - mean) < 1e-14, `bead average, sample ${k}`);
      assert.equal(c[3 * k + x], atCentroid[x], `centroid, sample ${k}`);
      if (k > 0) gap = Math.max(gap, Math.abs(a[3 * k + x] - c[3 * k + x]));
      size = Math.max(size, Math.abs(mean));
    }
  }
  // The beads spread by ~0.1 Å at 300 K: the estimators differ by far more than round-off.
  assert.ok(gap > 1e-4 * size, `largest difference ${gap} of a dipole of ${size} e·bohr`);
  assert.throws(
    () => new PropertyRecorder({ every: 1, estimator: "centroid" }),
    /estimator "centroid" needs the potential/,
  );
});

const RESUME_RUN = rpmdConfig(
  "thermostat: pile_l, centroid_tau_fs: 20, contract_to: 4",
  40,
  `  trajectory: { file: traj.extxyz, every: 3, beads: all, velocities: true }
  log: { file: energy.log, every: 4 }
  properties: { file: props.csv, every: 2, estimator: centroid }
  checkpoint: { file: ckpt.json, every: 10 }`,
  11,
);
const OUTPUTS = ["traj.extxyz", "energy.log", "props.csv"];

test("RPMD resume after a checkpoint reproduces the uninterrupted PILE-L run (contracted to 4 beads) bit for bit", async () => {
  const reference = workspace(RESUME_RUN);
  await runFromConfig(reference.config);

  const crashed = workspace(RESUME_RUN);
  const crashAt25: Observer = {
    every: 1,
    observe: (s) => {
      if (s.step === 25) throw new Error("simulated crash at step 25");
    },
  };
  await assert.rejects(runFromConfig(crashed.config, { observers: [crashAt25] }), /simulated crash/);
  assert.equal(readCheckpoint(join(crashed.dir, "out/ckpt.json")).step, 20);
  await runFromConfig(crashed.config, { resume: true });

  const stopped = workspace(RESUME_RUN);
  await runFromConfig(stopped.config, { steps: 25 });
  await runFromConfig(stopped.config, { resume: true });

  for (const file of OUTPUTS) {
    const expected = readFileSync(join(reference.dir, "out", file), "utf8");
    assert.equal(readFileSync(join(crashed.dir, "out", file), "utf8"), expected, `${file}, crash + resume`);
    assert.equal(readFileSync(join(stopped.dir, "out", file), "utf8"), expected, `${file}, stop + resume`);
  }
  // beads: all writes every bead as a frame with its index in info.
  const frames = await readExtxyz(join(reference.dir, "out/traj.extxyz"));
  assert.equal(frames.length, 14 * 8);
  assert.deepEqual(
    frames.slice(0, 9).map((f) => [f.info.step, f.info.bead]),
    [[0, 0], [0, 1], [0, 2], [0, 3], [0, 4], [0, 5], [0, 6], [0, 7], [3, 0]], // prettier-ignore
  );
  // The thermostat is stochastic: another seed gives another trajectory.
  const other = workspace(RESUME_RUN.replace("seed: 11", "seed: 12"));
  await runFromConfig(other.config);
  assert.notEqual(
    readFileSync(join(other.dir, "out/traj.extxyz"), "utf8"),
    readFileSync(join(reference.dir, "out/traj.extxyz"), "utf8"),
  );
});

test("bad RPMD input stops with a message naming the field", async () => {
  const base = {
    system: { file: "water.xyz" },
    potential: { type: "water" },
    integrator: { type: "rpmd", timestep_fs: 0.25, beads: 8, temperature_K: 300 },
    steps: 10,
  };
  const rpmd = (extra: Record<string, unknown>) => ({
    ...base,
    integrator: { ...base.integrator, ...extra },
  });
  const check = (raw: unknown, message: RegExp) =>
    assert.throws(() => validateRunConfig(raw, "config.yaml"), message, JSON.stringify(raw));
  assert.equal(validateRunConfig(base).integrator.type, "rpmd");
  check(rpmd({ beads: 0 }), /config\.yaml: integrator\.beads: expected a positive number, got 0/);
  check(rpmd({ beads: 2.5 }), /integrator\.beads: expected an integer, got 2\.5/);
  check(rpmd({ contract_to: 16 }), /integrator\.contract_to: expected at most integrator\.beads = 8.*got 16/);
  check(
    { ...base, thermostat: { type: "langevin", temperature_K: 300, tau_fs: 20 } },
    /thermostat\.type: must be 'none' \(or absent\) with integrator\.type rpmd.*got 'langevin'/,
  );
  check(rpmd({ thermostat: "pile_g" }), /integrator\.centroid_tau_fs: missing: thermostat pile_g needs/);
  check(rpmd({ thermostat: "pile_x" }), /integrator\.thermostat: expected one of 'none', 'pile_l'/);
  check(rpmd({ thermostat: "none", lambda: 0.5 }), /integrator\.lambda: has no effect with .*none/);
  check(
    { ...base, outputs: { properties: { file: "p.csv", every: 1, estimator: "median" } } },
    /outputs\.properties\.estimator: expected one of 'bead_average', 'centroid', got 'median'/,
  );
  check(
    {
      ...base,
      integrator: { type: "verlet", timestep_fs: 0.5 },
      outputs: { trajectory: { file: "t.xyz", every: 1, beads: "centroid" } },
    },
    /outputs\.trajectory\.beads: only for ring polymers/,
  );
  // Through the command line: exit status 1 and the field in the message.
  const { dir } = workspace(rpmdConfig("thermostat: trpmd, contract_to: 9", 10, ""));
  const r = spawnSync(process.execPath, [join(ROOT, "bin/equimd.js"), "run", "run.yaml"], {
    cwd: dir,
    encoding: "utf8",
  });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /run\.yaml: integrator\.contract_to: expected at most integrator\.beads = 8/);
});
