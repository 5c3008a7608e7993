/**
 * Architecture rules (docs/architecture.md): the MD core never touches tensors, and the
 * plug-in folders (potentials/, integrators/) depend only on the ground floor src/core.
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
