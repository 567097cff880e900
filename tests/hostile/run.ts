/**
 * Runs the compiled binary against a hostile server: `env-secrets aws -s ...
 * -- <dump env>`, like tests/helpers/e2e.ts does against the faithful fake,
 * plus what tests of hostile answers need to see: the time taken and the
 * binary's peak memory.
 */
import { afterAll, beforeEach } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { binaryPath } from "../helpers/binary.ts";
import { expectNoCanaries, registerCanary } from "../helpers/canary.ts";
import { envWith } from "../helpers/env.ts";
import { awsEnv, dumpEnvCommand, readEnvDump, scratchDir } from "../helpers/run.ts";
import { type HostileServer, startHostileServer } from "./server.ts";

/**
 * The session token of every run: a canary, so that output showing it fails
 * the test, and a value tests can look for in what a server received.
 */
export const SESSION_TOKEN = registerCanary(`hostile-session-token-${crypto.randomUUID()}`);

/** One hostile server for a test file: its request log emptied before each test, stopped after the file. */
export async function useHostileServer(): Promise<HostileServer> {
  const server = await startHostileServer();
  beforeEach(() => {
    server.requests.length = 0;
  });
  afterAll(async () => {
    await server.stop();
  });
  return server;
}

/** The advice env-secrets gives for an answer that cannot have come from Secrets Manager at `endpoint`. */
export function notFromAws(endpoint: string): string {
  return `the answer from ${endpoint} is not from AWS; check --endpoint-url (AWS_ENDPOINT_URL*) and the proxy (HTTPS_PROXY, HTTP_PROXY, NO_PROXY)`;
}

/** As runBinary does: ENV_SECRETS_TEST_DEBUG=1 runs every test in debug mode; tests see stderr without those lines. */
const DEBUG_EVERY_RUN = process.env.ENV_SECRETS_TEST_DEBUG === "1";
const DEBUG_LINE = /^env-secrets: debug: .*\n/gm;

export interface HostileRun {
  exitCode: number | null;
  stderr: string;
  /** Lines of stderr, without the final newline. */
  lines: string[];
  childRan: boolean;
  childEnv(): Record<string, string>;
  elapsedMs: number;
  /** Peak resident memory of env-secrets (and the program it started), in bytes; undefined without /usr/bin/time. */
  maxRssBytes: number | undefined;
}

/**
 * GNU time measures peak memory (getrusage's ru_maxrss of its child). The
 * kernel's figure for a process Bun starts directly is no use: it carries the
 * peak of the test runner's own memory across the exec.
 */
const canMeasureMemory = existsSync("/usr/bin/time");
if (!canMeasureMemory) console.warn("tests/hostile: /usr/bin/time not found (Debian package time): peak memory is not checked");

export async function runAgainst(
  endpoint: string,
  secrets: string[],
  extraArgs: string[] = [],
  env: Record<string, string | undefined> = {},
): Promise<HostileRun> {
  const scratch = scratchDir();
  const dump = join(scratch, "env");
  const memory = join(scratch, "max-rss-kib");
  const args = ["aws", ...secrets.flatMap((s) => ["-s", s]), ...extraArgs, "--", ...dumpEnvCommand(dump)];
  const debugAdded = DEBUG_EVERY_RUN && !extraArgs.includes("--debug") && !("DEBUG" in env);
  const started = performance.now();
  const proc = Bun.spawn({
    cmd: [...(canMeasureMemory ? ["/usr/bin/time", "-f", "%M", "-o", memory] : []), binaryPath(), ...args],
    env: envWith(awsEnv(endpoint, { AWS_SESSION_TOKEN: SESSION_TOKEN, ...(debugAdded ? { DEBUG: "env-secrets" } : {}), ...env })),
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    timeout: 30_000,
  });
  const [stdout, fullStderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  await proc.exited;
  const elapsedMs = performance.now() - started;
  expectNoCanaries(stdout, "env-secrets stdout");
  expectNoCanaries(fullStderr, "env-secrets stderr");
  const stderr = debugAdded ? fullStderr.replace(DEBUG_LINE, "") : fullStderr;
  return {
    exitCode: proc.exitCode,
    stderr,
    lines: stderr.replace(/\n$/, "").split("\n"),
    childRan: existsSync(dump),
    childEnv: () => readEnvDump(dump),
    elapsedMs,
    maxRssBytes: canMeasureMemory ? Number(readFileSync(memory, "utf8").trim().split("\n").pop()) * 1024 : undefined,
  };
}
