/**
 * Progress of a run on the terminal: a cli-progress bar when stderr is a terminal, otherwise a plain
 * line about every 10 % (so that logs of batch jobs stay readable). Shows steps per second and the
 * simulated time.
 */
import { SingleBar } from "cli-progress";
import type { Observer } from "../core/observer.ts";
import type { MDState } from "../core/system.ts";
import { ATOMIC_TIME_IN_FS } from "../core/units.ts";

export interface ProgressBarOptions {
  /** Step at which the run starts and the step it ends at. */
  startStep: number;
  endStep: number;
  /** Where to write (default process.stderr). */
  stream?: NodeJS.WriteStream;
  /** Printed before the step (e.g. "equilibration"). */
  label?: string;
  /** Force the plain-line mode (default: plain unless the stream is a TTY). */
  plain?: boolean;
}

export class ProgressBar implements Observer {
  readonly every: number;
  private bar: SingleBar | undefined;
  private readonly stream: NodeJS.WriteStream;
  private readonly plain: boolean;
  private readonly started = Date.now();
  private nextLine = 0;

  constructor(private readonly options: ProgressBarOptions) {
    const total = Math.max(1, options.endStep - options.startStep);
    this.every = Math.max(1, Math.floor(total / 200));
    this.stream = options.stream ?? process.stderr;
    this.plain = options.plain ?? !this.stream.isTTY;
  }

  observe(state: Readonly<MDState>): void {
    const { startStep, endStep } = this.options;
    const done = state.step - startStep;
    const total = endStep - startStep;
    const fs = (state.time * ATOMIC_TIME_IN_FS).toFixed(1);
    if (this.plain) {
      if (done >= this.nextLine || state.step === endStep) {
        const rate = done / Math.max(1e-3, (Date.now() - this.started) / 1000);
        this.stream.write(
          `${this.options.label ? `${this.options.label} ` : ""}step ${state.step}/${endStep} (${Math.round((100 * done) / Math.max(1, total))}%), t = ${fs} fs, ${rate.toFixed(1)} steps/s\n`,
        );
        this.nextLine = done + Math.max(1, Math.ceil(total / 10));
      }
      return;
    }
    if (!this.bar) {
      this.bar = new SingleBar({
        stream: this.stream,
        format:
          (this.options.label ? `${this.options.label} ` : "") +
          "{bar} {percentage}% | {value}/{total} steps | t = {time} fs | {speed} steps/s | ETA {eta_formatted}",
        hideCursor: true,
      });
      this.bar.start(total, done, { time: fs, speed: "0" });
    }
    const rate = done / Math.max(1e-3, (Date.now() - this.started) / 1000);
    this.bar.update(done, { time: fs, speed: rate.toFixed(1) });
  }

  close(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
