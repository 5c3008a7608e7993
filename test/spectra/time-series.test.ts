import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  makeState,
  makeSystem,
  fs,
  kelvin,
  Random,
  BOHR_IN_ANGSTROM,
  type MDState,
} from "../../src/core/index.ts";
import { FlexibleWater, waterEquilibriumGeometry } from "../../potentials/analytic/flexible-water.ts";
import { VelocityVerlet } from "../../integrators/velocity-verlet.ts";
import { maxwellBoltzmann } from "../../integrators/initial-velocities.ts";
import { run } from "../../src/simulation/index.ts";
import { PropertyRecorder } from "../../src/observers/property-recorder.ts";
import { TrajectoryWriter } from "../../src/observers/trajectory-writer.ts";
import { readTimeSeries } from "../../src/spectra/read-series.ts";
import { makeTimeSeries, timeSeriesFromFrames, type FrameLike } from "../../src/spectra/time-series.ts";

test("series read back from a trajectory and from property files (CSV, JSON) equal what the run saw", async () => {
  const dir = await mkdtemp(join(tmpdir(), "equimd-series-"));
  const system = makeSystem(["O", "H", "H"]);
  const state = makeState(system, waterEquilibriumGeometry());
  maxwellBoltzmann(state, system, kelvin(300), new Random(1));
  const seen: { dipole: number[]; velocity: number[] } = { dipole: [], velocity: [] };
  const spy = {
    every: 2,
    observe(s: Readonly<MDState>) {
      seen.dipole.push(...s.dipole!);
      s.momenta.forEach((p, i) => seen.velocity.push(p / system.masses[Math.floor(i / 3)]));
    },
  };
  const dt = fs(0.25);
  await run(system, new FlexibleWater(), state, new VelocityVerlet({ dt }), {
    steps: 40,
    want: ["dipole"],
    observers: [
      spy,
      new TrajectoryWriter({ file: join(dir, "traj.xyz"), every: 2, momenta: true }),
      new PropertyRecorder({ file: join(dir, "props.csv"), every: 2 }),
      new PropertyRecorder({ file: join(dir, "props.json"), every: 2 }),
    ],
  });
  for (const file of ["traj.xyz", "props.csv", "props.json"]) {
    const s = await readTimeSeries(join(dir, file), { property: "dipole" });
    assert.equal(s.nSteps, 21, file);
    assert.ok(Math.abs(s.dt / (2 * dt) - 1) < 1e-9, `${file}: dt ${s.dt} vs ${2 * dt}`);
    s.values.forEach((v, i) =>
      assert.ok(Math.abs(v - seen.dipole[i]) < 1e-9 * (1 + Math.abs(v)), `${file}: dipole[${i}]`),
    );
  }
  const v = await readTimeSeries(join(dir, "traj.xyz"), { property: "velocities" });
  assert.equal(v.nComponents, 9);
  v.values.forEach((x, i) =>
    assert.ok(Math.abs(x - seen.velocity[i]) < 1e-9 * (1 + Math.abs(x)), `velocity[${i}]`),
  );
  assert.deepEqual(
    [...v.meta.masses!],
    [...system.masses].flatMap((m) => [m, m, m]),
  );
  await assert.rejects(
    readTimeSeries(join(dir, "props.csv"), { property: "polarizability" }),
    /expected columns alpha_xx/,
  );
  await assert.rejects(
    readTimeSeries(join(dir, "traj.dat"), { property: "dipole" }),
    /unknown file type '.dat'/,
  );
});

const frame = (info: FrameLike["info"]): FrameLike => ({ symbols: ["H"], info, arrays: {} });

test("frames: time step from time stamps, dt_fs or the option; missing or uneven time steps are errors", () => {
  const mu = (k: number) => [k, 0, 0];
  const stamped = [0, 1, 2].map((k) => frame({ time: 0.5 * k, dipole: mu(k) }));
  const s = timeSeriesFromFrames(stamped, { property: "dipole" });
  assert.ok(Math.abs(s.dt - fs(0.5)) < 1e-12);
  assert.ok(Math.abs(s.values[3] - 1 / BOHR_IN_ANGSTROM) < 1e-12, "e·Å → e·bohr");
  const bare = [0, 1, 2].map((k) => frame({ dipole: mu(k) }));
  assert.throws(
    () => timeSeriesFromFrames(bare, { property: "dipole", source: "md.xyz" }),
    /md.xyz: time step missing: frame 0 has no 'time_fs' or 'time' \(fs\).*--dt-fs/,
  );
  assert.ok(Math.abs(timeSeriesFromFrames(bare, { property: "dipole", dtFs: 2 }).dt - fs(2)) < 1e-12);
  const withDt = [frame({ dt_fs: 0.1, dipole: mu(0) }), frame({ dipole: mu(1) })];
  assert.ok(Math.abs(timeSeriesFromFrames(withDt, { property: "dipole" }).dt - fs(0.1)) < 1e-12);
  const uneven = [0, 1, 3].map((t) => frame({ time: t, dipole: mu(t) }));
  assert.throws(
    () => timeSeriesFromFrames(uneven, { property: "dipole" }),
    /frame 2: time steps are not uniform/,
  );
  assert.throws(
    () =>
      timeSeriesFromFrames([frame({ time: 0, dipole: [1, 2] }), frame({ time: 1, dipole: mu(1) })], {
        property: "dipole",
      }),
    /frame 0: 'dipole' must be 3 numbers/,
  );
  assert.throws(
    () =>
      timeSeriesFromFrames([frame({ time: 0, dipole: [1, NaN, 0] }), frame({ time: 1, dipole: mu(1) })], {
        property: "dipole",
        source: "x.xyz",
      }),
    /x.xyz: dipole: non-finite value \(NaN\) at step 0, component 1/,
  );
});

test("polarizability: 9 numbers in Fortran order, or 6 in Voigt order", () => {
  const a = BOHR_IN_ANGSTROM ** 3;
  // α_xy = 1, α_yx = 2 (non-symmetric to see the order): Fortran order lists α_xx, α_yx, α_zx, α_xy, …
  const f9 = [10, 2, 0, 1, 20, 0, 0, 0, 30];
  const s = timeSeriesFromFrames(
    [frame({ time: 0, polarizability: f9 }), frame({ time: 1, polarizability: f9 })],
    {
      property: "polarizability",
    },
  );
  assert.deepEqual(
    [...s.values.subarray(0, 9)].map((x) => Math.round(x * a * 1e9) / 1e9),
    [10, 1, 0, 2, 20, 0, 0, 0, 30],
  );
  const voigt = [1, 2, 3, 4, 5, 6]; // xx yy zz yz xz xy
  const v = timeSeriesFromFrames(
    [frame({ time: 0, polarizability: voigt }), frame({ time: 1, polarizability: voigt })],
    {
      property: "polarizability",
    },
  );
  assert.deepEqual(
    [...v.values.subarray(0, 9)].map((x) => Math.round(x * a * 1e9) / 1e9),
    [1, 6, 5, 6, 2, 4, 5, 4, 3],
  );
});

test("makeTimeSeries: shape and time step errors", () => {
  assert.throws(() => makeTimeSeries([1, 2, 3, 4], 3, 1), /4 values do not split into rows of 3/);
  assert.throws(() => makeTimeSeries([1, 2, 3], 3, 0), /time step must be a positive number/);
});

test("a property CSV without a time step is an error", async () => {
  const dir = await mkdtemp(join(tmpdir(), "equimd-series-"));
  const path = join(dir, "p.csv");
  await writeFile(path, "step,dipole_x,dipole_y,dipole_z\n0,1,2,3\n1,1,2,3\n");
  await assert.rejects(readTimeSeries(path, { property: "dipole" }), /p.csv: time step missing/);
  const s = await readTimeSeries(path, { property: "dipole", dtFs: 1 });
  assert.equal(s.nSteps, 2);
  await writeFile(path, "step,time_fs,dipole_x,dipole_y,dipole_z\n0,0,1,x,3\n");
  await assert.rejects(
    readTimeSeries(path, { property: "dipole" }),
    /line 2, column 'dipole_y': expected a finite number/,
  );
});
