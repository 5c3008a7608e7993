/**
 * A progress bar with an estimate of the time left (cli-progress), for long sampling and labelling
 * runs. On a terminal it redraws in place; in a log file (nohup) it prints a line every 30 s.
 */
import cliProgress from "cli-progress";

export interface Progress {
  start(total: number, done: number): void;
  update(done: number): void;
  stop(): void;
}

export function progressBar(label: string, enabled = true): Progress {
  if (!enabled) return { start() {}, update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | elapsed {duration_formatted} | ETA {eta_formatted}`,
      etaBuffer: 50,
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 30000,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total, done) => bar.start(total, done),
    update: (done) => bar.update(done),
    stop: () => bar.stop(),
  };
}
