/**
 * One progress display for all members of an ensemble: a single bar over the summed steps (or labelled
 * frames) of every member, with how many members are running, done and failed. Each member's position
 * is read from its own output file (the last line of its property file or energy log), so the display
 * needs nothing from the member processes themselves.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import cliProgress from "cli-progress";
import { memberProgress, memberState, memberTotal } from "./member-run.ts";
import type { Member } from "./members.ts";

/** The step in the first column of the last line of a table file (energy log, property CSV). */
function lastTableStep(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 4096);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const lines = buffer.toString("utf8").trimEnd().split("\n");
    const m = /^\s*(\d+)[\s,]/.exec(lines.at(-1) ?? "");
    return m ? Number(m[1]) : undefined;
  } finally {
    closeSync(fd);
  }
}

/** Where a member is now, cheaply: steps written so far (run) or frames labelled (label). */
export async function currentPosition(member: Member): Promise<number> {
  if (member.kind === "label") return memberProgress(member);
  const out = member.config.outputs;
  const files = [out.properties?.file, out.log?.file].filter((f): f is string => f !== undefined);
  for (const f of files) {
    const step = lastTableStep(join(member.dir, f));
    if (step !== undefined) return step;
  }
  return memberProgress(member);
}

export interface EnsembleProgress {
  update(counts: { running: number; done: number; failed: number }): Promise<void>;
  stop(): void;
}

/** A combined bar on stderr (a line every 30 s when stderr is not a terminal); `enabled` false: silent. */
export function ensembleProgress(members: readonly Member[], enabled: boolean): EnsembleProgress {
  if (!enabled || members.length === 0) return { update: async () => {}, stop: () => {} };
  const total = members.reduce((s, m) => s + memberTotal(m), 0);
  const bar = new cliProgress.SingleBar(
    {
      format:
        `ensemble [{bar}] {percentage}% | {value}/{total} ${members[0].kind === "run" ? "steps" : "frames"} | ` +
        `{running} running, {done} done, {failed} failed of ${members.length} | ETA {eta_formatted}`,
      etaBuffer: 20,
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 30000,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { running: 0, done: 0, failed: 0 });
  return {
    async update(counts) {
      let value = 0;
      for (const m of members) {
        const finished = memberState(m).state === "done";
        value += finished ? memberTotal(m) : Math.min(await currentPosition(m), memberTotal(m));
      }
      bar.update(value, counts);
    },
    stop: () => bar.stop(),
  };
}
