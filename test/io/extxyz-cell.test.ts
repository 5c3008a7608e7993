import { test } from "node:test";
import assert from "node:assert/strict";
import { makeState } from "../../src/core/system.ts";
import { angstrom, BOHR_IN_ANGSTROM } from "../../src/core/units.ts";
import { toFractional } from "../../src/core/cell.ts";
import { formatExtxyzFrame, parseExtxyz } from "../../src/io/extxyz.ts";
import { frameFromState, stateFromFrames, systemFromFrame } from "../../src/io/frames.ts";

// Written by ASE 3.23: ase.io.write(f, Atoms("OH2", positions=…, cell=[[…]], pbc=True), format="extxyz")
const ASE_TEXT = `3
Lattice="9.0 0.0 0.0 1.5 8.0 0.0 -0.5 0.7 7.5" Properties=species:S:1:pos:R:3 pbc="T T T"
O        8.50000000       0.20000000      -0.10000000
H        9.25000000       0.80000000       0.00000000
H        7.80000000       0.75000000       0.10000000
`;

test("Lattice and pbc as ASE writes them become the system's cell, in bohr", () => {
  const [frame] = parseExtxyz(ASE_TEXT, "box.extxyz");
  const system = systemFromFrame(frame);
  const cell = system.cell!;
  const lattice = [9, 0, 0, 1.5, 8, 0, -0.5, 0.7, 7.5];
  lattice.forEach((x, i) => assert.ok(Math.abs(cell.matrix[i] - angstrom(x)) < 1e-12));
  assert.deepEqual(cell.pbc, [true, true, true]);
  // ASE assumes periodic when a Lattice comes without pbc
  const noPbc = parseExtxyz(ASE_TEXT.replace(' pbc="T T T"', ""))[0];
  assert.deepEqual(systemFromFrame(noPbc).cell!.pbc, [true, true, true]);
  const slab = parseExtxyz(ASE_TEXT.replace('pbc="T T T"', 'pbc="T T F"'))[0];
  assert.deepEqual(systemFromFrame(slab).cell!.pbc, [true, true, false]);
});

test("a state's frame writes Lattice and pbc back (to rounding); wrapping is for output only", () => {
  const [frame] = parseExtxyz(ASE_TEXT);
  const system = systemFromFrame(frame);
  const state = stateFromFrames(system, [frame]);
  const out = frameFromState(system, state);
  const text = formatExtxyzFrame(out);
  assert.match(text, /^3\nLattice="9 0 0 1\.\d+ 8 0 -0\.5 0\.7\d* 7\.5" Properties=/);
  assert.match(text, /pbc="T T T"/);
  const written = parseExtxyz(text)[0].info.Lattice as number[];
  [9, 0, 0, 1.5, 8, 0, -0.5, 0.7, 7.5].forEach((x, i) => assert.ok(Math.abs(written[i] - x) < 1e-14));
  const again = systemFromFrame(parseExtxyz(text)[0]);
  again.cell!.matrix.forEach((x, i) => assert.ok(Math.abs(x - system.cell!.matrix[i]) < 1e-12));
  // Unwrapped by default (the first O sits outside the cell along a); wrapped on request.
  out.positions.forEach((x, i) => assert.ok(Math.abs(x - frame.positions[i]) < 1e-14));
  const wrapped = frameFromState(system, state, 0, { wrap: true });
  const s = toFractional(
    system.cell!,
    wrapped.positions.map((x) => x / BOHR_IN_ANGSTROM),
  );
  s.forEach((x) => assert.ok(x >= 0 && x < 1));
  assert.ok(wrapped.positions[0] !== frame.positions[0]);
  assert.deepEqual(Array.from(state.positions), Array.from(stateFromFrames(system, [frame]).positions));
});

test('gas phase: no Lattice → no cell, written as pbc="F F F" without Lattice', () => {
  const gasText = ASE_TEXT.replace(/Lattice="[^"]*" /, "").replace('pbc="T T T"', 'pbc="F F F"');
  const system = systemFromFrame(parseExtxyz(gasText)[0]);
  assert.equal(system.cell, undefined);
  const text = formatExtxyzFrame(frameFromState(system, makeState(system, new Float64Array(9))));
  assert.doesNotMatch(text, /Lattice/);
  assert.match(text, /pbc="F F F"/);
});

test("bad cells are named: pbc without Lattice, wrong Lattice length, flat cell", () => {
  const noLattice = ASE_TEXT.replace(/Lattice="[^"]*" /, "");
  assert.throws(() => systemFromFrame(parseExtxyz(noLattice)[0]), /pbc="T T T" .* no Lattice/);
  const short = ASE_TEXT.replace(/Lattice="[^"]*"/, 'Lattice="9 0 0 0 8 0"');
  assert.throws(() => systemFromFrame(parseExtxyz(short)[0]), /Lattice must be 9 numbers/);
  const flat = ASE_TEXT.replace(/Lattice="[^"]*"/, 'Lattice="9 0 0 18 0 0 0 0 7"');
  assert.throws(() => systemFromFrame(parseExtxyz(flat)[0]), /Lattice: cell vectors are linearly dependent/);
  const badPbc = ASE_TEXT.replace('pbc="T T T"', 'pbc="T T"');
  assert.throws(() => systemFromFrame(parseExtxyz(badPbc)[0]), /pbc must be three flags/);
});
