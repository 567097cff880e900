/**
 * A 200 answer that holds no value, or a value of the wrong type, through the
 * compiled binary: the secret fails with one line that names it and what is
 * wrong, and the program is not started.
 */
import { describe, expect, test } from "bun:test";
import { canary } from "../helpers/canary.ts";
import { notFromAws, runAgainst, useHostileServer } from "../hostile/run.ts";
import { type Answer, awsError, drip, json, raw, secretValue, secretValueEntry } from "../hostile/server.ts";

const SECRET = "hostile/answers";

const server = await useHostileServer();

async function expectRefused(answer: Answer, secret: string, reason: string) {
  server.respond(() => answer);
  const result = await runAgainst(server.url, [secret]);
  expect(result.lines).toEqual([`env-secrets: ${secret}: ${reason} — Secrets Manager never answers so: ${notFromAws(server.url)}`]);
  expect([result.exitCode, result.childRan]).toEqual([125, false]);
}

describe("an answer without a value is an error naming the secret", () => {
  const noValue = "the answer has no value (neither SecretString nor SecretBinary)";
  const answers: Array<[string, Answer]> = [
    ["an empty body", raw("")],
    ["{}", raw("{}")],
    ["null", raw("null")],
    ["SecretString null", secretValue(SECRET, null)],
    ["ARN and name but neither SecretString nor SecretBinary", json({ ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf", Name: SECRET })],
  ];
  for (const [label, answer] of answers) {
    test(`${label}: with and without VAR=`, async () => {
      await expectRefused(answer, SECRET, noValue);
      await expectRefused(answer, `WHOLE=${SECRET}`, noValue);
    });
  }

  test("inside a BatchGetSecretValue page (--batch): the entry without a value fails, named; the program is not started", async () => {
    const good = canary("batch-good");
    server.respond((request) =>
      request.operation === "BatchGetSecretValue"
        ? json({ SecretValues: [secretValueEntry(`${SECRET}-a`, JSON.stringify({ GOOD: good })), { Name: `${SECRET}-b`, ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:b-AbCdEf" }], Errors: [] })
        : awsError("InternalServiceError", "unexpected call", 500),
    );
    const result = await runAgainst(server.url, [`${SECRET}-a`, `${SECRET}-b`], ["--batch"]);
    expect(result.lines).toEqual([`env-secrets: ${SECRET}-b: ${noValue} — Secrets Manager never answers so: ${notFromAws(server.url)}`]);
    expect([result.exitCode, result.childRan]).toEqual([125, false]);
  });
});

describe("a value of the wrong type on the wire is an error naming the secret, not a TypeError", () => {
  const cases: Array<[string, unknown, string]> = [
    ["a number", 12345, "a number"],
    ["an object", { KEY: "value" }, "an object"],
    ["an array", ["a", "b"], "an array"],
    ["a boolean", true, "a boolean"],
  ];
  for (const [label, value, kind] of cases) {
    test(`SecretString as ${label}`, async () => {
      await expectRefused(secretValue(SECRET, value), SECRET, `the answer's SecretString is ${kind}, not text`);
    });
  }

  test("SecretBinary as a number", async () => {
    await expectRefused(json({ Name: SECRET, SecretBinary: 5 }), `BIN=${SECRET}`, "the answer's SecretBinary is a number, not base64 text");
  });
});

describe("a body that drips slower than --timeout", () => {
  test("ends at the time limit with our own line only: no SDK 'Deserialization error' warning", async () => {
    server.respond(() => drip("A", 200));
    const result = await runAgainst(server.url, [SECRET], ["--timeout", "2"]);
    expect(result.lines).toEqual([
      `env-secrets: Secrets Manager: no answer within 2 s — ${server.url} did not answer; check the network, the proxy (HTTPS_PROXY, NO_PROXY) and --endpoint-url, or raise --timeout`,
    ]);
    expect([result.exitCode, result.childRan]).toEqual([125, false]);
  });
});
