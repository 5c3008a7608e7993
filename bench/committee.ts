/**
 * Committee cost on the fast path: one MD-step evaluation (energy, forces, dipole, polarizability of one
 * ethanol, then of 8 replicas in one batch) by the shipped model alone and by committees of M = 2 and 4
 * copies of it (the cost of M different members is the same), members concurrent (default) and back to
 * back. Interleaved rounds, medians. `nice -n 10 npx tsx bench/committee.ts [rounds]`.
 */
import { loadPainnPotential } from "../potentials/fast/choose-potential.ts";
import { CommitteePotential } from "../potentials/committee/committee-potential.ts";
import type { Potential } from "../src/core/potential.ts";
import { angstrom, makeSystem } from "../src/core/index.ts";
import { ETHANOL_X, ETHANOL_Z, perturbedEthanols } from "./ethanol.ts";

const MODEL = "models/ethanol-painn/model.json.gz";
const rounds = Number(process.argv[2] ?? 30);

async function member(): Promise<Potential> {
  const c = await loadPainnPotential(MODEL, { path: "fast" });
  return c.potential;
}

const system = makeSystem(ETHANOL_Z);
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

const single = await member();
const four = await Promise.all([0, 1, 2, 3].map(member));
const candidates: [string, Potential][] = [
  ["M = 1", single],
  ["M = 2 concurrent", new CommitteePotential(four.slice(0, 2))],
  ["M = 4 concurrent", new CommitteePotential(four)],
  ["M = 4 back to back", new CommitteePotential(four, { concurrent: false })],
];
for (const batch of [1, 8]) {
  const positions =
    batch === 1
      ? Float64Array.from(ETHANOL_X.flat(), angstrom)
      : perturbedEthanols(batch).positions.map(angstrom);
  const times = new Map<string, number[]>(candidates.map(([n]) => [n, []]));
  for (const [, p] of candidates)
    for (let w = 0; w < 5; w++) await p.compute(system, positions, batch, ["dipole", "polarizability"]);
  for (let r = 0; r < rounds; r++) {
    for (const [name, p] of candidates) {
      const t = performance.now();
      await p.compute(system, positions, batch, ["dipole", "polarizability"]);
      times.get(name)!.push(performance.now() - t);
    }
  }
  const base = median(times.get("M = 1")!);
  for (const [name] of candidates) {
    const m = median(times.get(name)!);
    console.log(
      `batch ${batch}: ${name.padEnd(20)} ${m.toFixed(3)} ms  (${(m / base).toFixed(2)}× one model)`,
    );
  }
}
for (const [, p] of candidates.slice(1)) await p.dispose();
await single.dispose();
