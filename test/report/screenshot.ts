/**
 * The screenshot of a report page for the docs, taken the way the browser tests see the page:
 *   node --import tsx test/report/screenshot.ts runs/demo/report.html docs/img/report.png [height]
 * (Debian's chromium, headless; the page clipped to `height` CSS pixels, default 1500.)
 */
import { resolve } from "node:path";
import { findChromium, openBrowser } from "./browser.ts";

const [page, out, height = "1500"] = process.argv.slice(2);
if (!page || !out) throw new Error("usage: screenshot.ts <report.html> <out.png> [height]");
const browser = findChromium();
if ("skip" in browser) throw new Error(browser.skip);
const b = await openBrowser(browser.path);
try {
  const p = await b.context.newPage();
  await p.goto(`file://${resolve(page)}`);
  await p.waitForFunction(() => (window as unknown as { equimdCharts?: unknown[] }).equimdCharts?.length);
  await p.screenshot({ path: out, clip: { x: 0, y: 0, width: 1200, height: Number(height) } });
} finally {
  await b.close();
}
