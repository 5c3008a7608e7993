/** Test data: random displacements of one q-TIP4P/F water molecule, labelled by the analytic potential. */
import { FlexibleWater, waterEquilibriumGeometry } from "../../potentials/analytic/flexible-water.ts";
import { makeSystem, Random } from "../../src/core/index.ts";
import type { TrainingFrame } from "../../src/training/dataset.ts";
import type { PainnArchitecture } from "../../potentials/painn/architecture.ts";

/** n frames with Gaussian displacements of standard deviation `sigma` bohr per coordinate. */
export async function waterFrames(n: number, seed: number, sigma = 0.12): Promise<TrainingFrame[]> {
  const system = makeSystem(["O", "H", "H"]);
  const pot = new FlexibleWater();
  const rng = new Random(seed);
  const eq = waterEquilibriumGeometry();
  const frames: TrainingFrame[] = [];
  for (let m = 0; m < n; m++) {
    const positions = Float64Array.from(eq, (x) => x + sigma * rng.normal());
    const out = await pot.compute(system, positions, 1, ["dipole"]);
    frames.push({
      numbers: system.numbers,
      positions,
      energy: out.energy[0],
      forces: out.forces,
      dipole: out.dipole,
      origin: `water ${m}`,
    });
  }
  return frames;
}

/** A small PaiNN: F features, T blocks, Gaussian basis, 6 bohr cutoff, optional tensor heads. */
export function smallArchitecture(
  F: number,
  T: number,
  heads: { dipole?: boolean; polarizability?: boolean } = {},
): PainnArchitecture {
  return {
    nAtomBasis: F,
    nInteractions: T,
    radialBasis: { type: "gaussian", nRbf: 12, cutoff: 6 },
    cutoff: 6,
    sharedFilters: false,
    epsilon: 1e-8,
    heads: {
      energy: { layers: [F, F / 2, 1] },
      ...(heads.dipole
        ? {
            dipole: {
              type: "charges_plus_atomic_dipoles" as const,
              layers: [F, F / 2, 1],
              correctCharges: true,
            },
          }
        : {}),
      ...(heads.polarizability
        ? { polarizability: { type: "gated_rank1" as const, layers: [F, F / 2, 1] } }
        : {}),
    },
  };
}

export const ATOMIC_UNITS = { energy: "hartree", length: "bohr", dipole: "e*bohr", polarizability: "bohr^3" };
