import { test } from "node:test";
import assert from "node:assert/strict";
import { makeState, makeSystem, cloneState, kineticEnergy } from "../../src/core/system.ts";
import { Random } from "../../src/core/random.ts";
import { fs, kelvin } from "../../src/core/units.ts";
import { VelocityVerlet } from "../../integrators/velocity-verlet.ts";
import { maxwellBoltzmann } from "../../integrators/initial-velocities.ts";
import { LangevinThermostat } from "../../integrators/thermostats/langevin.ts";
import { HarmonicPotential } from "../../potentials/analytic/harmonic.ts";
import { FlexibleWater, waterEquilibriumGeometry } from "../../potentials/analytic/flexible-water.ts";
import { evaluatorFor, integrate, std } from "./helpers.ts";

/** One particle of mass m in V = ½ k |r|², started at x = q0 with momentum p0 along x. */
async function oscillator(m: number, k: number, q0: number, p0: number) {
  const system = makeSystem(["H"], { masses: [m] });
  const potential = new HarmonicPotential({ k });
  const state = makeState(system, [q0, 0, 0]);
  state.momenta[0] = p0;
  const evaluate = evaluatorFor(system, potential);
  await evaluate(state);
  return { system, state, evaluate };
}

test("velocity Verlet conserves the shadow energy p²/2m + ½mω²(1 − ω²dt²/4)q² of a harmonic oscillator to round-off", async (t) => {
  const m = 1837.0;
  const k = 0.3;
  const omega = Math.sqrt(k / m);
  const dt = 0.7 / omega; // a coarse step: ωdt = 0.7, so H itself fluctuates by ~10 %
  const { system, state, evaluate } = await oscillator(m, k, 0.4, -3.0);
  const vv = new VelocityVerlet({ dt });
  const shadow = () =>
    state.momenta[0] ** 2 / (2 * m) +
    0.5 * m * omega ** 2 * (1 - (omega * dt) ** 2 / 4) * state.positions[0] ** 2;
  const h0 = shadow();
  let worst = 0;
  const energies: number[] = [];
  await integrate(vv, state, system, evaluate, 5000, (s) => {
    worst = Math.max(worst, Math.abs(shadow() - h0) / h0);
    energies.push(vv.conservedQuantity(s, system));
  });
  t.diagnostic(
    `max |H̃ − H̃0|/H̃0 = ${worst.toExponential(2)}, std(H)/H = ${(std(energies) / h0).toExponential(2)}`,
  );
  assert.ok(worst < 1e-12, `shadow energy relative deviation ${worst}`);
  // The true energy is not conserved at this step: the test above is not trivially satisfied.
  assert.ok(std(energies) / h0 > 1e-2, `H fluctuates by ${std(energies) / h0}`);
  assert.equal(state.step, 5000);
  assert.ok(Math.abs(state.time - 5000 * dt) < 1e-9 * state.time);
});

test("velocity Verlet oscillates at the frequency (2/dt)·arcsin(ωdt/2)", async (t) => {
  const m = 1.0;
  const k = 1.0;
  const omega = 1.0;
  const dt = 0.5;
  const { system, state, evaluate } = await oscillator(m, k, 1.0, 0.0);
  const vv = new VelocityVerlet({ dt });
  // Times of the zero crossings of x(t), linearly interpolated between steps.
  const crossings: number[] = [];
  let prevX = state.positions[0];
  let prevT = 0;
  await integrate(vv, state, system, evaluate, 40000, (s) => {
    const x = s.positions[0];
    if (s.step > 0 && prevX * x < 0) crossings.push(prevT + (dt * prevX) / (prevX - x));
    prevX = x;
    prevT = s.time;
  });
  // Half a period between successive crossings: ω_measured = π (n − 1) / (t_last − t_first).
  const measured = (Math.PI * (crossings.length - 1)) / (crossings[crossings.length - 1] - crossings[0]);
  const expected = (2 / dt) * Math.asin((omega * dt) / 2);
  t.diagnostic(`ω measured ${measured}, (2/dt)·arcsin(ωdt/2) = ${expected}, ω = ${omega}`);
  assert.ok(Math.abs(measured - expected) / expected < 1e-6, `measured ${measured}, expected ${expected}`);
  assert.ok(Math.abs(expected - omega) / omega > 5e-3, "the discrete frequency shift is resolved");
});

test("NVE energy fluctuation of the flexible water molecule scales as dt²", async (t) => {
  const system = makeSystem(["O", "H", "H"]);
  const potential = new FlexibleWater();
  const evaluate = evaluatorFor(system, potential);
  const fluctuation = async (dt: number) => {
    const state = makeState(system, waterEquilibriumGeometry());
    maxwellBoltzmann(state, system, kelvin(600), new Random(7), { removeCenterOfMass: true });
    await evaluate(state);
    const vv = new VelocityVerlet({ dt });
    const e: number[] = [];
    const steps = Math.round(fs(200) / dt);
    await integrate(vv, state, system, evaluate, steps, (s) => e.push(vv.conservedQuantity(s, system)));
    return std(e);
  };
  const coarse = await fluctuation(fs(0.4));
  const fine = await fluctuation(fs(0.2));
  const ratio = coarse / fine;
  t.diagnostic(
    `std(E): ${coarse.toExponential(3)} Ha at 0.4 fs, ${fine.toExponential(3)} Ha at 0.2 fs, ratio ${ratio}`,
  );
  assert.ok(Math.abs(ratio - 4) < 0.4, `std(E) ratio for dt and dt/2 = ${ratio} (expected 4)`);
});

test("velocity Verlet is time-reversible: forward, flip momenta, forward again returns to the start", async (t) => {
  const system = makeSystem(["O", "H", "H", "O", "H", "H"]);
  const potential = new FlexibleWater();
  const evaluate = evaluatorFor(system, potential);
  const geometry = waterEquilibriumGeometry();
  const start = makeState(system, [...geometry, ...geometry.map((x) => x + 5)], 2);
  maxwellBoltzmann(start, system, kelvin(1000), new Random(3));
  await evaluate(start);
  const state = cloneState(start);
  const vv = new VelocityVerlet({ dt: fs(0.5) });
  await integrate(vv, state, system, evaluate, 2000);
  const moved = Math.max(...state.positions.map((x, i) => Math.abs(x - start.positions[i])));
  assert.ok(moved > 0.05, `the molecules moved (${moved} bohr)`);
  state.momenta.forEach((p, i) => (state.momenta[i] = -p));
  await integrate(vv, state, system, evaluate, 2000);
  const dq = Math.max(...state.positions.map((x, i) => Math.abs(x - start.positions[i])));
  const dp = Math.max(...state.momenta.map((p, i) => Math.abs(p + start.momenta[i])));
  const pScale = Math.max(...start.momenta.map(Math.abs));
  t.diagnostic(
    `after 2000 + 2000 steps: max |Δq| = ${dq.toExponential(2)} bohr, max |Δp|/max|p| = ${(dp / pScale).toExponential(2)}`,
  );
  assert.ok(dq < 1e-10, `positions return to within ${dq} bohr`);
  assert.ok(dp < 1e-10 * pScale, `momenta return to within ${dp}`);
});

test("batched configurations move independently: a batch of two equals two runs of one", async () => {
  const system = makeSystem(["O", "H", "H"]);
  const potential = new FlexibleWater();
  const evaluate = evaluatorFor(system, potential);
  const g = waterEquilibriumGeometry();
  const batch = makeState(system, [...g, ...g.map((x, i) => x + 0.05 * Math.sin(i))], 2);
  maxwellBoltzmann(batch, system, kelvin(300), new Random(11));
  await evaluate(batch);
  const singles = [0, 1].map((b) => {
    const s = makeState(system, batch.positions.subarray(9 * b, 9 * b + 9));
    s.momenta.set(batch.momenta.subarray(9 * b, 9 * b + 9));
    return s;
  });
  const vv = new VelocityVerlet({ dt: fs(0.5) });
  await integrate(vv, batch, system, evaluate, 300);
  for (const [b, s] of singles.entries()) {
    await evaluate(s);
    await integrate(vv, s, system, evaluate, 300);
    for (let i = 0; i < 9; i++) assert.equal(s.positions[i], batch.positions[9 * b + i]);
  }
  assert.ok(Math.abs(kineticEnergy(system, batch.momenta)) > 0);
});

test("bad input: a non-positive or missing time step and an unknown splitting are named", () => {
  assert.throws(
    () => new VelocityVerlet({ dt: 0 }),
    /VelocityVerlet: dt \(time step\) must be a positive number/,
  );
  assert.throws(() => new VelocityVerlet({ dt: -1 }), /dt \(time step\) must be a positive number/);
  assert.throws(() => new VelocityVerlet({ dt: NaN }), /dt \(time step\)/);
  assert.throws(
    () => new VelocityVerlet({ dt: 1, splitting: "abc" as "baoab" }),
    /splitting must be "baoab" or "obabo", got "abc"/,
  );
  const langevin = new LangevinThermostat({ temperature: 1e-3, tau: 100, seed: 1 });
  assert.equal(new VelocityVerlet({ dt: 1, thermostat: langevin }).splitting, "baoab");
});
