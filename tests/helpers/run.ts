import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binaryPath } from "./binary.ts";
import { expectNoCanaries } from "./canary.ts";

export interface RunResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  stdin?: string | Uint8Array;
  /** Set when the test asks env-secrets itself to print values on this stream. */
  valuesExpectedOn?: "stdout";
  timeoutMs?: number;
}

/**
 * Runs the compiled binary as a user would, asynchronously (the fake AWS lives
 * in the test process and must keep answering). Fails the test if any canary
 * shows up in env-secrets' own output.
 */
export async function runBinary(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...options.env })) if (v !== undefined) env[k] = v;
  const proc = Bun.spawn({
    cmd: [binaryPath(), ...args],
    env,
    cwd: options.cwd,
    stdin: options.stdin === undefined ? "ignore" : new Blob([options.stdin]),
    stdout: "pipe",
    stderr: "pipe",
    timeout: options.timeoutMs ?? 20_000,
  });
  const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  await proc.exited;
  if (options.valuesExpectedOn !== "stdout") expectNoCanaries(stdout, "env-secrets stdout");
  expectNoCanaries(stderr, "env-secrets stderr");
  return { exitCode: proc.exitCode, signal: proc.signalCode === null ? null : String(proc.signalCode), stdout, stderr };
}

/** A scratch directory for one test. */
export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), "env-secrets-test-"));
}

/**
 * A child command that writes its whole environment to `file` (NUL-separated),
 * so tests can inspect what the child received without the values passing
 * through env-secrets' own stdout.
 */
export function dumpEnvCommand(file: string): string[] {
  return ["sh", "-c", 'env -0 > "$1"', "sh", file];
}

export function readEnvDump(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of readFileSync(file, "utf8").split("\0")) {
    if (entry === "") continue;
    const eq = entry.indexOf("=");
    env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/** The environment every end-to-end run gets: test credentials and the fake's endpoint. */
export function awsEnv(endpoint: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    AWS_ACCESS_KEY_ID: "AKIDENVTEST",
    AWS_SECRET_ACCESS_KEY: "env-test-secret-access-key",
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL: endpoint,
    ...extra,
  };
}
