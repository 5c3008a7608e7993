/** Committee models: M potentials as one, with their mean and unbiased spread. */
export * from "./committee-statistics.ts";
export * from "./committee-potential.ts";
export * from "./load-committee.ts";
export * from "./calibration.ts";
