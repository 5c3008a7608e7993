/**
 * A starting configuration of liquid water: molecules at their q-TIP4P/F equilibrium geometry on a
 * cubic lattice (simple cubic for N = k³ molecules, face-centred cubic for N = 4k³) filling a cubic box
 * at the given density, each with a random orientation (seeded). The lattice is not a liquid: minimise
 * and equilibrate (NVT) before measuring anything.
 */
import { orthorhombicCell } from "../../src/core/cell.ts";
import { Random } from "../../src/core/random.ts";
import { makeSystem, type System } from "../../src/core/system.ts";
import { AMU_IN_ELECTRON_MASS, BOHR_IN_ANGSTROM } from "../../src/core/units.ts";
import { waterEquilibriumGeometry } from "./flexible-water.ts";

/** Mass of one water molecule from the standard atomic weights, amu. */
const WATER_MASS_AMU = 15.999 + 2 * 1.008;
const AVOGADRO = 6.02214076e23;

export interface WaterBoxOptions {
  /** Density, g/cm³ (default 0.997, liquid water at 298 K). */
  density?: number;
  seed?: number;
}

/** The system (O, H, H per molecule, with its cell) and positions (bohr) of a box of N molecules. */
export function waterBox(
  nMolecules: number,
  options: WaterBoxOptions = {},
): { system: System; positions: Float64Array } {
  const density = options.density ?? 0.997;
  const k = Math.round(Math.cbrt(nMolecules));
  const kf = Math.round(Math.cbrt(nMolecules / 4));
  const lattice: number[][] = [];
  if (k ** 3 === nMolecules) {
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) for (let l = 0; l < k; l++) lattice.push([i / k, j / k, l / k]);
  } else if (4 * kf ** 3 === nMolecules) {
    const basis = [
      [0, 0, 0],
      [0.5, 0.5, 0],
      [0.5, 0, 0.5],
      [0, 0.5, 0.5],
    ];
    for (let i = 0; i < kf; i++)
      for (let j = 0; j < kf; j++)
        for (let l = 0; l < kf; l++)
          for (const b of basis) lattice.push([(i + b[0]) / kf, (j + b[1]) / kf, (l + b[2]) / kf]);
  } else {
    throw new Error(
      `waterBox: the number of molecules must be k³ or 4k³ (8, 27, 32, 64, 108, 216, …), got ${nMolecules}`,
    );
  }
  // box volume: N m / ρ, with m in g and ρ in g/cm³ → cm³ → Å³ (1e24) → bohr³
  const volumeA3 = ((nMolecules * WATER_MASS_AMU) / AVOGADRO / density) * 1e24;
  const side = Math.cbrt(volumeA3) / BOHR_IN_ANGSTROM;
  const rng = new Random(options.seed ?? 1);
  const g = waterEquilibriumGeometry();
  // centre of mass of the molecule at the origin (rotations about it)
  const mO = 15.999;
  const mH = 1.008;
  const com = [0, 1, 2].map((x) => (mO * g[x] + mH * (g[3 + x] + g[6 + x])) / WATER_MASS_AMU);
  const positions = new Float64Array(9 * nMolecules);
  lattice.forEach((site, m) => {
    const R = randomRotation(rng);
    for (let a = 0; a < 3; a++) {
      const v = [0, 1, 2].map((x) => g[3 * a + x] - com[x]);
      for (let x = 0; x < 3; x++) {
        positions[9 * m + 3 * a + x] =
          (site[x] + 0.5 / (k ** 3 === nMolecules ? k : 2 * kf)) * side +
          R[3 * x] * v[0] +
          R[3 * x + 1] * v[1] +
          R[3 * x + 2] * v[2];
      }
    }
  });
  const species = Array.from({ length: 3 * nMolecules }, (_, a) => (a % 3 === 0 ? "O" : "H"));
  const masses = species.map((s) => (s === "O" ? mO : mH) * AMU_IN_ELECTRON_MASS);
  return { system: makeSystem(species, { masses, cell: orthorhombicCell(side, side, side) }), positions };
}

/** A uniformly random rotation (row-major) from a random unit quaternion. */
function randomRotation(rng: Random): number[] {
  const q = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
  const n = Math.hypot(...q);
  const [w, x, y, z] = q.map((c) => c / n);
  return [
    1 - 2 * (y * y + z * z),
    2 * (x * y - w * z),
    2 * (x * z + w * y),
    2 * (x * y + w * z),
    1 - 2 * (x * x + z * z),
    2 * (y * z - w * x),
    2 * (x * z - w * y),
    2 * (y * z + w * x),
    1 - 2 * (x * x + y * y),
  ];
}
