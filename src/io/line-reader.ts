/**
 * Streaming line reader for large text files: yields each line with its 1-based number and the byte
 * offset at which it starts (so a caller can truncate a file at a line), reading fixed-size chunks.
 * Accepts \n and \r\n line ends.
 */
import { open } from "node:fs/promises";

export interface Line {
  text: string;
  /** 1-based line number. */
  number: number;
  /** Byte offset of the first character of the line in the file. */
  offset: number;
}

const CHUNK_BYTES = 1 << 16;

export async function* readLines(path: string): AsyncGenerator<Line> {
  const handle = await open(path, "r");
  try {
    const chunk = Buffer.alloc(CHUNK_BYTES);
    let pending = Buffer.alloc(0);
    let pendingOffset = 0;
    let number = 0;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      let data = Buffer.concat([pending, chunk.subarray(0, bytesRead)]);
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
      yield { text: pending.toString("utf8", 0, end), number: ++number, offset: pendingOffset };
    }
  } finally {
    await handle.close();
  }
}
