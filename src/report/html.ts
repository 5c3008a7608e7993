/**
 * The report page as one self-contained HTML text: header and overlap scores, one interactive chart per
 * plot, the matched-peak tables, settings, provenance and any other recorded values, with chart.js,
 * hammer.js, chartjs-plugin-zoom and the page's script and style inlined. A Content-Security-Policy
 * forbids every network request, so the page works (and provably stays) offline.
 *
 * Every text from a summary or a CSV goes through escapeHtml; the chart data travels as JSON in a
 * non-executed <script type="application/json"> with '<' written as \u003c.
 */
import type { Plot } from "./curves.ts";
import { inlineLibraries, pageAssets } from "./libraries.ts";
import {
  SUMMARY_KEYS,
  type ComparisonSummary,
  type PeakRow,
  type Provenance,
  type RunSummary,
  type Score,
} from "./summary-schema.ts";

export interface ReportPage {
  /** The run summary; absent when the directory has none (the page then shows the curves only). */
  summary?: RunSummary;
  plots: Plot[];
  /** Shown in the header when there is no summary title. */
  fallbackTitle: string;
  /** Problems found while reading the run directory (shown on the page). */
  warnings: string[];
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text safe inside HTML elements and quoted attributes. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** JSON safe inside a <script> element: no '<' (so no '</script>' or '<!--'), no U+2028/9. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; " +
  "base-uri 'none'; form-action 'none'";

const cm = (x: number | null) => (x === null ? "—" : x.toFixed(1));

/** A score with its error, the value rounded to the error's second significant digit. */
export function formatScore(s: Score): string {
  const decimals =
    s.error !== undefined && s.error > 0 ? Math.min(6, Math.max(0, 1 - Math.floor(Math.log10(s.error)))) : 3;
  let text = s.value.toFixed(decimals);
  if (s.error !== undefined) text += ` ± ${s.error.toFixed(decimals)}`;
  if (s.lower !== undefined && s.upper !== undefined) {
    text += ` (${s.lower.toFixed(decimals)} – ${s.upper.toFixed(decimals)})`;
  }
  return text;
}

function scoreCards(comparisons: readonly ComparisonSummary[]): string {
  if (comparisons.length === 0) return "";
  const cards = comparisons.map(
    (c) =>
      `<div class="score"><div class="label">overlap · ${escapeHtml(c.name)}</div>` +
      `<div class="value">${escapeHtml(formatScore(c.overlap))}</div>` +
      (c.overlap.method ? `<div class="label">${escapeHtml(c.overlap.method)}</div>` : "") +
      `</div>`,
  );
  return `<div class="scores">${cards.join("")}</div>`;
}

function plotFigure(plot: Plot, i: number): string {
  const names = plot.curves.map((c) => c.name).join("; ");
  const banded = plot.curves.filter((c) => c.lower && c.upper).map((c) => c.name);
  const bands = banded.length > 0 ? ` Shaded: the confidence band of ${banded.join("; ")}.` : "";
  return `<figure class="plot">
<h3>${escapeHtml(plot.title)}</h3>
<div class="controls"><button type="button" id="reset-${i}">Reset zoom</button><span class="range" id="range-${i}"></span></div>
<div class="chart-box"><canvas id="plot-${i}" role="img" aria-label="${escapeHtml(`${plot.title}: ${names}`)}"></canvas></div>
<figcaption class="caption">Curves from <code>${escapeHtml(plot.file)}</code>.${escapeHtml(bands)}</figcaption>
</figure>`;
}

function peakRow(p: PeakRow): string {
  const unmatched = p.reference_cm === null || p.model_cm === null;
  const shift =
    p.shift_cm === null
      ? "—"
      : cm(p.shift_cm) + (p.shift_error_cm !== undefined ? ` ± ${p.shift_error_cm.toFixed(1)}` : "");
  const cells = [cm(p.reference_cm), cm(p.model_cm), shift, p.ratio === null ? "—" : p.ratio.toFixed(2)];
  return `<tr${unmatched ? ' class="unmatched"' : ""}>${cells.map((c) => `<td class="num">${escapeHtml(c)}</td>`).join("")}</tr>`;
}

function peakTable(c: ComparisonSummary): string {
  const windowNote =
    c.match_window_cm !== undefined
      ? ` Peaks more than ${c.match_window_cm} cm⁻¹ apart are not matched.`
      : "";
  return `<h3>${escapeHtml(c.name)}</h3>
<p class="caption">Reference: ${escapeHtml(c.reference)} · model: ${escapeHtml(c.model)}. Positions of the
area-normalised spectra; ratio = model/reference peak height.${escapeHtml(windowNote)}</p>
<table class="peaks" data-comparison="${escapeHtml(c.name)}">
<thead><tr><th class="num">reference (cm⁻¹)</th><th class="num">model (cm⁻¹)</th><th class="num">shift (cm⁻¹)</th><th class="num">ratio</th></tr></thead>
<tbody>
${c.peaks.map(peakRow).join("\n")}
</tbody>
</table>`;
}

/** Flatten nested settings into dotted keys; arrays of plain values become comma lists. */
function flatten(value: unknown, prefix: string, out: [string, string][]): void {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) out.push([prefix, "{}"]);
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (Array.isArray(value) && value.every((v) => v === null || typeof v !== "object")) {
    out.push([prefix, value.map(String).join(", ")]);
  } else if (value !== undefined) {
    out.push([prefix, typeof value === "string" ? value : JSON.stringify(value)]);
  }
}

function keyValueTable(rows: [string, string][], kind: string): string {
  if (rows.length === 0) return `<p class="caption">No ${kind} recorded.</p>`;
  return `<table class="kv" data-kind="${escapeHtml(kind)}"><tbody>
${rows.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join("\n")}
</tbody></table>`;
}

function provenanceRows(p: Provenance): [string, string][] {
  const rows: [string, string][] = [
    ["command line", p.command_line.join(" ")],
    ["model", p.model ?? "—"],
    ["data", p.data.length > 0 ? p.data.join(", ") : "—"],
    ["seed", p.seed === undefined || p.seed === null ? "—" : String(p.seed)],
    ["created", p.created],
  ];
  if (p.git_commit) rows.push(["git commit", p.git_commit]);
  for (const [name, version] of Object.entries(p.versions)) rows.push([`version of ${name}`, version]);
  return rows;
}

/** Display precision of the embedded curves (the CSVs keep every digit): 8 digits in x, 6 in y. */
function compactCurve(c: Plot["curves"][number]): Plot["curves"][number] {
  const round = (digits: number) => (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(digits)) : v);
  return {
    ...c,
    x: c.x.map(round(8)),
    y: c.y.map(round(6)),
    ...(c.lower && c.upper ? { lower: c.lower.map(round(6)), upper: c.upper.map(round(6)) } : {}),
  };
}

/** The complete HTML text of a report page. */
export function reportHtml(page: ReportPage): string {
  const s = page.summary;
  const title = s?.title || page.fallbackTitle;
  const libraries = inlineLibraries();
  const { script, style } = pageAssets();
  const data = {
    plots: page.plots.map((p) => ({
      title: p.title,
      xLabel: p.xLabel,
      yLabel: p.yLabel,
      curves: p.curves.map(compactCurve),
    })),
  };
  // a command's own keys; one that repeats the settings (the demo's `config`) is not shown twice
  const same = (v: unknown) => JSON.stringify(v) === JSON.stringify(s?.settings);
  const extra = s
    ? Object.fromEntries(Object.entries(s).filter(([k, v]) => !SUMMARY_KEYS.has(k) && !same(v)))
    : {};
  const settings: [string, string][] = [];
  if (s) flatten(s.settings, "", settings);

  const parts: string[] = [];
  parts.push(`<header>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${s ? `equimd ${escapeHtml(s.command)} · ${escapeHtml(s.provenance.created)}` : "no summary.json: curves only"}</p>
${s ? scoreCards(s.comparisons) : ""}
</header>`);
  if (page.warnings.length > 0) {
    parts.push(
      `<section id="warnings"><h2>Warnings</h2><ul>${page.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join("")}</ul></section>`,
    );
  }
  parts.push(`<section id="spectra"><h2>Spectra</h2>
<p class="hint">Ctrl + wheel (or pinch) zooms the x axis, drag pans it, shift-drag zooms into a range;
click a legend entry to hide or show its curve (and its shaded band); values appear under the cursor.</p>
${page.plots.length > 0 ? page.plots.map(plotFigure).join("\n") : '<p class="caption">No spectrum CSV found.</p>'}
</section>`);
  if (s && s.comparisons.length > 0) {
    parts.push(
      `<section id="peaks"><h2>Matched peaks</h2>\n${s.comparisons.map(peakTable).join("\n")}\n</section>`,
    );
  }
  if (s?.notes && s.notes.length > 0) {
    parts.push(
      `<section id="notes"><h2>Notes</h2><ul>${s.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul></section>`,
    );
  }
  if (s) {
    parts.push(
      `<section id="settings"><h2>Settings</h2>\n${keyValueTable(settings, "settings")}\n</section>`,
    );
    parts.push(
      `<section id="provenance"><h2>Provenance</h2>\n${keyValueTable(provenanceRows(s.provenance), "provenance")}\n</section>`,
    );
  }
  if (Object.keys(extra).length > 0) {
    parts.push(`<section id="recorded"><h2>Other recorded values</h2>
<details><summary>${escapeHtml(Object.keys(extra).join(", "))}</summary><pre>${escapeHtml(JSON.stringify(extra, null, 2))}</pre></details>
</section>`);
  }
  parts.push(
    `<footer>Written by equimd. Inlined, no network needed: ${libraries
      .map((l) => `${escapeHtml(l.name)} ${escapeHtml(l.version)}`)
      .join(", ")}.</footer>`,
  );

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${escapeHtml(title)}</title>
<style>
${style}
</style>
</head>
<body>
${parts.join("\n")}
${libraries.map((l) => `<script>/* ${escapeHtml(l.name)} ${escapeHtml(l.version)} */\n${l.source}\n</script>`).join("\n")}
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>
${script}
</script>
</body>
</html>
`;
}
