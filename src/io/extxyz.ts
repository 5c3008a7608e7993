/**
 * Extended XYZ (extxyz) files, compatible with ASE's reader and writer.
 *
 * A frame is: line 1 the number of atoms N; line 2 key=value pairs (see extxyz-info.ts), among them
 * `Properties=name:type:count:…` describing the per-atom columns (types S string, R real, I integer,
 * L logical); then N lines of whitespace-separated columns. A file holds any number of frames.
 * Without a Properties key (plain XYZ) the columns are `species:S:1:pos:R:3`.
 *
 * Column names are mapped as ASE maps them: species → symbols, pos → positions, Z → numbers,
 * charge → charges. Units are the file's (ASE convention: Å, eV, eV/Å, e·Å, Å³); src/io/frames.ts
 * converts to equimd's atomic units.
 *
 * Numbers are written as the shortest decimal that reads back to the same double, so a round trip
 * is exact to the bit.
 */
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { atomicNumber, elementSymbol } from "../core/elements.ts";
import { formatKeyValue, formatNumber, parseKeyValues, parseNumber, type InfoValue } from "./extxyz-info.ts";
import { readLines } from "./line-reader.ts";
import { checkIsText } from "./text-content.ts";
import { withPath } from "./file-error.ts";

export type { InfoValue } from "./extxyz-info.ts";

/** Type letter of a numeric per-atom column: R real, I integer, L logical (stored as 1/0). */
export type NumericColumnType = "R" | "I" | "L";

export interface Frame {
  /** Element symbols, one per atom. */
  symbols: string[];
  /** [nAtoms][3] as in the file (Å by ASE convention). */
  positions: Float64Array;
  /** Per-frame key=value pairs (energy, dipole, Lattice, pbc, time, step, …), Properties excluded. */
  info: Record<string, InfoValue>;
  /** Per-atom columns other than species/pos, e.g. forces, momenta, velocities, charges: [nAtoms][width]. */
  arrays: Record<string, Float64Array | string[]>;
  /** Types of numeric arrays that are not real (I or L), so that a round trip keeps them; default R. */
  columnTypes?: Record<string, NumericColumnType>;
}

interface Column {
  /** Name in the file (e.g. pos, species, forces). */
  fileName: string;
  /** Name in a Frame (e.g. positions, symbols, forces). */
  name: string;
  type: "S" | NumericColumnType;
  count: number;
}

const FILE_TO_FRAME: Record<string, string> = {
  pos: "positions",
  species: "symbols",
  Z: "numbers",
  charge: "charges",
};
const FRAME_TO_FILE: Record<string, string> = Object.fromEntries(
  Object.entries(FILE_TO_FRAME).map(([k, v]) => [v, k]),
);
const PLAIN_XYZ = "species:S:1:pos:R:3";

/** Parse a Properties= specification into columns. Throws (without location) if malformed. */
function parseProperties(spec: string): Column[] {
  const fields = spec.split(":");
  if (fields.length % 3 !== 0 || fields.some((f) => f === "")) {
    throw new Error(`malformed Properties='${spec}': expected name:type:count triples such as ${PLAIN_XYZ}`);
  }
  const columns: Column[] = [];
  for (let k = 0; k < fields.length; k += 3) {
    const [fileName, type, countText] = fields.slice(k, k + 3);
    if (!["S", "R", "I", "L"].includes(type)) {
      throw new Error(`malformed Properties: column '${fileName}' has type '${type}'; expected S, R, I or L`);
    }
    const count = Number(countText);
    if (!/^\d+$/.test(countText) || count < 1) {
      throw new Error(
        `malformed Properties: column '${fileName}' has count '${countText}'; expected a positive integer`,
      );
    }
    columns.push({
      fileName,
      name: FILE_TO_FRAME[fileName] ?? fileName,
      type: type as Column["type"],
      count,
    });
  }
  const hasSpecies = columns.some((c) => (c.name === "symbols" && c.type === "S") || c.name === "numbers");
  const pos = columns.find((c) => c.name === "positions");
  if (!hasSpecies) throw new Error(`malformed Properties='${spec}': no species:S:1 (or Z:I:1) column`);
  if (!pos || pos.type !== "R" || pos.count !== 3) {
    throw new Error(`malformed Properties='${spec}': expected a pos:R:3 column`);
  }
  return columns;
}

/**
 * Push parser: feed it lines one by one; it returns a Frame when one is complete. Shared by the
 * whole-file reader and the streaming reader so that both give the same frames and errors.
 */
export class ExtxyzParser {
  private nAtoms = -1;
  private frameStart = 0;
  private columns: Column[] = [];
  private nTokens = 0;
  private info: Record<string, InfoValue> = {};
  private rows: string[][] = [];

  constructor(private readonly fileName: string) {}

  /** Is the parser between frames (nothing half read)? */
  get idle(): boolean {
    return this.nAtoms < 0;
  }

  private fail(line: number, message: string): never {
    throw new Error(`${this.fileName}:${line}: ${message}`);
  }

  feed(text: string, line: number): Frame | undefined {
    if (this.nAtoms < 0) {
      if (text.trim() === "") return undefined; // blank lines between frames
      const t = text.trim();
      if (!/^\d+$/.test(t))
        this.fail(line, `expected the number of atoms (a non-negative integer), got '${t}'`);
      this.nAtoms = Number(t);
      this.frameStart = line;
      this.columns = [];
      this.rows = [];
      return undefined;
    }
    if (this.columns.length === 0) {
      this.readComment(text, line);
      return this.rows.length === this.nAtoms ? this.complete(line) : undefined;
    }
    const tokens = text.trim().split(/\s+/);
    if (tokens.length !== this.nTokens || text.trim() === "") {
      const spec = this.columns.map((c) => `${c.fileName}:${c.type}:${c.count}`).join(":");
      this.fail(
        line,
        `expected ${this.nTokens} columns (Properties=${spec}) for atom ${this.rows.length + 1} of ` +
          `${this.nAtoms} in the frame starting at line ${this.frameStart}, got ${text.trim() === "" ? 0 : tokens.length}`,
      );
    }
    this.rows.push(tokens);
    return this.rows.length === this.nAtoms ? this.complete(line) : undefined;
  }

  /** Call at the end of the input: throws if a frame was left incomplete. */
  finish(lastLine: number): void {
    if (this.nAtoms < 0) return;
    const what =
      this.columns.length === 0 ? "the comment line" : `${this.nAtoms} atom lines, found ${this.rows.length}`;
    throw new Error(
      `${this.fileName}:${lastLine}: file ends inside the frame starting at line ${this.frameStart}: expected ${what} ` +
        `(wrong atom count on line ${this.frameStart}?)`,
    );
  }

  private readComment(text: string, line: number): void {
    let info: Record<string, InfoValue>;
    try {
      // Plain XYZ: a comment without any key=value pair is kept whole, as free text.
      info = text.includes("=") ? parseKeyValues(text) : text.trim() === "" ? {} : { comment: text };
    } catch (e) {
      // A plain XYZ comment that is not key=value text is kept whole, as ASE does.
      info = { comment: text };
      if (text.includes("Properties=")) this.fail(line, (e as Error).message);
    }
    const spec = info.Properties;
    delete info.Properties;
    if (spec !== undefined && typeof spec !== "string")
      this.fail(line, `Properties must be a string, got ${spec}`);
    try {
      this.columns = parseProperties(spec ?? PLAIN_XYZ);
    } catch (e) {
      this.fail(line, (e as Error).message);
    }
    this.nTokens = this.columns.reduce((s, c) => s + c.count, 0);
    this.info = info;
  }

  private complete(line: number): Frame {
    const n = this.nAtoms;
    const frame: Frame = { symbols: [], positions: new Float64Array(3 * n), info: this.info, arrays: {} };
    let first = 0;
    const firstLine = line - n + 1;
    for (const col of this.columns) {
      if (col.type === "S") {
        const values = this.rows.map(
          (r, a) => (col.count === 1 ? r[first] : r.slice(first, first + col.count).join(" ")) ?? `${a}`,
        );
        if (col.name === "symbols") {
          frame.symbols = values.map((s, a) => {
            try {
              return elementSymbol(atomicNumber(s));
            } catch (e) {
              return this.fail(firstLine + a, (e as Error).message);
            }
          });
        } else frame.arrays[col.name] = values;
      } else {
        const values = new Float64Array(n * col.count);
        for (let a = 0; a < n; a++) {
          for (let k = 0; k < col.count; k++) {
            const token = this.rows[a][first + k];
            const v = col.type === "L" ? logical(token) : parseNumber(token);
            if (v === undefined || (col.type === "I" && !Number.isInteger(v))) {
              const expected = col.type === "L" ? "T or F" : col.type === "I" ? "an integer" : "a number";
              this.fail(
                firstLine + a,
                `column ${first + k + 1} (${col.fileName}): expected ${expected}, got '${token}'`,
              );
            }
            values[a * col.count + k] = v;
          }
        }
        if (col.name === "positions") frame.positions = values;
        else {
          frame.arrays[col.name] = values;
          if (col.type !== "R") (frame.columnTypes ??= {})[col.name] = col.type;
        }
      }
      first += col.count;
    }
    if (frame.symbols.length === 0) {
      const z = frame.arrays.numbers as Float64Array;
      frame.symbols = Array.from(z, (zi, a) => {
        try {
          return elementSymbol(zi);
        } catch (e) {
          return this.fail(firstLine + a, (e as Error).message);
        }
      });
    }
    this.nAtoms = -1;
    this.columns = [];
    return frame;
  }
}

function logical(token: string): number | undefined {
  if (token === "T" || token === "True" || token === "1") return 1;
  if (token === "F" || token === "False" || token === "0") return 0;
  return undefined;
}

/** Parse the whole text of an extxyz file (fileName is used in error messages). */
export function parseExtxyz(text: string, fileName = "<extxyz>"): Frame[] {
  const parser = new ExtxyzParser(fileName);
  const frames: Frame[] = [];
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  lines.forEach((l, i) => {
    const f = parser.feed(l, i + 1);
    if (f) frames.push(f);
  });
  parser.finish(lines.length);
  return frames;
}

/** Read all frames of an extxyz file; a name ending in `.gz` is gunzipped first. */
export async function readExtxyz(path: string): Promise<Frame[]> {
  const raw = readFileSync(path);
  const bytes = path.endsWith(".gz") ? gunzipOrExplain(path, raw) : raw;
  checkIsText(path, bytes, "extxyz/xyz text");
  return parseExtxyz(bytes.toString("utf8"), path);
}

/** The decompressed bytes of a .gz file, or an error naming it. */
function gunzipOrExplain(path: string, bytes: Buffer): Buffer {
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new Error(`${path}: cannot decompress it (${(e as Error).message}); is it really gzip?`, {
      cause: e,
    });
  }
}

/** A frame with where it starts in the file (byte offset and line), from `iterateExtxyzWithOffsets`. */
export interface LocatedFrame {
  frame: Frame;
  offset: number;
  line: number;
}

/** Stream the frames of a file with their byte offsets (used to truncate a trajectory on resume). */
export async function* iterateExtxyzWithOffsets(path: string): AsyncGenerator<LocatedFrame> {
  const parser = new ExtxyzParser(path);
  let start = { offset: 0, line: 1 };
  let last = 0;
  for await (const line of readLines(path)) {
    if (parser.idle) start = { offset: line.offset, line: line.number };
    const frame = parser.feed(line.text, line.number);
    last = line.number;
    if (frame) yield { frame, ...start };
  }
  parser.finish(last);
}

/**
 * Stream the frames of a (large) extxyz file one by one, reading it line by line; a name ending in
 * `.gz` is gunzipped as it streams (src/io/line-reader.ts).
 */
export async function* iterateExtxyz(path: string): AsyncGenerator<Frame> {
  for await (const { frame } of iterateExtxyzWithOffsets(path)) yield frame;
}

/** Width (values per atom) of a per-atom array. */
function widthOf(name: string, values: Float64Array | string[], nAtoms: number): number {
  if (nAtoms === 0) return 1;
  const w = values.length / nAtoms;
  if (!Number.isInteger(w) || w < 1) {
    throw new Error(`per-atom array '${name}' has ${values.length} values for ${nAtoms} atoms`);
  }
  return w;
}

/** Format one frame as extxyz text (ending with a newline). */
export function formatExtxyzFrame(frame: Frame): string {
  const n = frame.symbols.length;
  if (frame.positions.length !== 3 * n) {
    throw new Error(
      `frame has ${n} symbols but ${frame.positions.length} position values (expected ${3 * n})`,
    );
  }
  const columns: {
    name: string;
    type: "S" | NumericColumnType;
    width: number;
    values: Float64Array | string[];
  }[] = [
    { name: "symbols", type: "S", width: 1, values: frame.symbols },
    { name: "positions", type: "R", width: 3, values: frame.positions },
  ];
  for (const [name, values] of Object.entries(frame.arrays)) {
    const type = Array.isArray(values) ? "S" : (frame.columnTypes?.[name] ?? "R");
    columns.push({ name, type, width: widthOf(name, values, n), values });
  }
  const spec = columns.map((c) => `${FRAME_TO_FILE[c.name] ?? c.name}:${c.type}:${c.width}`).join(":");
  const pairs: string[] = [];
  if (frame.info.Lattice !== undefined) pairs.push(formatKeyValue("Lattice", frame.info.Lattice));
  pairs.push(`Properties=${spec}`);
  for (const [key, value] of Object.entries(frame.info)) {
    if (key !== "Lattice" && key !== "Properties") pairs.push(formatKeyValue(key, value));
  }
  const out: string[] = [`${n}`, pairs.join(" ")];
  for (let a = 0; a < n; a++) {
    const cells: string[] = [];
    for (const c of columns) {
      for (let k = 0; k < c.width; k++) {
        const v = c.values[a * c.width + k];
        if (typeof v === "string") cells.push(c.name === "symbols" ? v.padEnd(2) : v);
        else if (c.type === "L") cells.push(v ? "T" : "F");
        else cells.push(formatNumber(v).padStart(c.type === "I" ? 6 : 22));
      }
    }
    out.push(cells.join(" "));
  }
  return out.join("\n") + "\n";
}

/**
 * Writes frames to an extxyz file as they come. Each frame is handed to the operating system at once
 * (a synchronous write), so an interrupted or crashed run loses nothing already written; flush()
 * additionally forces the data to disk (fsync).
 */
export class ExtxyzWriter {
  private fd: number | undefined;

  constructor(
    readonly path: string,
    /** append: add to an existing file; exclusive: refuse (EEXIST) if the file exists. */
    options: { append?: boolean; exclusive?: boolean } = {},
  ) {
    this.fd = openSync(path, options.append ? "a" : options.exclusive ? "wx" : "w");
  }

  write(frame: Frame): void {
    if (this.fd === undefined) throw new Error(`ExtxyzWriter for ${this.path} is closed`);
    try {
      writeSync(this.fd, formatExtxyzFrame(frame));
    } catch (e) {
      throw withPath(e, this.path);
    }
  }

  flush(): void {
    if (this.fd === undefined) return;
    try {
      fsyncSync(this.fd);
    } catch (e) {
      throw withPath(e, this.path);
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }
}
