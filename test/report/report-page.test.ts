/**
 * The HTML report in a real browser (Debian's chromium, headless, through playwright-core): the page
 * loads without console errors or any network request, every chart canvas is drawn, the shaded band
 * is there, a legend click hides a curve and its band, ctrl + wheel zooms and a drag pans the wavenumber
 * axis, shift-drag zooms into the dragged range, the tooltip shows the values under the cursor, the
 * peak table has the comparison's rows, hostile text stays text, and the print style hides the
 * controls; a full-page screenshot is taken. (docs/img/report.png: test/report/screenshot.ts.)
 * Skips, saying why, when no browser is installed.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { findChromium, openBrowser } from "./browser.ts";
import { writeFixtureRun, HOSTILE, type Fixture } from "./fixture.ts";

const browser = findChromium();
const skip = "skip" in browser ? browser.skip : undefined;
if (skip) process.stdout.write(`# report browser tests skipped: ${skip}\n`);

let page: Page;
let fixture: Fixture;
let close: () => Promise<void> = async () => {};
const consoleErrors: string[] = [];
const requests: string[] = [];

before(async () => {
  if (skip) return;
  fixture = await writeFixtureRun();
  const b = await openBrowser((browser as { path: string }).path);
  close = b.close;
  page = await b.context.newPage();
  page.on("console", (m) => {
    // the one warning the page cannot cause: chromium's hint about this test's own pixel readbacks
    if (m.type() === "warning" && m.text().includes("willReadFrequently")) return;
    if (m.type() === "error" || m.type() === "warning") consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => consoleErrors.push(`page error: ${e.message}`));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(`file://${fixture.report}`);
  await page.waitForFunction(() => (window as unknown as { equimdCharts?: unknown[] }).equimdCharts?.length);
});

after(async () => {
  await close();
});

/** Pixel counts of chart `i`: all drawn pixels, opaque pixels of a colour, translucent ones of it. */
async function pixels(i: number, rgb: [number, number, number]) {
  return page.evaluate(
    ({ i, rgb }) => {
      const canvas = document.getElementById(`plot-${i}`) as HTMLCanvasElement;
      const d = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let drawn = 0;
      let line = 0;
      let band = 0;
      for (let k = 0; k < d.length; k += 4) {
        const a = d[k + 3];
        if (a === 0) continue;
        drawn++;
        const near =
          Math.abs(d[k] - rgb[0]) < 40 &&
          Math.abs(d[k + 1] - rgb[1]) < 40 &&
          Math.abs(d[k + 2] - rgb[2]) < 40;
        if (near && a > 200) line++;
        if (near && a >= 30 && a <= 100) band++;
        // a grey line pixel over a band is neither: fine, these are counts, not exact areas
      }
      return { drawn: drawn / (d.length / 4), line, band, total: d.length / 4 };
    },
    { i, rgb },
  );
}

const BLUE: [number, number, number] = [0, 114, 178];
const ORANGE: [number, number, number] = [213, 94, 0];
const GREY: [number, number, number] = [127, 127, 127];

type ChartLike = {
  scales: {
    x: { min: number; max: number; getPixelForValue(v: number): number; getValueForPixel(p: number): number };
  };
  chartArea: { left: number; right: number; top: number; bottom: number };
  legend: { legendHitBoxes: { left: number; top: number; width: number; height: number }[] };
  isDatasetVisible(i: number): boolean;
  tooltip: { opacity: number; title: string[]; body: { lines: string[] }[] };
};

/** Evaluate with chart `i` (window.equimdCharts[i]). */
function withChart<T>(i: number, fn: (chart: ChartLike) => T): Promise<T> {
  return page.evaluate(
    ({ i, body }) => {
      const chart = (window as unknown as { equimdCharts: unknown[] }).equimdCharts[i];
      return new Function("chart", `return (${body})(chart)`)(chart) as T;
    },
    { i, body: fn.toString() },
  );
}

async function canvasOrigin(i: number): Promise<{ x: number; y: number }> {
  const box = await page.locator(`#plot-${i}`).boundingBox();
  assert.ok(box, "canvas has a box");
  return { x: box.x, y: box.y };
}

/** Chart.js handles mouse events in a later animation frame: wait until chart 0 is visible or not. */
const untilVisible = (visible: boolean) =>
  page.waitForFunction(
    (visible) =>
      (window as unknown as { equimdCharts: ChartLike[] }).equimdCharts[0].isDatasetVisible(0) === visible,
    visible,
    { timeout: 5000 },
  );

const xRange = (i: number) => withChart(i, (c) => [c.scales.x.min, c.scales.x.max] as [number, number]);

test("the page loads offline without console errors; every chart canvas is drawn", { skip }, async () => {
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(requests, [`file://${fixture.report}`], "the page made no request of its own");
  const n = await page.locator("canvas").count();
  assert.equal(n, 2);
  for (let i = 0; i < n; i++) {
    const p = await pixels(i, BLUE);
    assert.ok(p.drawn > 0.02, `canvas ${i} is blank (${(100 * p.drawn).toFixed(2)} % drawn)`);
    assert.ok(p.line > 200, `canvas ${i}: the model curve is not drawn (${p.line} px)`);
  }
  assert.deepEqual(await xRange(0), [400, 4000], "x axis spans the data");
  const sticks = await pixels(1, GREY);
  assert.ok(sticks.line > 100, `the harmonic sticks are not drawn (${sticks.line} px)`);
});

test("hostile text from the summary is shown as text, never run", { skip }, async () => {
  assert.equal(await page.evaluate(() => document.querySelectorAll("img").length), 0);
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  assert.equal(await page.locator("h1").textContent(), `Test run ${HOSTILE}`);
  const html = await readFile(fixture.report, "utf8");
  assert.ok(!html.includes(HOSTILE), "the raw text never appears unescaped in the file");
});

test(
  "the peak table has one row per matched and unmatched peak, with the comparison's numbers",
  { skip },
  async () => {
    const c = fixture.comparison;
    const rows = await page
      .locator("table.peaks tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent!.trim())),
      );
    assert.equal(c.matches.length, 4, "fixture: four bands matched");
    assert.equal(rows.length, c.matches.length + c.unmatchedA.length + c.unmatchedB.length);
    const matched = rows.filter((r) => !r.includes("—"));
    assert.deepEqual(
      matched,
      c.matches.map((m) => [
        m.a.position.toFixed(1),
        m.b.position.toFixed(1),
        m.shift.toFixed(1),
        m.ratio.toFixed(2),
      ]),
    );
    assert.deepEqual(
      rows.filter((r) => r[1] === "—").map((r) => r[0]),
      c.unmatchedA.map((p) => p.position.toFixed(1)),
    );
    // the overlap with its error: 0.0043 → two significant digits of the error, the value to match
    assert.equal(await page.locator(".score .value").textContent(), `${c.overlap.toFixed(4)} ± 0.0043`);
  },
);

test(
  "the shaded band is drawn; a legend click hides the curve and its band, a second shows them",
  { skip },
  async () => {
    const before = await pixels(0, BLUE);
    assert.ok(before.band > 500, `no shaded band (${before.band} translucent blue px)`);
    const box = await withChart(0, (c) => c.legend.legendHitBoxes[0]);
    const o = await canvasOrigin(0);
    await page.mouse.click(o.x + box.left + box.width / 2, o.y + box.top + box.height / 2);
    await untilVisible(false);
    const hidden = await pixels(0, BLUE);
    assert.ok(hidden.line < before.line / 20, `curve still drawn: ${hidden.line} of ${before.line} px`);
    assert.ok(hidden.band < before.band / 20, `band still drawn: ${hidden.band} of ${before.band} px`);
    const orange = await pixels(0, ORANGE);
    assert.ok(orange.line > 200, "the reference curve stays");
    await page.mouse.click(o.x + box.left + box.width / 2, o.y + box.top + box.height / 2);
    await untilVisible(true);
    const shown = await pixels(0, BLUE);
    assert.equal(shown.line, before.line);
    assert.equal(shown.band, before.band);
  },
);

test(
  "ctrl + wheel zooms, drag pans, shift-drag zooms to the range, reset restores the axis",
  { skip },
  async () => {
    const o = await canvasOrigin(0);
    const area = await withChart(0, (c) => c.chartArea);
    const cx = o.x + (area.left + area.right) / 2;
    const cy = o.y + (area.top + area.bottom) / 2;
    const [min0, max0] = await xRange(0);

    await page.mouse.move(cx, cy);
    await page.keyboard.down("Control");
    for (let k = 0; k < 5; k++) await page.mouse.wheel(0, -100);
    await page.keyboard.up("Control");
    const [min1, max1] = await xRange(0);
    // a plain wheel scrolls the page and leaves the axis alone
    await page.mouse.wheel(0, 100);
    await page.waitForFunction(() => window.scrollY > 0, undefined, { timeout: 5000 });
    assert.deepEqual(await xRange(0), [min1, max1], "a plain wheel does not zoom");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForFunction(() => window.scrollY === 0, undefined, { timeout: 5000 });
    assert.ok(max1 - min1 < 0.8 * (max0 - min0), `wheel did not zoom: ${min1}–${max1}`);
    assert.ok(min1 > min0 && max1 < max0, "zoomed around the cursor, inside the data");
    assert.match((await page.locator("#range-0").textContent())!, new RegExp(min1.toFixed(1)));

    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let k = 1; k <= 10; k++) await page.mouse.move(cx + 15 * k, cy);
    await page.mouse.up();
    const [min2, max2] = await xRange(0);
    assert.ok(min2 < min1 - 1, `drag right did not pan towards lower wavenumbers: ${min1} → ${min2}`);
    assert.ok(Math.abs(max2 - min2 - (max1 - min1)) < 1e-6 * max0, "panning keeps the width");

    await page.locator("#reset-0").click();
    assert.deepEqual(await xRange(0), [min0, max0]);

    const [from, to] = [1000, 1200];
    const px = await withChart(0, (c) => [
      c.scales.x.getPixelForValue(1000),
      c.scales.x.getPixelForValue(1200),
    ]);
    await page.keyboard.down("Shift");
    await page.mouse.move(o.x + px[0], cy);
    await page.mouse.down();
    for (let k = 1; k <= 10; k++) await page.mouse.move(o.x + px[0] + ((px[1] - px[0]) * k) / 10, cy);
    await page.mouse.up();
    await page.keyboard.up("Shift");
    const [min3, max3] = await xRange(0);
    const pixelWidth = (max0 - min0) / (area.right - area.left);
    assert.ok(
      Math.abs(min3 - from) < 2 * pixelWidth && Math.abs(max3 - to) < 2 * pixelWidth,
      `${min3}–${max3}`,
    );
    await page.locator("#reset-0").click();
  },
);

test("the tooltip gives the values under the cursor, with the band", { skip }, async () => {
  const o = await canvasOrigin(0);
  const at = await withChart(0, (c) => [
    c.scales.x.getPixelForValue(2000),
    (c.chartArea.top + c.chartArea.bottom) / 2,
  ]);
  await page.mouse.move(o.x + at[0], o.y + at[1]);
  await page.waitForFunction(
    () => (window as unknown as { equimdCharts: ChartLike[] }).equimdCharts[0].tooltip.opacity === 1,
    undefined,
    { timeout: 5000 },
  );
  const tip = await withChart(0, (c) => ({
    opacity: c.tooltip.opacity,
    title: c.tooltip.title,
    body: c.tooltip.body,
  }));
  assert.equal(tip.opacity, 1);
  const x = Number(/: ([\d.]+)$/.exec(tip.title[0])![1]);
  assert.ok(Math.abs(x - 2000) <= 4, `tooltip at ${x} cm⁻¹`);
  const lines = tip.body.flatMap((b) => b.lines);
  assert.equal(lines.length, 2, lines.join(" | "));
  assert.match(lines[0], /^model \[km\/mol\/cm-1\]: [\d.e+-]+ {2}\[[\d.e+-]+, [\d.e+-]+\]$/);
  assert.match(lines[1], /^reference \[km\/mol\/cm-1\]: [\d.e+-]+$/);
});

test("print: the controls are hidden, the page prints to PDF; a full-page screenshot", { skip }, async () => {
  await page.mouse.move(0, 0);
  const shot = join(fixture.dir, "report.png");
  await page.screenshot({ path: shot, fullPage: true });
  const png = await readFile(shot);
  assert.ok(png.length > 20000, `screenshot of ${png.length} bytes`);

  await page.emulateMedia({ media: "print" });
  assert.equal(
    await page
      .locator(".controls")
      .first()
      .evaluate((e) => getComputedStyle(e).display),
    "none",
  );
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-");
  await page.emulateMedia({ media: "screen" });
  assert.deepEqual(consoleErrors, [], "no console errors during the whole session");
});
