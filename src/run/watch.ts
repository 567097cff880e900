import type { ChildExit } from "./supervise.ts";
import { WATCH_EXIT_CODE, type WatchAction } from "./watch-options.ts";

/** A running program, as the watch needs it: how it ends, and how to ask it to. */
export interface RunningProgram {
  readonly exited: Promise<ChildExit>;
  kill(signal: NodeJS.Signals): void;
}

/**
 * What one check found. `changed` carries what the next start needs (for a
 * run: the new environment) and the line that tells the user why.
 */
export type CheckOutcome<T> = { kind: "unchanged" } | { kind: "failed"; warning: string } | { kind: "changed"; next: T; summary: string };

export interface WatchSettings {
  intervalMs: number;
  /** Sent to the program to stop it for a restart (--watch-signal). */
  signal: NodeJS.Signals;
  /** How long the program may take to exit after `signal` before SIGKILL (--watch-grace). */
  graceMs: number;
  action: WatchAction;
}

export interface WatchDeps<T> {
  /** Starts the program for `what` (the first start, and every restart). */
  start(what: T): Promise<RunningProgram>;
  /** Whether what the program was started with is still current. Never throws: a failure is an outcome. */
  check(): Promise<CheckOutcome<T>>;
  /** Calls `listener` when env-secrets is asked to stop (SIGTERM, SIGINT); returns how to stop listening. */
  onStopRequest(listener: (signal: NodeJS.Signals) => void): () => void;
  warn(line: string): void;
  notice(line: string): void;
  /** Jitter source, [0, 1); Math.random by default. */
  random?: () => number;
}

/** The most a run of failed checks stretches the interval (2, 4, 8 intervals, then 8 again). */
export const MAX_BACKOFF_FACTOR = 8;
/** ±10 %: a fleet started at once does not check (and restart) in lock-step. */
export const JITTER = 0.1;

/**
 * `--watch`: runs the program, checks every interval (with jitter, and with
 * backoff after failed checks) whether what it was started with is still
 * current, and on a change stops it (signal, grace, SIGKILL) and starts it
 * again, or ends with 75 for `--watch-action exit`. One step at a time: a
 * check never overlaps another or a restart, so restarts never interleave.
 *
 * Never worse than no watch: a failed check leaves the program running. The
 * program ending by itself ends the watch with its status (no restart
 * loop); so does a stop request, which the signal router has passed on to it.
 */
export async function watchProgram<T>(first: T, deps: WatchDeps<T>, settings: WatchSettings): Promise<ChildExit> {
  const random = deps.random ?? Math.random;
  const stopRequest = new Latch<NodeJS.Signals>();
  const stopListening = deps.onStopRequest((signal) => stopRequest.fire(signal));
  /** The program running now, and its end as a latch: subscribed to once per start, not once per check. */
  const started = async (what: T) => {
    const program = await deps.start(what);
    const ended = new Latch<ChildExit>();
    void program.exited.then((exit) => ended.fire(exit));
    return { program, ended };
  };
  try {
    let { program, ended } = await started(first);
    let failures = 0;
    for (;;) {
      const delay = nextDelay(settings.intervalMs, failures, random);
      const waited = await raceWithTimer(delay, [ended.next(), stopRequest.next()]);
      if (waited !== "timer") return await program.exited;
      const outcome = await Promise.race([deps.check(), ended.next().then((exit) => ({ kind: "exited" as const, exit }))]);
      if (outcome.kind === "exited") return outcome.exit;
      if (stopRequest.fired()) return await program.exited;
      if (outcome.kind === "unchanged") {
        failures = 0;
        continue;
      }
      if (outcome.kind === "failed") {
        failures++;
        deps.warn(`${outcome.warning}; the program keeps running, next check in ${describeMs(nextDelay(settings.intervalMs, failures, () => 0.5))}`);
        continue;
      }
      failures = 0;
      deps.notice(`${outcome.summary}; ${settings.action === "exit" ? `stopping the program and exiting with ${WATCH_EXIT_CODE}` : "restarting the program"}`);
      await stopProgram(program, settings, deps);
      if (settings.action === "exit") return { code: WATCH_EXIT_CODE };
      // Asked to stop while the program was stopping: do not start it again.
      const signal = stopRequest.value();
      if (signal !== undefined) return { signal };
      ({ program, ended } = await started(outcome.next));
    }
  } finally {
    stopListening();
  }
}

/**
 * Something that happens once (the program's end, a stop request), which
 * every wait of the watch, one after another, races against. Each wait gets
 * a new promise: racing the same pending promise at every check would add a
 * reaction to it each time, all kept until it settles, that is for as long
 * as the program runs (three promises a check, never freed).
 */
class Latch<V> {
  private happened: { value: V } | undefined;
  private wake: ((value: V) => void) | undefined;

  fire(value: V): void {
    this.happened ??= { value };
    this.wake?.(this.happened.value);
  }

  fired(): boolean {
    return this.happened !== undefined;
  }

  value(): V | undefined {
    return this.happened?.value;
  }

  /** Resolves when it has happened (at once if it has); only the latest of these promises is woken. */
  next(): Promise<V> {
    return new Promise<V>((resolve) => {
      if (this.happened) resolve(this.happened.value);
      else this.wake = resolve;
    });
  }
}

/** The signal, then up to the grace period for the program to exit, then SIGKILL. */
async function stopProgram(program: RunningProgram, settings: WatchSettings, deps: WatchDeps<unknown>): Promise<void> {
  program.kill(settings.signal);
  if ((await raceWithTimer(settings.graceMs, [program.exited])) !== "timer") return;
  deps.warn(`the program did not exit within ${describeMs(settings.graceMs)} of ${settings.signal}; killing it (SIGKILL)`);
  program.kill("SIGKILL");
  await program.exited;
}

/** The wait before the next check: the interval ±JITTER, doubled for each failure in a row up to MAX_BACKOFF_FACTOR. */
export function nextDelay(intervalMs: number, failures: number, random: () => number): number {
  // The first failure is retried at the next interval; backoff starts with the second.
  const factor = failures <= 1 ? 1 : Math.min(2 ** (failures - 1), MAX_BACKOFF_FACTOR);
  return Math.round(intervalMs * factor * (1 - JITTER + 2 * JITTER * random()));
}

/** Resolves with "timer" after `ms`, or with whichever of `others` settles first; the timer never outlives the race. */
async function raceWithTimer(ms: number, others: Promise<unknown>[]): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const elapsed = new Promise<"timer">((resolve) => {
    timer = setTimeout(() => resolve("timer"), ms);
  });
  try {
    return await Promise.race([elapsed, ...others]);
  } finally {
    clearTimeout(timer);
  }
}

function describeMs(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${Math.round(ms / 100) / 10}s`;
  return `${ms}ms`;
}
