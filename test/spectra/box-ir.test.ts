/**
 * Spectra of a periodic box: molecules of a system, per-molecule dipoles from unwrapped positions,
 * the self/cross split of the box-dipole IR, and the power spectrum of a q-TIP4P/F box.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { wrapPositions } from "../../src/core/cell.ts";
import { moleculesFromBonds, waterMolecules } from "../../src/core/molecules.ts";
import { fs } from "../../src/core/units.ts";
import { readExtxyz } from "../../src/io/extxyz.ts";
import { stateFromFrames, systemFromFrame } from "../../src/io/frames.ts";
import { run } from "../../src/simulation/index.ts";
import { boxIrSpectra } from "../../src/spectra/box-ir.ts";
import { integrate } from "../../src/spectra/fourier.ts";
import { irSpectrum } from "../../src/spectra/ir.ts";
import { boxDipole, moleculeDipoles } from "../../src/spectra/molecular-dipoles.ts";
import { powerSpectrum } from "../../src/spectra/power.ts";
import { makeTimeSeries } from "../../src/spectra/time-series.ts";
import { VelocityVerlet } from "../../integrators/velocity-verlet.ts";
import { QTip4pF, qTip4pFDipoleCharges } from "../../potentials/analytic/q-tip4p-f.ts";

const FIXTURE = new URL("../fixtures/periodic/water-box-32.xyz", import.meta.url).pathname;

async function box() {
  const frames = await readExtxyz(FIXTURE);
  const system = systemFromFrame(frames[0]);
  return { system, state: stateFromFrames(system, frames) };
}

test("the bond graph with minimum image finds the (O, H, H) molecules, also when they are split by wrapping", async () => {
  const { system, state } = await box();
  const expected = waterMolecules(system);
  assert.equal(expected.length, 32);
  assert.deepEqual(moleculesFromBonds(system, state.positions), expected);
  const wrapped = wrapPositions(system.cell!, state.positions);
  // wrapping splits some molecules across faces of the cell (else this test would prove nothing)
  let split = 0;
  for (const [o, h1, h2] of expected) {
    for (const h of [h1, h2]) {
      let r2 = 0;
      for (let x = 0; x < 3; x++) r2 += (wrapped[3 * h + x] - wrapped[3 * o + x]) ** 2;
      if (r2 > 4) split++;
    }
  }
  assert.ok(split > 0, "some O–H bond spans a face after wrapping");
  assert.deepEqual(moleculesFromBonds(system, wrapped), expected);
  assert.throws(() => waterMolecules({ nAtoms: 3, symbols: ["H", "O", "H"] }), /atom 0 is H, expected O/);
});

test("molecule dipoles do not jump when molecules cross the boundary; their sum is q-TIP4P/F's box dipole", async () => {
  const { system, state } = await box();
  const cell = system.cell!;
  const molecules = waterMolecules(system);
  const charges = qTip4pFDipoleCharges(system.nAtoms);
  // the whole box translated by 0.45 bohr per frame along a skew direction, written per-atom wrapped
  const nFrames = 40;
  const frames: number[] = [];
  const naive: number[] = [];
  for (let t = 0; t < nFrames; t++) {
    const moved = state.positions.map((r, k) => r + 0.45 * t * [1, 0.6, -0.3][k % 3]);
    const wrapped = wrapPositions(cell, moved);
    frames.push(...wrapped);
    for (let x = 0; x < 3; x++) {
      let m = 0;
      for (let a = 0; a < system.nAtoms; a++) m += charges[a] * wrapped[3 * a + x];
      naive.push(m);
    }
  }
  const positions = makeTimeSeries(frames, 3 * system.nAtoms, fs(1));
  const mu = moleculeDipoles(positions, molecules, charges, cell);
  const total = boxDipole(mu);
  const reference = (await new QTip4pF().compute(system, state.positions, 1, ["dipole"])).dipole!;
  let naiveJump = 0;
  for (let t = 0; t < nFrames; t++) {
    for (let x = 0; x < 3; x++) {
      // a rigid translation leaves the dipole of neutral molecules unchanged: equal to the potential's
      assert.ok(
        Math.abs(total.values[3 * t + x] - reference[x]) < 1e-9,
        `frame ${t}: ${total.values[3 * t + x]}`,
      );
      if (t > 0) naiveJump = Math.max(naiveJump, Math.abs(naive[3 * t + x] - naive[3 * t + x - 3]));
    }
  }
  // Σ q r over per-atom wrapped positions jumps by q·L when an atom crosses a face
  assert.ok(naiveJump > 1, `naive dipole jumps by ${naiveJump} e·bohr`);
  // each molecule's dipole is constant too (not only the sum)
  for (let c = 0; c < mu.nComponents; c++) {
    assert.ok(Math.abs(mu.values[(nFrames - 1) * mu.nComponents + c] - mu.values[c]) < 1e-9);
  }
});

/** Damped-free test dipoles: molecule m has μ_m(t) = a_m cos(ω_m t + φ_m) along axis e_m. */
function synthetic(
  parts: { amp: number; omega: number; phase: number; axis: number }[][],
  nSteps = 2048,
  dt = 10,
) {
  const nMol = parts.length;
  const v = new Float64Array(nSteps * 3 * nMol);
  for (let t = 0; t < nSteps; t++) {
    parts.forEach((ps, m) => {
      for (const p of ps) v[(t * nMol + m) * 3 + p.axis] += p.amp * Math.cos(p.omega * t * dt + p.phase);
    });
  }
  return makeTimeSeries(v, 3 * nMol, dt, { quantity: "molecule dipoles" });
}

const IR = { temperature: 1e-3, maxLag: 512, fmin: 0, fmax: 4000, spacing: 4 };

test("box IR: total is the box dipole's spectrum, total = self + cross, and cross is exact for known cases", () => {
  const w1 = 0.01;
  const w2 = 0.016;
  // three molecules with mixed, partly shared motions
  const mixed = synthetic([
    [{ amp: 1, omega: w1, phase: 0, axis: 0 }],
    [
      { amp: 0.7, omega: w1, phase: 0.3, axis: 0 },
      { amp: 0.5, omega: w2, phase: 1, axis: 2 },
    ],
    [{ amp: 0.4, omega: w2, phase: 2, axis: 1 }],
  ]);
  const s = boxIrSpectra(mixed, IR);
  assert.equal(s.molecules, 3);
  const direct = irSpectrum(boxDipole(mixed), { ...IR, molecules: 3 });
  const peak = Math.max(...direct.intensity);
  s.total.intensity.forEach((v, j) => {
    assert.ok(Math.abs(v - direct.intensity[j]) < 1e-12 * peak);
    assert.ok(Math.abs(v - s.self.intensity[j] - s.cross.intensity[j]) < 1e-12 * peak);
  });
  s.correlation.total.values.forEach((c, k) => {
    assert.ok(Math.abs(c - s.correlation.self.values[k] - s.correlation.cross.values[k]) < 1e-12);
  });

  // identical molecules: every pair correlates like a molecule with itself, cross = (N − 1)·self
  const same = [{ amp: 1, omega: w1, phase: 0.2, axis: 1 }];
  const identical = boxIrSpectra(synthetic([same, same, same, same]), IR);
  const top = Math.max(...identical.self.intensity);
  identical.cross.intensity.forEach((v, j) =>
    assert.ok(Math.abs(v - 3 * identical.self.intensity[j]) < 1e-9 * top),
  );

  // opposite dipoles cancel: total 0, cross = −self
  const opposite = boxIrSpectra(
    synthetic([[{ amp: 1, omega: w2, phase: 0, axis: 0 }], [{ amp: -1, omega: w2, phase: 0, axis: 0 }]]),
    IR,
  );
  const top2 = Math.max(...opposite.self.intensity);
  opposite.total.intensity.forEach((v, j) => {
    assert.ok(Math.abs(v) < 1e-9 * top2);
    assert.ok(Math.abs(opposite.cross.intensity[j] + opposite.self.intensity[j]) < 1e-9 * top2);
  });

  // orthogonal dipoles (x and y) never correlate: cross = 0 exactly
  const orthogonal = boxIrSpectra(
    synthetic([[{ amp: 1, omega: w1, phase: 0, axis: 0 }], [{ amp: 1, omega: w1, phase: 0, axis: 1 }]]),
    IR,
  );
  const top3 = Math.max(...orthogonal.self.intensity);
  orthogonal.cross.intensity.forEach((v) => assert.ok(Math.abs(v) < 1e-9 * top3));
  // the self spectrum peaks at the oscillation frequency (ω = 0.01 hartree = 2194.7 cm⁻¹; the ω² of the
  // line shape moves the maximum of the ~270 cm⁻¹ wide windowed band up by ~13 cm⁻¹)
  const j = orthogonal.self.intensity.indexOf(top3);
  assert.ok(
    Math.abs(orthogonal.self.wavenumber[j] - 0.01 * 219474.63) < 30,
    `${orthogonal.self.wavenumber[j]}`,
  );
});

test("power spectrum and molecule dipoles of a short NVE run of the 32-molecule box", async () => {
  const { system, state } = await box();
  const potential = new QTip4pF();
  const positions: number[] = [];
  const velocities: number[] = [];
  const dipoles: number[] = [];
  const observer = {
    every: 1,
    observe(s: typeof state) {
      positions.push(...s.positions);
      for (let k = 0; k < s.momenta.length; k++)
        velocities.push(s.momenta[k] / system.masses[Math.floor(k / 3)]);
      dipoles.push(...s.dipole!);
    },
  };
  const dt = fs(0.5);
  await run(system, potential, state, new VelocityVerlet({ dt }), {
    steps: 160,
    observers: [observer],
    want: ["dipole"],
  });
  const mu = moleculeDipoles(
    makeTimeSeries(positions, 3 * system.nAtoms, dt),
    waterMolecules(system),
    qTip4pFDipoleCharges(system.nAtoms),
    system.cell,
  );
  const total = boxDipole(mu);
  total.values.forEach((v, k) => assert.ok(Math.abs(v - dipoles[k]) < 1e-9, `${v} vs ${dipoles[k]}`));
  // the mass-weighted power spectrum of the box counts its 3N degrees of freedom
  const masses = Float64Array.from({ length: 3 * system.nAtoms }, (_, k) => system.masses[Math.floor(k / 3)]);
  const g = powerSpectrum(makeTimeSeries(velocities, 3 * system.nAtoms, dt, { masses }), {
    maxLag: 80,
    fmin: 0,
    fmax: 12000,
    spacing: 2,
  });
  const area = integrate(g.wavenumber, g.intensity);
  assert.ok(Math.abs(area - 3 * system.nAtoms) < 0.05 * 3 * system.nAtoms, `area ${area}`);
  // the O–H stretch band (3000–4000 cm⁻¹) holds about a third of the modes (2 of 9 per molecule are
  // stretches; with 40 fs of lag the band is broad, so only a loose window is checked)
  const band = integrate(g.wavenumber, g.intensity, 2800, 4400);
  assert.ok(band > 0.12 * area && band < 0.4 * area, `stretch band ${band} of ${area}`);
});
