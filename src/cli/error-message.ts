/**
 * The one place where an error becomes the line the user reads (used by src/cli/main.ts).
 *
 * Node's file-system errors ("ENOSPC: no space left on device, write") become a sentence that names
 * the file and says what to do; text that is not printable (bytes of a binary file quoted in a parse
 * error) is never echoed to the terminal.
 */

interface SystemError extends Error {
  code?: string;
  path?: string;
  dest?: string;
  syscall?: string;
}

/** What to say for each errno code: the problem and the way out. */
const FILE_ERRORS: Record<string, (file: string) => string> = {
  ENOENT: (f) =>
    `${f}: no such file or directory (check the name; relative paths start from ${process.cwd()})`,
  EEXIST: (f) => `${f} already exists; remove or rename it, or choose another output name`,
  ENOSPC: (f) =>
    `no space left on the device while writing ${f}; free some space or write elsewhere ` +
    `(what was written before is kept; runs with a checkpoint can continue with --resume)`,
  EDQUOT: (f) => `disk quota exceeded while writing ${f}; free some space or write elsewhere`,
  EACCES: (f) => `${f}: permission denied; check the file's permissions or choose another location`,
  EPERM: (f) => `${f}: operation not permitted; check the file's permissions or choose another location`,
  EROFS: (f) => `${f} is on a read-only file system; choose another location`,
  EISDIR: (f) => `${f} is a directory; expected a file`,
  ENOTDIR: (f) => `${f}: a part of this path is not a directory`,
  EMFILE: (f) => `too many open files (at ${f}); close other programs or raise the limit (ulimit -n)`,
  ENAMETOOLONG: (f) => `${f}: file name too long`,
};

/** Characters that must not reach a terminal: control characters and U+FFFD (undecodable bytes). */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/;

/** The path a Node system error is about, if any. */
function pathOf(e: SystemError): string | undefined {
  return typeof e.path === "string" ? e.path : undefined;
}

/**
 * Without raw bytes: quoted text holding unprintable characters becomes "binary data", other lines
 * holding them (a parser's excerpt of the input) are left out, and a note says why.
 */
function withoutBinary(message: string): string {
  if (!UNPRINTABLE.test(message)) return message;
  const lines = message
    .split("\n")
    .map((line) => line.replace(/'[^'\n]*'/g, (q) => (UNPRINTABLE.test(q) ? "binary data" : q)))
    .filter((line) => !UNPRINTABLE.test(line))
    .filter((line) => !/^\s*\^*\s*$/.test(line)); // blank lines and the parser's ^^^ pointer under the excerpt
  const clean = lines.join("\n").trimEnd().replace(/:$/, "");
  return `${clean} (the input looks like a binary file, not text; check that it is the file meant)`;
}

/** The one-line (or few-line) message for an error, without the `equimd: error:` prefix. */
export function formatError(error: unknown): string {
  if (!(error instanceof Error)) return withoutBinary(String(error));
  const e = error as SystemError;
  const path = pathOf(e);
  const explain = e.code !== undefined ? FILE_ERRORS[e.code] : undefined;
  if (explain && path !== undefined) {
    return withoutBinary(explain(e.dest !== undefined ? `${path} → ${e.dest}` : path));
  }
  // Node names no file for a failed write on an open descriptor (ENOSPC, EDQUOT): say what is known.
  if (explain && (e.syscall === "write" || e.syscall === "fsync")) return explain("an output file");
  // An error that wraps a system error in its message ("cannot read config x: ENOENT: …").
  const cause = e.cause as SystemError | undefined;
  const causePath = cause instanceof Error ? pathOf(cause) : undefined;
  const causeExplain = cause?.code !== undefined ? FILE_ERRORS[cause.code] : undefined;
  if (causeExplain && causePath !== undefined && cause) {
    const raw = cause.message;
    const message = e.message.includes(raw)
      ? e.message.replace(raw, causeExplain(causePath))
      : `${e.message} (${causeExplain(causePath)})`;
    return withoutBinary(message);
  }
  return withoutBinary(e.message);
}
