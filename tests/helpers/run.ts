import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binaryPath } from "./binary.ts";
import { envWith } from "./env.ts";
import { expectNoCanaries, registerCanary } from "./canary.ts";

export interface RunResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  /** stdout exactly as written, for binary output. */
  stdoutBytes: Uint8Array;
  stderr: string;
  /** The environment env-secrets was started with. */
  env: Record<string, string>;
}

/**
 * ENV_SECRETS_TEST_DEBUG=1 runs every end-to-end test with DEBUG=env-secrets,
 * to prove debug output never shows a value: the canary check below sees the
 * whole stderr, while tests see it without the debug lines they did not ask for.
 */
const DEBUG_EVERY_RUN = process.env.ENV_SECRETS_TEST_DEBUG === "1";
const DEBUG_LINE = /^env-secrets: debug: .*\n/gm;

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
  // Not where the test itself decides about debug output.
  const debugAdded = DEBUG_EVERY_RUN && !args.includes("--debug") && !(options.env && "DEBUG" in options.env);
  const env = envWith({ ...(debugAdded ? { DEBUG: "env-secrets" } : {}), ...options.env });
  const proc = Bun.spawn({
    cmd: [binaryPath(), ...args],
    env,
    cwd: options.cwd,
    stdin: options.stdin === undefined ? "ignore" : new Blob([options.stdin]),
    stdout: "pipe",
    stderr: "pipe",
    timeout: options.timeoutMs ?? 20_000,
  });
  const [stdoutBytes, stderr] = await Promise.all([new Response(proc.stdout).bytes(), new Response(proc.stderr).text()]);
  await proc.exited;
  const stdout = new TextDecoder().decode(stdoutBytes);
  if (options.valuesExpectedOn !== "stdout") expectNoCanaries(stdout, "env-secrets stdout");
  expectNoCanaries(stderr, "env-secrets stderr");
  return {
    exitCode: proc.exitCode,
    signal: proc.signalCode === null ? null : String(proc.signalCode),
    stdout,
    stdoutBytes,
    stderr: debugAdded ? stderr.replace(DEBUG_LINE, "") : stderr,
    env,
  };
}

/** A scratch directory for one test; the preload removes them all when the run ends. */
export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), "scratch-"));
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

/**
 * The secret access key of every end-to-end run is a canary too: no output of
 * env-secrets, debug output included, may show it.
 */
const TEST_SECRET_ACCESS_KEY = registerCanary("env-test-secret-access-key");

/** The environment every end-to-end run gets: test credentials and the fake's endpoint. */
export function awsEnv(endpoint: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    AWS_ACCESS_KEY_ID: "AKIDENVTEST",
    AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL: endpoint,
    ...extra,
  };
}

/**
 * `sh -c script` with the compiled binary as $0 and `args` as $1..., for tests
 * about what a calling shell sees. Fails the test if a canary shows up on
 * stderr (env-secrets' own, and the script's).
 */
export async function runInShell(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  const proc = Bun.spawn({ cmd: ["sh", "-c", script, binaryPath(), ...args], env: envWith(env), stdout: "pipe", stderr: "pipe", timeout: 60_000 });
  const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  await proc.exited;
  expectNoCanaries(stderr, "stderr");
  return { exitCode: proc.exitCode, stdout, stderr };
}
