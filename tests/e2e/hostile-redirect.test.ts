/**
 * An endpoint that answers with a redirect, through the compiled binary: the
 * redirect is refused with one line naming the status and where it pointed,
 * and the host it points at receives nothing — not the signed request, not
 * the session token — over plain http as over https.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTestCa, opensslAvailable, type TestCa } from "../fake-aws/test-ca.ts";
import { canary } from "../helpers/canary.ts";
import { scratchDir } from "../helpers/run.ts";
import { notFromAws, runAgainst, SESSION_TOKEN } from "../hostile/run.ts";
import { type HostileServer, redirect, secretValue, startHostileServer } from "../hostile/server.ts";

const SECRET = "hostile/redirected";
const haveOpenssl = opensslAvailable();

let endpoint: HostileServer;
let elsewhere: HostileServer;
let tlsEndpoint: HostileServer | undefined;
let ca: TestCa | undefined;

beforeAll(async () => {
  endpoint = await startHostileServer();
  // What the other host would hand out if the request reached it: a working secret.
  elsewhere = await startHostileServer();
  elsewhere.respond(() => secretValue(SECRET, JSON.stringify({ FROM_ELSEWHERE: canary("elsewhere") })));
  if (!haveOpenssl) return;
  ca = createTestCa();
  tlsEndpoint = await startHostileServer({ tls: { cert: ca.cert, key: ca.key } });
});

afterAll(async () => {
  await Promise.all([endpoint?.stop(), elsewhere?.stop(), tlsEndpoint?.stop()]);
});

beforeEach(() => {
  for (const server of [endpoint, elsewhere, tlsEndpoint]) if (server) server.requests.length = 0;
});

function hostOf(url: string): string {
  return new URL(url).host;
}

/** The other host got nothing at all, so neither the signature nor the session token. */
function expectNothingReached(server: HostileServer): void {
  expect(server.requests).toEqual([]);
}

describe("a redirect is refused, never followed", () => {
  for (const status of [301, 302, 303, 307, 308]) {
    test(`HTTP ${status} from a plain-http endpoint: one line naming the status and the Location's host; the other host gets nothing`, async () => {
      endpoint.respond(() => redirect(`${elsewhere.url}/`, status));
      const result = await runAgainst(endpoint.url, [SECRET], [], { AWS_MAX_ATTEMPTS: "3" });
      expect(result.stderr).toBe(
        `env-secrets: ${SECRET}: HTTP ${status} redirect to ${hostOf(elsewhere.url)} refused — the request was not sent on: ${notFromAws(endpoint.url)}\n`,
      );
      expect([result.exitCode, result.childRan]).toEqual([125, false]);
      expectNothingReached(elsewhere);
      // Asked once, not retried: a redirect is an answer, not a transient failure.
      expect(endpoint.requests).toHaveLength(1);
      expect(endpoint.requests[0]!.headers["x-amz-security-token"]).toBe(SESSION_TOKEN);
    });
  }

  test.skipIf(!haveOpenssl)("from an https endpoint to a plain-http host: refused the same way", async () => {
    tlsEndpoint!.respond(() => redirect(`${elsewhere.url}/`, 307));
    const result = await runAgainst(tlsEndpoint!.url, [SECRET], ["--ca-bundle", ca!.caFile]);
    expect(result.lines).toEqual([
      `env-secrets: ${SECRET}: HTTP 307 redirect to ${hostOf(elsewhere.url)} refused — the request was not sent on: ${notFromAws(tlsEndpoint!.url)}`,
    ]);
    expect([result.exitCode, result.childRan]).toEqual([125, false]);
    expectNothingReached(elsewhere);
    expect(tlsEndpoint!.requests).toHaveLength(1);
  });

  test("a relative Location names the endpoint's own host, and the request is not sent again", async () => {
    endpoint.respond(() => redirect("/somewhere-else", 308));
    const result = await runAgainst(endpoint.url, [SECRET]);
    expect(result.lines[0]).toStartWith(`env-secrets: ${SECRET}: HTTP 308 redirect to ${hostOf(endpoint.url)} refused — `);
    expect(endpoint.requests.map((r) => r.path)).toEqual(["/"]);
  });

  test("a redirect without a usable Location says so", async () => {
    endpoint.respond(() => ({ kind: "plain", status: 302, headers: { Location: "http://[::1" }, body: "" }));
    const result = await runAgainst(endpoint.url, [SECRET]);
    expect(result.lines[0]).toStartWith(`env-secrets: ${SECRET}: HTTP 302 redirect without a usable Location refused — `);
    expect(result.childRan).toBe(false);
  });

  test("several secrets with --batch (BatchGetSecretValue): each fails with the same line, and the other host gets nothing", async () => {
    endpoint.respond(() => redirect(`${elsewhere.url}/`, 307));
    const result = await runAgainst(endpoint.url, [`${SECRET}-a`, `${SECRET}-b`], ["--batch"]);
    expect(result.lines.map((line) => line.replace(/ — .*/, ""))).toEqual([
      `env-secrets: ${SECRET}-a: HTTP 307 redirect to ${hostOf(elsewhere.url)} refused`,
      `env-secrets: ${SECRET}-b: HTTP 307 redirect to ${hostOf(elsewhere.url)} refused`,
    ]);
    expect(endpoint.requests.map((r) => r.operation)).toEqual(["BatchGetSecretValue"]);
    expectNothingReached(elsewhere);
  });

  test("the credential chain's STS call is refused the same way (-p with an assumed role)", async () => {
    const home = scratchDir();
    writeFileSync(join(home, "credentials"), `[source]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = ${canary("source-key")}\n`);
    writeFileSync(join(home, "config"), "[profile assume]\nrole_arn = arn:aws:iam::123456789012:role/reader\nsource_profile = source\nregion = us-east-1\n");
    endpoint.respond(() => redirect(`${elsewhere.url}/`, 307));
    const result = await runAgainst(elsewhere.url, [SECRET], ["-p", "assume"], {
      AWS_CONFIG_FILE: join(home, "config"),
      AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
      AWS_ENDPOINT_URL: undefined,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: elsewhere.url,
      AWS_ENDPOINT_URL_STS: endpoint.url,
    });
    expect(result.lines).toEqual([
      `env-secrets: credentials: HTTP 307 redirect to ${hostOf(elsewhere.url)} refused — the request was not sent on: ${notFromAws(endpoint.url)}`,
    ]);
    expect(endpoint.requests.map((r) => r.body)).toEqual([expect.stringContaining("Action=AssumeRole")]);
    expectNothingReached(elsewhere);
  });
});
