/**
 * The restart state machine of --watch, with made-up programs and checks
 * (no process, no AWS): when it checks, restarts, gives up a check, backs
 * off, and how it ends.
 */
import { describe, expect, test } from "bun:test";
import type { ChildExit } from "../../../src/run/supervise.ts";
import { type CheckOutcome, MAX_BACKOFF_FACTOR, nextDelay, type RunningProgram, type WatchSettings, watchProgram } from "../../../src/run/watch.ts";
import { parseWatchGrace, parseWatchInterval, parseWatchSignal } from "../../../src/run/watch-options.ts";
import { thrownError } from "../../helpers/errors.ts";

const settings: WatchSettings = { intervalMs: 20, signal: "SIGTERM", graceMs: 50, action: "restart" };

/** A program that exits when killed, unless it ignores `ignores`. */
function fakeProgram(name: string, log: string[], ignores?: NodeJS.Signals) {
  let exit: (value: ChildExit) => void = () => {};
  const exited = new Promise<ChildExit>((resolve) => {
    exit = resolve;
  });
  const program: RunningProgram & { exit: (value: ChildExit) => void } = {
    exited,
    exit,
    kill(signal) {
      log.push(`${signal} ${name}`);
      if (signal !== ignores) exit({ signal });
    },
  };
  return program;
}

function harness(outcomes: Array<CheckOutcome<string>>, options: { ignores?: NodeJS.Signals } = {}) {
  const log: string[] = [];
  const programs: ReturnType<typeof fakeProgram>[] = [];
  let stop: (signal: NodeJS.Signals) => void = () => {};
  let checks = 0;
  const deps = {
    start: async (what: string) => {
      log.push(`start ${what}`);
      const program = fakeProgram(what, log, options.ignores);
      programs.push(program);
      return program;
    },
    check: async (): Promise<CheckOutcome<string>> => {
      checks++;
      return outcomes.shift() ?? { kind: "unchanged" };
    },
    onStopRequest: (listener: (signal: NodeJS.Signals) => void) => {
      stop = listener;
      return () => log.push("stopped listening");
    },
    warn: (line: string) => log.push(`warn ${line}`),
    notice: (line: string) => log.push(`notice ${line}`),
    random: () => 0.5,
  };
  return { deps, log, programs, checks: () => checks, stop: (signal: NodeJS.Signals) => stop(signal) };
}

describe("watchProgram", () => {
  test("a change stops the program with the signal and starts it with what the check found", async () => {
    const h = harness([{ kind: "unchanged" }, { kind: "changed", next: "v2", summary: "app changed" }]);
    const watching = watchProgram("v1", h.deps, settings);
    while (h.programs.length < 2) await Bun.sleep(5);
    h.programs[1]!.exit({ code: 4 });
    expect(await watching).toEqual({ code: 4 });
    expect(h.log).toEqual(["start v1", "notice app changed; restarting the program", "SIGTERM v1", "start v2", "stopped listening"]);
  });

  test("a program that ignores the signal is killed after the grace period", async () => {
    const h = harness([{ kind: "changed", next: "v2", summary: "app changed" }], { ignores: "SIGTERM" });
    const watching = watchProgram("v1", h.deps, settings);
    while (h.programs.length < 2) await Bun.sleep(5);
    h.programs[1]!.exit({ code: 0 });
    await watching;
    expect(h.log.slice(0, 5)).toEqual([
      "start v1",
      "notice app changed; restarting the program",
      "SIGTERM v1",
      "warn the program did not exit within 50ms of SIGTERM; killing it (SIGKILL)",
      "SIGKILL v1",
    ]);
  });

  test("--watch-action exit: stops the program, then ends with 75", async () => {
    const h = harness([{ kind: "changed", next: "v2", summary: "app changed" }]);
    expect(await watchProgram("v1", h.deps, { ...settings, action: "exit" })).toEqual({ code: 75 });
    expect(h.log).toEqual(["start v1", "notice app changed; stopping the program and exiting with 75", "SIGTERM v1", "stopped listening"]);
  });

  test("a failed check leaves the program running and warns once per failure", async () => {
    const h = harness([{ kind: "failed", warning: "no answer" }]);
    const watching = watchProgram("v1", h.deps, settings);
    while (h.checks() < 3) await Bun.sleep(5);
    h.programs[0]!.exit({ code: 0 });
    expect(await watching).toEqual({ code: 0 });
    expect(h.log).toEqual(["start v1", "warn no answer; the program keeps running, next check in 20ms", "stopped listening"]);
  });

  test("the program ending by itself ends the watch with its status, checks or not", async () => {
    const h = harness([]);
    const watching = watchProgram("v1", h.deps, { ...settings, intervalMs: 60_000 });
    await Bun.sleep(5);
    h.programs[0]!.exit({ signal: "SIGSEGV" });
    expect(await watching).toEqual({ signal: "SIGSEGV" });
    expect(h.checks()).toBe(0);
  });

  test("a stop request ends the watch with the program (the router passed the signal on); no check or restart follows", async () => {
    const h = harness([{ kind: "changed", next: "v2", summary: "app changed" }]);
    const watching = watchProgram("v1", h.deps, { ...settings, intervalMs: 60_000 });
    await Bun.sleep(5);
    h.stop("SIGTERM");
    h.programs[0]!.exit({ signal: "SIGTERM" });
    expect(await watching).toEqual({ signal: "SIGTERM" });
    expect(h.checks()).toBe(0);
    expect(h.programs).toHaveLength(1);
  });

  test("a stop request during a restart: the program is not started again", async () => {
    const h = harness([{ kind: "changed", next: "v2", summary: "app changed" }], { ignores: "SIGTERM" });
    const watching = watchProgram("v1", h.deps, { ...settings, graceMs: 200 });
    while (!h.log.includes("SIGTERM v1")) await Bun.sleep(2);
    h.stop("SIGINT");
    expect(await watching).toEqual({ signal: "SIGINT" });
    expect(h.programs).toHaveLength(1);
  });
  test("the program's end is subscribed to once per start, not at every check (each subscription would be kept as long as the program runs)", async () => {
    const h = harness([]);
    let subscriptions = 0;
    const start = h.deps.start;
    h.deps.start = async (what: string) => {
      const program = await start(what);
      const then = program.exited.then.bind(program.exited);
      const counted = (...args: Parameters<typeof then>) => {
        subscriptions++;
        return then(...args);
      };
      // Promise.race and await reach a native promise through its `then`: counting its calls is the point.
      // biome-ignore lint/suspicious/noThenProperty: counts the subscriptions to the program's end
      Object.defineProperty(program.exited, "then", { value: counted });
      return program;
    };
    const watching = watchProgram("v1", h.deps, { ...settings, intervalMs: 1 });
    while (h.checks() < 50) await Bun.sleep(5);
    expect(subscriptions).toBe(1);
    h.programs[0]!.exit({ code: 0 });
    expect(await watching).toEqual({ code: 0 });
  });
});

describe("nextDelay", () => {
  test("the interval ±10 %, doubled from the second failure in a row, at most 8 times", () => {
    expect([0, 1].map((f) => nextDelay(1000, f, () => 0.5))).toEqual([1000, 1000]);
    expect(nextDelay(1000, 0, () => 0)).toBe(900);
    expect(nextDelay(1000, 0, () => 0.999999)).toBe(1100);
    expect([2, 3, 4, 5, 10].map((f) => nextDelay(1000, f, () => 0.5))).toEqual([2000, 4000, 8000, 8000, 8000]);
    expect(MAX_BACKOFF_FACTOR).toBe(8);
  });
});

describe("option values", () => {
  test("intervals: 30s, 5m, 1h, bare seconds; at least 1 s", () => {
    expect(["30s", "5m", "1h", "2", "1.5s", "1000ms"].map((text) => parseWatchInterval(text))).toEqual([30_000, 300_000, 3_600_000, 2000, 1500, 1000]);
    expect(thrownError(() => parseWatchInterval("500ms"), "usage").message).toBe(
      "--watch: not an interval of at least 1s: 500ms — give a duration such as 30s, 5m or 1h (default 5m)",
    );
    expect(thrownError(() => parseWatchInterval("soon", "/w/.env-secrets.yml:3: watch"), "usage").message).toStartWith(
      "/w/.env-secrets.yml:3: watch: not an interval of at least 1s: soon — ",
    );
  });

  test("grace: any duration, 0 included", () => {
    expect(["0", "500ms", "10s"].map(parseWatchGrace)).toEqual([0, 500, 10_000]);
    expect(thrownError(() => parseWatchGrace("-1"), "usage").message).toBe("--watch-grace: not a duration: -1 — give a duration such as 10s or 500ms (default 10s)");
  });

  test("signals by name, with or without SIG, any case", () => {
    expect(["SIGTERM", "HUP", "sigusr1"].map(parseWatchSignal)).toEqual(["SIGTERM", "SIGHUP", "SIGUSR1"]);
    expect(thrownError(() => parseWatchSignal("STOPIT"), "usage").message).toBe("--watch-signal: not a signal: STOPIT — give a signal name such as SIGTERM, SIGINT or SIGHUP");
  });
});
