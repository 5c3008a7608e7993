/**
 * Architecture rules (docs/architecture.md): the MD core never touches tensors, the plug-in folders
 * (potentials/, integrators/) depend only on the ground floor src/core, and inside src/ the floors
 * stack: core → io → observers, spectra → simulation → applications (demo, labelling, …) → cli.
 * Cruised: src, potentials, integrators, bench, examples (npm run lint).
 */
module.exports = {
  forbidden: [
    {
      name: "only-potentials-touch-tensors",
      comment: "TensorFlow.js may be imported only under potentials/.",
      severity: "error",
      from: { pathNot: "^potentials/" },
      to: { path: "@tensorflow" },
    },
    {
      name: "only-potentials-run-onnx",
      comment: "onnxruntime (the fast inference path) may be imported only under potentials/.",
      severity: "error",
      from: { pathNot: "^potentials/" },
      to: { path: "onnxruntime|onnx-proto" },
    },
    {
      name: "core-is-ground-floor",
      comment: "src/core imports nothing from the rest of the project.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: "^(src/(?!core/)|potentials/|integrators/)" },
    },
    {
      name: "plugins-depend-on-core-only",
      comment:
        "potentials/ and integrators/ import only src/core (and each other's public files, never src/cli etc.).",
      severity: "error",
      from: { path: "^(potentials|integrators)/" },
      to: { path: "^src/(?!core/)" },
    },
    {
      name: "integrators-not-potentials",
      comment: "Integrators see a Potential only through the interface in src/core.",
      severity: "error",
      from: { path: "^integrators/" },
      to: { path: "^potentials/" },
    },
    {
      name: "observers-see-the-contract-only",
      comment:
        "Observers see an integrator or a potential only through src/core's interfaces (no instanceof); " +
        "they may write files (src/io) and hand series to spectra (src/spectra/time-series.ts only).",
      severity: "error",
      from: { path: "^src/observers/" },
      to: {
        path: "^(integrators/|potentials/|src/(simulation|config|cli|demo|labelling|training|plot|trajectory-comparison)/|src/spectra/(?!time-series\\.ts))",
      },
    },
    {
      name: "spectra-below-the-run-layer",
      comment:
        "Spectra are computed from time series: no integrators, potentials, observers or run layer. " +
        "They read series files (src/io); only plot-spectra.ts draws (src/plot).",
      severity: "error",
      from: { path: "^src/spectra/" },
      to: {
        path: "^(integrators/|potentials/|src/(observers|simulation|config|cli|demo|labelling|training|trajectory-comparison)/)",
      },
    },
    {
      name: "only-plot-spectra-draws",
      comment: "Inside src/spectra only plot-spectra.ts imports src/plot.",
      severity: "error",
      from: { path: "^src/spectra/", pathNot: "^src/spectra/plot-spectra\\.ts$" },
      to: { path: "^src/plot/" },
    },
    {
      name: "io-is-file-formats",
      comment: "src/io (file formats, atomic units ↔ file units) sits on src/core only.",
      severity: "error",
      from: { path: "^src/io/" },
      to: { path: "^(integrators/|potentials/|src/(?!io/|core/))" },
    },
    {
      name: "simulation-below-applications",
      comment:
        "The simulation layer (the one run loop) serves the applications; it never imports them or the CLI.",
      severity: "error",
      from: { path: "^src/simulation/" },
      to: {
        path: "^src/((cli|demo|labelling|training|trajectory-comparison)/|spectra/(?!time-series\\.ts))",
      },
    },
    {
      name: "cli-is-the-top-floor",
      comment: "Nothing in the library imports a CLI command (examples may).",
      severity: "error",
      from: { path: "^(src/(?!cli/)|potentials/|integrators/|bench/)" },
      to: { path: "^src/cli/" },
    },
    {
      name: "interaction-blocks-below-the-model",
      comment:
        "One model concept (potentials/message-passing/) over interchangeable interaction blocks: PaiNN's building blocks (potentials/painn/) import neither ENINet nor the model; ENINet's blocks (potentials/eninet/) build on PaiNN's, never on the model (docs/architecture.md).",
      severity: "error",
      from: { path: "^potentials/(painn|eninet)/" },
      to: { path: "^potentials/(message-passing|fast|committee)/" },
    },
    {
      name: "painn-blocks-not-eninet",
      comment:
        "PaiNN's building blocks do not know ENINet's (the dispatch lives in potentials/message-passing/).",
      severity: "error",
      from: { path: "^potentials/painn/" },
      to: { path: "^potentials/eninet/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
