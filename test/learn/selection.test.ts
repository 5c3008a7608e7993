import { test } from "node:test";
import assert from "node:assert/strict";
import { selectDiverse } from "../../src/learn/selection.ts";
import { inverseDistances } from "../../src/learn/descriptor.ts";
import { CommitteePotential } from "../../potentials/committee/index.ts";
import { makeSystem } from "../../src/core/system.ts";
import type { Potential } from "../../src/core/potential.ts";

/** A member whose force on every atom is `scale` × x: two members with scales 1 and s disagree by |1 − s|·|x|/√2 per component. */
function linearMember(scale: number): Potential {
  return {
    name: `linear ${scale}`,
    provides: ["energy", "forces"],
    async compute(system, positions, nBatch) {
      const forces = positions.map((x) => scale * x);
      return { energy: new Float64Array(nBatch), forces };
    },
    dispose() {},
  };
}

test("selection: the highest-disagreement frames of a committee with known disagreement, diverse", async () => {
  const system = makeSystem(["H", "H"]);
  const committee = new CommitteePotential([linearMember(1), linearMember(3)]);
  // Two regions: a cluster of near-identical frames with large |x|, and spread-out frames with smaller |x|.
  const frames: Float64Array[] = [];
  for (let k = 0; k < 5; k++) frames.push(Float64Array.from([0, 0, 0, 4 + 0.001 * k, 0, 0])); // cluster, bond ≈ 4
  for (let k = 0; k < 5; k++) frames.push(Float64Array.from([0, 0, 0, 1 + 0.4 * k, 0, 0])); // spread, bonds 1…2.6
  const out = await committee.compute(
    system,
    Float64Array.from(frames.flatMap((f) => [...f])),
    frames.length,
    [],
  );
  // known disagreement: atom 2's force spread is |1 − 3|·|x|/√2 = √2·x
  frames.forEach((f, b) => assert.ok(Math.abs(out.spread.forcesMax[b] - Math.SQRT2 * f[3]) < 1e-12));
  const candidates = frames.map((f, b) => ({
    disagreement: out.spread.forcesMax[b],
    descriptor: inverseDistances(f, 2),
  }));
  // without diversity (pool = count) the top 3 are all from the cluster
  const top = selectDiverse(candidates, 3, 3);
  assert.deepEqual(top.slice(0, 1), [4], "the first pick is the highest disagreement");
  assert.ok(top.every((i) => i < 5));
  // with a pool of all candidates: the cluster gives one frame, the rest spread over the other region
  const diverse = selectDiverse(candidates, 3, 10);
  assert.equal(diverse[0], 4);
  assert.equal(diverse.filter((i) => i < 5).length, 1, `one frame from the cluster, got ${diverse}`);
  assert.ok(diverse.includes(5), "the farthest frame (shortest bond, largest 1/r) is picked");
  // duplicates are never picked twice
  const dup = selectDiverse([candidates[0], candidates[0], candidates[0]], 3, 3);
  assert.deepEqual(dup, [0]);
  // an Infinity (frames before a blow-up) comes first
  const failed = selectDiverse([...candidates, { disagreement: Infinity, descriptor: [0.1] }], 1, 1);
  assert.deepEqual(failed, [10]);
});
