/**
 * HTTPS with a private CA, proxies, retries and time limits, through the
 * compiled binary: the fakes serve TLS with a CA made at test time, a small
 * CONNECT proxy records what passed through it, and a server that accepts
 * connections but never answers stands in for a black-holed endpoint.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ConnectProxy, startBlackHole, startConnectProxy } from "../fake-aws/connect-proxy.ts";
import { type FakeCredentials, startFakeCredentials } from "../fake-aws/credentials.ts";
import { requestStats } from "../fake-aws/request-stats.ts";
import { type FakeAws, startFakeAws } from "../fake-aws/server.ts";
import { createTestCa, opensslAvailable, type TestCa } from "../fake-aws/test-ca.ts";
import { canary, registerCanary } from "../helpers/canary.ts";
import { dumpEnvCommand, readEnvDump, runBinary, scratchDir } from "../helpers/run.ts";
import { noteSkip } from "../helpers/skips.ts";

const SECRET = "net/app";
const KEYS = { accessKeyId: "AKIDNETWORKTEST", secretAccessKey: registerCanary(canary("net-secret-key")) };
const SM_HOST = "secretsmanager.fake.test";
const STS_HOST = "sts.fake.test";
/** A name the proxy resolves to the fake, but which its certificate does not give. */
const UNNAMED_HOST = "unnamed.fake.test";
const haveOpenssl = opensslAvailable();
if (!haveOpenssl) noteSkip(import.meta.path, "openssl is missing (Debian package openssl): no HTTPS or proxy test");

let ca: TestCa;
let otherCa: TestCa;
let sm: FakeAws;
let httpSm: FakeAws;
let sts: FakeCredentials;
let proxy: ConnectProxy;
let home: string;
let value: string;

beforeAll(async () => {
  httpSm = await startFakeAws();
  value = canary("net-value");
  httpSm.seed({ name: SECRET, secretString: JSON.stringify({ NET_VALUE: value }) });
  home = scratchDir();
  writeFileSync(join(home, "credentials"), `[source]\naws_access_key_id = ${KEYS.accessKeyId}\naws_secret_access_key = ${KEYS.secretAccessKey}\n`);
  writeFileSync(join(home, "config"), "[profile assume]\nrole_arn = arn:aws:iam::123456789012:role/app-reader\nsource_profile = source\n");
  if (!haveOpenssl) return;
  ca = createTestCa([SM_HOST, STS_HOST]);
  otherCa = createTestCa();
  sm = await startFakeAws({ tls: { cert: ca.cert, key: ca.key } });
  sm.seed({ name: SECRET, secretString: JSON.stringify({ NET_VALUE: value }) });
  sts = await startFakeCredentials({ tls: { cert: ca.cert, key: ca.key } });
  for (const keys of Object.values(sts.issued)) {
    registerCanary(keys.secretAccessKey);
    registerCanary(keys.sessionToken);
  }
  proxy = await startConnectProxy({ [SM_HOST]: "127.0.0.1", [STS_HOST]: "127.0.0.1", [UNNAMED_HOST]: "127.0.0.1" });
});

afterAll(async () => {
  await Promise.all([httpSm?.stop(), sm?.stop(), sts?.stop(), proxy?.stop()]);
});

beforeEach(() => {
  httpSm.clearRequests();
  httpSm.clearFaults();
  httpSm.clearQuotas();
  if (!haveOpenssl) return;
  sm.clearRequests();
  sts.requests.length = 0;
  proxy.requests.length = 0;
});

/** The environment of every run here: test keys and files, and none of the machine's own proxy settings. */
function testEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return {
    HOME: home,
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
    AWS_REGION: "us-east-1",
    HTTPS_PROXY: undefined,
    https_proxy: undefined,
    HTTP_PROXY: undefined,
    http_proxy: undefined,
    NO_PROXY: undefined,
    no_proxy: undefined,
    ...env,
  };
}

async function run(args: string[], env: Record<string, string | undefined>) {
  const dump = join(scratchDir(), "env");
  const started = performance.now();
  const result = await runBinary(["aws", "-s", SECRET, ...args, "--", ...dumpEnvCommand(dump)], { env: testEnv(env) });
  const elapsedMs = performance.now() - started;
  return { ...result, elapsedMs, childRan: existsSync(dump), childEnv: () => readEnvDump(dump) };
}

function expectSuccess(result: Awaited<ReturnType<typeof run>>) {
  expect(result.stderr).toBe("");
  expect(result.exitCode).toBe(0);
  expect(result.childEnv().NET_VALUE).toBe(value);
}

function expectFailure(result: Awaited<ReturnType<typeof run>>, line: string) {
  expect(result.stderr).toBe(`${line}\n`);
  expect(result.exitCode).toBe(125);
  expect(result.childRan).toBe(false);
}

function port(url: string): string {
  return new URL(url).port;
}

describe.skipIf(!haveOpenssl)("HTTPS with a private CA", () => {
  test("without the CA: a certificate error, no request reaches the service", async () => {
    const result = await run([], { AWS_ENDPOINT_URL: sm.url, AWS_MAX_ATTEMPTS: "1" });
    expectFailure(
      result,
      `env-secrets: ${SECRET}: UNABLE_TO_VERIFY_LEAF_SIGNATURE — TLS verification failed for ${sm.url}: the certificate's issuer is not trusted; if a proxy or private CA signs it, point --ca-bundle or AWS_CA_BUNDLE at that CA's PEM file`,
    );
    expect(sm.requests).toEqual([]);
  });

  test("a certificate for another name: the mismatch and the fix, not the runtime's advice to its developers", async () => {
    const endpoint = `https://${UNNAMED_HOST}:${port(sm.url)}`;
    const result = await run(["--ca-bundle", ca.caFile], { AWS_ENDPOINT_URL: endpoint, HTTPS_PROXY: proxy.url, AWS_MAX_ATTEMPTS: "1" });
    expectFailure(
      result,
      `env-secrets: ${SECRET}: ERR_TLS_CERT_ALTNAME_INVALID — TLS verification failed for ${endpoint}: the certificate is not for ${UNNAMED_HOST}; reach the endpoint by a name its certificate gives (--endpoint-url, AWS_ENDPOINT_URL_SECRETS_MANAGER), or check the proxy in between`,
    );
    expect(sm.requests).toEqual([]);
  });

  test("AWS_CA_BUNDLE makes the binary trust it", async () => {
    expectSuccess(await run([], { AWS_ENDPOINT_URL: sm.url, AWS_CA_BUNDLE: ca.caFile }));
    expect(sm.requests.map((r) => r.operation)).toEqual(["GetSecretValue"]);
  });

  test("--ca-bundle does too, and wins over AWS_CA_BUNDLE", async () => {
    expectSuccess(await run(["--ca-bundle", ca.caFile], { AWS_ENDPOINT_URL: sm.url, AWS_CA_BUNDLE: otherCa.caFile }));
    const wrong = await run(["--ca-bundle", otherCa.caFile], { AWS_ENDPOINT_URL: sm.url, AWS_CA_BUNDLE: ca.caFile, AWS_MAX_ATTEMPTS: "1" });
    expect(wrong.stderr).toStartWith(`env-secrets: ${SECRET}: UNABLE_TO_VERIFY_LEAF_SIGNATURE — TLS verification failed`);
  });

  test("the CA bundle also applies to the credential chain's STS client (and the Secrets Manager endpoint does not)", async () => {
    const result = await run(["-p", "assume", "--ca-bundle", ca.caFile], { AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url, AWS_ENDPOINT_URL_STS: sts.url });
    expectSuccess(result);
    expect(sts.requests.map((r) => [r.endpoint, r.accessKeyId])).toEqual([["AssumeRole", KEYS.accessKeyId]]);
    expect(sm.requests.map((r) => [r.operation, r.accessKeyId])).toEqual([["GetSecretValue", sts.issued.assumeRole.accessKeyId]]);
  });

  test("--create-config trusts the same CA bundle", async () => {
    const cwd = scratchDir();
    const env = testEnv({ AWS_ENDPOINT_URL: sm.url, AWS_MAX_ATTEMPTS: "1" });
    const untrusted = await runBinary(["aws", "-s", SECRET, "--create-config"], { env, cwd });
    expect(untrusted.exitCode).toBe(1);
    expect(untrusted.stderr).toContain("TLS verification failed");
    expect(existsSync(join(cwd, ".env-secrets.yml"))).toBe(false);
    const trusted = await runBinary(["aws", "-s", SECRET, "--create-config", "--ca-bundle", ca.caFile], { env, cwd });
    expect([trusted.exitCode, trusted.stderr.includes("TLS")]).toEqual([0, false]);
    expect(readFileSync(join(cwd, ".env-secrets.yml"), "utf8")).toContain(SECRET);
    expect(sm.requests.map((r) => r.operation)).toEqual(["DescribeSecret"]);
  });

  test("an unreadable or non-PEM bundle is an error naming the file", async () => {
    const missing = join(scratchDir(), "missing.pem");
    expectFailure(await run(["--ca-bundle", missing], { AWS_ENDPOINT_URL: sm.url }), `env-secrets: --ca-bundle: cannot read ${missing} (ENOENT) — give the path of a PEM file of CA certificates`);
    const notPem = join(scratchDir(), "not.pem");
    writeFileSync(notPem, "hello\n");
    expectFailure(
      await run([], { AWS_ENDPOINT_URL: sm.url, AWS_CA_BUNDLE: notPem }),
      `env-secrets: AWS_CA_BUNDLE: ${notPem} holds no PEM certificate — give the path of a PEM file of CA certificates (-----BEGIN CERTIFICATE-----)`,
    );
    expect(sm.requests).toEqual([]);
  });
});

describe.skipIf(!haveOpenssl)("proxies", () => {
  test("HTTPS_PROXY: Secrets Manager and STS are reached through a CONNECT tunnel (host names only the proxy can resolve)", async () => {
    const result = await run(["-p", "assume", "--ca-bundle", ca.caFile], {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `https://${SM_HOST}:${port(sm.url)}`,
      AWS_ENDPOINT_URL_STS: `https://${STS_HOST}:${port(sts.url)}`,
      HTTPS_PROXY: proxy.url,
    });
    expectSuccess(result);
    expect(proxy.requests).toEqual([`${STS_HOST}:${port(sts.url)}`, `${SM_HOST}:${port(sm.url)}`]);
    expect(sm.requests.map((r) => r.accessKeyId)).toEqual([sts.issued.assumeRole.accessKeyId]);
  });

  test("https_proxy (lower case) works the same", async () => {
    expectSuccess(await run(["--ca-bundle", ca.caFile], { AWS_ENDPOINT_URL: `https://${SM_HOST}:${port(sm.url)}`, https_proxy: proxy.url }));
    expect(proxy.requests).toEqual([`${SM_HOST}:${port(sm.url)}`]);
  });

  test("loopback endpoints are never proxied: plain-http traffic stays on the machine", async () => {
    expectSuccess(await run([], { AWS_ENDPOINT_URL: httpSm.url, HTTP_PROXY: proxy.url, http_proxy: proxy.url }));
    expectSuccess(await run(["--ca-bundle", ca.caFile], { AWS_ENDPOINT_URL: sm.url, HTTPS_PROXY: proxy.url }));
    expect(proxy.requests).toEqual([]);
  });

  test("an answer that is not from AWS (a proxy's error page) names the HTTP status and the proxy variables", async () => {
    const page = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("<html><body>Proxy Authentication Required</body></html>", { status: 407, headers: { "Content-Type": "text/html" } }) });
    try {
      expectFailure(
        await run([], { AWS_ENDPOINT_URL: page.url.origin, AWS_MAX_ATTEMPTS: "1" }),
        `env-secrets: ${SECRET}: HTTP 407 — the answer from ${page.url.origin} is not from Secrets Manager; if a proxy is in the way, check HTTPS_PROXY, HTTP_PROXY and NO_PROXY`,
      );
    } finally {
      await page.stop(true);
    }
  });

  test("NO_PROXY bypasses the proxy", async () => {
    expectSuccess(await run(["--ca-bundle", ca.caFile], { AWS_ENDPOINT_URL: sm.url, HTTPS_PROXY: proxy.url, NO_PROXY: "127.0.0.1" }));
    expect(proxy.requests).toEqual([]);
    expect(sm.requests).toHaveLength(1);
  });
});

describe("retries and time limits", () => {
  test("standard retry mode by default: 3 attempts, then the error says so", async () => {
    httpSm.inject({ kind: "throttle", secretId: SECRET });
    const result = await run([], { AWS_ENDPOINT_URL: httpSm.url });
    expectFailure(result, `env-secrets: ${SECRET}: ThrottlingException — throttled by AWS after 3 attempts; retry later or raise AWS_MAX_ATTEMPTS`);
    expect(httpSm.requests).toHaveLength(3);
  }, 30_000);

  test("AWS_MAX_ATTEMPTS and AWS_RETRY_MODE are honoured", async () => {
    // Three throttles outlast the default three attempts; four attempts get through.
    httpSm.inject({ kind: "throttle", secretId: SECRET, times: 3 });
    expectSuccess(await run([], { AWS_ENDPOINT_URL: httpSm.url, AWS_MAX_ATTEMPTS: "4", AWS_RETRY_MODE: "adaptive" }));
    expect(httpSm.requests.map((r) => r.status)).toEqual([400, 400, 400, 200]);
  }, 30_000);

  test("AWS_MAX_ATTEMPTS=1 turns retries off: one throttled request, and the run fails at once", async () => {
    httpSm.inject({ kind: "throttle", secretId: SECRET });
    const result = await run([], { AWS_ENDPOINT_URL: httpSm.url, AWS_MAX_ATTEMPTS: "1" });
    expectFailure(result, `env-secrets: ${SECRET}: ThrottlingException — throttled by AWS after 1 attempts; retry later or raise AWS_MAX_ATTEMPTS`);
    expect(httpSm.requests).toHaveLength(1);
  });

  test("a time limit reached while the SDK waits to retry a throttled request names ThrottlingException and the attempts made", async () => {
    // Ten attempts with the SDK's throttling back-off (up to 1 s, then 2 s, ...) outlast half a second.
    httpSm.inject({ kind: "throttle", secretId: SECRET });
    const result = await run(["--timeout", "0.5"], { AWS_ENDPOINT_URL: httpSm.url, AWS_MAX_ATTEMPTS: "10" });
    const line = /^env-secrets: Secrets Manager: ThrottlingException — still throttled by AWS after (\d+) attempts when the time limit of 0\.5 s ran out; raise --timeout, or start fewer runs at once\n$/;
    expect(result.stderr).toMatch(line);
    expect(result.exitCode).toBe(125);
    expect(result.childRan).toBe(false);
    // The attempts AWS answered; one more may have been on its way when time ran out.
    const attempts = Number(line.exec(result.stderr)?.[1]);
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect([attempts, attempts + 1]).toContain(httpSm.requests.length);
    expect(result.elapsedMs).toBeLessThan(5_000);
  });

  test("a quota on GetSecretValue throttles runs started together: each run it holds back past the time limit fails with ThrottlingException, and starts nothing", async () => {
    // One request a second against nine requests at once: a fleet restarting against AWS's quota, scaled down.
    const others = ["net/quota-a", "net/quota-b"];
    for (const name of others) httpSm.seed({ name, secretString: JSON.stringify({ [name.replace(/\W/g, "_").toUpperCase()]: canary("net-quota") }) });
    httpSm.setQuota("GetSecretValue", 1, 1);
    const args = [...others.flatMap((name) => ["-s", name]), "--timeout", "1"];
    const results = await Promise.all([1, 2, 3].map(() => run(args, { AWS_ENDPOINT_URL: httpSm.url, AWS_MAX_ATTEMPTS: "10" })));
    const line = /^env-secrets: Secrets Manager: ThrottlingException — still throttled by AWS after (\d+) attempts when the time limit of 1 s ran out; raise --timeout, or start fewer runs at once\n$/;
    const failed = results.filter((result) => result.exitCode !== 0);
    // A run needs three answers; the quota gives about one a second to all three runs together.
    expect(failed.length).toBeGreaterThanOrEqual(2);
    for (const result of failed) {
      expect(result.stderr).toMatch(line);
      expect(result.exitCode).toBe(125);
      expect(result.childRan).toBe(false);
      expect(result.elapsedMs).toBeLessThan(5_000);
    }
    for (const result of results.filter((r) => r.exitCode === 0)) expectSuccess(result);
    // The default path: GetSecretValue only, throttled by the fake's quota, never a batch call instead.
    const stats = requestStats(httpSm.requests);
    expect(Object.keys(stats.byOperation)).toEqual(["GetSecretValue"]);
    expect(stats.byOperation.GetSecretValue?.errors.ThrottlingException).toBeGreaterThanOrEqual(failed.length);
    expect(stats.byOperation.GetSecretValue?.ok).toBeLessThanOrEqual(1 + Math.ceil(stats.durationMs / 1000));
  });

  test("a refused connection: one line naming the endpoint", async () => {
    expectFailure(
      await run([], { AWS_ENDPOINT_URL: "http://127.0.0.1:1", AWS_MAX_ATTEMPTS: "1" }),
      `env-secrets: ${SECRET}: ECONNREFUSED — could not reach Secrets Manager at http://127.0.0.1:1; check the network and --endpoint-url`,
    );
  });

  test("--timeout bounds the fetch phase: a black-holed Secrets Manager fails within the limit", async () => {
    const hole = await startBlackHole();
    try {
      const result = await run(["--timeout", "1"], { AWS_ENDPOINT_URL: hole.url });
      expectFailure(
        result,
        `env-secrets: Secrets Manager: no answer within 1 s — ${hole.url} did not answer; check the network, the proxy (HTTPS_PROXY, NO_PROXY) and --endpoint-url, or raise --timeout`,
      );
      expect(hole.connections()).toBeGreaterThan(0);
      // Well under the 30 s default, with room for a loaded machine.
      expect(result.elapsedMs).toBeLessThan(15_000);
    } finally {
      await hole.stop();
    }
  });

  test("--timeout bounds --create-config's existence check too, and no file is written", async () => {
    const hole = await startBlackHole();
    try {
      const cwd = scratchDir();
      const started = performance.now();
      const result = await runBinary(["aws", "-s", SECRET, "--create-config", "--timeout", "1"], { env: testEnv({ AWS_ENDPOINT_URL: hole.url }), cwd });
      expect(result.stderr).toBe(
        `env-secrets: Secrets Manager: no answer within 1 s — ${hole.url} did not answer; check the network, the proxy (HTTPS_PROXY, NO_PROXY) and --endpoint-url, or raise --timeout\n`,
      );
      expect(result.exitCode).toBe(1);
      expect(performance.now() - started).toBeLessThan(15_000);
      expect(existsSync(join(cwd, ".env-secrets.yml"))).toBe(false);
    } finally {
      await hole.stop();
    }
  });

  test("--timeout also bounds getting credentials: a black-holed STS", async () => {
    const hole = await startBlackHole();
    try {
      const result = await run(["-p", "assume", "--timeout", "1"], { AWS_ENDPOINT_URL: httpSm.url, AWS_ENDPOINT_URL_STS: hole.url });
      expectFailure(
        result,
        "env-secrets: credentials: no credentials within 1 s — the credential source (STS, SSO, container or instance metadata endpoint, credential_process) did not answer; check the network and proxy (HTTPS_PROXY, NO_PROXY), or raise --timeout",
      );
      expect(result.elapsedMs).toBeLessThan(15_000);
      expect(httpSm.requests).toEqual([]);
    } finally {
      await hole.stop();
    }
  });

  test("--timeout must be a positive number of seconds", async () => {
    for (const bad of ["0", "soon", ""]) {
      const result = await run(["--timeout", bad], { AWS_ENDPOINT_URL: httpSm.url });
      expectFailure(result, `env-secrets: --timeout: not a number of seconds: ${bad} — give a positive number, e.g. --timeout 10 (default 30)`);
    }
    expect(httpSm.requests).toEqual([]);
  });
});
