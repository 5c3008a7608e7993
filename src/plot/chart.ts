/**
 * Headless charts: chart.js 4 drawn on an @napi-rs/canvas canvas, written as PNG.
 *
 * Used for spectra, learning curves, parity plots and trajectory comparisons. Deterministic (no
 * animation, fixed palette, device pixel ratio 1), white background, legend, labelled axes.
 * chartjs-node-canvas is not used: its `canvas` dependency does not install on a fresh machine
 * (see the project's tfjs notes); @napi-rs/canvas ships a prebuilt binary.
 */
import { writeFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { createCanvas } from "@napi-rs/canvas";
import {
  Chart,
  Filler,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  LinearScale,
  LogarithmicScale,
  Legend,
  Title,
  type ChartConfiguration,
  type ChartDataset,
  type Plugin,
} from "chart.js";

Chart.register(
  Filler,
  LineController,
  ScatterController,
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  Legend,
  Title,
);
// Fonts with the superscript minus of "cm⁻¹" first (Chart.js's default Helvetica/Arial family maps to
// fonts without it on many Linux machines, which draw a box); the rest as Chart.js has them.
Chart.defaults.font.family = "'DejaVu Sans', 'Noto Sans', 'Helvetica Neue', Helvetica, Arial, sans-serif";

/**
 * A shaded region between two curves on the series' x values (a confidence band): drawn behind the
 * lines, in the series colour (or `color`) at `opacity` (default 0.2), with its own legend entry.
 */
export interface Band {
  label: string;
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  color?: string;
  opacity?: number;
}

/** How a series is drawn: a polyline, vertical sticks from zero (stick spectra) or markers. */
export type SeriesStyle = "line" | "sticks" | "scatter";

export interface Series {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  style?: SeriesStyle;
  /** CSS colour; defaults to the palette entry of the series index. */
  color?: string;
  /** Dashed line (e.g. a reference curve). */
  dashed?: boolean;
  /** Shaded bands around the curve (e.g. a statistical and a model-uncertainty band). */
  bands?: Band[];
}

export interface LineChartOptions {
  title?: string;
  /** Axis labels should carry units, e.g. "wavenumber (cm⁻¹)". */
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Pixels; default 900 × 600. */
  width?: number;
  height?: number;
  xRange?: [number, number];
  yRange?: [number, number];
  /** Draw x decreasing to the right (the usual IR convention). */
  reverseX?: boolean;
  /** Logarithmic y axis (learning curves). */
  logY?: boolean;
}

/** A colour-blind-friendly palette (Okabe–Ito), cycled by series index. */
export const PALETTE = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#CC79A7",
  "#E69F00",
  "#56B4E9",
  "#000000",
  "#F0E442",
] as const;

const whiteBackground: Plugin = {
  id: "equimdWhiteBackground",
  beforeDraw(chart) {
    const ctx = chart.ctx;
    ctx.save();
    ctx.globalCompositeOperation = "destination-over";
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

type Point = { x: number; y: number | null };

/** Points of one series; sticks become (x, 0) → (x, y) segments separated by gaps. */
function points(series: Series, index: number): Point[] {
  const { x, y } = series;
  if (x.length !== y.length) {
    throw new Error(`series ${index} ('${series.label}'): x has ${x.length} values but y has ${y.length}`);
  }
  const out: Point[] = [];
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      throw new Error(`series ${index} ('${series.label}'): x[${i}] is not finite (${x[i]})`);
    }
    const yi = Number.isFinite(y[i]) ? y[i] : null;
    if ((series.style ?? "line") === "sticks") {
      out.push({ x: x[i], y: 0 }, { x: x[i], y: yi }, { x: x[i], y: null });
    } else {
      out.push({ x: x[i], y: yi });
    }
  }
  return out;
}

function dataset(series: Series, index: number): ChartDataset<"line", Point[]> {
  const style = series.style ?? "line";
  const color = series.color ?? PALETTE[index % PALETTE.length];
  return {
    label: series.label,
    data: points(series, index),
    borderColor: color,
    backgroundColor: color,
    borderWidth: style === "sticks" ? 2 : 1.5,
    borderDash: series.dashed ? [6, 4] : undefined,
    showLine: style !== "scatter",
    pointRadius: style === "scatter" ? 2.5 : 0,
    spanGaps: false,
    tension: 0,
    parsing: false,
    normalized: true,
  };
}

/** "#RRGGBB" with an alpha: "rgba(r, g, b, a)". Other CSS colours are returned unchanged. */
function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) return color;
  const [r, g, b] = m.slice(1).map((h) => parseInt(h, 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** The lower and upper edge datasets of a band; the upper one fills down to the lower (absolute index). */
function bandDatasets(
  series: Series,
  band: Band,
  index: number,
  lowerIndex: number,
): ChartDataset<"line", Point[]>[] {
  const color = withAlpha(band.color ?? series.color ?? PALETTE[index % PALETTE.length], band.opacity ?? 0.2);
  const edge = (y: ArrayLike<number>, which: string): Point[] => {
    if (y.length !== series.x.length) {
      throw new Error(
        `series ${index} ('${series.label}'): band '${band.label}' ${which} has ${y.length} values, x has ${series.x.length}`,
      );
    }
    return Array.from({ length: y.length }, (_, i) => ({
      x: series.x[i],
      y: Number.isFinite(y[i]) ? y[i] : null,
    }));
  };
  const common = {
    borderWidth: 0,
    pointRadius: 0,
    tension: 0,
    parsing: false as const,
    normalized: true,
    order: 1, // behind the curves (higher order is drawn first)
    backgroundColor: color,
    borderColor: color,
  };
  return [
    { ...common, label: "", data: edge(band.lower, "lower"), fill: false },
    { ...common, label: band.label, data: edge(band.upper, "upper"), fill: lowerIndex },
  ];
}

/** Render an x–y chart (lines, sticks, scatter) to a PNG buffer. */
export async function renderLineChart(options: LineChartOptions): Promise<Buffer> {
  const width = options.width ?? 900;
  const height = options.height ?? 600;
  for (const [name, v] of [
    ["width", width],
    ["height", height],
  ] as const) {
    if (!Number.isInteger(v) || v < 50 || v > 10000) {
      throw new Error(`chart ${name} must be an integer between 50 and 10000 pixels, got ${v}`);
    }
  }
  if (options.series.length === 0) throw new Error("a chart needs at least one series");
  const canvas = createCanvas(width, height);
  const datasets: ChartDataset<"line", Point[]>[] = options.series.map(dataset);
  const edges = new Set<number>(); // lower edges of bands: no legend entry
  options.series.forEach((s, i) =>
    (s.bands ?? []).forEach((b) => {
      edges.add(datasets.length);
      datasets.push(...bandDatasets(s, b, i, datasets.length));
    }),
  );
  const config: ChartConfiguration<"line", Point[]> = {
    type: "line",
    data: { datasets },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      events: [],
      plugins: {
        title: { display: options.title !== undefined, text: options.title ?? "", font: { size: 16 } },
        legend: {
          display: true,
          position: "top",
          labels: { filter: (item) => item.datasetIndex === undefined || !edges.has(item.datasetIndex) },
        },
      },
      scales: {
        x: {
          type: "linear",
          reverse: options.reverseX ?? false,
          min: options.xRange?.[0],
          max: options.xRange?.[1],
          title: { display: true, text: options.xLabel, font: { size: 14 } },
        },
        y: {
          type: options.logY ? "logarithmic" : "linear",
          min: options.yRange?.[0],
          max: options.yRange?.[1],
          title: { display: true, text: options.yLabel, font: { size: 14 } },
        },
      },
    },
    plugins: [whiteBackground],
  };
  // chart.js types expect a DOM canvas context; @napi-rs/canvas implements the same 2D API.
  const chart = new Chart(canvas.getContext("2d") as unknown as CanvasRenderingContext2D, config);
  try {
    chart.draw();
    return canvas.toBuffer("image/png");
  } finally {
    chart.destroy();
  }
}

/** Write a PNG buffer, creating the parent directory if needed. */
export async function writePng(path: string, png: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, png);
}
