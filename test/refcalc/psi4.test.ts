/**
 * Psi4Calculator: conversion of stored driver answers (psi4 1.3.2, HF/def2-SVPD ethanol) to atomic
 * units against hand-computed values, and — with psi4 installed — the live driver: the dipole and
 * polarizability of a rotated molecule rotate as a vector and a rank-2 tensor, and errors are clear.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { convertPsi4Answer, type Psi4Answer } from "../../potentials/psi4/psi4-units.ts";
import { defaultPsi4Python, Psi4Calculator } from "../../potentials/psi4/psi4-calculator.ts";
import { makeSystem } from "../../src/core/system.ts";

const answers = readFileSync(
  new URL("../fixtures/refcalc/psi4-driver-ethanol.jsonl", import.meta.url),
  "utf8",
)
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as Psi4Answer & { ready?: boolean; psi4_version?: string });

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test("the driver's answers are converted to atomic units (psi4 1.3 dipole in debye)", () => {
  assert.deepEqual(answers[0], { ready: true, psi4_version: "1.3.2" });
  const r = convertPsi4Answer(answers[1], 9, "ethanol");
  close(r.energy, -153.97935399769983, 0, "energy (hartree, unchanged)");
  // 1.0923661198430779 D × 0.3934302694 e·bohr/D = 0.42976989… e·bohr (by hand)
  close(r.dipole![0], 0.4297698968136, 1e-12, "μx");
  close(r.dipole![1], 0.9348841872999551 * 0.3934302694, 1e-15, "μy");
  // |μ| = 1.708 D: the HF/def2-SVPD dipole of ethanol (experiment 1.69 D)
  close(Math.hypot(...r.dipole!) / 0.3934302694, 1.708, 1e-3, "|μ| in D");
  // α in bohr³ unchanged; CPHF gives a symmetric tensor; isotropic mean 29.97 bohr³ = 4.44 Å³
  const a = r.polarizability!;
  close(a[1], a[3], 1e-6, "αxy = αyx");
  close(a[5], a[7], 1e-6, "αyz = αzy");
  close((a[0] + a[4] + a[8]) / 3, 29.971, 1e-3, "mean α");
  assert.equal(r.forces, undefined);
});

test("a newer psi4's e·bohr dipole and gradients are converted too; failures are reported", () => {
  const r = convertPsi4Answer(
    {
      id: 3,
      ok: true,
      energy: -1,
      dipole: [0.1, 0, 0],
      dipole_unit: "e*bohr",
      gradient: [0.5, 0, 0, -0.5, 0, 0],
    },
    2,
    "H2",
  );
  assert.deepEqual(Array.from(r.dipole!), [0.1, 0, 0]);
  assert.deepEqual(Array.from(r.forces!), [-0.5, -0, -0, 0.5, -0, -0]);
  assert.throws(
    () =>
      convertPsi4Answer(
        { id: 4, ok: false, error: "SCFConvergenceError: no", output_tail: "iter 100" },
        2,
        "frame 9",
      ),
    /psi4 failed on frame 9: SCFConvergenceError: no\n--- end of psi4 output ---\niter 100/,
  );
  assert.throws(
    () => convertPsi4Answer({ id: 5, ok: true, energy: -1, polarizability: [1, 2] }, 2, "frame 2"),
    /"polarizability" needs 9 numbers/,
  );
});

const py = defaultPsi4Python();
const hasPsi4 =
  spawnSync(py.python, ["-c", "import psi4"], {
    env: { ...process.env, PYTHONPATH: [py.pythonPath, process.env.PYTHONPATH].filter(Boolean).join(":") },
  }).status === 0;
const skipPsi4 = hasPsi4
  ? false
  : "psi4 is not installed (apt-get install psi4, or conda install -c conda-forge psi4)";

/** Water in bohr and the same water rotated by R (row-major 3×3). */
function water() {
  const positions = Float64Array.of(0, 0, 0.2217, 0, 1.4309, -0.8867, 0, -1.4309, -0.8867, 0, 0, 0);
  const c = Math.cos(0.7);
  const s = Math.sin(0.7);
  // rotation about the axis (1,1,1)/√3 would mix all components; a product of two simple rotations does too
  const rx = [1, 0, 0, 0, c, -s, 0, s, c];
  const rz = [c, -s, 0, s, c, 0, 0, 0, 1];
  const R = matmul(rz, rx);
  const rotated = new Float64Array(9);
  for (let a = 0; a < 3; a++) {
    for (let i = 0; i < 3; i++) {
      rotated[3 * a + i] =
        R[3 * i] * positions[3 * a] +
        R[3 * i + 1] * positions[3 * a + 1] +
        R[3 * i + 2] * positions[3 * a + 2];
    }
  }
  return { system: makeSystem(["O", "H", "H"]), positions: positions.subarray(0, 9), rotated, R };
}

function matmul(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out = new Array(9).fill(0);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) out[3 * i + j] += a[3 * i + k] * b[3 * k + j];
  return out;
}

test(
  "psi4 dipoles rotate as vectors and polarizabilities as tensors (water, HF/def2-SVP)",
  { skip: skipPsi4 },
  async () => {
    const { system, positions, rotated, R } = water();
    const psi4 = new Psi4Calculator({
      basis: "def2-svp",
      psi4Options: { scf_type: "df", d_convergence: 1e-9 },
    });
    try {
      const both = Float64Array.from([...positions, ...rotated]);
      const [r0, r1] = await psi4.properties(system, both, 2, ["dipole", "polarizability"]);
      close(r0.energy, r1.energy, 1e-8, "energy is rotation invariant");
      // μ = Σ q r points from O (z > 0) towards the H atoms (z < 0): about −2.1 D at HF/def2-SVP
      close(r0.dipole![2] / 0.3934302694, -2.13, 0.1, "μz in D");
      close(r0.dipole![0], 0, 1e-8, "μx of a molecule in the yz plane");
      for (let i = 0; i < 3; i++) {
        const expected =
          R[3 * i] * r0.dipole![0] + R[3 * i + 1] * r0.dipole![1] + R[3 * i + 2] * r0.dipole![2];
        close(r1.dipole![i], expected, 1e-6, `rotated μ${i}`);
      }
      const Rt = [R[0], R[3], R[6], R[1], R[4], R[7], R[2], R[5], R[8]];
      const expectedAlpha = matmul(matmul(R, r0.polarizability!), Rt);
      for (let k = 0; k < 9; k++) close(r1.polarizability![k], expectedAlpha[k], 1e-4, `rotated α[${k}]`);
      assert.ok(
        r0.polarizability![0] > 2 && r0.polarizability![0] < 10,
        `αxx = ${r0.polarizability![0]} bohr³`,
      );
    } finally {
      await psi4.dispose();
    }
  },
);

test("psi4 failures and a missing interpreter give clear messages", { skip: skipPsi4 }, async () => {
  const { system, positions } = water();
  const bad = new Psi4Calculator({ basis: "no-such-basis" });
  try {
    await assert.rejects(
      bad.properties(system, positions, 1, ["dipole"]),
      /psi4 failed on configuration 0: BasisSetNotFound/,
    );
  } finally {
    await bad.dispose();
  }
  const missing = new Psi4Calculator({ python: "/nonexistent/python3" });
  await assert.rejects(
    missing.properties(system, positions, 1, []),
    /Python interpreter '\/nonexistent\/python3' not found.*apt-get install psi4/,
  );
  await missing.dispose();
});
