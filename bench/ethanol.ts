/** The molecule every benchmark uses: ethanol near equilibrium (Å), and the reference-size PaiNN weights. */
import { fileURLToPath } from "node:url";
import { uniformLayout } from "../potentials/painn/graph.ts";
import type { BatchInput } from "../potentials/message-passing/model.ts";
import { Random } from "../src/core/random.ts";

export const ETHANOL_Z = [6, 6, 1, 1, 1, 1, 1, 8, 1];
export const ETHANOL_X = [
  [-4.92196480914482, 1.53680877549233, -0.06612792847094],
  [-3.41079303549336, 1.43838813184166, -0.03025617031373],
  [-5.28950071289063, 2.55949254534149, -0.0611883380722],
  [-5.32393359777332, 1.0095722258836, 0.80473023908695],
  [-5.27757745217657, 1.03938398519562, -0.97180839592002],
  [-3.06028838062286, 1.93798012793064, 0.87987238192559],
  [-3.01883620023728, 1.95869813942561, -0.91563917398452],
  [-2.96689081192017, 0.07990735411644, -0.00424629301394],
  [-3.32553243637085, -0.34755268692968, 0.78215885162354],
];

/** schnetpack's ethanol PaiNN (F=128, T=3, 20 Gaussians, rc = 5 Å), the reference-size model. */
export const REFERENCE_WEIGHTS = fileURLToPath(
  new URL("../test/fixtures/painn/ethanol_rmd17.weights.json.gz", import.meta.url),
);

/** B separate ethanols (one configuration each): equilibrium + 0.05 Å Gaussian noise, seeded by B. */
export function perturbedEthanols(B: number): BatchInput {
  const rng = new Random(B);
  const n = ETHANOL_Z.length;
  return {
    layout: uniformLayout(n, B),
    numbers: Int32Array.from({ length: B * n }, (_, k) => ETHANOL_Z[k % n]),
    positions: Float64Array.from(
      { length: B * n * 3 },
      (_, k) => ETHANOL_X[Math.floor(k / 3) % n][k % 3] + 0.05 * rng.normal(),
    ),
  };
}
