/**
 * NumPy's .npy format (version 1.0–3.0), the array files inside an MD17-style .npz archive.
 *
 * Layout: the magic string "\x93NUMPY", a major and minor version byte, a little-endian header length
 * (2 bytes for v1, 4 bytes for v2/v3), an ASCII (v3: UTF-8) Python-dict header
 * `{'descr': '<f8', 'fortran_order': False, 'shape': (n, m), }` and then the raw data.
 * Only C-ordered arrays of plain numeric dtypes are read; every value is returned as a JS number.
 */

/** A decoded array: values in C (row-major) order. */
export interface NpyArray {
  /** NumPy dtype string as in the header, e.g. '<f8', '|u1'. */
  dtype: string;
  shape: number[];
  /** Floating-point dtypes decode to Float64Array, integer and bool dtypes to Float64Array too (exact up to 2^53). */
  data: Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

type Reader = (view: DataView, offset: number) => number;

/** Element readers by dtype kind+size, little-endian (or byte-order-free for 1-byte types). */
const READERS: Record<string, { size: number; read: Reader }> = {
  f8: { size: 8, read: (v, o) => v.getFloat64(o, true) },
  f4: { size: 4, read: (v, o) => v.getFloat32(o, true) },
  i8: { size: 8, read: (v, o) => Number(v.getBigInt64(o, true)) },
  i4: { size: 4, read: (v, o) => v.getInt32(o, true) },
  i2: { size: 2, read: (v, o) => v.getInt16(o, true) },
  i1: { size: 1, read: (v, o) => v.getInt8(o) },
  u8: { size: 8, read: (v, o) => Number(v.getBigUint64(o, true)) },
  u4: { size: 4, read: (v, o) => v.getUint32(o, true) },
  u2: { size: 2, read: (v, o) => v.getUint16(o, true) },
  u1: { size: 1, read: (v, o) => v.getUint8(o) },
  b1: { size: 1, read: (v, o) => v.getUint8(o) },
};

/** Decode one .npy file. `name` (file or archive member) is used in error messages. */
export function parseNpy(bytes: Uint8Array, name: string): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new Error(`${name}: not a .npy array (the file does not start with \\x93NUMPY)`);
  }
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new Error(`${name}: .npy format version ${major} is not supported (expected 1, 2 or 3)`);
  }
  const header = new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new Error(`${name}: malformed .npy header '${header.trim()}'`);
  }
  if (fortran === "True") {
    throw new Error(`${name}: Fortran-ordered arrays are not supported; save with np.ascontiguousarray`);
  }
  const order = descr[0];
  const kind = descr.slice(1);
  const reader = READERS[kind];
  if (reader === undefined || !(order === "<" || order === "|" || (order === "=" && reader.size === 1))) {
    throw new Error(
      `${name}: dtype '${descr}' is not supported (expected little-endian float, int, uint or bool, e.g. '<f8', '<f4', '<i8', '|u1')`,
    );
  }
  if (order === "|" && reader.size !== 1) {
    throw new Error(`${name}: dtype '${descr}' has no byte order; expected '<${kind}'`);
  }
  const shape = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (shape.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new Error(`${name}: malformed shape (${shapeText}) in the .npy header`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = headerStart + headerLength;
  if (bytes.length - dataStart < count * reader.size) {
    throw new Error(
      `${name}: truncated .npy data: shape (${shape.join(", ")}) of ${descr} needs ${count * reader.size} bytes, found ${bytes.length - dataStart}`,
    );
  }
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = reader.read(view, dataStart + i * reader.size);
  return { dtype: descr, shape, data };
}

/** Encode a float64 or int64 array as a version 1.0 .npy file (C order). */
export function encodeNpy(
  values: ArrayLike<number>,
  shape: number[],
  dtype: "<f8" | "<i8" = "<f8",
): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== values.length) {
    throw new Error(`encodeNpy: shape (${shape.join(", ")}) needs ${count} values, got ${values.length}`);
  }
  const shapeText = shape.length === 1 ? `${shape[0]},` : shape.join(", ");
  let header = `{'descr': '${dtype}', 'fortran_order': False, 'shape': (${shapeText}), }`;
  // Pad with spaces so that the data starts at a multiple of 64 bytes, ending the header with '\n'.
  const pad = 64 - ((10 + header.length + 1) % 64);
  header = header + " ".repeat(pad % 64) + "\n";
  const out = new Uint8Array(10 + header.length + count * 8);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  const start = 10 + header.length;
  for (let i = 0; i < count; i++) {
    if (dtype === "<f8") view.setFloat64(start + i * 8, values[i], true);
    else view.setBigInt64(start + i * 8, BigInt(Math.round(values[i])), true);
  }
  return out;
}
