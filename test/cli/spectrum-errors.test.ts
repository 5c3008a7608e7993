import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ATOMIC_TIME_IN_FS,
  BOHR_IN_ANGSTROM,
  Random,
  atomicMass,
  fromWavenumber,
  fs,
  kelvin,
} from "../../src/core/index.ts";
import { main } from "../../src/cli/main.ts";
import { readCurvesCsv } from "../../src/plot/csv.ts";
import { irSpectrum } from "../../src/spectra/ir.ts";
import { defaultMaxLag } from "../../src/spectra/lag-choice.ts";
import { dampedOscillatorSeries } from "../spectra/damped-oscillator.ts";

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

/** A PropertyRecorder CSV of a noisy damped-oscillator dipole (1 fs unless the header omits it). */
async function noisyDipoleCsv(path: string, seed: number, samples = 4000, interval: number | null = 1) {
  const s = dampedOscillatorSeries(
    { omega0: fromWavenumber(1500), gamma: fromWavenumber(40), temperature: kelvin(300) },
    samples,
    fs(interval ?? 1),
    new Random(seed),
  );
  const header =
    interval === null
      ? "# equimd properties: dipole_unit=e*angstrom"
      : `# equimd properties: sampling_interval_fs=${interval} dipole_unit=e*angstrom`;
  const lines = [
    header,
    interval === null ? "step,dipole_x,dipole_y,dipole_z" : "step,time_fs,dipole_x,dipole_y,dipole_z",
  ];
  for (let i = 0; i < samples; i++) {
    const mu = [0, 1, 2].map((k) => s.values[3 * i + k] * BOHR_IN_ANGSTROM);
    lines.push([i, ...(interval === null ? [] : [i * interval]), ...mu].join(","));
  }
  await writeFile(path, lines.join("\n") + "\n");
}

test("--dt-fs: refused when it contradicts the file, used when the file has no interval", async () => {
  const dir = await mkdtemp(join(tmpdir(), "equimd-dt-"));
  await noisyDipoleCsv(join(dir, "a.csv"), 1);
  const args = ["--temperature", "300", "-o", join(dir, "ir.png"), "--overwrite"];
  const bad = await cli("spectrum", join(dir, "a.csv"), "--dt-fs", "4", ...args);
  assert.equal(bad.status, 1);
  assert.match(bad.err, /a\.csv: --dt-fs 4 fs contradicts the file's own sampling interval of 1 fs/);
  assert.equal(
    (await cli("spectrum", join(dir, "a.csv"), "--dt-fs", "1", ...args)).status,
    0,
    "equal is fine",
  );
  await noisyDipoleCsv(join(dir, "bare.csv"), 1, 4000, null);
  const none = await cli("spectrum", join(dir, "bare.csv"), ...args);
  assert.equal(none.status, 1);
  assert.match(none.err, /time step missing/);
  const given = await cli("spectrum", join(dir, "bare.csv"), "--dt-fs", "1", ...args);
  assert.equal(given.status, 0, given.err);
});

test("series that cannot be a spectrum are refused; a useless resolution is warned about and stated", async () => {
  const dir = await mkdtemp(join(tmpdir(), "equimd-short-"));
  const args = ["--temperature", "300", "-o", join(dir, "ir.png"), "--overwrite"];
  await noisyDipoleCsv(join(dir, "three.csv"), 1, 3);
  const three = await cli("spectrum", join(dir, "three.csv"), ...args);
  assert.equal(three.status, 1);
  assert.match(three.err, /3 samples \(3\.0 fs\) cannot be a spectrum/);
  // 100 fs of data at 0.5 fs: the README's water example
  await noisyDipoleCsv(join(dir, "short.csv"), 1, 200, 0.5);
  const short = await cli("spectrum", join(dir, "short.csv"), ...args);
  assert.equal(short.status, 0, short.err);
  assert.match(short.err, /warning: resolution 1334 cm⁻¹ \(maximum lag 25\.0 fs of a 100\.0 fs series\)/);
  assert.match(short.err, /10 cm⁻¹ needs a maximum lag of 3336 fs \(--max-lag-fs\)/);
  const explicit = await cli("spectrum", join(dir, "short.csv"), "--max-lag-fs", "50", ...args);
  assert.match(explicit.err, /resolution 667 cm⁻¹/);
  const hopeless = await cli("spectrum", join(dir, "short.csv"), "--fmin", "1000", "--fmax", "2000", ...args);
  assert.equal(hopeless.status, 1);
  assert.match(hopeless.err, /coarser than half the range 1000–2000 cm⁻¹: this cannot be a spectrum/);
});

test("default maximum lag: min(¼ series, 2 ps); half the series splits a 32 ps line into needles", () => {
  const dt = fs(1);
  assert.equal(defaultMaxLag(4000, dt), 1000);
  assert.equal(defaultMaxLag(32000, dt), 2000);
  const T = kelvin(300);
  const s = dampedOscillatorSeries(
    { omega0: fromWavenumber(1500), gamma: fromWavenumber(5), temperature: T },
    32000,
    dt,
    new Random(1),
  );
  const peaks = (maxLag: number) => {
    const y = irSpectrum(s, { temperature: T, maxLag, fmin: 1000, fmax: 2000, spacing: 1 }).intensity;
    const max = Math.max(...y);
    let n = 0;
    for (let i = 1; i < y.length - 1; i++) if (y[i] > y[i - 1] && y[i] >= y[i + 1] && y[i] > 0.05 * max) n++;
    return n;
  };
  assert.equal(peaks(defaultMaxLag(32000, dt)), 1);
  assert.ok(peaks(16000) >= 3, `half the series: ${peaks(16000)} peaks`);
});

test("several files or --blocks: band columns in the CSV, errors printed and in the summary", async () => {
  const dir = await mkdtemp(join(tmpdir(), "equimd-errors-"));
  const files = [1, 2, 3, 4].map((k) => join(dir, `run-${k}.csv`));
  for (const [k, f] of files.entries()) await noisyDipoleCsv(f, 10 + k);
  const png = join(dir, "ir.png");
  const fast = ["--replicates", "100"];
  const r = await cli("spectrum", ...files, "--temperature", "300", "--fmax", "3000", ...fast, "-o", png);
  assert.equal(r.status, 0, r.err);
  assert.match(r.err, /4 file\(s\), 4 unit\(s\)/);
  assert.match(r.err, /prefactor at the nominal 300 K/);
  assert.match(r.out, /peak \(cm-1\)\s+± s\.e\./);
  assert.match(r.out, /total area 0–3000 cm-1: [\d.e+]+ ± [\d.e+-]+ \([\d.]+ %\) km\/mol/);
  const cols = await readCurvesCsv(join(dir, "ir.csv"));
  assert.deepEqual(
    cols.map((c) => c.name),
    ["wavenumber_cm-1", "ir_km_mol_cm-1", "ir_km_mol_cm-1_lower", "ir_km_mol_cm-1_upper"],
  );
  const [, y, lo, hi] = cols.map((c) => c.values);
  y.forEach((v, i) => assert.ok(lo[i] <= v && v <= hi[i], `row ${i}`));
  assert.ok(
    hi.some((v, i) => v - lo[i] > 0.05 * Math.max(...y)),
    "the band has a width",
  );
  const summary = JSON.parse(await readFile(join(dir, "ir.summary.json"), "utf8"));
  assert.equal(summary.settings.units, 4);
  const peak = summary.curves[0].peaks.find(
    (p: { position_cm: number }) => Math.abs(p.position_cm - 1500) < 30,
  );
  assert.ok(
    peak && peak.position_standard_error_cm > 0 && peak.area_standard_error > 0,
    JSON.stringify(summary),
  );

  // one file: a clear message and no band; --blocks makes one
  const one = await cli("spectrum", files[0], "--temperature", "300", "-o", join(dir, "one.png"));
  assert.equal(one.status, 0, one.err);
  assert.match(one.err, /no error bars: .*1 independent trajectory.*--blocks N/);
  assert.equal((await readCurvesCsv(join(dir, "one.csv"))).length, 2);
  const blocks = await cli(
    "spectrum",
    files[0],
    "--blocks",
    "4",
    "--temperature",
    "300",
    "-o",
    join(dir, "b.png"),
  );
  assert.equal(blocks.status, 0, blocks.err);
  assert.match(blocks.err, /1 file\(s\), 4 unit\(s\)/);
  assert.equal((await readCurvesCsv(join(dir, "b.csv"))).length, 4);

  // compare with several files per side: overlap and shift with errors
  const c = await cli(
    "compare",
    files.slice(0, 2).join(","),
    files.slice(2).join(","),
    "--temperature",
    "300",
    "--fmax",
    "3000",
    ...fast,
    "-o",
    join(dir, "cmp.png"),
  );
  assert.equal(c.status, 0, c.err);
  assert.match(
    c.out,
    /overlap \(cosine similarity of area-normalised spectra\): 0\.\d+ ± 0\.\d+; bias-corrected [01]\.\d+ \(95 % interval/,
  );
  assert.match(c.out, /shift errors: bootstrap percentile, \d+ replicates over 2 \+ 2/);
  const cs = JSON.parse(await readFile(join(dir, "cmp.summary.json"), "utf8"));
  const [comparison] = cs.comparisons;
  assert.ok(
    comparison.overlap.error > 0 &&
      comparison.peaks.some((p: { shift_error_cm?: number }) => p.shift_error_cm! > 0),
  );
  const single = await cli("compare", files[0], files[1], "--temperature", "300");
  assert.match(
    single.err,
    /no errors on the overlap and shifts: each side is one trajectory or a spectrum CSV/,
  );
});

test("--committee-spread adds the model band: members μ and 1.5μ along the run", async () => {
  const dir = await mkdtemp(join(tmpdir(), "equimd-model-band-"));
  const inputs: string[] = [];
  const spreads: string[] = [];
  for (const seed of [8, 9]) {
    const s = dampedOscillatorSeries(
      { omega0: fromWavenumber(1500), gamma: fromWavenumber(40), temperature: kelvin(300) },
      4000,
      fs(1),
      new Random(seed),
    );
    const mu = (i: number, f: number) => [0, 1, 2].map((k) => f * s.values[3 * i + k] * BOHR_IN_ANGSTROM);
    const props = [
      "# equimd properties: sampling_interval_fs=1 dipole_unit=e*angstrom",
      "step,time_fs,dipole_x,dipole_y,dipole_z",
    ];
    const spread = [
      "# equimd committee spread: members=2 sampling_interval_fs=1",
      "step,time_fs,energy_spread_eV,m0_dipole_x,m0_dipole_y,m0_dipole_z,m1_dipole_x,m1_dipole_y,m1_dipole_z",
    ];
    for (let i = 0; i < 4000; i++) {
      props.push([i, i, ...mu(i, 1.25)].join(","));
      spread.push([i, i, 0, ...mu(i, 1), ...mu(i, 1.5)].join(","));
    }
    inputs.push(join(dir, `run-${seed}.csv`));
    spreads.push(join(dir, `spread-${seed}.csv`));
    await writeFile(inputs.at(-1)!, props.join("\n") + "\n");
    await writeFile(spreads.at(-1)!, spread.join("\n") + "\n");
  }
  const r = await cli(
    "spectrum",
    ...inputs,
    "--replicates",
    "100",
    "--temperature",
    "300",
    "--committee-spread",
    spreads.join(","),
    "-o",
    join(dir, "ir.png"),
  );
  assert.equal(r.status, 0, r.err);
  assert.match(r.err, /model band: ±1σ over 2 committee members/);
  const cols = await readCurvesCsv(join(dir, "ir.csv"));
  assert.deepEqual(
    cols.map((c) => c.name),
    [
      "wavenumber_cm-1",
      "ir_km_mol_cm-1",
      "ir_km_mol_cm-1_lower",
      "ir_km_mol_cm-1_upper",
      "ir_model_km_mol_cm-1",
      "ir_model_km_mol_cm-1_lower",
      "ir_model_km_mol_cm-1_upper",
    ],
  );
  // member spectra S and 2.25 S around the mean 1.625 S, σ = 1.25 S/√2; the run's own spectrum 1.5625 S
  const [, y, , , c, lo, hi] = cols.map((x) => x.values);
  const j = y.indexOf(Math.max(...y));
  const S = y[j] / 1.5625;
  assert.ok(Math.abs(c[j] / (1.625 * S) - 1) < 1e-9, `model centre ${c[j]} vs ${1.625 * S}`);
  assert.ok(Math.abs((hi[j] - lo[j]) / 2 / ((1.25 * S) / Math.SQRT2) - 1) < 1e-9, "model band half-width");
});

/** An extxyz trajectory (or a CSV with a kinetic_energy column) of one charged H atom on a 3-D spring with energy k_B·T per mode. */
async function oscillatorExtxyz(path: string, kelvins: number, seed: number): Promise<void> {
  const csv = path.endsWith(".csv");
  const rng = new Random(seed);
  const m = atomicMass(1);
  const w = fromWavenumber(1650);
  const z = 0.5;
  const amp = Math.sqrt((2 * kelvin(kelvins)) / (m * w * w));
  const phases = [0, 1, 2].map(() => 2 * Math.PI * rng.uniform());
  const lines: string[] = [];
  const dtFs = 0.5;
  for (let i = 0; i < 2048; i++) {
    const t = fs(i * dtFs);
    const q = phases.map((p) => amp * Math.cos(w * t + p));
    const v = phases.map((p) => -amp * w * Math.sin(w * t + p));
    const dip = q.map((x) => z * x * BOHR_IN_ANGSTROM);
    if (csv) {
      const k = v.reduce((s, x) => s + 0.5 * m * x * x, 0) * 27.211386245988; // eV
      if (i === 0)
        lines.push(
          "# equimd reference-md: test, energies eV",
          "step,time_fs,dipole_x,dipole_y,dipole_z,kinetic_energy",
        );
      lines.push([i, i * dtFs, ...dip, k].join(","));
      continue;
    }
    lines.push(
      "1",
      `Properties=species:S:1:pos:R:3:velocities:R:3 time_fs=${i * dtFs} dipole="${dip.join(" ")}"`,
      `H ${q.map((x) => x * BOHR_IN_ANGSTROM).join(" ")} ${v.map((x) => (x * BOHR_IN_ANGSTROM) / ATOMIC_TIME_IN_FS).join(" ")}`,
    );
  }
  await writeFile(path, lines.join("\n") + "\n");
}

test("--temperature-source measured: the prefactor uses each trajectory's kinetic temperature", async () => {
  const dir = await mkdtemp(join(tmpdir(), "equimd-measured-"));
  const files = [join(dir, "cold.extxyz"), join(dir, "hot.extxyz")];
  await oscillatorExtxyz(files[0], 200, 1);
  await oscillatorExtxyz(files[1], 450, 2);
  const run = async (...extra: string[]) => {
    const r = await cli(
      "spectrum",
      ...files,
      "--temperature",
      "300",
      "--fmax",
      "5000",
      ...extra,
      "-o",
      join(dir, "ir.png"),
      "--overwrite",
    );
    assert.equal(r.status, 0, r.err);
    return { err: r.err, summary: JSON.parse(await readFile(join(dir, "ir.summary.json"), "utf8")) };
  };
  const measured = await run("--temperature-source", "measured");
  assert.match(measured.err, /measured kinetic temperature \(mean 32\d\.\d K/);
  const [tc, th] = measured.summary.settings.measured_temperatures_K;
  assert.ok(Math.abs(tc - 200) < 2 && Math.abs(th - 450) < 4, `${tc}, ${th}`);
  const a = measured.summary.curves[0].total_area;
  assert.ok(a.standard_error / a.value < 0.01, `measured: ${a.standard_error / a.value}`);
  const nominal = await run(); // the default
  const b = nominal.summary.curves[0].total_area;
  assert.ok(b.standard_error / b.value > 0.3, `nominal: ${b.standard_error / b.value}`);
  assert.ok(Math.abs(b.value / a.value - 325 / 300) < 0.02, `nominal/measured area ${b.value / a.value}`);
  // files without velocities but with a kinetic_energy column: measured with the degrees of freedom given
  const csvs = [join(dir, "cold.csv"), join(dir, "hot.csv")];
  await oscillatorExtxyz(csvs[0], 200, 1);
  await oscillatorExtxyz(csvs[1], 450, 2);
  const noDof = await cli(
    "spectrum",
    ...csvs,
    "--temperature",
    "300",
    "--fmax",
    "5000",
    "--temperature-source",
    "measured",
    "-o",
    join(dir, "k.png"),
  );
  assert.equal(noDof.status, 1);
  assert.match(
    noDof.err,
    /--temperature-source measured: .*cold\.csv has a kinetic_energy column; give --degrees-of-freedom/,
  );
  const withDof = await cli(
    "spectrum",
    ...csvs,
    "--temperature",
    "300",
    "--fmax",
    "5000",
    "--degrees-of-freedom",
    "3",
    "--temperature-source",
    "measured",
    "-o",
    join(dir, "k.png"),
  );
  assert.equal(withDof.status, 0, withDof.err);
  const ks = JSON.parse(await readFile(join(dir, "k.summary.json"), "utf8"));
  const [kc, kh] = ks.settings.measured_temperatures_K;
  assert.ok(Math.abs(kc - 200) < 2 && Math.abs(kh - 450) < 4, `${kc}, ${kh}`);
  assert.ok(ks.curves[0].total_area.standard_error / ks.curves[0].total_area.value < 0.01);

  // compare reads such a reference-MD CSV as a time series, not as a spectrum CSV
  const cmp = await cli("compare", csvs[0], csvs[1], "--temperature", "300", "--fmax", "5000");
  assert.equal(cmp.status, 0, cmp.err);
  assert.match(cmp.err, /cold\.csv: 1 file\(s\), 1 unit\(s\)/);

  const csvOnly = join(dir, "d.csv");
  await noisyDipoleCsv(csvOnly, 3);
  const refused = await cli(
    "spectrum",
    csvOnly,
    "--temperature",
    "300",
    "--temperature-source",
    "measured",
    "-o",
    join(dir, "x.png"),
  );
  assert.equal(refused.status, 1);
  assert.match(refused.err, /--temperature-source measured: .*d\.csv has no velocities/);
});
