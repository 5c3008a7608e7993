/**
 * Cost of ENINet interaction blocks relative to PaiNN: median wall (and CPU) time per energy + forces
 * evaluation of ethanol, 1 and 16 configurations batched, for PaiNN (F = 128, T = 3, 20 Gaussians,
 * r_c = 5 Å) and for eninet_two_body and eninet_three_body models (T = 3, same basis and cutoff, r₃ = 2 r_c)
 * whose F is chosen so that their parameter count is closest to PaiNN's. Random weights (the cost does not
 * depend on their values); energy heads only. Warm-up runs are excluded.
 */
import { activeBackend, useBackend } from "../potentials/tf/backend.ts";
import type { InteractionType, PainnArchitecture } from "../potentials/painn/architecture.ts";
import type { PainnModel } from "../potentials/message-passing/model.ts";
import { NeighbourList } from "../potentials/painn/neighbour-list.ts";
import { expectedParameterShapes } from "../potentials/message-passing/parameter-shapes.ts";
import { createModel } from "../potentials/message-passing/training/initialise.ts";
import { buildTriplets } from "../potentials/eninet/triplets.ts";
import { median, type Benchmark } from "./harness.ts";
import { perturbedEthanols } from "./ethanol.ts";

const MAX_Z = 8;

export function architecture(interaction: InteractionType, F: number): PainnArchitecture {
  const rc = 5;
  return {
    ...(interaction === "painn" ? {} : { interaction }),
    ...(interaction === "eninet_three_body"
      ? { tripletFeatures: Math.max(4, Math.floor(F / 4)), threeBodyCutoff: 2 * rc }
      : {}),
    nAtomBasis: F,
    nInteractions: 3,
    radialBasis: { type: "gaussian", nRbf: 20, cutoff: rc },
    cutoff: rc,
    sharedFilters: false,
    epsilon: 1e-8,
    heads: { energy: { layers: [F, F / 2, 1] } },
  };
}

/** Number of trainable parameters (embedding rows 0..MAX_Z, radial-basis constants excluded). */
export function parameterCount(arch: PainnArchitecture): number {
  let n = 0;
  for (const [name, shape] of expectedParameterShapes(arch)) {
    if (name.includes("radial_basis.")) continue;
    n += shape.map((d) => (d === -1 ? MAX_Z + 1 : d)).reduce((a, b) => a * b, 1);
  }
  return n;
}

/** The F (a multiple of 8) whose parameter count is closest to `target`. */
export function matchedFeatures(interaction: InteractionType, target: number): number {
  let best = 8;
  for (let F = 8; F <= 256; F += 8) {
    const d = Math.abs(parameterCount(architecture(interaction, F)) - target);
    if (d < Math.abs(parameterCount(architecture(interaction, best)) - target)) best = F;
  }
  return best;
}

async function measure(model: PainnModel, B: number, repeats: number) {
  const input = perturbedEthanols(B);
  const neighbourList = new NeighbourList({ cutoff: model.cutoff });
  for (let w = 0; w < 3; w++) await model.predict(input, { neighbourList });
  const times: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await model.predict(input, { neighbourList });
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const edges = neighbourList.edges(input.positions, input.layout);
  const a = model.architecture;
  const triplets =
    a.interaction === "eninet_three_body"
      ? buildTriplets(edges, input.positions, a.threeBodyCutoff).i.length
      : 0;
  return { ms: median(times), cpuMs: median(cpu), edges: edges.i.length, triplets };
}

export const eninetBenchmark: Benchmark = {
  name: "eninet",
  title: "ENINet vs PaiNN: energy + forces cost at about the same parameter count (ethanol)",
  async run(args: string[]): Promise<string> {
    const i = args.indexOf("--backend");
    const backend = await useBackend(i >= 0 ? args[i + 1] : undefined);
    const target = parameterCount(architecture("painn", 128));
    const rows: string[] = [];
    const base = new Map<number, number>();
    for (const interaction of ["painn", "eninet_two_body", "eninet_three_body"] as InteractionType[]) {
      const F = interaction === "painn" ? 128 : matchedFeatures(interaction, target);
      const arch = architecture(interaction, F);
      const model = createModel({
        name: interaction,
        architecture: arch,
        units: { energy: "eV", length: "angstrom", dipole: "e*angstrom", polarizability: "angstrom^3" },
        elements: [1, 6, 8],
        referenceEnergies: new Map(),
        scale: 1,
        seed: 1,
      });
      for (const [B, repeats] of [
        [1, 20],
        [16, 6],
      ]) {
        const r = await measure(model, B, repeats);
        if (interaction === "painn") base.set(B, r.ms);
        const rel = r.ms / base.get(B)!;
        const line =
          `| ${interaction} | ${F}${arch.tripletFeatures ? ` / ${arch.tripletFeatures}` : ""} | ` +
          `${parameterCount(arch)} | ${B} | ${r.edges} | ${r.triplets} | ${r.ms.toFixed(1)} | ` +
          `${r.cpuMs.toFixed(1)} | ${rel.toFixed(2)} |`;
        console.log(line);
        rows.push(line);
      }
      model.dispose();
    }
    return [
      `Command: \`nice npm run bench -- eninet\` · backend **${activeBackend() ?? backend}** (float32) · ` +
        `T = 3, 20 Gaussians, r_c = 5 Å, r₃ = 10 Å, energy head only, random weights; F of the ENINet ` +
        `models chosen for the parameter count closest to PaiNN's.`,
      "",
      "| interaction | F / F₃ | parameters | configurations B | bonds | triplets | median ms / evaluation (wall) | median CPU ms | × PaiNN (wall) |",
      "|---|---|---|---|---|---|---|---|---|",
      ...rows,
      "",
      "Warm-up: 3 evaluations, excluded. Positions: equilibrium ethanol + 0.05 Å Gaussian noise.",
    ].join("\n");
  },
};
