import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { binaryPath, REPO_ROOT } from "./binary.ts";
import { expectNoCanaries } from "./canary.ts";
import { envWith } from "./env.ts";

/** The signal-logging child program (see signal-child.ts) as a command line. */
export function signalChildCommand(dir: string, mode: "exit" | "log"): string[] {
  return [process.execPath, join(REPO_ROOT, "tests", "helpers", "signal-child.ts"), dir, mode];
}

/** Signals the signal child has logged so far. */
export function loggedSignals(dir: string): string[] {
  const file = join(dir, "signals");
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
}

/** Polls until `check` holds; generous by default because the machine may be busy. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(20);
  }
}

export interface Started {
  proc: Bun.Subprocess<"ignore" | "pipe", "pipe", "pipe">;
  /** Waits for the end; checks env-secrets' own output for canaries. */
  finish(): Promise<{ exitCode: number | null; signal: string | null; stdout: string; stderr: string }>;
}

/**
 * Starts the compiled binary with `args` (after `prefix`, e.g. unshare)
 * without waiting for it, for tests that signal it while it runs.
 */
export function startBinary(
  args: string[],
  options: { env: Record<string, string | undefined>; stdin?: "ignore" | "pipe"; prefix?: string[] },
): Started {
  return startProcess([...(options.prefix ?? []), binaryPath(), ...args], { env: envWith(options.env), stdin: options.stdin });
}

/**
 * Starts `cmd` with exactly `env`, in a session of its own without a
 * controlling terminal: as under CI, a container runtime or kill(1), even
 * when the tests run in a terminal. `finish` fails the test if a canary shows
 * up in its output, except on stdout when the test expects values there.
 */
export function startProcess(
  cmd: string[],
  options: { env: Record<string, string>; stdin?: "ignore" | "pipe"; valuesExpectedOn?: "stdout" },
): Started {
  const proc = Bun.spawn({
    cmd,
    env: options.env,
    stdin: options.stdin ?? "ignore",
    stdout: "pipe",
    stderr: "pipe",
    timeout: 60_000,
    detached: true,
  });
  const output = Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  return {
    proc,
    async finish() {
      const [stdout, stderr] = await output;
      await proc.exited;
      if (options.valuesExpectedOn !== "stdout") expectNoCanaries(stdout, "env-secrets stdout");
      expectNoCanaries(stderr, "env-secrets stderr");
      return { exitCode: proc.exitCode, signal: proc.signalCode === null ? null : String(proc.signalCode), stdout, stderr };
    },
  };
}
