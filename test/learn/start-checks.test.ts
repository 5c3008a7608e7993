import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeSystem } from "../../src/core/system.ts";
import type { Potential } from "../../src/core/potential.ts";
import { angstrom } from "../../src/core/units.ts";
import { readLearnConfig } from "../../src/learn/learn-config.ts";
import { prepareStart } from "../../src/learn/start-structure.ts";
import { XtbCalculator } from "../../potentials/xtb/xtb-calculator.ts";

const config = readLearnConfig(undefined);
const quiet = () => {};
const dir = () => mkdtempSync(join(tmpdir(), "equimd-learn-start-"));

/** A diatomic with E = sign · ½k(r − r0)² (hartree, bohr): a minimum (sign 1) or a maximum (−1) at r0. */
function pair(sign: number, r0 = 2): Potential {
  const k = 0.5;
  return {
    name: `pair ${sign}`,
    provides: ["energy", "forces"],
    async compute(_system, x, nBatch) {
      const energy = new Float64Array(nBatch);
      const forces = new Float64Array(6 * nBatch);
      for (let b = 0; b < nBatch; b++) {
        const o = 6 * b;
        const d = [0, 1, 2].map((i) => x[o + 3 + i] - x[o + i]);
        const r = Math.hypot(...d);
        energy[b] = sign * 0.5 * k * (r - r0) ** 2;
        const g = (sign * k * (r - r0)) / r; // dE/dr / r
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

test("start: a minimum passes, its harmonic mode is real and written", async () => {
  const d = dir();
  const system = makeSystem(["H", "H"]);
  const r = await prepareStart(d, system, Float64Array.from([0, 0, 0, 0, 0, 2.1]), pair(1), config, quiet);
  assert.equal(r.wavenumbers_cm.length, 1);
  assert.ok(r.wavenumbers_cm[0] > 0);
  assert.match(readFileSync(join(d, "start.extxyz"), "utf8"), /^2\n/);
});

test("start: a saddle point (imaginary mode) and a relaxation that does not converge stop with advice", async () => {
  const system = makeSystem(["H", "H"]);
  await assert.rejects(
    prepareStart(dir(), system, Float64Array.from([0, 0, 0, 0, 0, 2]), pair(-1), config, quiet),
    /1 imaginary mode\(s\) \(\d+i cm⁻¹\): a saddle point, not a minimum/,
  );
  const short = { ...config, start: { ...config.start, max_steps: 1 } };
  await assert.rejects(
    prepareStart(dir(), system, Float64Array.from([0, 0, 0, 0, 0, 3]), pair(1), short, quiet),
    /did not reach a stationary point in 1 FIRE steps.*raise start\.max_steps/,
  );
});

test("start: xtb failing (SCF not converged) names the charge to check", async () => {
  const d = dir();
  const fake = join(d, "xtb");
  writeFileSync(fake, "#!/bin/sh\necho 'SCF not converged, aborting...' >&2\nexit 128\n");
  chmodSync(fake, 0o755);
  const system = makeSystem(["O", "H", "H"], { charge: 0 });
  const water = [0, 0, 0.1173, 0, 0.7572, -0.4692, 0, -0.7572, -0.4692].map(angstrom);
  await assert.rejects(
    prepareStart(d, system, Float64Array.from(water), new XtbCalculator({ executable: fake }), config, quiet),
    /xtb fails on the input structure \(charge 0, 0 unpaired electrons\)[\s\S]*SCF not converged[\s\S]*check the structure and --charge/,
  );
});
