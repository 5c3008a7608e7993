/** Shared helpers of the ENINet tests: small random-weight models of each interaction type. */
import type { InteractionType, PainnArchitecture } from "../../potentials/painn/architecture.ts";
import type { PainnModel } from "../../potentials/message-passing/model.ts";
import { createModel } from "../../potentials/message-passing/training/initialise.ts";

/** A small architecture (Å) with energy, dipole and polarizability heads. */
export function smallArchitecture(
  interaction: InteractionType,
  options: { F?: number; cutoff?: number; threeBodyCutoff?: number; tripletFeatures?: number } = {},
): PainnArchitecture {
  const F = options.F ?? 8;
  const rc = options.cutoff ?? 5.0;
  return {
    ...(interaction === "painn" ? {} : { interaction }),
    ...(interaction === "eninet_three_body"
      ? { tripletFeatures: options.tripletFeatures ?? 4, threeBodyCutoff: options.threeBodyCutoff ?? 2 * rc }
      : {}),
    nAtomBasis: F,
    nInteractions: 2,
    radialBasis: { type: "gaussian", nRbf: 6, cutoff: rc },
    cutoff: rc,
    sharedFilters: false,
    epsilon: 1e-8,
    heads: {
      energy: { layers: [F, F / 2, 1] },
      dipole: { type: "charges_plus_atomic_dipoles", layers: [F, F / 2, 1], correctCharges: true },
      polarizability: { type: "gated_rank1", layers: [F, F / 2, 1] },
    },
  };
}

/** A random-weight model of H, C, O in eV and Å (seeded). */
export function smallModel(arch: PainnArchitecture, seed = 7, scale = 0.1): PainnModel {
  return createModel({
    name: `test ${arch.interaction ?? "painn"}`,
    architecture: arch,
    units: { energy: "eV", length: "angstrom", dipole: "e*angstrom", polarizability: "angstrom^3" },
    elements: [1, 6, 8],
    referenceEnergies: new Map(),
    scale,
    seed,
  });
}
