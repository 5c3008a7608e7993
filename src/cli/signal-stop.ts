/**
 * The one way a command stops on Ctrl-C (SIGINT) or a scheduler's SIGTERM: the first signal aborts an
 * AbortSignal that the command's loop checks between two steps (frames, rounds, epochs), so the loop
 * ends its current unit of work, writes its checkpoint and closes its files as at a normal end; the
 * command then exits with 128 + the signal's number (130, 143), so that a stopped run is never taken
 * for a finished one. A second signal kills at once (the default action), for a loop stuck in one step.
 */

/** Exit status of a command stopped by a signal: 128 + the signal's number. */
export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof SIGNAL_EXIT;

/** The signal that stopped `signal`'s command, if one did. */
export function stoppedBy(signal: AbortSignal): StopSignal | undefined {
  return signal.aborted && (signal.reason === "SIGINT" || signal.reason === "SIGTERM")
    ? signal.reason
    : undefined;
}

/**
 * Run `work` with SIGINT and SIGTERM turned into an abort of the signal it is given (`after` says what
 * the command finishes first, e.g. "this step"); once `work` has returned (its files flushed and
 * closed), or has unwound with `signal.throwIfAborted()`, exit with the signal's status if one came.
 */
export async function stoppable(
  command: string,
  after: string,
  work: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  const onSignal = (signal: StopSignal) => {
    if (controller.signal.aborted) {
      // the second signal: its default action, at once (the handlers stay until then, so that others,
      // such as the xtb scratch clean-up, see that the process is stopping gracefully)
      off();
      process.kill(process.pid, signal);
      return;
    }
    process.stderr.write(
      `\n${command}: ${signal}: stopping after ${after} (a second signal kills at once)\n`,
    );
    controller.abort(signal);
  };
  const onInt = () => onSignal("SIGINT");
  const onTerm = () => onSignal("SIGTERM");
  const off = () => {
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
  };
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  try {
    await work(controller.signal);
  } catch (e) {
    if (!(controller.signal.aborted && e === controller.signal.reason)) throw e;
  } finally {
    off();
  }
  const received = stoppedBy(controller.signal);
  if (received) process.exit(SIGNAL_EXIT[received]);
}
