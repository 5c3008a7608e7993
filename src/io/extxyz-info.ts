/**
 * The key=value grammar of the extended XYZ comment line (line 2 of every frame), as ASE reads and
 * writes it:
 *
 *   Lattice="5.0 0.0 0.0 0.0 5.0 0.0 0.0 0.0 5.0" Properties=species:S:1:pos:R:3 energy=-12.3 pbc="F F F"
 *
 * - a value is bare (no spaces), or quoted with "…" (backslash escapes \" and \\), or wrapped in {…} / […];
 * - a key without `=value` means `key=T`;
 * - values become numbers (one number), number[] (several numbers, separated by spaces or commas),
 *   booleans (T/F/True/False) or strings; a quoted list of booleans such as pbc="F F F" stays the string
 *   "F F F" (read it with `booleansOf`), so it is written back unchanged;
 * - newer ASE writes nested arrays as `"_JSON [[1, 2, 3], …]"`: they are flattened, a 3×3 matrix in
 *   Fortran (column-major) order, which is the order ASE uses for 9-number values.
 */

/** One info value: a number, a string, a boolean, or a flat list of numbers. */
export type InfoValue = number | string | boolean | number[];

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL_NUMBER = /^[+-]?(inf|infinity|nan)$/i;
const BOOLEANS: Record<string, boolean> = { T: true, F: false, True: true, False: false };

/** Parse one number the way Python's float() does (plain decimal, exponent, inf, nan); undefined otherwise. */
export function parseNumber(token: string): number | undefined {
  if (NUMBER.test(token)) return Number(token);
  if (SPECIAL_NUMBER.test(token)) {
    const t = token.toLowerCase();
    if (t.endsWith("nan")) return NaN;
    return t.startsWith("-") ? -Infinity : Infinity;
  }
  return undefined;
}

/** Split a comment line into raw key/value strings. Throws (message without location) if a quote is left open. */
export function tokenizeKeyValues(line: string): [key: string, value: string | undefined][] {
  const pairs: [string, string | undefined][] = [];
  let i = 0;
  const n = line.length;
  const skipSpace = () => {
    while (i < n && /\s/.test(line[i])) i++;
  };
  const readItem = (stopAtEquals: boolean): string => {
    const open = line[i];
    const close = open === '"' ? '"' : open === "'" ? "'" : open === "{" ? "}" : open === "[" ? "]" : "";
    if (close) {
      const start = i;
      i++;
      let out = open === "[" ? "[" : "";
      while (i < n && line[i] !== close) {
        if (line[i] === "\\" && i + 1 < n) {
          out += line[i + 1];
          i += 2;
        } else out += line[i++];
      }
      if (i >= n) throw new Error(`unterminated ${open}…${close} starting at column ${start + 1}`);
      i++;
      return open === "[" ? out + "]" : out;
    }
    let out = "";
    while (i < n && !/\s/.test(line[i]) && !(stopAtEquals && line[i] === "=")) out += line[i++];
    return out;
  };
  skipSpace();
  while (i < n) {
    const key = readItem(true);
    if (key === "") throw new Error(`expected a key at column ${i + 1}, got '${line[i]}'`);
    skipSpace();
    if (line[i] === "=") {
      i++;
      skipSpace();
      pairs.push([key, i < n ? readItem(false) : ""]);
    } else {
      pairs.push([key, undefined]);
    }
    skipSpace();
  }
  return pairs;
}

/** Flatten a JSON array; a 3×3 nested array is flattened in Fortran (column-major) order, as ASE does. */
function flattenJson(value: unknown): InfoValue {
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  if (Array.isArray(value)) {
    const isMatrix3 = value.length === 3 && value.every((row) => Array.isArray(row) && row.length === 3);
    const flat: unknown[] = isMatrix3
      ? [0, 1, 2].flatMap((c) => value.map((row: unknown[]) => row[c]))
      : (value.flat(Infinity) as unknown[]);
    if (flat.every((x) => typeof x === "number")) return flat as number[];
  }
  return JSON.stringify(value);
}

/** Convert a raw value string into an InfoValue (number, number[], boolean or string). */
export function convertValue(raw: string): InfoValue {
  const text = raw.trim();
  if (text.startsWith("_JSON ")) return flattenJson(JSON.parse(text.slice(6)));
  if (text === "[]") return [];
  const inner = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  const tokens = inner.split(/[\s,]+/).filter((t) => t !== "");
  if (tokens.length === 0) return raw;
  const numbers = tokens.map(parseNumber);
  if (numbers.every((x) => x !== undefined)) {
    return numbers.length === 1 && inner === text ? numbers[0]! : (numbers as number[]);
  }
  if (tokens.length === 1 && tokens[0] in BOOLEANS) return BOOLEANS[tokens[0]];
  return raw;
}

/** Parse a whole comment line into an ordered record. Keys without value become `true`. */
export function parseKeyValues(line: string): Record<string, InfoValue> {
  const out: Record<string, InfoValue> = {};
  for (const [key, value] of tokenizeKeyValues(line)) {
    out[key] = value === undefined ? true : key === "Properties" ? value : convertValue(value);
  }
  return out;
}

/** Booleans of a value such as pbc="T T F" (also accepts a single boolean). Undefined when not booleans. */
export function booleansOf(value: InfoValue | undefined): boolean[] | undefined {
  if (typeof value === "boolean") return [value];
  if (typeof value !== "string") return undefined;
  const tokens = value.trim().split(/\s+/);
  return tokens.every((t) => t in BOOLEANS) ? tokens.map((t) => BOOLEANS[t]) : undefined;
}

/**
 * Shortest decimal that reads back to exactly the same double (JavaScript's Number → string, which is
 * the same as Python's repr for floats), with the sign of −0 kept.
 */
export function formatNumber(x: number): string {
  if (Object.is(x, -0)) return "-0";
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  return String(x);
}

function quoteIfNeeded(s: string): string {
  if (s === "" || /[\s"'{}[\]=]/.test(s)) return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  return s;
}

/** Format one key=value pair: numbers shortest-exact, arrays as "a b c", booleans T/F, strings quoted if needed. */
export function formatKeyValue(key: string, value: InfoValue): string {
  let text: string;
  if (typeof value === "number") text = formatNumber(value);
  else if (typeof value === "boolean") text = value ? "T" : "F";
  else if (Array.isArray(value)) text = `"${value.map(formatNumber).join(" ")}"`;
  else text = quoteIfNeeded(value);
  // A quoted single number would read back as a number, not a list: write short lists in brackets.
  if (Array.isArray(value) && value.length <= 1) text = `[${value.map(formatNumber).join("")}]`;
  return `${quoteIfNeeded(key)}=${text}`;
}
