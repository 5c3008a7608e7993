import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCanvas, loadImage } from "@napi-rs/canvas";
import { renderLineChart, writePng } from "../../src/plot/chart.ts";
import { formatCurvesCsv, parseCurvesCsv, readCurvesCsv, writeCurvesCsv } from "../../src/plot/csv.ts";

/** Width and height from the IHDR chunk of a PNG file. */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], "PNG signature");
  assert.equal(png.subarray(12, 16).toString("ascii"), "IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Variance of the grey level over all pixels, and the fraction of white pixels. */
async function pixelStats(png: Buffer): Promise<{ variance: number; white: number; opaque: number }> {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const { data } = ctx.getImageData(0, 0, img.width, img.height);
  let sum = 0;
  let sum2 = 0;
  let white = 0;
  let opaque = 0;
  const n = data.length / 4;
  for (let i = 0; i < data.length; i += 4) {
    const g = (data[i] + data[i + 1] + data[i + 2]) / 3;
    sum += g;
    sum2 += g * g;
    if (g === 255) white++;
    if (data[i + 3] === 255) opaque++;
  }
  const mean = sum / n;
  return { variance: sum2 / n - mean * mean, white: white / n, opaque: opaque / n };
}

const x = Array.from({ length: 400 }, (_, i) => i * 10);
const gauss = x.map((v) => Math.exp(-(((v - 1600) / 40) ** 2)));

test("line chart: PNG of the requested size, white opaque background, not blank", async () => {
  const png = await renderLineChart({
    title: "test spectrum",
    xLabel: "wavenumber (cm⁻¹)",
    yLabel: "intensity (arb. units)",
    series: [
      { label: "MD", x, y: gauss },
      { label: "harmonic", x: [1600, 3700], y: [1, 0.4], style: "sticks" },
      { label: "points", x: [500, 1000], y: [0.2, 0.3], style: "scatter", dashed: true },
    ],
    width: 640,
    height: 360,
    reverseX: true,
  });
  assert.deepEqual(pngSize(png), { width: 640, height: 360 });
  const stats = await pixelStats(png);
  assert.equal(stats.opaque, 1, "every pixel opaque (white background drawn)");
  assert.ok(stats.white > 0.5, `mostly white background, got ${stats.white}`);
  assert.ok(stats.variance > 100, `image has content, grey-level variance ${stats.variance}`);

  const dir = await mkdtemp(join(tmpdir(), "equimd-plot-"));
  const path = join(dir, "sub", "chart.png");
  await writePng(path, png);
  assert.deepEqual(await readFile(path), png);
});

test("rendering is deterministic", async () => {
  const opts = { xLabel: "x (bohr)", yLabel: "y (hartree)", series: [{ label: "g", x, y: gauss }] };
  const a = await renderLineChart({ ...opts, width: 300, height: 200 });
  const b = await renderLineChart({ ...opts, width: 300, height: 200 });
  assert.deepEqual(a, b);
});

test("log axis and ranges render; bad input gives clear errors", async () => {
  const png = await renderLineChart({
    xLabel: "epoch",
    yLabel: "loss (eV²)",
    series: [{ label: "train", x: [1, 2, 3, 4], y: [1, 0.1, 0.03, 0.01] }],
    logY: true,
    xRange: [0, 5],
    width: 200,
    height: 150,
  });
  assert.deepEqual(pngSize(png), { width: 200, height: 150 });
  await assert.rejects(
    renderLineChart({ xLabel: "x", yLabel: "y", series: [{ label: "s", x: [1, 2], y: [1] }] }),
    /series 0 \('s'\): x has 2 values but y has 1/,
  );
  await assert.rejects(renderLineChart({ xLabel: "x", yLabel: "y", series: [] }), /at least one series/);
  await assert.rejects(
    renderLineChart({ xLabel: "x", yLabel: "y", series: [{ label: "s", x: [1], y: [1] }], width: 10 }),
    /width must be an integer between 50/,
  );
});

test("CSV round trip with columns of different lengths", async () => {
  const text = formatCurvesCsv({ "wavenumber_cm-1": [0, 1.5, 3], "ir, a.u.": [1e-12, 2] });
  assert.equal(text, 'wavenumber_cm-1,"ir, a.u."\n0,1e-12\n1.5,2\n3,\n');
  const cols = parseCurvesCsv(text, "x.csv");
  assert.deepEqual(
    cols.map((c) => [c.name, [...c.values]]),
    [
      ["wavenumber_cm-1", [0, 1.5, 3]],
      ["ir, a.u.", [1e-12, 2]],
    ],
  );
  const dir = await mkdtemp(join(tmpdir(), "equimd-csv-"));
  await writeCurvesCsv(join(dir, "a.csv"), [{ name: "x", values: Float64Array.of(0.1, 0.2) }]);
  assert.deepEqual([...(await readCurvesCsv(join(dir, "a.csv")))[0].values], [0.1, 0.2]);
  assert.throws(
    () => parseCurvesCsv("a,b\n1,zz\n", "bad.csv"),
    /bad.csv: line 2, column 'b': expected a number/,
  );
});
