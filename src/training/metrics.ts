/**
 * Error metrics of predictions against labels: mean absolute error and root mean squared error per
 * property, over all labelled components (per frame for energies, per atom·xyz for forces, per component
 * for dipoles and polarizabilities), converted to the user's units for printing.
 */
import { forceFactor, unitFactor } from "../core/index.ts";
import type { DatasetUnits, Label } from "./dataset.ts";

import type { ErrorStats } from "../statistics/error-statistics.ts";
export { ErrorAccumulator, scaleStats, type ErrorStats } from "../statistics/error-statistics.ts";

/** Factor a.u. → user unit divides by this (value_user = value_au / factor). */
export function userUnitFactor(label: Label, units: DatasetUnits): number {
  switch (label) {
    case "energy":
      return unitFactor("energy", units.energy ?? "hartree");
    case "forces":
      return forceFactor(units.forces ?? "hartree/bohr");
    case "dipole":
      return unitFactor("dipole", units.dipole ?? "e*bohr");
    case "polarizability":
      return unitFactor("polarizability", units.polarizability ?? "bohr^3");
  }
}

/** The unit name shown next to a metric. */
export function userUnitName(label: Label, units: DatasetUnits): string {
  const fallback = { energy: "hartree", forces: "hartree/bohr", dipole: "e*bohr", polarizability: "bohr^3" };
  return units[label] ?? fallback[label];
}

/** One line per property: 'energy  MAE 0.0123  RMSE 0.0200 eV  (n = 100)'. */
export function formatMetrics(metrics: Partial<Record<Label, ErrorStats>>, units: DatasetUnits): string[] {
  return (Object.entries(metrics) as [Label, ErrorStats][])
    .filter(([, s]) => s.count > 0)
    .map(
      ([label, s]) =>
        `${label.padEnd(15)} MAE ${s.mae.toPrecision(4).padStart(10)}  RMSE ${s.rmse.toPrecision(4).padStart(10)} ${userUnitName(label, units)}  (n = ${s.count})`,
    );
}
