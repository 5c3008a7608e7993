/**
 * Readers for the files xtb 6.x writes next to its input when run as
 * `xtb coord --gfn 2 --grad --json` (checked with xtb 6.5.1):
 *   - `gradient`     Turbomole format: `$grad`, a `cycle = … SCF energy = …` line, nAtoms coordinate lines
 *                    (bohr), nAtoms gradient lines (hartree/bohr, Fortran E format), `$end`;
 *   - `coord.engrad` ORCA-style engrad (named after the input file): atom count, energy (hartree, 12
 *                    decimals), then the 3N gradient components one per line (12 decimals);
 *   - `xtbout.json`  "total energy" (hartree, 8 decimals) and "dipole" (e·bohr, 8 decimals);
 *   - `energy`       Turbomole `$energy` block.
 * All values are in atomic units; nothing is converted here.
 */

export interface XtbResult {
  /** Total energy, hartree. */
  energy: number;
  /** [nAtoms][3] hartree/bohr, = ∂E/∂R (the gradient, not the force). */
  gradient: Float64Array;
  /** [3] e·bohr, when xtb wrote one. */
  dipole?: Float64Array;
}

/** Parse a number in Fortran notation (accepts D exponents). */
function fortranNumber(text: string, where: string): number {
  const x = Number(text.replace(/[dD]/, "E"));
  if (!Number.isFinite(x)) throw new Error(`${where}: expected a number, got '${text}'`);
  return x;
}

/**
 * The last gradient block of a Turbomole `gradient` file.
 * Returns the SCF energy of that cycle (hartree) and the gradient [nAtoms][3] (hartree/bohr).
 */
export function parseTurbomoleGradient(
  text: string,
  nAtoms: number,
  fileName = "gradient",
): { energy: number; gradient: Float64Array } {
  const lines = text.split(/\r?\n/);
  let cycleLine = -1;
  lines.forEach((line, i) => {
    if (/^\s*cycle\s*=/.test(line)) cycleLine = i;
  });
  if (cycleLine < 0) throw new Error(`${fileName}: no 'cycle = … SCF energy = …' line found`);
  const match = /energy\s*=\s*(\S+)/.exec(lines[cycleLine]);
  if (!match) throw new Error(`${fileName}:${cycleLine + 1}: expected 'SCF energy = <value>'`);
  const energy = fortranNumber(match[1], `${fileName}:${cycleLine + 1}`);
  const gradient = new Float64Array(3 * nAtoms);
  const first = cycleLine + 1 + nAtoms; // skip the coordinate lines
  for (let a = 0; a < nAtoms; a++) {
    const lineNo = first + a;
    const fields = (lines[lineNo] ?? "").trim().split(/\s+/);
    if (fields.length !== 3 || fields[0].startsWith("$")) {
      throw new Error(
        `${fileName}:${lineNo + 1}: expected 3 gradient components of atom ${a + 1} of ${nAtoms}, got '${lines[lineNo] ?? "end of file"}'`,
      );
    }
    for (let k = 0; k < 3; k++) gradient[3 * a + k] = fortranNumber(fields[k], `${fileName}:${lineNo + 1}`);
  }
  return { energy, gradient };
}

/** An ORCA-style `.engrad` file: energy (hartree) and gradient [nAtoms][3] (hartree/bohr). */
export function parseEngrad(
  text: string,
  fileName = "coord.engrad",
): { energy: number; gradient: Float64Array } {
  // Data lines are those that are not comments; the first is nAtoms, the second the energy.
  const data: { value: string; line: number }[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (t !== "" && !t.startsWith("#")) data.push({ value: t, line: i + 1 });
  });
  if (data.length < 2) throw new Error(`${fileName}: expected the atom count and the energy, file too short`);
  const nAtoms = Number(data[0].value);
  if (!Number.isInteger(nAtoms) || nAtoms <= 0) {
    throw new Error(`${fileName}:${data[0].line}: expected the number of atoms, got '${data[0].value}'`);
  }
  const energy = fortranNumber(data[1].value, `${fileName}:${data[1].line}`);
  if (data.length < 2 + 3 * nAtoms) {
    throw new Error(`${fileName}: expected ${3 * nAtoms} gradient components, found ${data.length - 2}`);
  }
  const gradient = new Float64Array(3 * nAtoms);
  for (let i = 0; i < 3 * nAtoms; i++) {
    gradient[i] = fortranNumber(data[2 + i].value, `${fileName}:${data[2 + i].line}`);
  }
  return { energy, gradient };
}

/** `xtbout.json` (written with --json): total energy (hartree) and dipole (e·bohr) if present. */
export function parseXtbJson(
  text: string,
  fileName = "xtbout.json",
): { energy: number; dipole?: Float64Array } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${fileName}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const record = json as Record<string, unknown>;
  const energy = record["total energy"];
  if (typeof energy !== "number") throw new Error(`${fileName}: expected a number in field "total energy"`);
  const dipole = record["dipole"];
  if (dipole === undefined) return { energy };
  if (!Array.isArray(dipole) || dipole.length !== 3 || !dipole.every((x) => typeof x === "number")) {
    throw new Error(`${fileName}: field "dipole" must be an array of 3 numbers (e·bohr)`);
  }
  return { energy, dipole: Float64Array.from(dipole as number[]) };
}

/** Write positions (bohr) as a Turbomole `coord` file, which xtb reads in bohr: no unit conversion at all. */
export function formatTurbomoleCoord(
  symbols: readonly string[],
  positions: ArrayLike<number>,
  offset = 0,
): string {
  const lines = ["$coord"];
  symbols.forEach((s, a) => {
    const i = offset + 3 * a;
    const xyz = [positions[i], positions[i + 1], positions[i + 2]].map((x) => x.toFixed(14).padStart(24));
    lines.push(`${xyz.join("")}  ${s.toLowerCase()}`);
  });
  lines.push("$end", "");
  return lines.join("\n");
}
