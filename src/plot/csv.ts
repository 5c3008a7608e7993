/**
 * CSV of plotted curves: one header line of column names (with units, e.g. "wavenumber_cm-1"), then one
 * row per index. Columns may differ in length (several curves on different grids); short columns leave
 * empty cells. Numbers are written in full precision (shortest round-trip form).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

export interface CsvColumn {
  name: string;
  values: ArrayLike<number>;
}

/** Columns as an ordered list, or as a record (insertion order kept). */
export type CsvColumns = CsvColumn[] | Record<string, ArrayLike<number>>;

function asList(columns: CsvColumns): CsvColumn[] {
  return Array.isArray(columns)
    ? columns
    : Object.entries(columns).map(([name, values]) => ({ name, values }));
}

function quote(name: string): string {
  return /[",\n]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}

/** Format columns as CSV text. */
export function formatCurvesCsv(columns: CsvColumns): string {
  const list = asList(columns);
  if (list.length === 0) throw new Error("CSV needs at least one column");
  const rows = Math.max(...list.map((c) => c.values.length));
  const lines = [list.map((c) => quote(c.name)).join(",")];
  for (let i = 0; i < rows; i++) {
    lines.push(list.map((c) => (i < c.values.length ? String(c.values[i]) : "")).join(","));
  }
  return lines.join("\n") + "\n";
}

/** Write columns as a CSV file, creating the parent directory if needed. */
export async function writeCurvesCsv(path: string, columns: CsvColumns): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, formatCurvesCsv(columns));
}

function splitLine(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      cells.push(cell);
      cell = "";
    } else cell += ch;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

/**
 * Parse CSV text written by formatCurvesCsv (or any numeric CSV with a header line). Empty cells end a
 * column; a non-numeric cell is an error naming file, line and column.
 */
export function parseCurvesCsv(text: string, fileName = "<csv>"): { name: string; values: Float64Array }[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "" && !l.startsWith("#"));
  if (lines.length < 2) throw new Error(`${fileName}: expected a header line and at least one data row`);
  const names = splitLine(lines[0]);
  const values: number[][] = names.map(() => []);
  for (let r = 1; r < lines.length; r++) {
    const cells = splitLine(lines[r]);
    if (cells.length > names.length) {
      throw new Error(`${fileName}: line ${r + 1} has ${cells.length} cells, header has ${names.length}`);
    }
    cells.forEach((cell, c) => {
      if (cell === "") return;
      const v = Number(cell);
      if (!Number.isFinite(v)) {
        throw new Error(`${fileName}: line ${r + 1}, column '${names[c]}': expected a number, got '${cell}'`);
      }
      values[c].push(v);
    });
  }
  return names.map((name, c) => ({ name, values: Float64Array.from(values[c]) }));
}

/** Read a CSV file of curves. */
export async function readCurvesCsv(path: string): Promise<{ name: string; values: Float64Array }[]> {
  return parseCurvesCsv(await readFile(path, "utf8"), path);
}
