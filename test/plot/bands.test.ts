import { test } from "node:test";
import assert from "node:assert/strict";
import { createCanvas, loadImage } from "@napi-rs/canvas";
import { renderLineChart } from "../../src/plot/chart.ts";

/** Fraction of pixels within ±4 of an RGB colour. */
async function fractionOf(png: Buffer, rgb: [number, number, number]): Promise<number> {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const { data } = ctx.getImageData(0, 0, img.width, img.height);
  let hits = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (rgb.every((c, k) => Math.abs(data[i + k] - c) <= 4)) hits++;
  }
  return hits / (data.length / 4);
}

const x = Array.from({ length: 200 }, (_, i) => i * 20);
const y = x.map((v) => Math.exp(-(((v - 1600) / 300) ** 2)));
const lower = y.map((v) => 0.7 * v);
const upper = y.map((v) => 1.3 * v + 0.05);

test("a band is drawn as a shaded region in the series colour, behind the curve", async () => {
  const plain = await renderLineChart({ xLabel: "x", yLabel: "y", series: [{ label: "MD", x, y }] });
  const banded = await renderLineChart({
    xLabel: "x",
    yLabel: "y",
    series: [{ label: "MD", x, y, bands: [{ label: "95 % band", lower, upper }] }],
  });
  // #0072B2 at opacity 0.2 over white
  const tint: [number, number, number] = [204, 227, 240];
  const before = await fractionOf(plain, tint);
  const after = await fractionOf(banded, tint);
  assert.ok(before < 0.001, `no tint without a band: ${before}`);
  assert.ok(after > 0.03, `shaded area ${after}`);
  // a second band in another colour is drawn separately
  const two = await renderLineChart({
    xLabel: "x",
    yLabel: "y",
    series: [
      {
        label: "MD",
        x,
        y,
        bands: [
          { label: "statistical", lower, upper },
          { label: "model", lower: y.map((v) => 0.9 * v), upper: y.map((v) => 1.6 * v), color: "#D55E00" },
        ],
      },
    ],
  });
  // #D55E00 at 0.2 over white, where only the model band is
  assert.ok((await fractionOf(two, [247, 223, 204])) > 0.005, "model band tint");
  await assert.rejects(
    () =>
      renderLineChart({
        xLabel: "x",
        yLabel: "y",
        series: [{ label: "MD", x, y, bands: [{ label: "b", lower: [1, 2], upper }] }],
      }),
    /band 'b' lower has 2 values, x has 200/,
  );
});
