/**
 * q-TIP4P/F liquid water in a periodic box (potentials/analytic/q-tip4p-f.ts, Ewald δ = 1e-6): ms per
 * energy + force call for 32 … 216 molecules, the Ewald share, how the Ewald cost grows with N (cost-
 * optimal α against a fixed real-space cutoff), one call over 16 beads, and ms per NVE step with run().
 * Alone: `npx tsx bench/water-box.ts [--quick]`.
 */
import { makeState } from "../src/core/system.ts";
import { fs } from "../src/core/units.ts";
import { Random } from "../src/core/random.ts";
import { buildPairList } from "../src/core/neighbour-list.ts";
import { run } from "../src/simulation/index.ts";
import { VelocityVerlet } from "../integrators/velocity-verlet.ts";
import { maxwellBoltzmann } from "../integrators/initial-velocities.ts";
import { kelvin, angstrom } from "../src/core/units.ts";
import { EwaldSum } from "../potentials/analytic/ewald/ewald.ts";
import { chooseEwaldParameters } from "../potentials/analytic/ewald/parameters.ts";
import { QTip4pF } from "../potentials/analytic/q-tip4p-f.ts";
import { waterBox } from "../potentials/analytic/water-box.ts";
import { machineLine, median, type Benchmark } from "./harness.ts";

/** CPU time of this process so far, ms (less sensitive than wall time to other jobs on a shared machine). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Median CPU time (ms) of `rounds` calls of f after five warm-up calls (JIT, first pair lists). */
async function time(rounds: number, f: () => unknown): Promise<number> {
  for (let i = 0; i < 5; i++) await f();
  const t: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = cpuMs();
    await f();
    t.push(cpuMs() - t0);
  }
  return median(t);
}

/** The charge sites (H1, H2, M) and charges of a box, as QTip4pF builds them (molecules whole here). */
function sitesOf(positions: Float64Array): { sites: Float64Array; charges: Float64Array } {
  const nMol = positions.length / 9;
  const sites = new Float64Array(9 * nMol);
  const gamma = 0.73612;
  for (let m = 0; m < nMol; m++)
    for (let x = 0; x < 3; x++) {
      const o = positions[9 * m + x];
      const h1 = positions[9 * m + 3 + x];
      const h2 = positions[9 * m + 6 + x];
      sites[9 * m + x] = h1;
      sites[9 * m + 3 + x] = h2;
      sites[9 * m + 6 + x] = gamma * o + ((1 - gamma) / 2) * (h1 + h2);
    }
  const charges = Float64Array.from({ length: 3 * nMol }, (_, s) => (s % 3 === 2 ? -1.1128 : 0.5564));
  return { sites, charges };
}

/** log(t2/t1)/log(n2/n1). */
const exponent = (n1: number, t1: number, n2: number, t2: number) => Math.log(t2 / t1) / Math.log(n2 / n1);

export const waterBoxBenchmark: Benchmark = {
  name: "water-box",
  title: "q-TIP4P/F liquid water in a periodic box: energy + forces with Ewald (δ = 1e-6)",
  async run(args) {
    const quick = args.includes("--quick");
    const rounds = quick ? 3 : 9;
    const sizes = quick ? [32, 64] : [32, 64, 108, 216, 512, 1000];
    const rows: string[] = [
      "| molecules | atoms | CPU ms per call (E+F+virial+dipole) | Ewald CPU ms (optimal α) | Ewald share | r_c (bohr) | k vectors (half) | pair-list build CPU ms (Ewald sites) | Ewald CPU ms, fixed r_c = 9 Å |",
      "|---|---|---|---|---|---|---|---|---|",
    ];
    const ewaldOptimal: number[] = [];
    const ewaldFixed: number[] = [];
    for (const n of sizes) {
      const { system, positions } = waterBox(n, { seed: 1 });
      const rng = new Random(n);
      const r = positions.map((x) => x + 0.1 * (rng.uniform() - 0.5));
      const potential = new QTip4pF();
      const total = await time(rounds, () => potential.compute(system, r, 1, ["dipole", "virial"]));
      const cell = system.cell!;
      const { sites, charges } = sitesOf(r);
      const params = chooseEwaldParameters(cell, 3 * n);
      const ewald = new EwaldSum(params, 3 * n);
      const tEwald = await time(rounds, () => ewald.compute(sites, charges, cell));
      const fixed = new EwaldSum(chooseEwaldParameters(cell, 3 * n, { realCutoff: angstrom(9) }), 3 * n);
      const tFixed = await time(rounds, () => fixed.compute(sites, charges, cell));
      const tList = await time(Math.min(rounds, 3), () => buildPairList(sites, cell, params.realCutoff + 1));
      const nk = Math.round(((4 / 3) * Math.PI * params.kCutoff ** 3 * cell.volume) / (2 * Math.PI) ** 3 / 2);
      ewaldOptimal.push(tEwald);
      ewaldFixed.push(tFixed);
      rows.push(
        `| ${n} | ${3 * n} | ${total.toFixed(1)} | ${tEwald.toFixed(1)} | ${((100 * tEwald) / total).toFixed(0)} % | ${params.realCutoff.toFixed(1)} | ≈ ${nk} | ${tList.toFixed(1)} | ${tFixed.toFixed(1)} |`,
      );
    }
    const last = sizes.length - 1;
    const k216 = sizes.indexOf(216);
    const growth = (t: number[], i: number, j: number) => exponent(sizes[i], t[i], sizes[j], t[j]).toFixed(2);
    const scaling =
      `Growth of the Ewald time: from ${sizes[0]} to ${sizes[last]} molecules N^${growth(ewaldOptimal, 0, last)} with the cost-optimal α ` +
      `(theory N^1.5) and N^${growth(ewaldFixed, 0, last)} with r_c fixed at 9 Å` +
      (k216 >= 0 && k216 < last
        ? `; from 216 to ${sizes[last]} molecules N^${growth(ewaldOptimal, k216, last)} (optimal α) and N^${growth(ewaldFixed, k216, last)} (fixed r_c, theory N² once the reciprocal sum dominates).`
        : ".");
    // 16 beads in one batched call, and MD steps with run() (pair lists rebuilt as atoms move)
    const { system, positions } = waterBox(64, { seed: 1 });
    const beads = new Float64Array(16 * positions.length);
    const rng = new Random(16);
    for (let i = 0; i < beads.length; i++)
      beads[i] = positions[i % positions.length] + 0.1 * (rng.uniform() - 0.5);
    const pot16 = new QTip4pF();
    const t16 = await time(Math.min(rounds, 3), () => pot16.compute(system, beads, 16, []));
    const stepRows: string[] = [];
    for (const n of quick ? [64] : [64, 216]) {
      const box = waterBox(n, { seed: 1 });
      const state = makeState(box.system, box.positions);
      maxwellBoltzmann(state, box.system, kelvin(298), new Random(3), { removeCenterOfMass: true });
      const md = new QTip4pF();
      const integrator = new VelocityVerlet({ dt: fs(0.5) });
      await run(box.system, md, state, integrator, { steps: 10 }); // warm-up: first lists, JIT
      const steps = quick ? 10 : 40;
      const builds = () =>
        [...(md as unknown as { ljLists: Map<number, { builds: number }> }).ljLists.values()][0].builds;
      const before = builds();
      const t0 = cpuMs();
      await run(box.system, md, state, integrator, { steps, initialForces: false, observeStart: false });
      stepRows.push(
        `${n} molecules: ${((cpuMs() - t0) / steps).toFixed(1)} CPU ms per NVE step (0.5 fs, ${steps} steps after 10 from the lattice at 298 K; ${builds() - before} rebuilds of the LJ list in them)`,
      );
    }
    return [
      rows.join("\n"),
      "",
      scaling,
      "",
      `64 molecules × 16 beads in one batched call: ${t16.toFixed(1)} CPU ms (${(t16 / 16).toFixed(1)} ms per bead).`,
      "",
      stepRows.join("; "),
      "",
      "Ewald ms: one EwaldSum.compute on the 3N charge sites with the pair list already built (steady MD state between rebuilds); the Verlet lists (skin 1 bohr) are rebuilt only when an atom has moved more than 0.5 bohr. Times are medians of the process's CPU time (process.cpuUsage, one thread), which other jobs on the shared machine inflate much less than wall time; wall time is at least this.",
    ].join("\n");
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`${machineLine()}\n\n${await waterBoxBenchmark.run(process.argv.slice(2))}`);
}
