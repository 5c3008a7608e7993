/**
 * Conversion of the psi4 driver's answers (potentials/psi4/driver.py) to atomic units.
 *
 * psi4 ≤ 1.3 stores the SCF dipole as "SCF DIPOLE X/Y/Z" in debye, psi4 ≥ 1.4 as the array "SCF DIPOLE"
 * in e·bohr; the driver says which in `dipole_unit`. Static CPHF polarizabilities ("DIPOLE POLARIZABILITY
 * XY") are in atomic units (bohr³), energies in hartree and gradients in hartree/bohr in every version.
 */
import { unitFactor } from "../../src/core/units.ts";

/** One answer line of driver.py, as parsed JSON. */
export interface Psi4Answer {
  id: number;
  ok: boolean;
  energy?: number;
  dipole?: number[];
  dipole_unit?: string;
  polarizability?: number[];
  gradient?: number[];
  seconds?: number;
  error?: string;
  traceback?: string;
  output_tail?: string;
}

export interface Psi4Result {
  /** hartree */
  energy: number;
  /** [nAtoms][3] hartree/bohr (= −gradient), if asked for. */
  forces?: Float64Array;
  /** [3] e·bohr, if asked for. */
  dipole?: Float64Array;
  /** [3][3] bohr³ row-major, if asked for. */
  polarizability?: Float64Array;
}

/** Turn a successful driver answer into atomic units; `where` names the request in errors. */
export function convertPsi4Answer(answer: Psi4Answer, nAtoms: number, where: string): Psi4Result {
  if (!answer.ok) {
    const tail = answer.output_tail ? `\n--- end of psi4 output ---\n${answer.output_tail}` : "";
    throw new Error(`psi4 failed on ${where}: ${answer.error ?? "unknown error"}${tail}`);
  }
  if (typeof answer.energy !== "number") throw new Error(`psi4 driver answer for ${where} has no "energy"`);
  const result: Psi4Result = { energy: answer.energy };
  if (answer.dipole !== undefined) {
    if (answer.dipole.length !== 3)
      throw new Error(`psi4 driver answer for ${where}: "dipole" needs 3 numbers`);
    const unit = answer.dipole_unit ?? "debye";
    const f = unitFactor("dipole", unit === "e*bohr" ? "e*bohr" : unit);
    result.dipole = Float64Array.from(answer.dipole, (x) => x * f);
  }
  if (answer.polarizability !== undefined) {
    if (answer.polarizability.length !== 9) {
      throw new Error(`psi4 driver answer for ${where}: "polarizability" needs 9 numbers (3×3, bohr³)`);
    }
    result.polarizability = Float64Array.from(answer.polarizability);
  }
  if (answer.gradient !== undefined) {
    if (answer.gradient.length !== 3 * nAtoms) {
      throw new Error(
        `psi4 driver answer for ${where}: "gradient" has ${answer.gradient.length} numbers, expected ${3 * nAtoms}`,
      );
    }
    result.forces = Float64Array.from(answer.gradient, (g) => -g);
  }
  return result;
}
