/**
 * Reading extxyz files that may be gzip-compressed (the shipped data are .extxyz.gz), and finding the
 * complete frames of a file that an interrupted run may have left with a partial last frame.
 */
import { readFileSync, truncateSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { parseExtxyz } from "../io/extxyz.ts";
import type { Frame } from "../io/extxyz.ts";

/** All frames of an .extxyz or .extxyz.gz file. */
export function readFrames(path: string): Frame[] {
  const raw = readFileSync(path);
  const text = path.endsWith(".gz") ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
  return parseExtxyz(text, path);
}

/**
 * Byte length of the complete frames at the start of extxyz `text`: a frame is a count line N and
 * N + 1 further lines, each ending in a newline. Anything after is a partial frame.
 */
export function completeFramesLength(text: string): number {
  let pos = 0;
  for (;;) {
    const countEnd = text.indexOf("\n", pos);
    if (countEnd < 0) return pos;
    const countLine = text.slice(pos, countEnd).trim();
    if (countLine === "") {
      pos = countEnd + 1; // blank separator line
      continue;
    }
    const n = Number(countLine);
    if (!Number.isInteger(n) || n < 0) return pos; // let the parser report what is wrong
    let end = countEnd;
    for (let k = 0; k < n + 1; k++) {
      end = text.indexOf("\n", end + 1);
      if (end < 0) return pos;
    }
    pos = end + 1;
  }
}

/**
 * Frames of a plain extxyz file written frame by frame; a partial last frame (a run killed while
 * writing it) is cut off the file so that appending continues cleanly. Anything else that is not a
 * frame is an error naming the line. Returns the frames and how many bytes were cut.
 */
export function readAndRepairAppendable(path: string): { frames: Frame[]; truncatedBytes: number } {
  const buffer = readFileSync(path);
  const text = buffer.toString("utf8");
  const complete = completeFramesLength(text);
  const rest = text.slice(complete);
  if (rest.trim() === "") return { frames: parseExtxyz(text, path), truncatedBytes: 0 };
  if (!/^\s*\d+\s*$/.test(rest.split("\n")[0])) parseExtxyz(text, path); // throws, naming the line
  const completeBytes = Buffer.byteLength(text.slice(0, complete), "utf8");
  truncateSync(path, completeBytes);
  return {
    frames: parseExtxyz(text.slice(0, complete), path),
    truncatedBytes: buffer.length - completeBytes,
  };
}
