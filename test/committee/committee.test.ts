import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fs, kelvin, makeState, makeSystem, Random } from "../../src/core/index.ts";
import type { Potential, PotentialOutput, Property } from "../../src/core/potential.ts";
import type { MDState, System } from "../../src/core/system.ts";
import { FlexibleWater, waterEquilibriumGeometry } from "../../potentials/analytic/flexible-water.ts";
import {
  CommitteePotential,
  calibrate,
  meanAndVariance,
  ranks,
  spearman,
} from "../../potentials/committee/index.ts";
import { calibrateCommittee } from "../../src/training/committee-calibration.ts";
import { VelocityVerlet } from "../../integrators/velocity-verlet.ts";
import { maxwellBoltzmann } from "../../integrators/initial-velocities.ts";
import { CommitteeSpreadRecorder } from "../../src/observers/committee-spread-recorder.ts";
import {
  committeeIrEnsemble,
  memberSeries,
  modelBand,
  readCommitteeMembers,
} from "../../src/spectra/uncertainty/index.ts";

/** A potential whose every output is s times another's (a member "differing by a known scale"). */
class Scaled implements Potential {
  readonly name: string;
  readonly provides: readonly Property[];
  calls = 0;
  constructor(
    private readonly inner: Potential,
    private readonly s: number,
  ) {
    this.name = `${s} × ${inner.name}`;
    this.provides = inner.provides;
  }
  async compute(
    system: System,
    positions: Float64Array,
    n: number,
    want: readonly Property[],
  ): Promise<PotentialOutput> {
    this.calls++;
    const o = await this.inner.compute(system, positions, n, want);
    const k = (a?: Float64Array) => a?.map((x) => x * this.s);
    return {
      energy: k(o.energy)!,
      forces: k(o.forces)!,
      dipole: k(o.dipole),
      polarizability: k(o.polarizability),
    };
  }
  dispose(): void {}
}

const water = makeSystem(["O", "H", "H"]);

test("unbiased committee variance 1/(M − 1): pinned on known numbers", () => {
  const { mean, variance } = meanAndVariance([[1], [2], [4]]);
  assert.ok(Math.abs(mean[0] - 7 / 3) < 1e-15);
  assert.ok(Math.abs(variance[0] - 7 / 3) < 1e-14, `variance ${variance[0]} (population would be 14/9)`);
  const two = meanAndVariance([[3], [5]]);
  assert.equal(two.variance[0], 2); // (1² + 1²)/(2 − 1); the population variance would be 1
  assert.throws(() => meanAndVariance([[1]]), /at least 2 members/);
});

test("committee: identical members give zero spread; members E and sE give s_E = |1 − s|·|E|/√2", async () => {
  const base = new FlexibleWater();
  const r = waterEquilibriumGeometry().map((x, i) => x + 0.05 * Math.sin(3 * i + 1));
  const ref = await base.compute(water, r, 1, ["dipole"]);
  const same = await new CommitteePotential([base, new Scaled(base, 1), new Scaled(base, 1)]).compute(
    water,
    r,
    1,
    ["dipole"],
  );
  assert.equal(same.spread.energy[0], 0);
  assert.equal(same.spread.forcesRms[0], 0);
  assert.equal(same.spread.dipole![0], 0);
  same.forces.forEach((f, i) => assert.ok(Math.abs(f - ref.forces[i]) < 1e-15 * Math.max(1, Math.abs(f))));

  const s = 1.3;
  const c = await new CommitteePotential([base, new Scaled(base, s)]).compute(water, r, 1, ["dipole"]);
  const close = (a: number, b: number, what: string) =>
    assert.ok(Math.abs(a - b) <= 1e-12 * Math.abs(b), `${what}: ${a} vs ${b}`);
  close(c.energy[0], ((1 + s) / 2) * ref.energy[0], "mean energy");
  close(c.spread.energy[0], (Math.abs(1 - s) * Math.abs(ref.energy[0])) / Math.SQRT2, "energy spread");
  const norm = (a: ArrayLike<number>, from: number, to: number) =>
    Math.hypot(...Array.from(a).slice(from, to));
  close(c.spread.dipole![0], ((s - 1) * norm(ref.dipole!, 0, 3)) / Math.SQRT2, "dipole spread");
  const rms = Math.sqrt(ref.forces.reduce((t, f) => t + f * f, 0) / 9);
  close(c.spread.forcesRms[0], ((s - 1) * rms) / Math.SQRT2, "force spread (RMS)");
  const perAtom = [0, 1, 2].map((a) => norm(ref.forces, 3 * a, 3 * a + 3));
  close(c.spread.forcesMax[0], ((s - 1) * Math.max(...perAtom)) / Math.SQRT2, "force spread (max)");
  assert.equal(c.members.length, 2);
  assert.throws(() => new CommitteePotential([base]), /at least 2 members/);
});

test("MD runs on the committee mean; the recorder logs the spread per frame without re-evaluating", async () => {
  const base = new FlexibleWater();
  const run = async (potential: Potential, observer?: CommitteeSpreadRecorder) => {
    const state: MDState = makeState(water, waterEquilibriumGeometry());
    maxwellBoltzmann(state, water, kelvin(300), new Random(4));
    const evaluate = async (st: MDState) => {
      const o = await potential.compute(water, st.positions, 1, ["dipole"]);
      st.forces.set(o.forces);
      st.potentialEnergy.set(o.energy);
      st.dipole = o.dipole;
    };
    await evaluate(state);
    const vv = new VelocityVerlet({ dt: fs(0.25) });
    for (let i = 0; i < 200; i++) {
      if (observer && i % observer.every === 0) await observer.observe(state, water, vv);
      await vv.step(state, water, evaluate);
      state.step++;
    }
    return state;
  };
  const [s1, s2] = [0.9, 1.2];
  const members = [new Scaled(base, s1), new Scaled(base, s2)];
  const committee = new CommitteePotential(members);
  const dir = await mkdtemp(join(tmpdir(), "equimd-committee-"));
  const recorder = new CommitteeSpreadRecorder(committee, { every: 10, file: join(dir, "spread.csv") });
  const onMean = await run(committee, recorder);
  recorder.close();
  const callsDuringRun = members[0].calls;
  const single = await run(new Scaled(base, (s1 + s2) / 2));
  onMean.positions.forEach((x, i) =>
    assert.ok(Math.abs(x - single.positions[i]) < 1e-9, `coordinate ${i}: ${x} vs ${single.positions[i]}`),
  );
  assert.equal(
    callsDuringRun,
    201,
    "one evaluation per step (and one at the start): the recorder reused them",
  );
  const series = recorder.series();
  assert.equal(series.steps.length, 20);
  // the dipole spread of members s1·μ and s2·μ is |s1 − s2|·|μ|/√2, and the mean dipole is (s1 + s2)/2·μ
  const k = Math.abs(s1 - s2) / Math.SQRT2 / ((s1 + s2) / 2);
  const mu = series.memberDipoles.map((m) => m[0]);
  series.dipole.forEach((d, n) => {
    const mean = [0, 1, 2].map((c) => (mu[0][3 * n + c] + mu[1][3 * n + c]) / 2);
    assert.ok(Math.abs(d - k * Math.hypot(...mean)) < 1e-12, `frame ${n}: ${d}`);
  });
  const text = await readFile(join(dir, "spread.csv"), "utf8");
  const lines = text.trim().split("\n");
  assert.match(lines[0], /^# equimd committee spread: members=2 sampling_interval_fs=2\.5/);
  assert.match(
    lines[1],
    /^step,time_fs,energy_spread_eV,force_spread_rms_eV_per_A,.*,m0_dipole_x,m0_dipole_y,m0_dipole_z,m1_dipole_x/,
  );
  assert.equal(lines.length, 22);
  // the spectra side reads the members back in atomic units
  const back = await readCommitteeMembers(join(dir, "spread.csv"), "dipole");
  assert.equal(back.length, 2);
  back.forEach((m, k) =>
    m[0].values.forEach((v, i) => assert.ok(Math.abs(v - mu[k][i]) < 1e-12, `member ${k} value ${i}`)),
  );
  assert.ok(Math.abs(back[0][0].dt - fs(2.5)) < 1e-9);
  await assert.rejects(
    readCommitteeMembers(join(dir, "spread.csv"), "polarizability"),
    /no column m0_alpha_xx/,
  );
});

test("model band: member dipoles μ and sμ give spectra S and s²S, band = mean ± |1 − s²|S/√2", () => {
  const dt = fs(1);
  const n = 2048;
  const rng = new Random(2);
  const mu: number[] = [];
  for (let i = 0; i < n; i++)
    for (let c = 0; c < 3; c++) mu.push(0.1 * Math.cos(7e-3 * i * (c + 1) * 4 + c) + 0.01 * rng.normal());
  const s = 1.5;
  const perMember = memberSeries([[mu], [mu.map((x) => s * x)]], 3, dt, "dipole");
  const e = committeeIrEnsemble(perMember, { temperature: kelvin(300), maxLag: 512, fmax: 4000, spacing: 4 });
  const band = modelBand(e);
  const base = e.members[0];
  band.sigma.forEach((sig, j) => {
    assert.ok(
      Math.abs(sig - (Math.abs(1 - s * s) * Math.abs(base[j])) / Math.SQRT2) <= 1e-9 * Math.max(...base),
      `σ at ${j}`,
    );
    assert.ok(
      Math.abs(band.center[j] - ((1 + s * s) / 2) * base[j]) <= 1e-9 * Math.max(...base),
      `center at ${j}`,
    );
  });
  assert.ok(band.upper.every((u, j) => u >= band.lower[j]));
  assert.throws(
    () => modelBand({ ...e, members: e.members.slice(0, 1), weights: e.weights.slice(0, 1) }),
    /at least 2/,
  );
});

test("calibration: rank correlation, scale and curve on known errors", async () => {
  assert.ok(Math.abs(spearman([1, 2, 3, 4], [1, 3, 2, 4]) - 0.8) < 1e-12);
  assert.deepEqual(Array.from(ranks([1, 2, 2, 3])), [1, 2.5, 2.5, 4]);
  // Gaussian errors of standard deviation σ_i (calibrated) and twice that (over-confident by 2)
  const rng = new Random(9);
  const sigma = Array.from({ length: 4000 }, () => Math.exp(2 * rng.uniform()));
  const calibrated = calibrate(sigma, sigma.map((s) => s * rng.normal()).map(Math.abs));
  assert.ok(Math.abs(calibrated.scale - 1) < 0.05, `scale ${calibrated.scale}`);
  calibrated.curve.forEach((b) =>
    assert.ok(Math.abs(b.observed / b.predicted - 1) < 0.15, JSON.stringify(b)),
  );
  assert.ok(calibrated.spearman > 0.2, `ρ ${calibrated.spearman}`);
  const over = calibrate(sigma, sigma.map((s) => 2 * s * rng.normal()).map(Math.abs));
  assert.ok(Math.abs(over.scale - 2) < 0.1, `scale ${over.scale}`);

  // committee 0.9·V and 1.2·V against labels from V: error 0.05|E|, spread 0.3|E|/√2, everywhere
  const base = new FlexibleWater();
  const committee = new CommitteePotential([new Scaled(base, 0.9), new Scaled(base, 1.2)]);
  const frames = [];
  for (let k = 0; k < 8; k++) {
    const r = waterEquilibriumGeometry().map((x, i) => x + 0.1 * Math.sin(5 * i + k));
    const o = await base.compute(water, r, 1, ["dipole"]);
    frames.push({
      numbers: water.numbers,
      positions: r,
      energy: o.energy[0],
      forces: o.forces,
      dipole: o.dipole,
      origin: `frame ${k}`,
    });
  }
  const c = await calibrateCommittee(committee, frames, 4);
  const expected = 0.05 / (0.3 / Math.SQRT2);
  for (const key of ["energy", "forces", "dipole"] as const) {
    assert.ok(Math.abs(c[key]!.scale - expected) < 1e-9, `${key}: scale ${c[key]!.scale} vs ${expected}`);
    assert.ok(c[key]!.spearman > 0.999, `${key}: ρ ${c[key]!.spearman}`);
  }
});
