/** Statistical errors of spectra: ensembles of independent trajectories or blocks, bands, bootstrap. */
export * from "./ensemble.ts";
export * from "./blocks.ts";
export * from "./bootstrap.ts";
export * from "./confidence-band.ts";
export * from "./band-statistics.ts";
export * from "./compare-ensembles.ts";
export * from "./measured-temperature.ts";
export * from "./spectrum-ensembles.ts";
export * from "./student-t.ts";
export * from "./spectra-with-errors.ts";
export * from "./model-band.ts";
export * from "./committee-file.ts";
export * from "./kinetic-energy-column.ts";
export * from "./convergence.ts";
