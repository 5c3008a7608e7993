/**
 * A blow-up during active-learning MD is caught: the run stops, the candidates recorded before the
 * failure are kept, and the last of them are labelled first in the next selection.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CommitteePotential } from "../../potentials/committee/index.ts";
import type { Potential } from "../../src/core/potential.ts";
import { makeSystem } from "../../src/core/system.ts";
import { exploreWith } from "../../src/learn/active-learning.ts";
import { inverseDistances } from "../../src/learn/descriptor.ts";
import { readLearnConfig } from "../../src/learn/learn-config.ts";
import { selectDiverse } from "../../src/learn/selection.ts";

/** A pair "potential" pushing the atoms apart ever harder: E = −½k(r − 1.4)², so r grows exponentially. */
function unstable(k: number): Potential {
  return {
    name: `unstable ${k}`,
    provides: ["energy", "forces"],
    async compute(_s, x, nBatch) {
      const energy = new Float64Array(nBatch);
      const forces = new Float64Array(6 * nBatch);
      for (let b = 0; b < nBatch; b++) {
        const o = 6 * b;
        const d = [0, 1, 2].map((i) => x[o + 3 + i] - x[o + i]);
        const r = Math.hypot(...d);
        energy[b] = -0.5 * k * (r - 1.4) ** 2;
        const g = (-k * (r - 1.4)) / r;
        for (let i = 0; i < 3; i++) {
          forces[o + i] = g * d[i];
          forces[o + 3 + i] = -g * d[i];
        }
      }
      return { energy, forces };
    },
    dispose() {},
  };
}

test("active learning: a trajectory that blows up is stopped and its last frames are labelled first", async () => {
  const base = readLearnConfig(undefined);
  const md = {
    replicas: 1,
    beads: 2,
    dt_fs: 0.5,
    equilibration_steps: 0,
    steps: 2000,
    every: 5,
    tau_fs: 100,
  };
  const config = { ...base, active_learning: { ...base.active_learning, classical: md, trpmd: md } };
  const system = makeSystem(["H", "H"]);
  const committee = new CommitteePotential([unstable(0.01), unstable(0.012)]);
  const lines: string[] = [];
  const { candidates, blowUps } = await exploreWith(
    committee,
    system,
    Float64Array.from([0, 0, 0, 0, 0, 1.5]),
    config,
    1,
    (l) => lines.push(l),
    false,
  );
  assert.equal(blowUps.length, 2, `both runs blow up: ${blowUps.join(" | ")}`);
  assert.match(blowUps[0], /^classical: trajectory blew up at step \d+/);
  assert.match(lines.join("\n"), /the classical run blew up .*its last frames are labelled first/);
  const classical = candidates.filter((c) => c.origin.startsWith("classical"));
  assert.ok(
    classical.length > 3 && classical.length < 2000 / 5,
    `stopped early, the frames before kept: ${classical.length}; ${blowUps[0]}`,
  );
  // the last three before each failure are marked; the earlier ones keep their finite disagreement
  assert.ok(classical.slice(-3).every((c) => c.disagreement === Infinity));
  assert.ok(classical.slice(0, -3).every((c) => Number.isFinite(c.disagreement)));
  const picked = selectDiverse(
    candidates.map((c) => ({ disagreement: c.disagreement, descriptor: inverseDistances(c.positions, 2) })),
    3,
    12,
  );
  assert.ok(
    picked.every((i) => candidates[i].disagreement === Infinity),
    "the frames before a failure are picked first",
  );
});
