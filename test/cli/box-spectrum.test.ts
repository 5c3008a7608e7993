/**
 * `equimd box-spectrum` on a short, per-atom wrapped trajectory of the 32-molecule q-TIP4P/F box: the
 * total curve equals the IR of the potential's own box dipole, total = self + cross, and the command
 * refuses to overwrite its outputs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fs, kelvin } from "../../src/core/units.ts";
import { main } from "../../src/cli/main.ts";
import { formatExtxyzFrame, readExtxyz } from "../../src/io/extxyz.ts";
import { frameFromState, stateFromFrames, systemFromFrame } from "../../src/io/frames.ts";
import { readCurvesCsv } from "../../src/plot/csv.ts";
import { run } from "../../src/simulation/index.ts";
import { irSpectrum } from "../../src/spectra/ir.ts";
import { makeTimeSeries } from "../../src/spectra/time-series.ts";
import { VelocityVerlet } from "../../integrators/velocity-verlet.ts";
import { QTip4pF } from "../../potentials/analytic/q-tip4p-f.ts";

const FIXTURE = new URL("../fixtures/periodic/water-box-32.xyz", import.meta.url).pathname;

async function cli(...args: string[]): Promise<{ status: number; err: string }> {
  const err: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
  try {
    return { status: await main(["node", "equimd", ...args]), err: err.join("") };
  } finally {
    process.stderr.write = write;
  }
}

test("box-spectrum: total = IR of the box dipole, total = self + cross, from a wrapped trajectory", async () => {
  const dir = await mkdtemp(join(tmpdir(), "equimd-box-spectrum-"));
  const frames0 = await readExtxyz(FIXTURE);
  const system = systemFromFrame(frames0[0]);
  const state = stateFromFrames(system, frames0);
  const text: string[] = [];
  const dipoles: number[] = [];
  const dt = fs(0.5);
  await run(system, new QTip4pF(), state, new VelocityVerlet({ dt }), {
    steps: 120,
    want: ["dipole"],
    observers: [
      {
        every: 1,
        observe(s: typeof state) {
          text.push(formatExtxyzFrame(frameFromState(system, s, 0, { wrap: true })));
          dipoles.push(...s.dipole!);
        },
      },
    ],
  });
  const traj = join(dir, "box.extxyz");
  await writeFile(traj, text.join(""));
  const png = join(dir, "box-ir.png");
  const args = [traj, "--temperature", "298", "--max-lag-fs", "30", "--fmax", "4500", "-o", png];
  const r = await cli("box-spectrum", ...args);
  assert.equal(r.status, 0, r.err);
  assert.match(r.err, /32 molecules/);
  const csv = await readCurvesCsv(join(dir, "box-ir.csv"));
  const col = (prefix: string) => {
    const c = csv.find((x) => x.name.startsWith(prefix));
    assert.ok(c, `column ${prefix} in ${csv.map((x) => x.name).join(", ")}`);
    return c.values;
  };
  const total = col("ir_total");
  const self = col("ir_self");
  const cross = col("ir_cross");
  const reference = irSpectrum(makeTimeSeries(dipoles, 3, dt), {
    temperature: kelvin(298),
    molecules: 32,
    maxLagFs: 30,
    fmax: 4500,
  });
  const peak = Math.max(...reference.intensity);
  assert.equal(total.length, reference.intensity.length);
  total.forEach((v, j) => {
    assert.ok(
      Math.abs(v - reference.intensity[j]) < 1e-6 * peak,
      `row ${j}: ${v} vs ${reference.intensity[j]}`,
    );
    assert.ok(Math.abs(v - self[j] - cross[j]) < 1e-6 * peak);
  });
  // the self part is a spectrum (non-negative up to the window's small ripples) and carries the bands
  assert.ok(Math.max(...self) > 0.3 * peak);
  const again = await cli("box-spectrum", ...args);
  assert.equal(again.status, 1);
  assert.match(again.err, /exists; remove it or choose another --output/);

  // three blocks: every curve is the mean of the blocks with a confidence band around it
  const banded = join(dir, "box-ir-blocks.png");
  const b = await cli(
    "box-spectrum",
    traj,
    "--temperature",
    "298",
    "--max-lag-fs",
    "15",
    "--blocks",
    "3",
    "-o",
    banded,
  );
  assert.equal(b.status, 0, b.err);
  assert.match(b.err, /3 unit\(s\)/);
  const columns = await readCurvesCsv(join(dir, "box-ir-blocks.csv"));
  const named = (n: string) => columns.find((c) => c.name === n)!.values;
  for (const part of ["total", "self", "cross"]) {
    const base = `ir_${part}_km_mol_cm-1`;
    const [mid, lo, hi] = [named(base), named(`${base}_lower`), named(`${base}_upper`)];
    mid.forEach((m, j) => assert.ok(lo[j] <= m && m <= hi[j], `${part} row ${j}`));
    assert.ok(
      hi.some((h, j) => h > lo[j]),
      `${part}: the band has a width`,
    );
  }
  const [t, sf, cr] = ["total", "self", "cross"].map((p) => named(`ir_${p}_km_mol_cm-1`));
  const top = Math.max(...t);
  t.forEach((v, j) =>
    assert.ok(Math.abs(v - sf[j] - cr[j]) < 1e-9 * top, "mean total = mean self + mean cross"),
  );
});
