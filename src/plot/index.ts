/** Plotting: PNG charts (chart.js on @napi-rs/canvas) and CSV of the plotted curves. */
export * from "./chart.ts";
export * from "./csv.ts";
