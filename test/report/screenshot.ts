/**
 * The screenshot of a report page for the docs, taken the way the browser tests see the page:
 *   node --import tsx test/report/screenshot.ts runs/demo/report.html docs/img/report.png [height] [hover]
 * (Debian's chromium, headless, 1200 CSS pixels wide, the top `height` pixels (default 1000); with
 * `hover` a wavenumber in cm⁻¹, the cursor rests there on the first chart to show its tooltip.)
 */
import { resolve } from "node:path";
import { findChromium, openBrowser } from "./browser.ts";

type Chart = {
  scales: { x: { getPixelForValue(v: number): number } };
  chartArea: { top: number; bottom: number };
};

const [page, out, height = "1000", hover] = process.argv.slice(2);
if (!page || !out) throw new Error("usage: screenshot.ts <report.html> <out.png> [height] [hover cm-1]");
const browser = findChromium();
if ("skip" in browser) throw new Error(browser.skip);
const b = await openBrowser(browser.path);
try {
  const p = await b.context.newPage();
  await p.goto(`file://${resolve(page)}`);
  await p.waitForFunction(() => (window as unknown as { equimdCharts?: unknown[] }).equimdCharts?.length);
  if (hover !== undefined) {
    const box = (await p.locator("#plot-0").boundingBox())!;
    const at = await p.evaluate((x) => {
      const c = (window as unknown as { equimdCharts: Chart[] }).equimdCharts[0];
      return [
        c.scales.x.getPixelForValue(x),
        c.chartArea.top + 0.35 * (c.chartArea.bottom - c.chartArea.top),
      ];
    }, Number(hover));
    await p.mouse.move(box.x + at[0], box.y + at[1]);
    await p.waitForTimeout(300);
  }
  await p.screenshot({
    path: out,
    fullPage: true,
    clip: { x: 0, y: 0, width: 1200, height: Number(height) },
  });
} finally {
  await b.close();
}
