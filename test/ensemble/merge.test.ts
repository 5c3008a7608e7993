/**
 * The ensemble spec, the members' rewritten run configs, and the merge, on members whose outputs are
 * written by the test (no MD): the merged correlation function is the plain average of the members'
 * (checked against the direct O(N²) sum), its spectrum peaks at the signal's frequency, the band is
 * the 95 % t interval of the members' spectra (each computed by irSpectrum / ramanSpectra, the
 * single-trajectory path), Raman's isotropic and anisotropic parts are merged from their own averaged
 * correlation functions, a blown-up member is left out with a warning, an incomplete output stops the
 * merge naming the member, and label shards merge in source order.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { kelvin } from "../../src/core/units.ts";
import { parseExtxyz } from "../../src/io/extxyz.ts";
import { parseCurvesCsv } from "../../src/plot/csv.ts";
import { directCorrelation } from "../../src/spectra/correlation.ts";
import { irSpectrum } from "../../src/spectra/ir.ts";
import { readTimeSeries } from "../../src/spectra/read-series.ts";
import { memberBand } from "../../src/ensemble/member-band.ts";
import { ramanSpectra } from "../../src/spectra/raman.ts";
import { studentTQuantile } from "../../src/spectra/uncertainty/student-t.ts";
import {
  describeMembers,
  prepareMembers,
  DONE_MARKER,
  FAILED_MARKER,
  type Member,
} from "../../src/ensemble/members.ts";
import { mergeEnsemble } from "../../src/ensemble/merge.ts";
import { loadEnsembleSpec } from "../../src/ensemble/spec.ts";
import { waterFixture } from "./fixture.ts";

const STEPS = 800;
const DT_FS = 0.25;

/** A member's dipole: a 1600 cm⁻¹ oscillation along z with its own amplitude and phase, plus noise in x. */
function writeDipole(member: Member, amplitude: number, phase: number, seed: number): void {
  const omega = (2 * Math.PI * 2.99792458e10 * 1600) / 1e15; // rad/fs
  let rng = seed;
  const noise = () => ((rng = (rng * 16807) % 2147483647) / 2147483647 - 0.5) * 0.01;
  const lines = [
    `# equimd properties: sampling_interval_fs=${DT_FS} every=1 dipole_unit=e*angstrom`,
    "step,time_fs,dipole_x,dipole_y,dipole_z",
  ];
  for (let n = 0; n <= STEPS; n++) {
    const t = n * DT_FS;
    lines.push(`${n},${t},${noise()},0,${0.4 + amplitude * Math.cos(omega * t + phase)}`);
  }
  writeFileSync(join(member.dir, "dipole.csv"), lines.join("\n") + "\n");
}

const done = (m: Member) => writeFileSync(join(m.dir, DONE_MARKER), "{}\n");

test("spec errors name the file and the field", () => {
  const f = waterFixture(STEPS);
  const bad = f.spec(
    "bad.yaml",
    "members: 2\ndirectory: out\nrun: { config: x.yaml, seedz: {} }\nmerge: { window: box }\n",
  );
  assert.throws(
    () => loadEnsembleSpec(bad),
    (e: Error) => {
      assert.match(e.message, /bad\.yaml: run\.seedz: unknown key/);
      assert.match(
        e.message,
        /bad\.yaml: merge\.window: expected one of 'none', 'hann', 'gaussian', got 'box'/,
      );
      return true;
    },
  );
  const both = f.spec("both.yaml", "members: 2\ndirectory: out\n");
  assert.throws(() => loadEnsembleSpec(both), /both\.yaml: run: give exactly one of run: or label:/);
  const frames = f.spec(
    "frames.yaml",
    "members: 3\ndirectory: out\nrun: { config: water-trpmd.yaml, frames: [0, 1] }\n",
  );
  assert.throws(
    () => loadEnsembleSpec(frames),
    /frames\.yaml: run\.frames: expected one starting frame per member \(3\), got 2/,
  );
});

test("members get their own seed, frame and directory; a changed spec is refused", async () => {
  const f = waterFixture(STEPS);
  const specPath = f.spec(
    "e.yaml",
    "members: 3\ndirectory: out\nrun: { config: water-trpmd.yaml, seeds: { first: 11 }, frames: [0, 1, 0] }\n",
  );
  const members = await prepareMembers(loadEnsembleSpec(specPath));
  const written = members.map(
    (m) =>
      parseYaml(readFileSync(join(m.dir, "member.yaml"), "utf8")) as {
        seed: number;
        system: { file: string; frame: number };
        outputs: { directory: string; progress: boolean };
        initial_velocities: { seed?: number };
      },
  );
  assert.deepEqual(
    written.map((c) => c.seed),
    [11, 13, 15],
  );
  assert.deepEqual(
    written.map((c) => c.system.frame),
    [0, 1, 0],
  );
  for (const c of written) {
    assert.equal(c.system.file, join(f.dir, "water.xyz"));
    assert.equal(c.outputs.directory, ".");
    assert.equal(c.outputs.progress, false);
    assert.equal(c.initial_velocities.seed, undefined); // the default: the member's seed + 1
  }
  assert.deepEqual(
    members.map((m) => m.dir),
    ["000", "001", "002"].map((d) => join(f.dir, "out", "members", d)),
  );
  await prepareMembers(loadEnsembleSpec(specPath)); // the same spec again: nothing changes
  f.spec("e.yaml", "members: 3\ndirectory: out\nrun: { config: water-trpmd.yaml, seeds: { first: 12 } }\n");
  await assert.rejects(
    prepareMembers(loadEnsembleSpec(specPath)),
    /members\/000\/member\.yaml: member 0 was prepared from a different spec/,
  );
});

test("the merge averages the members' correlation functions; the band is the t interval of their spectra", async () => {
  const f = waterFixture(STEPS);
  const spec = loadEnsembleSpec(
    f.spec(
      "e.yaml",
      "members: 4\ndirectory: out\nrun: { config: water-trpmd.yaml }\nmerge: { max_lag_fs: 100, fmax_cm1: 3000 }\n",
    ),
  );
  const members = await prepareMembers(spec);
  const amplitudes = [0.05, 0.03, 0.04, 0.06];
  members.forEach((m, i) => {
    writeDipole(m, amplitudes[i], i * 1.3, i + 1);
    done(m);
  });
  const warnings: string[] = [];
  const result = await mergeEnsemble(spec, members, (w) => warnings.push(w));
  assert.deepEqual(result.merged, [0, 1, 2, 3]);
  assert.deepEqual(warnings, []);
  const out = join(f.dir, "out", "merged");

  // the averaged correlation function against the direct sum over each member's fluctuations
  const acf = parseCurvesCsv(readFileSync(join(out, "dipole-correlation.csv"), "utf8"));
  assert.deepEqual(
    acf.map((c) => c.name),
    ["time_fs", "dipole_acf_e2_A2", "dipole_acf_e2_A2_lower", "dipole_acf_e2_A2_upper"],
  );
  const maxLag = 400; // 100 fs / 0.25 fs
  assert.equal(acf[1].values.length, maxLag + 1);
  const series = await Promise.all(
    members.map((m) => readTimeSeries(join(m.dir, "dipole.csv"), { property: "dipole" })),
  );
  const expected = new Float64Array(maxLag + 1);
  for (const s of series) {
    for (let c = 0; c < 3; c++) {
      const x = Array.from({ length: s.nSteps }, (_, n) => s.values[3 * n + c]);
      const mean = x.reduce((a, b) => a + b, 0) / x.length;
      const d = x.map((v) => v - mean);
      directCorrelation(d, d, maxLag).forEach((v, k) => (expected[k] += v / series.length));
    }
  }
  const toE2A2 = 0.529177210903 ** 2;
  expected.forEach((v, k) =>
    assert.ok(Math.abs(acf[1].values[k] - v * toE2A2) < 1e-12 * toE2A2 * expected[0], `lag ${k}`),
  );
  assert.ok(Math.abs(acf[0].values[maxLag] - 100) < 1e-9, "last lag");
  // C(0) of A cos(ωt+φ): A²/2 averaged over members
  const c0 = amplitudes.reduce((s, a) => s + a * a, 0) / 2 / amplitudes.length;
  assert.ok(Math.abs(acf[1].values[0] / c0 - 1) < 0.02, `C(0) = ${acf[1].values[0]}, expected ≈ ${c0}`);

  // the spectrum: a peak at the signal's 1600 cm⁻¹; the band from each member's own IR spectrum
  const ir = parseCurvesCsv(readFileSync(join(out, "ir.csv"), "utf8"));
  assert.deepEqual(
    ir.map((c) => c.name),
    ["wavenumber_cm-1", "ir_km_mol_cm-1", "ir_km_mol_cm-1_lower", "ir_km_mol_cm-1_upper"],
  );
  const [nu, center, lower, upper] = ir.map((c) => c.values);
  const top = center.indexOf(Math.max(...center));
  // the line shape of ⟨δμ δμ⟩ (σ/ω², undoing the ω² of μ̇) peaks at the signal's wavenumber
  const shape = center.map((v, j) => (nu[j] > 0 ? v / nu[j] ** 2 : 0));
  const peak = nu[shape.indexOf(Math.max(...shape))];
  assert.ok(Math.abs(peak - 1600) < 3, `peak at ${peak} cm⁻¹`);
  const options = {
    maxLag,
    window: "hann" as const,
    fmax: 3000,
    temperature: kelvin(300),
    correction: "none" as const,
  };
  const single = series.map((s) => irSpectrum(s, options).intensity);
  const t3 = studentTQuantile(0.975, 3); // 95 %, 4 members: 3.18
  for (let j = 0; j < nu.length; j += 37) {
    const values = single.map((s) => s[j]);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const se = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / 3 / 4);
    const scale = 1e-9 * center[top];
    assert.ok(Math.abs(center[j] - mean) < scale, `ν̃ = ${nu[j]}: average of the members' spectra`);
    assert.ok(
      Math.abs(upper[j] - center[j] - t3 * se) < scale && Math.abs(center[j] - lower[j] - t3 * se) < scale,
      `band at ${nu[j]} cm⁻¹`,
    );
  }
  const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
  assert.equal(summary.format, "equimd-run-summary"); // the report's format
  assert.deepEqual(Object.keys(summary.spectra), ["ir"]); // the members record only the dipole
  assert.equal(summary.spectra.ir.correction, "none"); // TRPMD: the Kubo-transformed correlation
  assert.equal(summary.spectra.ir.temperature_K, 300);
  assert.ok(Math.abs(summary.spectra.ir.max_lag_fs - 100) < 1e-9, "max lag");
  assert.match(summary.spectra.ir.band, /95 % t interval over 4 members/);
  assert.deepEqual(summary.plots, [{ file: "ir.csv", title: summary.plots[0].title }]);
  // the PNG of the merged spectrum with its band, and the report page next to it
  assert.deepEqual([...readFileSync(join(out, "ir.png")).subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
  const page = readFileSync(join(out, "report.html"), "utf8");
  assert.match(page, /Shaded: the confidence band of ir_km_mol_cm-1/);
});

/**
 * A member's dipole and polarizability: ā oscillates at 1000 cm⁻¹ (amplitude a), the traceless part
 * β_xy = β_yx at 1600 cm⁻¹ (amplitude b).
 */
function writePolarizability(member: Member, a: number, b: number, phase: number): void {
  const w = (nu: number) => (2 * Math.PI * 2.99792458e10 * nu) / 1e15; // rad/fs
  const alpha = ["xx", "xy", "xz", "yx", "yy", "yz", "zx", "zy", "zz"].map((c) => `alpha_${c}`);
  const lines = [
    `# equimd properties: sampling_interval_fs=${DT_FS} every=1 dipole_unit=e*angstrom polarizability_unit=angstrom^3`,
    `step,time_fs,dipole_x,dipole_y,dipole_z,${alpha.join(",")}`,
  ];
  for (let n = 0; n <= STEPS; n++) {
    const t = n * DT_FS;
    const iso = 1.4 + a * Math.cos(w(1000) * t + phase);
    const xy = b * Math.cos(w(1600) * t + 2 * phase);
    const d = 0.4 + 0.01 * Math.cos(w(1600) * t);
    lines.push([n, t, 0, 0, d, iso, xy, 0, xy, iso, 0, 0, 0, iso].join(","));
  }
  writeFileSync(join(member.dir, "dipole.csv"), lines.join("\n") + "\n");
}

test("Raman: the isotropic and anisotropic correlation functions are averaged; each curve has its band", async () => {
  const f = waterFixture(STEPS);
  // the config records what the potential provides (no quantities list)
  f.spec("raman.yaml", readFileSync(f.config, "utf8").replace(", quantities: [dipole]", ""));
  const spec = loadEnsembleSpec(
    f.spec(
      "r.yaml",
      "members: 4\ndirectory: out\nrun: { config: raman.yaml }\nmerge: { max_lag_fs: 100, fmax_cm1: 3000 }\n",
    ),
  );
  const members = await prepareMembers(spec);
  const a = [0.02, 0.03, 0.025, 0.015];
  const b = [0.05, 0.04, 0.06, 0.045];
  members.forEach((m, i) => {
    writePolarizability(m, a[i], b[i], i * 0.9);
    done(m);
  });
  await mergeEnsemble(spec, members, () => {});
  const out = join(f.dir, "out", "merged");
  const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
  assert.deepEqual(Object.keys(summary.spectra), ["ir", "raman"]); // what the members recorded

  // C_iso(0) = ⟨δā²⟩ = a²/2, C_aniso(0) = Σ_ij ⟨β_ij²⟩ = 2·b²/2 (xy and yx), averaged over the members (Å⁶)
  const acf = parseCurvesCsv(readFileSync(join(out, "polarizability-correlation.csv"), "utf8"));
  assert.deepEqual(
    acf.map((c) => c.name).filter((n) => !/_lower|_upper/.test(n)),
    ["time_fs", "alpha_iso_acf_A6", "alpha_aniso_acf_A6"],
  );
  const mean = (x: number[]) => x.reduce((p, q) => p + q, 0) / x.length;
  const iso0 = mean(a.map((v) => (v * v) / 2));
  const aniso0 = mean(b.map((v) => v * v));
  const column = (name: string) => acf.find((c) => c.name === name)!.values;
  assert.ok(Math.abs(column("alpha_iso_acf_A6")[0] / iso0 - 1) < 0.02, `${column("alpha_iso_acf_A6")[0]}`);
  assert.ok(Math.abs(column("alpha_aniso_acf_A6")[0] / aniso0 - 1) < 0.02, "C_aniso(0)");

  const raman = parseCurvesCsv(readFileSync(join(out, "raman.csv"), "utf8"));
  const curves = ["raman_unpolarised", "raman_vv", "raman_vh", "raman_isotropic"];
  assert.deepEqual(
    raman.map((c) => c.name),
    [
      "wavenumber_cm-1",
      ...curves.flatMap((c) => [`${c}_a_4_amu_cm-1`, `${c}_a_4_amu_cm-1_lower`, `${c}_a_4_amu_cm-1_upper`]),
    ],
  );
  const get = (name: string) => raman.find((c) => c.name === `${name}_a_4_amu_cm-1`)!.values;
  const nu = raman[0].values;
  const peakOf = (y: Float64Array) => {
    const shape = y.map((v, j) => (nu[j] > 0 ? v / nu[j] ** 2 : 0)); // undo the ω² of the derivative
    return nu[shape.indexOf(Math.max(...shape))];
  };
  // the isotropic part carries ā's line only, VH (anisotropic) β's only (beyond the Hann window's
  // leakage, ≈ 2 % at 600 cm⁻¹ from a line with this 100 fs lag)
  assert.ok(Math.abs(peakOf(get("raman_isotropic")) - 1000) < 3, `${peakOf(get("raman_isotropic"))}`);
  assert.ok(Math.abs(peakOf(get("raman_vh")) - 1600) < 3, `${peakOf(get("raman_vh"))}`);
  const at = (y: Float64Array, target: number) => y[nu.findIndex((x) => x >= target)];
  const leak = (name: string, target: number) => at(get(name), target) / Math.max(...get(name));
  assert.ok(leak("raman_isotropic", 1600) < 0.05, `isotropic at 1600 cm⁻¹: ${leak("raman_isotropic", 1600)}`);
  assert.ok(leak("raman_vh", 1000) < 0.05, `VH at 1000 cm⁻¹: ${leak("raman_vh", 1000)}`);

  // each curve: the mean of the members' own Raman spectra (the single-trajectory path), ± t₃·SE
  const series = await Promise.all(
    members.map((m) => readTimeSeries(join(m.dir, "dipole.csv"), { property: "polarizability" })),
  );
  const options = {
    maxLag: 400,
    window: "hann" as const,
    fmax: 3000,
    temperature: kelvin(300),
    correction: "none" as const,
  };
  const single = series.map((s) => ramanSpectra(s, options));
  const t3 = studentTQuantile(0.975, 3);
  const keys = {
    raman_unpolarised: "unpolarised",
    raman_vv: "vv",
    raman_vh: "vh",
    raman_isotropic: "isotropic",
  } as const;
  for (const name of curves) {
    const center = get(name);
    const lower = raman.find((c) => c.name === `${name}_a_4_amu_cm-1_lower`)!.values;
    const upper = raman.find((c) => c.name === `${name}_a_4_amu_cm-1_upper`)!.values;
    const scale = 1e-9 * Math.max(...center);
    for (let j = 0; j < nu.length; j += 29) {
      const values = single.map((r) => r[keys[name as keyof typeof keys]].intensity[j]);
      const m = mean(values);
      const se = Math.sqrt(values.reduce((p, v) => p + (v - m) ** 2, 0) / 3 / 4);
      assert.ok(Math.abs(center[j] - m) < scale, `${name} at ${nu[j]} cm⁻¹`);
      assert.ok(
        Math.abs(upper[j] - center[j] - t3 * se) < scale && Math.abs(center[j] - lower[j] - t3 * se) < scale,
        `${name}: band at ${nu[j]} cm⁻¹`,
      );
    }
  }

  // merge.kinds chooses: only Raman; a kind whose series the members do not record is refused up front
  const only = loadEnsembleSpec(
    f.spec(
      "r.yaml",
      "members: 4\ndirectory: out\nrun: { config: raman.yaml }\nmerge: { kinds: [raman], max_lag_fs: 100 }\n",
    ),
  );
  rmSync(out, { recursive: true });
  await mergeEnsemble(only, members, () => {});
  assert.ok(existsSync(join(out, "raman.png")) && !existsSync(join(out, "ir.csv")), "only raman");
  const power = f.spec(
    "p.yaml",
    "members: 4\ndirectory: out-p\nrun: { config: water-trpmd.yaml }\nmerge: { kinds: [power] }\n",
  );
  await assert.rejects(
    prepareMembers(loadEnsembleSpec(power)),
    /water-trpmd\.yaml: outputs\.trajectory: the power-spectrum merge .* velocities: true/,
  );
});

test("a blown-up member is left out with a warning; an incomplete or unfinished one stops the merge", async () => {
  const f = waterFixture(STEPS);
  const spec = loadEnsembleSpec(
    f.spec("e.yaml", "members: 3\ndirectory: out\nrun: { config: water-trpmd.yaml }\n"),
  );
  const members = await prepareMembers(spec);
  writeDipole(members[0], 0.05, 0, 1);
  done(members[0]);
  writeFileSync(
    join(members[1].dir, FAILED_MARKER),
    JSON.stringify({
      exploded: true,
      step: 123,
      exitCode: 1,
      signal: null,
      message: "trajectory blew up at step 123",
    }),
  );
  writeDipole(members[2], 0.04, 1, 2);
  done(members[2]);
  const warnings: string[] = [];
  const result = await mergeEnsemble(spec, members, (w) => warnings.push(w));
  assert.deepEqual(result.merged, [0, 2]);
  assert.deepEqual(
    result.excluded.map((e) => [e.member, e.step]),
    [[1, 123]],
  );
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /member 001 blew up at step 123; it is left out of the merge/);
  const summary = JSON.parse(readFileSync(join(f.dir, "out", "merged", "summary.json"), "utf8"));
  assert.deepEqual(summary.merged, [0, 2]);
  assert.equal(summary.excluded[0].step, 123);

  // member 2's property file cut short (a lost write): the merge stops and names it
  const file = join(members[2].dir, "dipole.csv");
  const lines = readFileSync(file, "utf8").split("\n");
  writeFileSync(file, lines.slice(0, 500).join("\n") + "\n");
  await assert.rejects(
    mergeEnsemble(spec, members, () => {}),
    /member 002: corrupted output .*dipole\.csv: 498 samples, expected 801/,
  );
  writeFileSync(file, lines.slice(0, 500).join("\n") + "\n12,garbage\n");
  await assert.rejects(
    mergeEnsemble(spec, members, () => {}),
    /member 002: corrupted output/,
  );

  // member 0 without its done-marker: not finished
  const fresh = loadEnsembleSpec(
    f.spec("g.yaml", "members: 2\ndirectory: out2\nrun: { config: water-trpmd.yaml }\n"),
  );
  const two = await prepareMembers(fresh);
  writeDipole(two[0], 0.05, 0, 1);
  done(two[0]);
  await assert.rejects(
    mergeEnsemble(fresh, two, () => {}),
    /1 of 2 members have not finished: 001 \(not started\)/,
  );
});

test("label shards: contiguous slices, merged in the order of the input frames", async () => {
  const f = waterFixture(STEPS);
  const frame = (k: number) =>
    `3\nProperties=species:S:1:pos:R:3 pbc="F F F"\nO 0 0 ${k * 0.01}\nH 0.76 0.56 0\nH -0.75 0.57 0.01\n`;
  writeFileSync(join(f.dir, "frames.extxyz"), Array.from({ length: 7 }, (_, k) => frame(k)).join(""));
  const spec = loadEnsembleSpec(
    f.spec("l.yaml", "members: 3\ndirectory: lab\nlabel: { input: frames.extxyz, calculators: [xtb] }\n"),
  );
  const members = await prepareMembers(spec);
  assert.deepEqual(
    members.map((m) => (m.kind === "label" ? [m.start, m.stop] : [])),
    [
      [0, 2],
      [2, 4],
      [4, 7],
    ],
  );
  const labelled = (k: number) =>
    `3\nProperties=species:S:1:pos:R:3 energy=${-5 - k} source_index=${k} pbc="F F F"\nO 0 0 ${k * 0.01}\nH 0.76 0.56 0\nH -0.75 0.57 0.01\n`;
  for (const m of members) {
    if (m.kind !== "label") continue;
    const ks = Array.from({ length: m.stop - m.start }, (_, j) => m.stop - 1 - j); // written in reverse
    mkdirSync(m.dir, { recursive: true });
    writeFileSync(join(m.dir, "labels.extxyz"), ks.map(labelled).join(""));
    done(m);
  }
  const result = await mergeEnsemble(spec, members, () => {});
  const merged = parseExtxyz(readFileSync(result.files[0], "utf8"));
  assert.deepEqual(
    merged.map((fr) => fr.info.source_index),
    [0, 1, 2, 3, 4, 5, 6],
  );
  assert.deepEqual(
    merged.map((fr) => fr.info.energy),
    [-5, -6, -7, -8, -9, -10, -11],
  );
  // a shard missing a frame stops the merge
  writeFileSync(join(members[1].dir, "labels.extxyz"), labelled(2));
  await assert.rejects(
    mergeEnsemble(spec, members, () => {}),
    /member 001: corrupted output .*expected the frames 2:4/,
  );
});

test("memberBand: the uncertainty module's band, placed around the merged curve", () => {
  const grid = Float64Array.from([0, 1]);
  const members = [Float64Array.from([1, 8]), Float64Array.from([3, 12])];
  const names = ["member 0", "member 1"];
  // s/√2 = 1 and 2; t_1(0.975) = 12.706 (two members: a wide 95 % interval)
  const t1 = studentTQuantile(0.975, 1);
  const band = memberBand([2, 10], grid, members, names);
  assert.ok(
    Math.abs(band.lower[0] - (2 - t1)) < 1e-12 && Math.abs(band.upper[1] - (10 + 2 * t1)) < 1e-12,
    "t band",
  );
  // around a merged curve that is not the members' mean (the power spectrum's C(0) normalisation)
  const shifted = memberBand([2.5, 10], grid, members, names, { level: 0.5 });
  const t50 = studentTQuantile(0.75, 1); // = 1
  assert.ok(
    Math.abs(shifted.lower[0] - (2.5 - t50)) < 1e-12 && Math.abs(shifted.upper[0] - (2.5 + t50)) < 1e-12,
    "band around a shifted centre",
  );
  assert.match(shifted.description, /50 % t interval over 2 members/);
  // the bootstrap percentile band lies inside the members' range, shifted with the merged curve
  const boot = memberBand([2, 10], grid, members, names, { method: "percentile", replicates: 200 });
  assert.ok(
    boot.lower[0] >= 1 - 1e-12 && boot.upper[0] <= 3 + 1e-12 && boot.lower[0] < boot.upper[0],
    "percentile band",
  );
  assert.throws(() => memberBand([1], Float64Array.from([0]), [Float64Array.from([1])], ["m"]), /at least 2/);
});

test("the shipped example spec is valid and names 8 members of the water TRPMD config", async () => {
  const spec = loadEnsembleSpec(
    new URL("../../examples/ensembles/water-trpmd.yaml", import.meta.url).pathname,
  );
  const members = await describeMembers(spec);
  assert.equal(members.length, 8);
  assert.deepEqual(
    members.map((m) => (m.kind === "run" ? m.config.seed : -1)),
    [1, 3, 5, 7, 9, 11, 13, 15],
  );
});
