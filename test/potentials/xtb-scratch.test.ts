import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = new URL("../../", import.meta.url).pathname;
const XTB = spawnSync("sh", ["-c", "command -v xtb"], { encoding: "utf8" }).stdout.trim();
const skip = XTB === "" ? "xtb is not installed (apt-get install xtb)" : false;

/** A script that evaluates ethanol with xtb over and over, with scratch directories under `scratch`. */
function script(scratch: string, ownHandler: boolean): string {
  return `
import { XtbCalculator } from ${JSON.stringify(join(ROOT, "potentials/xtb/xtb-calculator.ts"))};
import { readExtxyz } from ${JSON.stringify(join(ROOT, "src/io/extxyz.ts"))};
import { stateFromFrames, systemFromFrame } from ${JSON.stringify(join(ROOT, "src/io/frames.ts"))};
const [frame] = await readExtxyz(${JSON.stringify(join(ROOT, "data/ethanol/ethanol.xyz"))});
const system = systemFromFrame(frame);
const x = stateFromFrames(system, [frame]).positions;
const xtb = new XtbCalculator({ scratchDir: ${JSON.stringify(scratch)}, parallel: 2 });
${ownHandler ? "let stop = false; for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => { stop = true; });" : "const stop = false;"}
const batch = new Float64Array(2 * x.length); batch.set(x); batch.set(x, x.length);
process.stdout.write("started\\n");
while (!stop) await xtb.compute(system, batch, 2, ["dipole"]);
process.stdout.write("stopped cleanly\\n");
`;
}

/** Run the script, wait until xtb scratch directories exist, send `signal`; returns exit info. */
async function killDuringXtb(signal: NodeJS.Signals, ownHandler = false, wholeGroup = false) {
  const scratch = mkdtempSync(join(tmpdir(), "equimd-scratch-test-"));
  const driverDir = mkdtempSync(join(tmpdir(), "equimd-scratch-driver-"));
  const file = join(driverDir, "driver.mts");
  writeFileSync(file, script(scratch, ownHandler));
  // detached: its own process group, as a shell job is, so that the whole group can be signalled
  const child = spawn(process.execPath, ["--import", "tsx", file], {
    cwd: ROOT,
    stdio: "pipe",
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, sig) => resolve({ code, signal: sig })),
  );
  const deadline = Date.now() + 30_000;
  // wait until two xtb calculations are running in their scratch directories
  while (readdirSync(scratch).filter((d) => d.startsWith("equimd-xtb-")).length < 2) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill("SIGKILL");
      throw new Error(`no scratch directories appeared; stdout: ${stdout}; stderr: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  if (wholeGroup)
    process.kill(-child.pid!, signal); // Ctrl-C at a terminal: every process of the job
  else child.kill(signal);
  const result = await exited;
  const left = readdirSync(scratch);
  rmSync(scratch, { recursive: true, force: true });
  rmSync(driverDir, { recursive: true, force: true });
  return { ...result, stdout: stdout + stderr, left };
}

test(
  "xtb: SIGTERM during a calculation leaves no scratch directory and still ends by the signal",
  { skip },
  async () => {
    const r = await killDuringXtb("SIGTERM");
    assert.deepEqual(r.left, []);
    assert.equal(r.signal, "SIGTERM");
  },
);

test("xtb: SIGINT (Ctrl-C) during a calculation leaves no scratch directory", { skip }, async () => {
  const r = await killDuringXtb("SIGINT");
  assert.deepEqual(r.left, []);
  assert.equal(r.signal, "SIGINT");
});

test(
  "xtb: a program with its own SIGTERM handler finishes the calculation; nothing is left",
  { skip },
  async () => {
    const r = await killDuringXtb("SIGTERM", true);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /stopped cleanly/);
    assert.deepEqual(r.left, []);
  },
);

test(
  "xtb: Ctrl-C to the whole job while the program stops gracefully: the step's xtb runs finish",
  { skip },
  async () => {
    const r = await killDuringXtb("SIGINT", true, true);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /stopped cleanly/);
    assert.deepEqual(r.left, []);
  },
);
