/**
 * AWS error codes env-secrets has no special case for, through the compiled
 * binary: any answer in AWS's error shape shows its code and message, with
 * advice where the code has a known cause; only answers that are not
 * AWS-shaped (a proxy's HTML page) get the proxy advice.
 */
import { describe, expect, test } from "bun:test";
import { runAgainst, useHostileServer } from "../hostile/run.ts";
import { awsError, json, raw } from "../hostile/server.ts";

const SECRET = "hostile/errors";
const CREDENTIALS = "check your credentials (-p, AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN)";
const CLOCK = "that this machine's clock is right (AWS accepts a request signed at most 5 minutes off)";

const server = await useHostileServer();

async function lineFor(code: string, message: string, status = 400, env: Record<string, string> = { AWS_MAX_ATTEMPTS: "1" }) {
  server.respond(() => awsError(code, message, status));
  const result = await runAgainst(server.url, [SECRET], [], env);
  expect([result.exitCode, result.childRan]).toEqual([125, false]);
  expect(result.lines).toHaveLength(1);
  return result.lines[0]!;
}

describe("codes with a known cause: the code, the advice and AWS's message", () => {
  const cases: Array<[string, string, string]> = [
    ["RequestExpired", "Request has expired.", `the request's signature had expired when AWS received it; check ${CLOCK}`],
    ["SignatureDoesNotMatch", "The request signature we calculated does not match.", `AWS rejected the request signature; check the secret access key, and ${CLOCK}`],
    ["InvalidSignatureException", "Signature expired: 20200101T000000Z is now earlier than 20240101T000000Z.", `AWS rejected the request signature; check the secret access key, and ${CLOCK}`],
    ["OptInRequired", "You are not subscribed to this service.", "the region us-east-1 is not enabled for this account; enable it in the account's settings (AWS console, Account, AWS Regions) or use another region (-r)"],
    ["InvalidClientTokenId", "The security token included in the request is invalid.", `AWS does not know the access key or session token in use; ${CREDENTIALS}`],
    ["MissingAuthenticationTokenException", "Missing Authentication Token", `AWS found no complete credentials in the request; ${CREDENTIALS}`],
    ["IncompleteSignatureException", "Authorization header requires 'Signature' parameter.", `AWS found no complete credentials in the request; ${CREDENTIALS}`],
  ];
  for (const [code, message, advice] of cases) {
    test(code, async () => {
      expect(await lineFor(code, message)).toBe(`env-secrets: ${SECRET}: ${code} — ${advice} (AWS: ${message})`);
    });
  }
});

describe("server faults: retried, then reported as such", () => {
  test("ServiceUnavailableException (503): the SDK's three attempts, then 'failed after 3 attempts'", async () => {
    const line = await lineFor("ServiceUnavailableException", "Service is unavailable.", 503, {});
    expect(line).toBe(`env-secrets: ${SECRET}: ServiceUnavailableException — Secrets Manager failed after 3 attempts; retry later (AWS: Service is unavailable.)`);
    expect(server.requests).toHaveLength(3);
  }, 30_000);

  test("a 5xx code env-secrets does not know gets the same advice", async () => {
    expect(await lineFor("SomeBackendFault", "backend unhappy", 500)).toBe(
      `env-secrets: ${SECRET}: SomeBackendFault — Secrets Manager failed after 1 attempts; retry later (AWS: backend unhappy)`,
    );
  });
});

describe("any other AWS-shaped error: its code and message", () => {
  test("an unknown 4xx code", async () => {
    expect(await lineFor("BrandNewException", "Something new went wrong.")).toBe(`env-secrets: ${SECRET}: BrandNewException — AWS: Something new went wrong. (HTTP 400)`);
  });

  test("a code in the body only (__type with a namespace), no header", async () => {
    server.respond(() => json({ __type: "com.amazonaws.secretsmanager#BrandNewException", Message: "From the body." }, 400));
    const result = await runAgainst(server.url, [SECRET], [], { AWS_MAX_ATTEMPTS: "1" });
    expect(result.lines).toEqual([`env-secrets: ${SECRET}: BrandNewException — AWS: From the body. (HTTP 400)`]);
  });

  test("a code without a message", async () => {
    server.respond(() => json({ __type: "BrandNewException" }, 400));
    const result = await runAgainst(server.url, [SECRET], [], { AWS_MAX_ATTEMPTS: "1" });
    expect(result.lines).toEqual([`env-secrets: ${SECRET}: BrandNewException — AWS gave no message (HTTP 400)`]);
  });
});

describe("answers that are not AWS-shaped keep the proxy advice", () => {
  for (const [label, body, status, type] of [
    ["an HTML error page", "<html><body>Bad Gateway</body></html>", 502, "text/html"],
    ["JSON without an error code", "{}", 400, "application/json"],
    ["an HTML page with status 200", "<html><body>Log in to the Wi-Fi</body></html>", 200, "text/html"],
  ] as const) {
    test(label, async () => {
      server.respond(() => raw(body, status, { "Content-Type": type }));
      const result = await runAgainst(server.url, [SECRET], [], { AWS_MAX_ATTEMPTS: "1" });
      expect(result.lines).toEqual([
        `env-secrets: ${SECRET}: HTTP ${status} — the answer from ${server.url} is not from Secrets Manager; if a proxy is in the way, check HTTPS_PROXY, HTTP_PROXY and NO_PROXY`,
      ]);
    });
  }
});
