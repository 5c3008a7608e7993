/**
 * The browser libraries inlined into every report (so that a page needs no network when viewed):
 * chart.js (the library of the PNG plots too), hammer.js (touch and drag gestures) and
 * chartjs-plugin-zoom, read from their installed packages, and the report's own script and style.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export interface InlineLibrary {
  name: string;
  version: string;
  source: string;
}

const require = createRequire(import.meta.url);

/** Root directory of an installed package: the nearest folder above a file it exports whose package.json names it. */
function packageRoot(resolved: string, name: string): string {
  for (let dir = dirname(resolved); dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === name)
      return dir;
  }
  throw new Error(`cannot find the package.json of ${name} above ${resolved}`);
}

function library(name: string, root: string, file: string): InlineLibrary {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  const source = readFileSync(join(root, file), "utf8");
  // Inside <script> the text "</script" would end the element early.
  if (/<\/script/i.test(source)) throw new Error(`${name}/${file} contains '</script' and cannot be inlined`);
  return { name, version: pkg.version, source };
}

let cached: InlineLibrary[] | undefined;

/** chart.js, hammer.js, chartjs-plugin-zoom, in the order the page loads them. */
export function inlineLibraries(): InlineLibrary[] {
  if (cached) return cached;
  const chart = packageRoot(require.resolve("chart.js"), "chart.js");
  const zoomEntry = require.resolve("chartjs-plugin-zoom");
  const zoom = packageRoot(zoomEntry, "chartjs-plugin-zoom");
  // hammer.js is the zoom plugin's dependency: resolve it from there.
  const hammer = packageRoot(createRequire(zoomEntry).resolve("hammerjs"), "hammerjs");
  cached = [
    library("chart.js", chart, "dist/chart.umd.min.js"),
    library("hammerjs", hammer, "hammer.min.js"),
    library("chartjs-plugin-zoom", zoom, "dist/chartjs-plugin-zoom.min.js"),
  ];
  return cached;
}

/** The report's own script and style sheet (src/report/page-script.js, page.css). */
export function pageAssets(): { script: string; style: string } {
  const read = (file: string) => readFileSync(new URL(file, import.meta.url), "utf8");
  return { script: read("./page-script.js"), style: read("./page.css") };
}
