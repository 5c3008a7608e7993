import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { makeSystem } from "../../src/core/system.ts";
import { FlexibleWater, waterEquilibriumGeometry } from "../../potentials/analytic/flexible-water.ts";
import { formatExtxyzFrame, type Frame } from "../../src/io/extxyz.ts";
import { readCurvesCsv } from "../../src/plot/csv.ts";
import {
  compareTrajectoriesCommand,
  parseReportUnits,
  register,
} from "../../src/cli/commands/compare-trajectories.ts";
import { generateFrames } from "./helpers.ts";

const water = makeSystem(["O", "H", "H"]);
const dir = mkdtempSync(join(tmpdir(), "equimd-compare-"));
const write = (name: string, frames: Frame[]) => {
  writeFileSync(join(dir, name), frames.map(formatExtxyzFrame).join(""));
  return join(dir, name);
};
const generate = (seed: number): Promise<Frame[]> =>
  generateFrames(water, new FlexibleWater(), waterEquilibriumGeometry(), {
    frames: 600,
    stride: 4,
    dt: 0.25,
    temperature: 300,
    seed,
    want: ["dipole"],
  });

test("compare-trajectories: a water model against its own reference; report, CSV and PNG files", async () => {
  // The model run is the reference trajectory itself, read in full while the reference is thinned.
  const frames = await generate(1);
  const reference = write("reference.extxyz", frames);
  const run = write("run.extxyz", frames);
  const model = join(dir, "water.yaml");
  writeFileSync(model, "type: water\n");
  const out = join(dir, "out");
  const files = await compareTrajectoriesCommand({
    model,
    reference,
    run,
    output: out,
    every: 2,
    divergenceStarts: 2,
    divergenceSteps: 40,
    units: "energy=kcal/mol",
    quiet: true,
  });
  const report = readFileSync(join(out, "report.md"), "utf8");
  for (const section of [
    "## Errors along the reference",
    "## Distributions",
    "## Divergence",
    "## IR spectra",
  ]) {
    assert.ok(report.includes(section), `report lacks ${section}:\n${report}`);
  }
  assert.match(report, /300 frames read: one in 2/);
  assert.match(report, /\| forces on H \| .* \| kcal\/mol\/Å \|/);
  // Zero errors: the model generated the reference.
  const perFrame = await readCurvesCsv(join(out, "errors-per-frame.csv"));
  const rmse = perFrame.find((c) => c.name === "force_rmse_kcal/mol/Å")!;
  assert.equal(rmse.values.length, 300);
  assert.ok(rmse.values.every((v) => v < 1e-10));
  assert.deepEqual([...perFrame.find((c) => c.name === "frame")!.values.slice(0, 3)], [0, 2, 4]);
  // No divergence: same model, same time step (steps per frame from the frames' step info: 8).
  const div = await readCurvesCsv(join(out, "divergence.csv"));
  assert.equal(div[0].values.length, 6); // 40 steps = 5 frames of 8 steps, plus the start
  assert.ok(
    div[1].values.every((v) => v < 1e-8),
    `RMSD ${div[1].values}`,
  );
  // The same dipole series sampled every 1 fs and every 2 fs: the IR spectra coincide below 4000 cm⁻¹.
  const overlap = Number(
    /Overlap \(cosine similarity of the area-normalised spectra\): \*\*([0-9.]+)\*\*/.exec(report)![1],
  );
  assert.ok(overlap > 0.99, `IR overlap ${overlap}`);
  // Bond lengths in Å near the q-TIP4P/F 0.9419 Å; the thinned and full samples of one run differ a little.
  const row =
    /\| O0-H1 \| Å \| (0\.94[0-9]*) ± [0-9.]+ \| (0\.94[0-9]*) ± [0-9.]+ \| ([0-9.e-]+) \| ([0-9.]+) \|/.exec(
      report,
    );
  assert.ok(row, report);
  assert.ok(Number(row[3]) < 0.05 && Number(row[4]) > 0.8);
  for (const f of ["errors-forces.png", "rmsd-vs-time.png", "ir-spectra.png", "distributions/H1-O0-H2.png"]) {
    assert.ok(files.includes(join(out, f)), f);
    assert.deepEqual([...readFileSync(join(out, f)).subarray(1, 4)], [0x50, 0x4e, 0x47], `${f} is a PNG`);
  }
  const angle = await readCurvesCsv(join(out, "distributions/H1-O0-H2.csv"));
  assert.deepEqual(
    angle.map((c) => c.name),
    ["angle_deg", "reference_density_per_deg", "model_density_per_deg"],
  );
});

test("compare-trajectories: bad input gives clear messages", async () => {
  const frames = await generateFrames(water, new FlexibleWater(), waterEquilibriumGeometry(), { frames: 10 });
  const reference = write("small.extxyz", frames);
  const reordered = write(
    "reordered.extxyz",
    frames.map((f) => ({ ...f, symbols: ["H", "H", "O"] })),
  );
  const model = join(dir, "bad.yaml");
  writeFileSync(model, "type: painting\n");
  await assert.rejects(
    compareTrajectoriesCommand({ model, reference, output: join(dir, "x"), quiet: true }),
    /--model .*bad\.yaml: expected 'type' \(one of harmonic, harmonic_bonds, morse, water[^)]*\)/,
  );
  const good = join(dir, "good.json");
  writeFileSync(good, JSON.stringify({ potential: { type: "water" } }));
  await assert.rejects(
    compareTrajectoriesCommand({
      model: good,
      reference,
      run: reordered,
      output: join(dir, "y"),
      quiet: true,
    }),
    /reordered\.extxyz does not match .*small\.extxyz: atom 0 \(0-based\) is H there but O/,
  );
  const noVelocities = write(
    "novel.extxyz",
    frames.map((f) => ({ ...f, arrays: { forces: f.arrays.forces } })),
  );
  await assert.rejects(
    compareTrajectoriesCommand({
      model: good,
      reference: noVelocities,
      output: join(dir, "z"),
      divergenceStarts: 1,
      quiet: true,
    }),
    /novel\.extxyz: frame 0 has no momenta .*needed for the divergence test/,
  );
  assert.throws(() => parseReportUnits("energy=furlong"), /unknown energy unit 'furlong'/);
  assert.throws(
    () => parseReportUnits("mass=amu"),
    /quantity one of energy, length, dipole, polarizability, time/,
  );
  assert.equal(parseReportUnits("dipole=e*angstrom").dipole, "e*angstrom");
  assert.ok(!existsSync(join(dir, "x")));
});

test("compare-trajectories registers with commander and parses its flags", async () => {
  const program = new Command().exitOverride();
  register(program);
  const cmd = program.commands.find((c) => c.name() === "compare-trajectories")!;
  assert.ok(cmd);
  cmd.action(async () => {});
  program.parse(
    [
      "compare-trajectories",
      "--model",
      "m.yaml",
      "--reference",
      "r.extxyz",
      "-o",
      "out",
      "--every",
      "3",
      "--divergence-starts",
      "2",
    ],
    { from: "user" },
  );
  assert.deepEqual(
    { ...cmd.opts() },
    { model: "m.yaml", reference: "r.extxyz", output: "out", every: 3, divergenceStarts: 2 },
  );
  assert.throws(
    () =>
      program.parse(["compare-trajectories", "--model", "m", "--reference", "r", "-o", "o", "--every", "0"], {
        from: "user",
      }),
    /--every: expected a positive integer, got '0'/,
  );
});
