/**
 * Run reports without a browser: the summary schema (round trip, errors naming file and field), the
 * curves read from spectrum CSVs (bands, several x grids, sticks, the older column names), escaping,
 * the older demo summary, rebuilding a directory, and the summaries the spectrum and compare commands
 * write next to their PNGs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromWavenumber, fs } from "../../src/core/index.ts";
import { main } from "../../src/cli/main.ts";
import { writeCurvesCsv } from "../../src/plot/csv.ts";
import { plotFromColumns } from "../../src/report/curves.ts";
import { escapeHtml, formatScore, scriptJson } from "../../src/report/html.ts";
import { readRunSummary, rebuildReports, runSummary } from "../../src/report/run-report.ts";
import { parseRunSummary, validateRunSummary } from "../../src/report/summary-schema.ts";

const tmp = () => mkdtemp(join(tmpdir(), "equimd-report-unit-"));

/** The JSON data embedded in a report page. */
function pageData(html: string): {
  plots: { title: string; curves: { name: string; lower?: number[] }[] }[];
} {
  const m = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html);
  assert.ok(m, "the page embeds its data");
  return JSON.parse(m[1]);
}

test("a run summary round-trips; bad ones name the file and every bad field", () => {
  const s = runSummary({
    command: "spectrum",
    title: "t",
    settings: { kind: "ir", dropped: undefined, nested: { a: [1, 2] } },
    data: ["a.csv"],
    seed: 3,
    commandLine: ["equimd", "spectrum", "a.csv"],
  });
  assert.deepEqual(parseRunSummary(JSON.stringify(s)), s);
  assert.deepEqual(s.settings, { kind: "ir", nested: { a: [1, 2] } });
  for (const lib of ["chart.js", "hammerjs", "chartjs-plugin-zoom"]) {
    assert.match(s.provenance.versions[lib], /^\d+\.\d+\.\d+$/, lib);
  }
  assert.match(s.provenance.versions.equimd, /^\d+\.\d+\.\d+/);
  assert.match(s.provenance.versions.node, /^v\d+/);
  assert.ok(!Number.isNaN(Date.parse(s.provenance.created)));

  const bad = {
    ...s,
    comparisons: [{ name: "x", reference: "r", model: "m", overlap: { value: "high" }, peaks: [] }],
  };
  assert.throws(
    () => validateRunSummary(bad, "run/summary.json"),
    /run\/summary\.json: .*\n {2}comparisons\.0\.overlap\.value: /,
  );
  assert.throws(() => parseRunSummary("{", "s.json"), /s\.json: not valid JSON/);
  assert.throws(
    () => validateRunSummary({ format: "other" }, "s.json"),
    /s\.json: .*\n {2}format: .*\n {2}version/s,
  );
});

test("curves: bands pair with their curve, later x columns start new grids, sticks are sticks", () => {
  const columns = [
    { name: "wavenumber_cm-1", values: [1, 2, 3] },
    { name: "ir_km_mol_cm-1", values: [1, 4, 2] },
    { name: "ir_km_mol_cm-1_lower", values: [0.5, 3, 1] },
    { name: "ir_km_mol_cm-1_upper", values: [1.5, 5, 3] },
    { name: "other [1/cm-1]", values: [2, 2, 2] },
    { name: "model harmonic sticks (scaled) wavenumber [cm-1]", values: [1.5, 2.5] },
    { name: "model harmonic sticks (scaled)", values: [7, 8] },
  ];
  const plot = plotFromColumns(columns, { file: "x.csv" });
  assert.deepEqual(
    plot.curves.map((c) => [c.name, c.x, c.y, c.style]),
    [
      ["ir_km_mol_cm-1", [1, 2, 3], [1, 4, 2], "line"],
      ["other [1/cm-1]", [1, 2, 3], [2, 2, 2], "line"],
      ["model harmonic sticks (scaled)", [1.5, 2.5], [7, 8], "sticks"],
    ],
  );
  assert.deepEqual(plot.curves[0].lower, [0.5, 3, 1]);
  assert.deepEqual(plot.curves[0].upper, [1.5, 5, 3]);
  assert.equal(plot.curves[1].lower, undefined);
  assert.equal(plot.xLabel, "wavenumber (cm⁻¹)");
  assert.equal(plot.yLabel, "intensity (1/cm-1)");
  // the older column name and a chosen x and y
  const old = plotFromColumns(
    [
      { name: "wavenumber [cm-1]", values: [1, 2] },
      { name: "A [km/mol/cm-1]", values: [3, 4] },
      { name: "B [km/mol/cm-1]", values: [5, 6] },
    ],
    { file: "y.csv", y: ["B [km/mol/cm-1]"] },
  );
  assert.deepEqual(
    old.curves.map((c) => c.name),
    ["B [km/mol/cm-1]"],
  );
  assert.throws(
    () => plotFromColumns(columns, { file: "x.csv", y: ["nope"] }),
    /x\.csv: no column 'nope'; columns: /,
  );
  assert.throws(
    () =>
      plotFromColumns(
        [
          { name: "wavenumber_cm-1", values: [1, 2, 3] },
          { name: "a", values: [1, 2, 3] },
          { name: "a_lower", values: [1] },
          { name: "a_upper", values: [1, 2, 3] },
        ],
        { file: "z.csv" },
      ),
    /z\.csv: band columns of 'a' are shorter/,
  );
});

test("escaping: HTML text and script JSON", () => {
  assert.equal(
    escapeHtml(`<a href="x" onclick='y'>&</a>`),
    "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
  );
  const json = scriptJson({ name: "</script><script>alert(1)</script><!--", line: "a\u2028b" });
  assert.ok(!json.includes("<") && !json.includes("\u2028"), json);
  assert.deepEqual(JSON.parse(json), { name: "</script><script>alert(1)</script><!--", line: "a\u2028b" });
  assert.equal(formatScore({ value: 0.94512, error: 0.0061 }), "0.9451 ± 0.0061");
  assert.equal(
    formatScore({ value: 0.94512, error: 0.012, lower: 0.92, upper: 0.965 }),
    "0.945 ± 0.012 (0.920 – 0.965)",
  );
  assert.equal(formatScore({ value: 0.94512 }), "0.945");
});

test("a directory of CSVs only, a summary per PNG, the older demo summary: all rebuilt", async () => {
  const dir = await tmp();
  await assert.rejects(rebuildReports(dir), /no summary\.json, <name>\.summary\.json or spectrum CSV/);
  await assert.rejects(rebuildReports(join(dir, "absent")), /absent: no such run directory or summary file/);
  await writeCurvesCsv(join(dir, "ir.csv"), [
    { name: "wavenumber [cm-1]", values: [400, 401, 402] },
    { name: "IR [km/mol/cm-1]", values: [1, 2, 1] },
  ]);
  await writeCurvesCsv(join(dir, "errors.csv"), [
    { name: "frame", values: [0, 1] },
    { name: "rmse", values: [1, 2] },
  ]);
  const {
    pages: [page],
  } = await rebuildReports(dir);
  assert.equal(page, join(dir, "report.html"));
  const html = await readFile(page, "utf8");
  assert.deepEqual(
    pageData(html).plots.map((p) => p.title),
    ["ir.csv"],
    "only spectrum CSVs are plotted",
  );
  assert.match(html, /no summary\.json: curves only/);

  // the demo's older summary.json: its peaks and overlap, a note, a warning for the missing CSVs
  const legacy = {
    config: { model: "m.json.gz", seed: 5, structure: "e.xyz", reference: { dipoles: ["d.csv"] } },
    harmonic_cm: [100, 200],
    ir_peaks_classical_vs_xtb: [{ reference_cm: 1000, model_cm: 1010, shift_cm: 10, ratio: 0.9 }],
    overlap_classical_vs_xtb: 0.95,
    nve_drift: { driftMeVPerAtomPerPs: 0.1 },
  };
  await writeFile(join(dir, "summary.json"), JSON.stringify(legacy));
  const s = await readRunSummary(join(dir, "summary.json"));
  assert.equal(s.comparisons[0].overlap.value, 0.95);
  assert.equal(s.provenance.seed, 5);
  assert.deepEqual(s.provenance.data, ["e.xyz", "d.csv"]);
  assert.deepEqual(s.harmonic_cm, [100, 200], "the demo's own keys are kept");
  const { pages, warnings } = await rebuildReports(dir);
  assert.deepEqual(pages, [join(dir, "report.html")]);
  assert.equal(warnings.length, 2, "ir-normalised.csv and raman.csv are missing");
  const demoHtml = await readFile(pages[0], "utf8");
  assert.match(demoHtml, /raman\.csv: listed in the summary but not found/);
  assert.match(demoHtml, /older demo summary/);
  assert.match(demoHtml, /<td class="num">1010\.0<\/td>/);
  assert.match(
    demoHtml,
    /<summary>harmonic_cm, ir_peaks_classical_vs_xtb, overlap_classical_vs_xtb, nve_drift<\/summary>/,
  );
});

/** A PropertyRecorder-style dipole CSV with bands at 1000 and 2000 cm⁻¹ (+ shift). */
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

async function cli(...args: string[]): Promise<{ status: number; err: string }> {
  const err: string[] = [];
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
  try {
    return { status: await main(["node", "equimd", ...args]), err: err.join("") };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

test("spectrum and compare write <png>.summary.json and <png>.report.html; equimd report rebuilds them", async () => {
  const dir = await tmp();
  await dipoleCsv(join(dir, "a.csv"));
  await dipoleCsv(join(dir, "b.csv"), 10);
  const common = ["--temperature", "300", "--fmax", "3000"];
  const s = await cli("spectrum", join(dir, "a.csv"), ...common, "-o", join(dir, "ir.png"));
  assert.equal(s.status, 0, s.err);
  assert.match(s.err, /wrote .*ir\.summary\.json and .*ir\.report\.html/);
  const spectrum = await readRunSummary(join(dir, "ir.summary.json"));
  assert.equal(spectrum.command, "spectrum");
  assert.deepEqual(spectrum.provenance.data, [join(dir, "a.csv")]);
  assert.equal(spectrum.settings.temperature, 300);
  assert.equal(spectrum.settings.output, undefined, "output paths are not settings");
  assert.deepEqual(
    spectrum.plots?.map((p) => p.file),
    ["ir.csv"],
  );

  const c = await cli(
    "compare",
    join(dir, "ir.csv"),
    join(dir, "b.csv"),
    ...common,
    "-o",
    join(dir, "cmp.png"),
  );
  assert.equal(c.status, 0, c.err);
  const compare = await readRunSummary(join(dir, "cmp.summary.json"));
  const [cmp] = compare.comparisons;
  // the two bands, both matched, B shifted by +10 cm⁻¹ (to the grid's resolution)
  assert.equal(cmp.peaks.length, 2);
  for (const p of cmp.peaks) assert.ok(Math.abs(p.shift_cm! - 10) < 3, `shift ${p.shift_cm}`);
  assert.ok(cmp.overlap.value > 0 && cmp.overlap.value < 1);
  assert.equal(cmp.match_window_cm, 50);

  const before = await readFile(join(dir, "cmp.report.html"), "utf8");
  const rebuilt = await cli("report", dir);
  assert.equal(rebuilt.status, 0, rebuilt.err);
  assert.match(rebuilt.err, /wrote .*cmp\.report\.html\nequimd: wrote .*ir\.report\.html/);
  assert.equal(
    await readFile(join(dir, "cmp.report.html"), "utf8"),
    before,
    "rebuilding gives the same page",
  );
  assert.ok(!existsSync(join(dir, "report.html")), "no page for a summary that does not exist");
  const bad = await cli("report", join(dir, "nowhere"));
  assert.equal(bad.status, 1);
  assert.match(bad.err, /nowhere: no such run directory or summary file/);
});
