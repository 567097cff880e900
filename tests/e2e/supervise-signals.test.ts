/**
 * Supervise mode end to end: every forwarded signal reaches the child, the
 * child's exit code or signal death comes back unchanged, and signals that
 * arrive while secrets are still being fetched never start the program.
 */
import { beforeEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync } from "node:fs";
import { constants } from "node:os";
import { join } from "node:path";
import { canary } from "../helpers/canary.ts";
import { useFakeAws } from "../helpers/fake.ts";
import { loggedSignals, signalChildCommand, startBinary, waitFor } from "../helpers/process.ts";
import { awsEnv, runBinary, runInShell, scratchDir } from "../helpers/run.ts";

// Processes and a fake AWS on a busy 2-core machine: give every test room.
setDefaultTimeout(60_000);
const fake = useFakeAws();
const SECRET = "supervise/app";
const FORWARDED = ["SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGWINCH"] as const;

beforeEach(() => {
  fake().seed({ name: SECRET, secretString: JSON.stringify({ APP_TOKEN: canary("supervise") }) });
});

function start(command: string[]) {
  return startBinary(["aws", "-s", SECRET, "--", ...command], { env: awsEnv(fake().url) });
}

const signalNumber = (signal: NodeJS.Signals) => constants.signals[signal];

/** A child with default dispositions that says when it runs. */
const sleeper = (dir: string) => ["sh", "-c", 'echo $$ > "$1/ready"; exec sleep 60', "sh", dir];

describe("forwarding", () => {
  for (const signal of FORWARDED) {
    test(`${signal} sent to env-secrets reaches the child, and the child's exit code comes back`, async () => {
      const dir = scratchDir();
      const run = start(signalChildCommand(dir, "exit"));
      await waitFor("the child to be ready", () => existsSync(join(dir, "ready")));
      run.proc.kill(signal);
      const result = await run.finish();
      expect(loggedSignals(dir)).toEqual([signal]);
      expect({ exitCode: result.exitCode, signal: result.signal, stderr: result.stderr }).toEqual({
        exitCode: 100 + signalNumber(signal),
        signal: null,
        stderr: "",
      });
    });
  }

  for (const signal of FORWARDED.filter((s) => s !== "SIGWINCH")) {
    test(`a child killed by the forwarded ${signal} makes env-secrets die of ${signal} too`, async () => {
      const dir = scratchDir();
      const run = start(sleeper(dir));
      await waitFor("the child to be ready", () => existsSync(join(dir, "ready")));
      run.proc.kill(signal);
      const result = await run.finish();
      expect({ exitCode: result.exitCode, signal: result.signal, stderr: result.stderr }).toEqual({ exitCode: null, signal, stderr: "" });
    });
  }

  test("SIGWINCH forwarded to a child that ignores it changes nothing", async () => {
    const dir = scratchDir();
    const run = start(sleeper(dir));
    await waitFor("the child to be ready", () => existsSync(join(dir, "ready")));
    run.proc.kill("SIGWINCH");
    await Bun.sleep(300);
    expect(run.proc.exitCode).toBeNull();
    run.proc.kill("SIGTERM");
    expect((await run.finish()).signal).toBe("SIGTERM");
  });
});

describe("exit status", () => {
  for (const code of [0, 1, 2, 42, 255]) {
    test(`child exit code ${code} is env-secrets' exit code`, async () => {
      const result = await runBinary(["aws", "-s", SECRET, "--", "sh", "-c", `exit ${code}`], { env: awsEnv(fake().url) });
      expect([result.exitCode, result.signal, result.stderr]).toEqual([code, null, ""]);
    });
  }

  for (const signal of ["SIGTERM", "SIGINT", "SIGKILL", "SIGSEGV"] as const) {
    test(`a child that dies of ${signal} makes env-secrets die of ${signal} (no 128+S, no crash report)`, async () => {
      const result = await runBinary(["aws", "-s", SECRET, "--", "sh", "-c", `kill -${signal.slice(3)} $$`], {
        env: awsEnv(fake().url),
      });
      expect([result.exitCode, result.signal, result.stderr]).toEqual([null, signal, ""]);
    });
  }

  test("a calling shell sees exactly what it sees without env-secrets", async () => {
    const script = [
      'sh -c "kill -TERM \\$\\$"; echo "direct=$?"',
      '"$0" aws -s "$1" -- sh -c "kill -TERM \\$\\$"; echo "wrapped=$?"',
      'sh -c "exit 3"; echo "direct=$?"',
      '"$0" aws -s "$1" -- sh -c "exit 3"; echo "wrapped=$?"',
    ].join("; ");
    const { stdout } = await runInShell(script, [SECRET], awsEnv(fake().url));
    expect(stdout).toBe("direct=143\nwrapped=143\ndirect=3\nwrapped=3\n");
  });
});

describe("signals while secrets are being fetched", () => {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"] as const) {
    test(`${signal}: no program is started and env-secrets exits ${128 + signalNumber(signal)} without waiting for AWS`, async () => {
      fake().setLatency(20_000);
      const dir = scratchDir();
      const run = start(["sh", "-c", 'touch "$1/ran"', "sh", dir]);
      await waitFor("the fetch to start", () => fake().requests.length > 0);
      const sent = Date.now();
      run.proc.kill(signal);
      const result = await run.finish();
      const elapsed = Date.now() - sent;
      expect([result.exitCode, result.signal, result.stderr]).toEqual([128 + signalNumber(signal), null, ""]);
      expect(existsSync(join(dir, "ran"))).toBe(false);
      // Far below the fake's 20 s latency: env-secrets did not wait for the answer.
      expect(elapsed).toBeLessThan(10_000);
    });
  }

  test("SIGWINCH, SIGUSR1 and SIGUSR2 are ignored: the program still runs once the secrets arrive", async () => {
    fake().setLatency(1_500);
    const dir = scratchDir();
    const run = start(["sh", "-c", 'touch "$1/ran"; exit 7', "sh", dir]);
    await waitFor("the fetch to start", () => fake().requests.length > 0);
    for (const signal of ["SIGWINCH", "SIGUSR1", "SIGUSR2"] as const) run.proc.kill(signal);
    const result = await run.finish();
    expect([result.exitCode, result.signal, result.stderr]).toEqual([7, null, ""]);
    expect(existsSync(join(dir, "ran"))).toBe(true);
  });
});
