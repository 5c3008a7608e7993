import { test } from "node:test";
import assert from "node:assert/strict";
import { makeSystem } from "../../src/core/system.ts";
import { Random } from "../../src/core/random.ts";
import { angstrom } from "../../src/core/units.ts";
import { covalentRadius, findTopology } from "../../src/trajectory-comparison/topology.ts";
import {
  bondAngle,
  coordinatesOfTopology,
  dihedralAngle,
  internalCoordinateSeries,
  parseInternalCoordinates,
} from "../../src/trajectory-comparison/internal-coordinates.ts";
import { histogram, periodicGrid } from "../../src/trajectory-comparison/histograms.ts";
import { waterEquilibriumGeometry } from "../../potentials/analytic/flexible-water.ts";

const deg = (x: number) => (x * Math.PI) / 180;

/** H–O–O–H with O–O along z, the H atoms at azimuths 0 and φ. */
function hooh(phi: number): Float64Array {
  const [rOO, rOH, a] = [angstrom(1.45), angstrom(0.97), deg(100)];
  const h = (azimuth: number, z0: number, sign: number) => [
    rOH * Math.sin(a) * Math.cos(azimuth),
    rOH * Math.sin(a) * Math.sin(azimuth),
    z0 + sign * rOH * Math.cos(a),
  ];
  return Float64Array.from([...h(0, 0, 1), 0, 0, 0, 0, 0, rOO, ...h(phi, rOO, -1)]);
}

test("water: two O-H bonds and one angle; the angle is the q-TIP4P/F equilibrium angle", () => {
  const system = makeSystem(["O", "H", "H"]);
  const x = waterEquilibriumGeometry();
  const top = findTopology(system, x);
  assert.deepEqual(top.bonds, [
    [0, 1],
    [0, 2],
  ]);
  assert.deepEqual(top.angles, [[1, 0, 2]]);
  assert.deepEqual(top.dihedrals, []);
  const coords = coordinatesOfTopology(system, top);
  assert.deepEqual(
    coords.map((c) => c.label),
    ["O0-H1", "O0-H2", "H1-O0-H2"],
  );
  const [r1, r2, theta] = internalCoordinateSeries(coords, x, 3);
  assert.ok(Math.abs(r1[0] - angstrom(0.9419)) < 1e-12 && Math.abs(r2[0] - angstrom(0.9419)) < 1e-12);
  assert.ok(Math.abs(theta[0] - deg(107.4)) < 1e-12);
  // A scale factor too small finds no bonds; the radii are Cordero's (O 0.66 Å, H 0.31 Å).
  assert.deepEqual(findTopology(system, x, { scale: 0.5 }).bonds, []);
  assert.ok(Math.abs(covalentRadius(8) - angstrom(0.66)) < 1e-12);
  assert.throws(() => findTopology(system, x, { scale: -1 }), /scale factor must be a positive/);
});

test("H2O2: three bonds, two angles, one dihedral with the IUPAC sign", () => {
  const system = makeSystem(["H", "O", "O", "H"]);
  for (const phiDeg of [111.5, -111.5, 170, -170, 0, 180, 60]) {
    const x = hooh(deg(phiDeg));
    const top = findTopology(system, x);
    assert.deepEqual(top.bonds, [
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    assert.deepEqual(top.angles, [
      [0, 1, 2],
      [1, 2, 3],
    ]);
    assert.deepEqual(top.dihedrals, [[0, 1, 2, 3]]);
    const phi = dihedralAngle(x, 0, 1, 2, 3);
    const expected = phiDeg === 180 ? Math.PI : deg(phiDeg);
    assert.ok(Math.abs(phi - expected) < 1e-12, `φ = ${phiDeg}°: got ${(phi * 180) / Math.PI}`);
    // Reversing the atom order keeps the dihedral; mirroring the molecule flips its sign.
    assert.ok(Math.abs(dihedralAngle(x, 3, 2, 1, 0) - phi) < 1e-12);
    const mirror = x.map((v, i) => (i % 3 === 1 ? -v : v));
    if (phiDeg !== 0 && phiDeg !== 180) assert.ok(Math.abs(dihedralAngle(mirror, 0, 1, 2, 3) + phi) < 1e-12);
    assert.ok(Math.abs(bondAngle(x, 0, 1, 2) - deg(100)) < 1e-12);
  }
});

test("isotropic random directions: angle density sin θ / 2, dihedral uniform", () => {
  const rng = new Random(99);
  const N = 100_000;
  const x = new Float64Array(12 * N);
  for (let f = 0; f < N; f++) for (let k = 0; k < 12; k++) x[12 * f + k] = rng.normal();
  // Atom 1 at the origin of each frame, atoms 0, 2, 3 in isotropic random directions.
  for (let f = 0; f < N; f++) for (let k = 3; k < 6; k++) x[12 * f + k] = 0;
  const system = makeSystem(["C", "C", "C", "C"]);
  const [angle, dihedral] = internalCoordinateSeries(
    parseInternalCoordinates(system, "0-1-2, 0-1-2-3"),
    x,
    4,
  );
  const nBins = 30;
  const h = histogram(angle, { lo: 0, hi: Math.PI, nBins, periodic: false });
  h.probability.forEach((p, i) => {
    const [lo, hi] = [(i * Math.PI) / nBins, ((i + 1) * Math.PI) / nBins];
    const expected = (Math.cos(lo) - Math.cos(hi)) / 2;
    assert.ok(Math.abs(p - expected) < 5 * Math.sqrt(expected / N), `angle bin ${i}: ${p} vs ${expected}`);
  });
  const d = histogram(dihedral, periodicGrid(nBins));
  d.probability.forEach((p, i) => {
    assert.ok(Math.abs(p - 1 / nBins) < 5 * Math.sqrt(1 / nBins / N), `dihedral bin ${i}: ${p}`);
  });
});

test("user-named coordinates: parsing and clear errors", () => {
  const system = makeSystem(["O", "H", "H"]);
  const c = parseInternalCoordinates(system, "0-1 1-0-2");
  assert.deepEqual(
    c.map((x) => [x.kind, x.label]),
    [
      ["bond", "O0-H1"],
      ["angle", "H1-O0-H2"],
    ],
  );
  assert.throws(() => parseInternalCoordinates(system, "0-3"), /atom index 3 is not in 0..2/);
  assert.throws(() => parseInternalCoordinates(system, "0-0"), /an atom appears twice/);
  assert.throws(() => parseInternalCoordinates(system, "0-1-2-0-1"), /expected 2 to 4 atom indices/);
  assert.throws(() => parseInternalCoordinates(system, "a-b"), /expected 2 to 4 atom indices/);
  assert.throws(() => parseInternalCoordinates(system, " "), /names none/);
});
