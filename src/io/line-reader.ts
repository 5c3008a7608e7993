/**
 * Streaming line reader for large text files: yields each line with its 1-based number and the byte
 * offset at which it starts (so a caller can truncate a file at a line), reading fixed-size chunks.
 * Accepts \n and \r\n line ends. A name ending in `.gz` is decompressed on the fly; offsets then count
 * decompressed bytes (such a file cannot be truncated at them). A binary file is refused with a message
 * saying what it is, before any of its bytes can reach a terminal.
 */
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { checkIsText } from "./text-content.ts";

export interface Line {
  text: string;
  /** 1-based line number. */
  number: number;
  /** Byte offset of the first character of the line in the file. */
  offset: number;
}

const CHUNK_BYTES = 1 << 16;

/** The file's bytes in chunks, decompressed for a .gz name, with a clear error for broken gzip. */
async function* chunks(path: string): AsyncGenerator<Buffer> {
  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  if (!path.endsWith(".gz")) {
    yield* file as AsyncIterable<Buffer>;
    return;
  }
  const gunzip = createGunzip();
  file.on("error", (e) => gunzip.destroy(e));
  try {
    yield* file.pipe(gunzip) as AsyncIterable<Buffer>;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === "string" && code.startsWith("Z_")) {
      throw new Error(`${path}: cannot decompress it (${(e as Error).message}); is it really gzip?`, {
        cause: e,
      });
    }
    throw e;
  } finally {
    file.destroy();
  }
}

export async function* readLines(path: string): AsyncGenerator<Line> {
  let pending = Buffer.alloc(0);
  let pendingOffset = 0;
  let number = 0;
  let first = true;
  for await (const chunk of chunks(path)) {
    if (first) {
      checkIsText(path, chunk);
      first = false;
    }
    let data = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    let start = 0;
    for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
      const end = nl > start && data[nl - 1] === 13 ? nl - 1 : nl;
      yield { text: data.toString("utf8", start, end), number: ++number, offset: pendingOffset + start };
      start = nl + 1;
    }
    pendingOffset += start;
    data = data.subarray(start);
    pending = Buffer.from(data);
  }
  if (pending.length > 0) {
    const end = pending[pending.length - 1] === 13 ? pending.length - 1 : pending.length;
    yield { text: pending.toString("utf8", 0, end), number: number + 1, offset: pendingOffset };
  }
}
