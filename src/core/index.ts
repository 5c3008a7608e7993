export * from "./units.ts";
export * from "./elements.ts";
export * from "./system.ts";
export * from "./cell.ts";
export * from "./potential.ts";
export * from "./integrator.ts";
export * from "./observer.ts";
export * from "./random.ts";
