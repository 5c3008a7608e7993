/**
 * Recognises a binary file handed over where a text file (extxyz, CSV, YAML) is expected, from its
 * first bytes, so that the user reads "this is a PNG image" instead of the bytes themselves.
 */

const SIGNATURES: { bytes: number[]; kind: string; hint?: string }[] = [
  {
    bytes: [0x1f, 0x8b],
    kind: "a gzip-compressed file",
    hint: "give it a name ending in .gz (equimd reads those directly) or gunzip it",
  },
  { bytes: [0x89, 0x50, 0x4e, 0x47], kind: "a PNG image" },
  { bytes: [0x25, 0x50, 0x44, 0x46], kind: "a PDF document" },
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: "a zip archive" },
  { bytes: [0x42, 0x5a, 0x68], kind: "a bzip2-compressed file" },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a], kind: "an xz-compressed file" },
  { bytes: [0xff, 0xd8, 0xff], kind: "a JPEG image" },
];

/** What kind of binary data `head` (the first bytes of a file) is, or undefined for text. */
export function binaryKind(head: Uint8Array): { kind: string; hint?: string } | undefined {
  for (const s of SIGNATURES) {
    if (head.length >= s.bytes.length && s.bytes.every((b, i) => head[i] === b)) return s;
  }
  // Text files have no NUL bytes and few control characters other than tab, CR, LF and form feed.
  let control = 0;
  for (const b of head) {
    if (b === 0) return { kind: "a binary file" };
    if (b < 32 && b !== 9 && b !== 10 && b !== 12 && b !== 13) control++;
  }
  return head.length > 0 && control > 0.01 * head.length ? { kind: "a binary file" } : undefined;
}

/** Throws a short message naming `path` and what was expected when `head` is binary. */
export function checkIsText(path: string, head: Uint8Array, expected = "a text file"): void {
  const binary = binaryKind(head.subarray(0, 4096));
  if (binary) {
    throw new Error(`${path} is ${binary.kind}, not ${expected}${binary.hint ? `; ${binary.hint}` : ""}`);
  }
}
