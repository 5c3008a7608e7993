import { test } from "node:test";
import assert from "node:assert/strict";
import { makeState, makeSystem } from "../../src/core/system.ts";
import { AMU_IN_ELECTRON_MASS, HARTREE_IN_EV, angstrom, fromAtomic } from "../../src/core/units.ts";
import { parseExtxyz } from "../../src/io/extxyz.ts";
import { centroidState, frameFromState, stateFromFrames, systemFromFrame } from "../../src/io/frames.ts";

const close = (a: number, b: number, rel = 1e-14) =>
  assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} vs ${b}`);

test("frames → state: Å to bohr, eV/Å to hartree/bohr, ASE momenta √(amu·eV), polarizability in Fortran order", () => {
  const [f] = parseExtxyz(
    `2\nProperties=species:S:1:pos:R:3:momenta:R:3:forces:R:3 energy=-1.5 dipole="0.1 0 0" ` +
      `polarizability="1 2 3 4 5 6 7 8 9" time=12.5 step=50 pbc="F F F"\n` +
      `O 1 0 0 0.5 0 0 1 0 0\nH 0 2 0 0 0 0 0 0 0\n`,
    "f.extxyz",
  );
  const system = systemFromFrame(f);
  assert.deepEqual(system.symbols, ["O", "H"]);
  const s = stateFromFrames(system, [f]);
  close(s.positions[0], angstrom(1));
  close(s.positions[4], angstrom(2));
  close(s.potentialEnergy[0], -1.5 / HARTREE_IN_EV);
  close(s.forces[0], 1 / HARTREE_IN_EV / angstrom(1));
  // p = 0.5 √(amu·eV): kinetic energy p²/2m = 0.125/15.999 eV whatever the unit system
  close(s.momenta[0] ** 2 / (2 * system.masses[0]), 0.125 / 15.999 / HARTREE_IN_EV, 1e-12);
  close(s.dipole![0], angstrom(0.1));
  // file order 1..9 is column-major: α_xy = element 4 (index 3), α_yx = 2
  close(s.polarizability![1], 4 * angstrom(1) ** 3);
  close(s.polarizability![3], 2 * angstrom(1) ** 3);
  close(s.time, 12.5 / 0.024188843265857);
  assert.equal(s.step, 50);
  // …and back: the frame written from the state has the file's numbers
  const back = frameFromState(system, s, 0, { momenta: true, forces: true });
  (back.info.polarizability as number[]).forEach((v, i) => close(v, i + 1));
  close((back.arrays.momenta as Float64Array)[0], 0.5);
  close(back.info.energy as number, -1.5);
  assert.equal(back.info.step, 50);
});

test("velocities column in Å/fs, masses column in amu, centroid of beads", () => {
  const system = makeSystem(["H"]);
  const s = makeState(system, [0, 0, 0, 2, 0, 0], 2);
  s.momenta.set([1, 0, 0, 3, 0, 0]);
  const c = centroidState(s);
  assert.deepEqual(Array.from(c.positions), [1, 0, 0]);
  assert.deepEqual(Array.from(c.momenta), [2, 0, 0]);
  const f = frameFromState(system, s, 1, { velocities: true });
  close(
    (f.arrays.velocities as Float64Array)[0],
    fromAtomic("length", 3 / system.masses[0], "angstrom") * 41.341373335182,
    1e-9,
  );
  const [g] = parseExtxyz("1\nProperties=species:S:1:pos:R:3:masses:R:1\nH 0 0 0 2.014\n", "d.xyz");
  close(systemFromFrame(g).masses[0], 2.014 * AMU_IN_ELECTRON_MASS);
  assert.throws(
    () => stateFromFrames(makeSystem(["O"]), [g]),
    /frame 0 has atoms H; expected the system's O/,
  );
});
