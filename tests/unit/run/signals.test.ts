import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { exitCodeForSignal, FORWARDED_SIGNALS, routeSignals, type SignalRouter, type SignalTarget } from "../../../src/run/signals.ts";
import { REPO_ROOT } from "../../helpers/binary.ts";
import { SCRIPT } from "../../helpers/pty.ts";

let router: SignalRouter | undefined;
afterEach(() => {
  router?.dispose();
  router = undefined;
});

/** Sends `signal` to this test process and waits until the router has acted on it. */
async function deliver(signal: NodeJS.Signals, acted: Promise<unknown>): Promise<void> {
  process.kill(process.pid, signal);
  await acted;
}

function recorder(): { target: SignalTarget; received: NodeJS.Signals[]; next: () => Promise<NodeJS.Signals> } {
  const received: NodeJS.Signals[] = [];
  let wake: ((s: NodeJS.Signals) => void) | undefined;
  return {
    received,
    target: {
      pid: 4242,
      kill(signal) {
        received.push(signal);
        wake?.(signal);
      },
    },
    next: () => new Promise((resolve) => (wake = resolve)),
  };
}

test("exit status of a signal death is 128+S", () => {
  expect(exitCodeForSignal("SIGTERM")).toBe(143);
  expect(exitCodeForSignal("SIGINT")).toBe(130);
  expect(exitCodeForSignal("SIGKILL")).toBe(137);
});

test("before the child starts, INT/TERM/HUP/QUIT end env-secrets with 128+S", async () => {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"] as const) {
    let exited: (code: number) => void = () => {};
    const code = new Promise<number>((resolve) => (exited = resolve));
    router = routeSignals({ exit: exited });
    await deliver(signal, code);
    expect(await code).toBe(exitCodeForSignal(signal));
    router.dispose();
  }
});

test("before the child starts, WINCH/USR1/USR2 are ignored (and do not kill the process)", async () => {
  const exits: number[] = [];
  let exited: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (exited = resolve));
  router = routeSignals({
    exit: (code) => {
      exits.push(code);
      exited();
    },
  });
  for (const signal of ["SIGWINCH", "SIGUSR1", "SIGUSR2"] as const) process.kill(process.pid, signal);
  // A later stopping signal proves the earlier ones were handled (and ignored) first.
  await deliver("SIGTERM", stopped);
  expect(exits).toEqual([exitCodeForSignal("SIGTERM")]);
});

test("once the child runs, each of the seven signals is forwarded to it", async () => {
  const child = recorder();
  router = routeSignals({ exit: () => expect.unreachable(), terminalDelivered: () => false });
  router.forwardTo(child.target);
  for (const signal of FORWARDED_SIGNALS) await deliver(signal, child.next());
  expect(child.received).toEqual([...FORWARDED_SIGNALS]);
});

test("a terminal's INT, QUIT and WINCH are not forwarded when the terminal already delivered them", async () => {
  const child = recorder();
  router = routeSignals({ exit: () => expect.unreachable(), terminalDelivered: () => true });
  router.forwardTo(child.target);
  for (const signal of ["SIGINT", "SIGQUIT", "SIGWINCH"] as const) process.kill(process.pid, signal);
  // TERM is never terminal-generated: it arrives after the others and is forwarded.
  await deliver("SIGTERM", child.next());
  expect(child.received).toEqual(["SIGTERM"]);
});

test("dieBySignal ends the process killed by that signal, with no crash report", async () => {
  const script = `import { dieBySignal } from ${JSON.stringify(join(REPO_ROOT, "src/run/signals-posix.ts"))};
process.exit(dieBySignal(process.argv.at(-1)));`;
  for (const signal of ["SIGUSR1", "SIGTERM", "SIGSEGV", "SIGQUIT"]) {
    const proc = Bun.spawn({ cmd: [process.execPath, "-e", script, signal], stdout: "pipe", stderr: "pipe" });
    const stderr = await new Response(proc.stderr).text();
    await proc.exited;
    expect({ signal: proc.signalCode, stderr }).toEqual({ signal: signal as NodeJS.Signals, stderr: "" });
  }
});

describe("terminalAlreadyDelivered", () => {
  // Asks, in a fresh process, whether a terminal signal would have reached a child in its own process group.
  const probe = `import { terminalAlreadyDelivered } from ${JSON.stringify(join(REPO_ROOT, "src/run/signals-posix.ts"))};
process.stdout.write(String(terminalAlreadyDelivered({ pid: process.pid, kill() {} })));`;

  test("false without a controlling terminal: every signal is forwarded", async () => {
    const proc = Bun.spawn({ cmd: [process.execPath, "-e", probe], stdout: "pipe", detached: true });
    expect(await new Response(proc.stdout).text()).toBe("false");
  });

  test.skipIf(SCRIPT === null)("true in the foreground process group of a terminal", async () => {
    const command = `exec ${process.execPath} -e '${probe.replaceAll("'", `'\\''`)}'`;
    const proc = Bun.spawn({ cmd: [SCRIPT as string, "--quiet", "--command", command, "/dev/null"], stdin: "pipe", stdout: "pipe" });
    const output = await new Response(proc.stdout).text();
    proc.stdin.end();
    expect(output.trim()).toBe("true");
  });
});
