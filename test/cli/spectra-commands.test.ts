import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromWavenumber, fs, BOHR_IN_ANGSTROM } from "../../src/core/index.ts";
import { main } from "../../src/cli/main.ts";
import { waterEquilibriumGeometry } from "../../potentials/analytic/flexible-water.ts";
import { readCurvesCsv } from "../../src/plot/csv.ts";

/** Run the CLI in-process, capturing stdout and stderr. */
async function cli(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
  try {
    const status = await main(["node", "equimd", ...args]);
    return { status, out: out.join(""), err: err.join("") };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

/** A PropertyRecorder-style CSV of a dipole with bands at 1000 and 2000 cm⁻¹ (shift in cm⁻¹). */
async function dipoleCsv(path: string, shift = 0): Promise<void> {
  const lines = [
    "# equimd properties: sampling_interval_fs=1 every=1 dipole_unit=e*angstrom",
    "step,time_fs,dipole_x,dipole_y,dipole_z",
  ];
  for (let i = 0; i < 2000; i++) {
    const t = fs(i);
    lines.push(
      `${i},${i},${0.1 * Math.cos(fromWavenumber(1000 + shift) * t)},${0.03 * Math.cos(fromWavenumber(2000 + shift) * t)},0`,
    );
  }
  await writeFile(path, lines.join("\n") + "\n");
}

test("equimd spectrum writes a PNG and the CSV of its curve; compare prints a peak table", async () => {
  const dir = await mkdtemp(join(tmpdir(), "equimd-cli-spectra-"));
  await dipoleCsv(join(dir, "a.csv"));
  await dipoleCsv(join(dir, "b.csv"), 10);
  const png = join(dir, "ir.png");
  const r = await cli(
    "spectrum",
    join(dir, "a.csv"),
    "--kind",
    "ir",
    "--temperature",
    "300",
    "--fmax",
    "3000",
    "--max-lag-fs",
    "1000", // half the series: the default (a quarter) broadens the lines and moves the maximum by 2 cm⁻¹
    "-o",
    png,
  );
  assert.equal(r.status, 0, r.err);
  const buffer = await readFile(png);
  assert.deepEqual([buffer.readUInt32BE(16), buffer.readUInt32BE(20)], [900, 600], "PNG size");
  const cols = await readCurvesCsv(join(dir, "ir.csv"));
  // the spectrum CSV convention (HELPERS.md): wavenumber_cm-1, then <name>_<unit>
  assert.equal(cols[0].name, "wavenumber_cm-1");
  assert.equal(cols[1].name, "ir_km_mol_cm-1");
  const top = cols[1].values.indexOf(Math.max(...cols[1].values));
  assert.ok(Math.abs(cols[0].values[top] - 1000) <= 1, `strongest band at ${cols[0].values[top]}`);

  const c = await cli(
    "compare",
    join(dir, "ir.csv"),
    join(dir, "b.csv"),
    "--temperature",
    "300",
    "--fmax",
    "3000",
    "--max-lag-fs",
    "1000", // the lag of ir.csv above: equal line widths on both sides
  );
  assert.equal(c.status, 0, c.err);
  const rows = c.out.split("\n").filter((l) => /^\s+\d/.test(l));
  assert.equal(rows.length, 2, c.out);
  for (const row of rows) {
    const shift = Number(row.trim().split(/\s+/)[2]);
    assert.ok(Math.abs(shift - 10) < 1, `shift ${shift} in '${row}'`);
  }
  assert.match(c.out, /overlap \(cosine similarity of area-normalised spectra\): 0\.\d+/);

  const bad = await cli("spectrum", join(dir, "a.csv"), "--kind", "ir", "-o", png, "--overwrite");
  assert.equal(bad.status, 1);
  assert.match(bad.err, /--temperature \(K\) is required/);
  const short = await cli(
    "spectrum",
    join(dir, "a.csv"),
    "--temperature",
    "300",
    "--resolution",
    "1",
    "-o",
    png,
    "--overwrite",
  );
  assert.match(short.err, /series too short/);
});

test("equimd normal-modes prints the water frequencies and writes sticks", async () => {
  const dir = await mkdtemp(join(tmpdir(), "equimd-cli-nm-"));
  const xyz = join(dir, "water.xyz");
  const r = waterEquilibriumGeometry();
  const atoms = ["O", "H", "H"].map(
    (s, a) => `${s} ${[0, 1, 2].map((x) => r[3 * a + x] * BOHR_IN_ANGSTROM).join(" ")}`,
  );
  await writeFile(xyz, `3\nProperties=species:S:1:pos:R:3\n${atoms.join("\n")}\n`);
  const res = await cli("normal-modes", "--potential", "water", "--input", xyz, "-o", join(dir, "nm.png"));
  assert.equal(res.status, 0, res.err);
  const freqs = res.out
    .split("\n")
    .filter((l) => /^\s+\d/.test(l))
    .map((l) => Number(l.trim().split(/\s+/)[1]));
  assert.equal(freqs.length, 3);
  assert.ok(Math.abs(freqs[0] - 1580.07) < 0.5, `bend ${freqs[0]}`);
  assert.doesNotMatch(res.err, /not a stationary point/);
  const cols = await readCurvesCsv(join(dir, "nm.csv"));
  assert.deepEqual(
    cols.map((c) => c.name),
    ["wavenumber [cm-1]", "IR [km/mol]"],
  );
});
