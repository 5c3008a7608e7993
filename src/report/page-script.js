/* global Chart, document, window */
// The report page's charts: one chart.js line chart per plot in the embedded data (#report-data).
// Zoom and pan on the x axis (chartjs-plugin-zoom + hammer.js, inlined above), legend entries toggle
// a curve together with its shaded band, tooltips give the values under the cursor.
"use strict";
(function () {
  const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];
  const STICKS = "#7f7f7f";
  const data = JSON.parse(document.getElementById("report-data").textContent);

  function rgba(hex, alpha) {
    const n = parseInt(hex.slice(1), 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }

  /** Points of a curve; sticks become (x, 0) → (x, y) segments separated by gaps. */
  function points(x, y, sticks) {
    const out = [];
    for (let i = 0; i < x.length; i++) {
      if (sticks) out.push({ x: x[i], y: 0 }, { x: x[i], y: y[i] }, { x: x[i], y: null });
      else out.push({ x: x[i], y: y[i] });
    }
    return out;
  }

  const number = (v) => (v === null || v === undefined ? "—" : Number(v).toPrecision(4));

  function datasets(plot) {
    const out = [];
    let colour = 0;
    for (const curve of plot.curves) {
      const sticks = curve.style === "sticks";
      const color = sticks ? STICKS : PALETTE[colour++ % PALETTE.length];
      const main = out.length;
      out.push({
        label: curve.name,
        data: points(curve.x, curve.y, sticks),
        borderColor: color,
        backgroundColor: color,
        borderWidth: sticks ? 2 : 1.6,
        pointRadius: 0,
        pointHoverRadius: sticks ? 0 : 3,
        pointHitRadius: 4,
        tension: 0,
        spanGaps: false,
        parsing: false,
        normalized: true,
        fill: false,
        sticks,
      });
      if (curve.lower && curve.upper) {
        const band = {
          borderWidth: 0,
          pointRadius: 0,
          pointHoverRadius: 0,
          pointHitRadius: 0,
          parsing: false,
        };
        const lower = out.length;
        out.push({
          ...band,
          label: `${curve.name} (lower)`,
          data: points(curve.x, curve.lower),
          fill: false,
          bandOf: main,
        });
        out.push({
          ...band,
          label: `${curve.name} (upper)`,
          data: points(curve.x, curve.upper),
          backgroundColor: rgba(color, 0.22),
          fill: { target: lower },
          bandOf: main,
        });
        out[main].band = { lower: curve.lower, upper: curve.upper };
      }
    }
    return out;
  }

  /** Every line curve on one grid: tooltips can list all curves at the same index. */
  function sameGrid(plot) {
    const lines = plot.curves.filter((c) => c.style !== "sticks");
    if (lines.length !== plot.curves.length) return false;
    return lines.every((c) => c.x.length === lines[0].x.length && c.x.every((v, i) => v === lines[0].x[i]));
  }

  function toggle(chart, index) {
    const visible = !chart.isDatasetVisible(index);
    chart.data.datasets.forEach((ds, j) => {
      if (j === index || ds.bandOf === index) chart.setDatasetVisibility(j, visible);
    });
    chart.update();
  }

  function showRange(chart, element) {
    const x = chart.scales.x;
    element.textContent = `${chart.options.scales.x.title.text}: ${x.min.toFixed(1)} – ${x.max.toFixed(1)}`;
  }

  function makeChart(plot, index) {
    const canvas = document.getElementById(`plot-${index}`);
    const range = document.getElementById(`range-${index}`);
    const one = sameGrid(plot);
    const chart = new Chart(canvas, {
      type: "line",
      data: { datasets: datasets(plot) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        devicePixelRatio: Math.max(window.devicePixelRatio || 1, 2),
        interaction: one
          ? { mode: "index", intersect: false }
          : { mode: "nearest", axis: "x", intersect: false },
        scales: {
          x: {
            type: "linear",
            // the data's own range, with ticks at round numbers inside it
            min: Math.min(...plot.curves.map((c) => Math.min(...c.x))),
            max: Math.max(...plot.curves.map((c) => Math.max(...c.x))),
            title: { display: true, text: plot.xLabel, font: { size: 13 } },
            ticks: { maxTicksLimit: 12 },
          },
          y: { type: "linear", title: { display: true, text: plot.yLabel, font: { size: 13 } } },
        },
        plugins: {
          legend: {
            position: "top",
            labels: { filter: (item, d) => d.datasets[item.datasetIndex].bandOf === undefined, boxHeight: 3 },
            onClick: (_event, item, legend) => toggle(legend.chart, item.datasetIndex),
          },
          tooltip: {
            filter: (item) =>
              item.dataset.bandOf === undefined &&
              item.raw.y !== null &&
              !(item.dataset.sticks && item.raw.y === 0),
            callbacks: {
              title: (items) => (items.length ? `${plot.xLabel}: ${items[0].parsed.x.toFixed(1)}` : ""),
              label: (item) => {
                const band = item.dataset.band;
                const value = `${item.dataset.label}: ${number(item.parsed.y)}`;
                return band
                  ? `${value}  [${number(band.lower[item.dataIndex])}, ${number(band.upper[item.dataIndex])}]`
                  : value;
              },
            },
          },
          zoom: {
            limits: { x: { min: "original", max: "original" } },
            pan: { enabled: true, mode: "x" },
            zoom: {
              mode: "x",
              // a plain wheel scrolls the page; ctrl + wheel (and a touchpad pinch, which sends it) zooms
              wheel: { enabled: true, modifierKey: "ctrl" },
              pinch: { enabled: true },
              drag: { enabled: true, modifierKey: "shift", backgroundColor: "rgba(0, 114, 178, 0.15)" },
            },
          },
        },
      },
      // the shown x range follows every update: zoom, pan, reset, resize
      plugins: [{ id: "equimdRange", afterUpdate: (c) => showRange(c, range) }],
    });
    document.getElementById(`reset-${index}`).addEventListener("click", () => chart.resetZoom());
    return chart;
  }

  window.equimdCharts = data.plots.map(makeChart);
  window.addEventListener("beforeprint", () => {
    for (const d of document.querySelectorAll("details")) d.open = true;
  });
})();
