/**
 * Answers without end, through the compiled binary: a body larger than any
 * Secrets Manager answer is cut off at a documented bound (docs/security.md)
 * and the secret fails, fast and in little memory; a body that drips ends at
 * --timeout. Answers as large as real ones can be still work.
 */
import { describe, expect, test } from "bun:test";
import { notFromAws, runAgainst, useHostileServer } from "../hostile/run.ts";
import { type Answer, drip, flood, json, secretValue, secretValueEntry } from "../hostile/server.ts";

const SECRET = "hostile/huge";
const MiB = 1024 * 1024;
/** Peak memory allowed for a run that refuses a huge answer: a run takes ~50 MiB, the largest real answer ~100 MiB. */
const MEMORY_BOUND = 100 * MiB;

const server = await useHostileServer();

function expectLittleMemory(maxRssBytes: number | undefined): void {
  if (maxRssBytes === undefined) return;
  expect(maxRssBytes).toBeGreaterThan(0);
  expect(maxRssBytes).toBeLessThan(MEMORY_BOUND);
}

function tooLargeLine(secret: string, bound: string, operation: string): string {
  return `env-secrets: ${secret}: answer larger than ${bound} — reading stopped, as no ${operation} answer from AWS is that large: ${notFromAws(server.url)}`;
}

async function refusedFast(answer: Answer, secrets: string[], extraArgs: string[] = []) {
  server.respond(() => answer);
  const sentBefore = server.bodyBytesSent();
  const result = await runAgainst(server.url, secrets, ["--timeout", "3", ...extraArgs]);
  expect([result.exitCode, result.childRan]).toEqual([125, false]);
  // Well before the time limit, and without holding the body.
  expect(result.elapsedMs).toBeLessThan(3_000);
  expectLittleMemory(result.maxRssBytes);
  // The download was abandoned, not drained: what the server got out is the bound plus what the sockets buffer.
  expect(server.bodyBytesSent() - sentBefore).toBeLessThan(64 * MiB);
  return result;
}

describe("a body beyond the bound is cut off and the secret fails", () => {
  test("an endless chunked GetSecretValue answer: refused at 512 KiB", async () => {
    const result = await refusedFast(flood(), [SECRET]);
    expect(result.lines).toEqual([tooLargeLine(SECRET, "512 KiB", "GetSecretValue")]);
  });

  test("a 256 MiB chunked answer: the same", async () => {
    const result = await refusedFast(flood(256 * MiB), [SECRET]);
    expect(result.lines).toEqual([tooLargeLine(SECRET, "512 KiB", "GetSecretValue")]);
  });

  test("an endless BatchGetSecretValue answer (--batch): refused at 8 MiB, for each secret of the page", async () => {
    const result = await refusedFast(flood(undefined, '{"SecretValues":[{"SecretString":"'), [`${SECRET}-a`, `${SECRET}-b`], ["--batch"]);
    expect(result.lines).toEqual([tooLargeLine(`${SECRET}-a`, "8 MiB", "BatchGetSecretValue"), tooLargeLine(`${SECRET}-b`, "8 MiB", "BatchGetSecretValue")]);
  });

  test("a gzip bomb (64 MiB from 64 KiB) is counted as decoded: refused at 512 KiB", async () => {
    const body = Bun.gzipSync(new Uint8Array(64 * MiB).fill(0x41));
    const answer: Answer = { kind: "plain", status: 200, headers: { "Content-Type": "application/x-amz-json-1.1", "Content-Encoding": "gzip" }, body };
    const result = await refusedFast(answer, [SECRET]);
    expect(result.lines).toEqual([tooLargeLine(SECRET, "512 KiB", "GetSecretValue")]);
  });
});

describe("--timeout bounds reading the body", () => {
  test("a body that drips one byte every 100 ms: the time-limit line at --timeout 3, in little memory", async () => {
    server.respond(() => drip("A", 100));
    const result = await runAgainst(server.url, [SECRET], ["--timeout", "3"]);
    expect(result.lines).toEqual([
      `env-secrets: Secrets Manager: no answer within 3 s — ${server.url} did not answer; check the network, the proxy (HTTPS_PROXY, NO_PROXY) and --endpoint-url, or raise --timeout`,
    ]);
    expect([result.exitCode, result.childRan]).toEqual([125, false]);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(3_000);
    // Slack for a loaded machine; the case took 7.6 s.
    expect(result.elapsedMs).toBeLessThan(5_000);
    expectLittleMemory(result.maxRssBytes);
  });
});

describe("answers as large as Secrets Manager's own still work", () => {
  // 64 KiB of control characters: the largest JSON text a SecretString can take (each one a 6-byte \u00XX escape).
  const largest = "\u0001".repeat(64 * 1024);

  test("GetSecretValue of a 64 KiB secret that escapes to 384 KiB", async () => {
    server.respond(() => secretValue(SECRET, largest));
    const result = await runAgainst(server.url, [`BIG=${SECRET}`]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.childEnv().BIG).toBe(largest);
  });

  test("a BatchGetSecretValue page (--batch) of 20 such secrets (7.7 MiB)", async () => {
    const names = Array.from({ length: 20 }, (_, i) => `${SECRET}-${i}`);
    server.respond((request) => json({ SecretValues: request.secretIds.map((name) => secretValueEntry(name, largest)), Errors: [] }));
    const result = await runAgainst(server.url, names.map((name, i) => `BIG_${i}=${name}`), ["--batch"]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const env = result.childEnv();
    expect(names.every((_, i) => env[`BIG_${i}`] === largest)).toBe(true);
    expect(server.requests.map((r) => r.operation)).toEqual(["BatchGetSecretValue"]);
  });
});
