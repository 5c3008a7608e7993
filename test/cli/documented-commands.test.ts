/**
 * Every `npx equimd …` line of the ```sh blocks of README.md and docs/cli.md runs as written, from a
 * copy of what a clean clone holds, and exits with status 0. The lines run in this process (through
 * main(), the CLI's entry point) in a temporary directory, one per document, so that the files one line
 * writes are there for the next (the README's spectrum reads the run's dipole.csv).
 *
 * Listed exceptions (too long for CI; each has its own test on a tiny setting):
 *   - `equimd train models/ethanol-painn/train.yaml`: trains the shipped model (≈ 10 min; tiny training runs
 *     in test/training/),
 *   - `equimd demo`: the main job (1–2 min; tiny demo in test/demo/demo.test.ts).
 * `equimd sample` needs xtb: it runs with small overrides (fewer, shorter trajectories) when xtb is
 * installed, and is skipped with the reason otherwise.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const HAS_XTB = spawnSync("sh", ["-c", "command -v xtb"], { encoding: "utf8" }).stdout.trim() !== "";

/** Commands not run, with the reason (see the header). */
const TOO_LONG: Record<string, string> = {
  train: "trains the shipped model (≈ 10 min); tiny training runs are tested in test/training/",
  demo: "the main job (1–2 min); a tiny demo is tested in test/demo/demo.test.ts",
};

/** Options appended to a command to keep it small (later options win in commander). */
const SMALL: Record<string, string[]> = {
  sample: ["--frames", "1", "--replicas", "1", "--equilibration", "4", "--every", "2", "--no-progress"],
};

/** The `npx equimd …` lines of the ```sh blocks of a Markdown file, without trailing comments. */
export function documentedCommands(markdown: string): string[] {
  const lines: string[] = [];
  let inSh = false;
  for (const raw of markdown.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("```")) {
      inSh = !inSh && /^```(sh|bash|shell)\s*$/.test(line);
      continue;
    }
    if (inSh && line.startsWith("npx equimd")) lines.push(line.replace(/\s+#.*$/, ""));
  }
  return lines;
}

/** Split a command line into words (no shell features are used in the docs but quotes). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** A directory that looks like a clean clone: examples copied (runs write next to them), the rest linked. */
function cleanClone(): string {
  const dir = mkdtempSync(join(tmpdir(), "equimd-docs-"));
  cpSync(join(ROOT, "examples"), join(dir, "examples"), { recursive: true });
  for (const d of ["data", "models"]) symlinkSync(join(ROOT, d), join(dir, d));
  mkdirSync(join(dir, "test"));
  symlinkSync(join(ROOT, "test/fixtures"), join(dir, "test/fixtures"));
  return dir;
}

/** Run the CLI in this process in `cwd`; returns the exit status and what it printed. */
async function equimd(cwd: string, args: string[]) {
  const out = { stdout: "", stderr: "" };
  const saved = { stdout: process.stdout.write, stderr: process.stderr.write, exit: process.exit };
  let exitCode: number | undefined;
  const capture = (key: "stdout" | "stderr") =>
    ((chunk: string | Uint8Array) => {
      out[key] += String(chunk);
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture("stdout");
  process.stderr.write = capture("stderr");
  // --help and --version end with process.exit(0) in commander: record it instead of leaving the test
  process.exit = ((code?: number) => {
    exitCode = code ?? 0;
    throw new Error(`process.exit(${exitCode})`);
  }) as typeof process.exit;
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const status = await main(["node", "equimd", ...args]);
    return { status: exitCode ?? status, ...out };
  } finally {
    process.chdir(before);
    Object.assign(process.stdout, { write: saved.stdout });
    Object.assign(process.stderr, { write: saved.stderr });
    process.exit = saved.exit;
  }
}

/** Files a command line says it writes (-o / --output), relative to the directory it runs in. */
function outputsOf(args: string[]): string[] {
  return args.flatMap((a, i) => ((a === "-o" || a === "--output") && args[i + 1] ? [args[i + 1]] : []));
}

// One test for both documents: the test runner reports a test after it ends, and output written while
// a command runs is captured, so a report must not fall into a command's run.
test("every command block of README.md and docs/cli.md runs as written", async (t) => {
  for (const doc of ["README.md", "docs/cli.md"]) {
    const commands = documentedCommands(readFileSync(join(ROOT, doc), "utf8"));
    assert.ok(commands.length >= 3, `${doc}: found only ${commands.length} commands`);
    const dir = cleanClone();
    for (const line of commands) {
      const args = words(line).slice(2);
      const name = args[0];
      if (name in TOO_LONG) {
        t.diagnostic(`not run (listed exception): ${line}: ${TOO_LONG[name]}`);
        continue;
      }
      if (name === "sample" && !HAS_XTB) {
        t.diagnostic(`not run: ${line}: xtb is not installed`);
        continue;
      }
      const start = Date.now();
      const r = await equimd(dir, [...args, ...(SMALL[name] ?? [])]);
      t.diagnostic(`${((Date.now() - start) / 1000).toFixed(1)} s: ${line}`);
      assert.equal(r.status, 0, `${doc}: \`${line}\` failed:\n${r.stderr}`);
      for (const f of outputsOf(args))
        assert.ok(existsSync(join(dir, f)), `${doc}: \`${line}\` wrote no ${f}`);
    }
  }
});

test("the command parser finds sh lines only and drops comments", () => {
  const md = "```sh\nnpx equimd run a.yaml   # go\nnpm ci\n```\n```\nnpx equimd not-sh\n```\n";
  assert.deepEqual(documentedCommands(md), ["npx equimd run a.yaml"]);
  assert.deepEqual(words(`npx equimd x --units 'energy=eV,dipole=D' "a b"`), [
    "npx",
    "equimd",
    "x",
    "--units",
    "energy=eV,dipole=D",
    "a b",
  ]);
});
