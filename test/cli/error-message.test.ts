import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { formatError } from "../../src/cli/error-message.ts";
import { ExtxyzWriter, readExtxyz } from "../../src/io/extxyz.ts";
import { readLines } from "../../src/io/line-reader.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** The error a function throws. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

test("Node's file-system errors become messages that name the file and say what to do", () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-errors-"));
  const existing = join(dir, "out.extxyz");
  writeFileSync(existing, "");
  const eexist = formatError(thrown(() => openSync(existing, "wx")));
  assert.match(eexist, new RegExp(`^${existing} already exists; remove or rename it`));
  assert.doesNotMatch(eexist, /EEXIST/);

  const enoent = formatError(thrown(() => readFileSync(join(dir, "missing.xyz"))));
  assert.match(enoent, /missing\.xyz: no such file or directory \(check the name/);
  assert.doesNotMatch(enoent, /ENOENT/);

  // A wrapped error keeps its own words and gets the explanation in place of Node's text.
  const cause = thrown(() => readFileSync(join(dir, "run.yaml")));
  const wrapped = new Error(`cannot read config run.yaml: ${(cause as Error).message}`, { cause });
  assert.match(formatError(wrapped), /^cannot read config run\.yaml: .*run\.yaml: no such file/);

  const eacces = Object.assign(new Error("EACCES: permission denied, open '/x/y'"), {
    code: "EACCES",
    path: "/x/y",
  });
  assert.match(formatError(eacces), /^\/x\/y: permission denied; check the file's permissions/);
});

test("a full disk (ENOSPC, which Node reports without a file) names the file being written", () => {
  // /dev/full: every write fails with ENOSPC
  const writer = new ExtxyzWriter("/dev/full");
  const frame = { symbols: ["H"], positions: new Float64Array(3), info: {}, arrays: {} };
  const message = formatError(thrown(() => writer.write(frame)));
  assert.match(message, /^no space left on the device while writing \/dev\/full; free some space/);
  assert.match(message, /--resume/);
  // a writer that does not name its file still gives a sentence, not Node's code
  const bare = formatError(
    Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", syscall: "write" }),
  );
  assert.match(bare, /^no space left on the device while writing an output file; free some space/);
});

test("binary input is described, never echoed: PNG, gzip without .gz, NUL bytes", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-binary-"));
  const png = join(ROOT, "docs/img/demo-ir.png");
  await assert.rejects(readExtxyz(png), /demo-ir\.png is a PNG image, not extxyz\/xyz text$/);
  const gz = join(dir, "frames.extxyz");
  writeFileSync(gz, gzipSync("1\n\nH 0 0 0\n"));
  await assert.rejects(readExtxyz(gz), /frames\.extxyz is a gzip-compressed file, .*name ending in \.gz/);
  await assert.rejects(async () => {
    for await (const _ of readLines(gz)) void _;
  }, /is a gzip-compressed file/);
  // the same content under a .gz name streams fine
  copyFileSync(gz, join(dir, "frames.extxyz.gz"));
  const lines: string[] = [];
  for await (const l of readLines(join(dir, "frames.extxyz.gz"))) lines.push(l.text);
  assert.deepEqual(lines, ["1", "", "H 0 0 0"]);
  const nul = join(dir, "nul.xyz");
  writeFileSync(nul, Buffer.from([0x33, 0x0a, 0x00, 0x01, 0x02, 0x0a]));
  await assert.rejects(readExtxyz(nul), /nul\.xyz is a binary file, not extxyz\/xyz text/);
  // Last line of defence: an error message quoting bytes is cleaned before it reaches the terminal.
  const cleaned = formatError(new Error("x.xyz:1: expected the number of atoms, got '\ufffdPNG\u0001'"));
  assert.equal(cleaned.includes("\ufffd") || cleaned.includes("\u0001"), false);
  assert.match(cleaned, /got binary data \(the input looks like a binary file/);
  // a parser's excerpt of binary input (YAML given a PNG) is left out, the message kept
  const yaml = formatError(
    new Error("run.png: not valid YAML: Unexpected scalar at line 3:\n\n\u0089PNG\ufffd\ufffdIHDR\n"),
  );
  assert.equal(
    yaml,
    "run.png: not valid YAML: Unexpected scalar at line 3 (the input looks like a binary file, not text; check that it is the file meant)",
  );
});

test("CLI: a PNG given as the structure gives one short line and exit status 1", () => {
  const bin = join(ROOT, "bin/equimd.js");
  const r = spawnSync(
    process.execPath,
    [bin, "normal-modes", "--potential", "water", "--input", join(ROOT, "docs/img/demo-ir.png")],
    { encoding: "utf8" },
  );
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^equimd: error: .*demo-ir\.png is a PNG image, not extxyz\/xyz text\n$/);
  // eslint-disable-next-line no-control-regex
  assert.equal(/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(r.stderr), false, r.stderr);
});
