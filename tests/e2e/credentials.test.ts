/**
 * Every source of the AWS SDK's default credential chain, through the
 * compiled binary: each source hands out its own keys, and the Secrets Manager
 * fake verifies the signature of each request with exactly that source's
 * secret key, so a pass proves which credentials were used.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type FakeCredentials, startFakeCredentials } from "../fake-aws/credentials.ts";
import { type FakeAws, startFakeAws } from "../fake-aws/server.ts";
import { canary, registerCanary } from "../helpers/canary.ts";
import { startBinary, waitFor } from "../helpers/process.ts";
import { dumpEnvCommand, readEnvDump, runBinary, scratchDir } from "../helpers/run.ts";

const SECRET = "creds/app";
const WEB_IDENTITY_TOKEN = registerCanary(canary("web-identity-token"));
const SSO_ACCESS_TOKEN = registerCanary(canary("sso-access-token"));
const CONTAINER_TOKEN = registerCanary(canary("container-token"));

/** Static keys of the environment and of profiles; the secret parts are canaries. */
const ENV_KEYS = { accessKeyId: "AKIDFROMENVIRONMENT", secretAccessKey: canary("env-secret-key"), sessionToken: canary("env-session-token") };
const PROFILE_KEYS = { accessKeyId: "AKIDFROMPROFILEFILE", secretAccessKey: canary("profile-secret-key") };
const CONFIG_KEYS = { accessKeyId: "AKIDFROMCONFIGFILE", secretAccessKey: canary("config-secret-key") };
const SOURCE_KEYS = { accessKeyId: "AKIDSOURCEPROFILE", secretAccessKey: canary("source-secret-key") };
const PROCESS_KEYS = { accessKeyId: "ASIAFROMPROCESS", secretAccessKey: canary("process-secret-key"), sessionToken: canary("process-token") };

/** Alive and not a zombie waiting for its parent. */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

let sm: FakeAws;
let sts: FakeCredentials;
let home: string;
let value: string;

/** What `aws sso login` leaves in ~/.aws/sso/cache, named by the session name (or, for legacy profiles, the start URL). */
function writeSsoCache(cacheKey: string, expiresAt: Date, extra: Record<string, string> = {}): string {
  const cache = join(home, ".aws", "sso", "cache");
  mkdirSync(cache, { recursive: true });
  const file = join(cache, `${createHash("sha1").update(cacheKey).digest("hex")}.json`);
  writeFileSync(file, JSON.stringify({ accessToken: SSO_ACCESS_TOKEN, expiresAt: expiresAt.toISOString(), region: "eu-west-1", startUrl: "https://example.awsapps.com/start", ...extra }));
  return file;
}

const SSO_REFRESH_TOKEN = registerCanary(canary("sso-refresh-token"));
const SSO_CLIENT_SECRET = registerCanary(canary("sso-client-secret"));
const LEGACY_START_URL = "https://legacy.awsapps.com/start";

beforeAll(async () => {
  sm = await startFakeAws();
  sts = await startFakeCredentials({ webIdentityToken: WEB_IDENTITY_TOKEN, ssoAccessToken: SSO_ACCESS_TOKEN, containerAuthorization: CONTAINER_TOKEN });
  for (const keys of Object.values(sts.issued)) {
    registerCanary(keys.secretAccessKey);
    registerCanary(keys.sessionToken);
  }
  registerCanary(sts.refreshedSsoToken);
  value = canary("value");
  sm.seed({ name: SECRET, secretString: JSON.stringify({ APP_VALUE: value }) });
  sm.seed({ name: SECRET, region: "eu-central-1", secretString: JSON.stringify({ APP_VALUE: value }) });
  home = scratchDir();
  const processScript = join(home, "credential-process.sh");
  writeFileSync(processScript, `#!/bin/sh\nprintf '%s' '${JSON.stringify({ Version: 1, ...{ AccessKeyId: PROCESS_KEYS.accessKeyId, SecretAccessKey: PROCESS_KEYS.secretAccessKey, SessionToken: PROCESS_KEYS.sessionToken } })}'\n`, { mode: 0o755 });
  writeFileSync(
    join(home, "credentials"),
    [
      "[static]",
      `aws_access_key_id = ${PROFILE_KEYS.accessKeyId}`,
      `aws_secret_access_key = ${PROFILE_KEYS.secretAccessKey}`,
      "[source]",
      `aws_access_key_id = ${SOURCE_KEYS.accessKeyId}`,
      `aws_secret_access_key = ${SOURCE_KEYS.secretAccessKey}`,
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(home, "config"),
    [
      "[profile in-config]",
      "region = eu-central-1",
      `aws_access_key_id = ${CONFIG_KEYS.accessKeyId}`,
      `aws_secret_access_key = ${CONFIG_KEYS.secretAccessKey}`,
      "[profile assume]",
      "role_arn = arn:aws:iam::123456789012:role/app-reader",
      "source_profile = source",
      "[profile process]",
      `credential_process = ${processScript}`,
      "[profile sso]",
      "sso_session = corp",
      "sso_account_id = 123456789012",
      "sso_role_name = SecretsReader",
      "[profile sso-expired]",
      "sso_session = expired",
      "sso_account_id = 123456789012",
      "sso_role_name = SecretsReader",
      "[profile sso-never]",
      "sso_session = never",
      "sso_account_id = 123456789012",
      "sso_role_name = SecretsReader",
      "[sso-session never]",
      "sso_region = eu-west-1",
      "sso_start_url = https://example.awsapps.com/start",
      "[profile sso-refresh]",
      "sso_session = refresh",
      "sso_account_id = 123456789012",
      "sso_role_name = SecretsReader",
      "[sso-session refresh]",
      "sso_region = eu-west-1",
      "sso_start_url = https://example.awsapps.com/start",
      "[profile sso-legacy]",
      `sso_start_url = ${LEGACY_START_URL}`,
      "sso_region = eu-west-1",
      "sso_account_id = 123456789012",
      "sso_role_name = LegacyReader",
      "[profile web-identity]",
      "role_arn = arn:aws:iam::123456789012:role/from-profile",
      `web_identity_token_file = ${join(home, "profile-web-token")}`,
      "[sso-session corp]",
      "sso_region = eu-west-1",
      "sso_start_url = https://example.awsapps.com/start",
      "sso_registration_scopes = sso:account:access",
      "[sso-session expired]",
      "sso_region = eu-west-1",
      "sso_start_url = https://example.awsapps.com/start",
      "",
    ].join("\n"),
  );
  writeSsoCache("corp", new Date(Date.now() + 3600_000));
  writeSsoCache("expired", new Date(Date.now() - 3600_000));
  writeSsoCache(LEGACY_START_URL, new Date(Date.now() + 3600_000), { startUrl: LEGACY_START_URL });
  writeFileSync(join(home, "profile-web-token"), WEB_IDENTITY_TOKEN);
});

afterAll(async () => {
  await sm?.stop();
  await sts?.stop();
});

beforeEach(() => {
  sm.clearRequests();
  sm.allowedCredentials(null);
  sts.requests.length = 0;
  sts.clearFailures();
});

/**
 * The environment of a user with no credentials configured yet: config files
 * in a scratch HOME, the fakes as endpoints, instance metadata off.
 */
function baseEnv(extra: Record<string, string | undefined>): Record<string, string | undefined> {
  return {
    HOME: home,
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url,
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_ENDPOINT_URL_SSO: sts.url,
    AWS_ENDPOINT_URL_SSO_OIDC: sts.url,
    ...extra,
  };
}

async function run(args: string[], env: Record<string, string | undefined> = {}) {
  const dump = join(scratchDir(), "env");
  const result = await runBinary(["aws", "-s", SECRET, ...args, "--", ...dumpEnvCommand(dump)], { env: baseEnv(env) });
  return { ...result, childRan: existsSync(dump), childEnv: () => readEnvDump(dump) };
}

type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** Runs with `env`, requiring every Secrets Manager request to be signed with `keys` (signature verified). */
async function expectSignedWith(keys: Keys, args: string[], env: Record<string, string | undefined>, stderr: string | null = "") {
  sm.allowedCredentials({ [keys.accessKeyId]: keys.secretAccessKey });
  const result = await run(args, env);
  if (stderr !== null) expect(result.stderr).toBe(stderr);
  expect(result.exitCode).toBe(0);
  expect(result.childEnv().APP_VALUE).toBe(value);
  expect(sm.requests.map((r) => [r.operation, r.accessKeyId, r.sessionToken, r.status])).toEqual([["GetSecretValue", keys.accessKeyId, keys.sessionToken, 200]]);
  return result;
}

const envKeys = { AWS_ACCESS_KEY_ID: ENV_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: ENV_KEYS.secretAccessKey, AWS_SESSION_TOKEN: ENV_KEYS.sessionToken };

describe("each source of the default chain, in the compiled binary", () => {
  test("environment keys with a session token, and no STS call", async () => {
    await expectSignedWith(ENV_KEYS, [], envKeys);
    expect(sts.requests).toEqual([]);
  });

  test("-p with static keys from the credentials file wins over environment keys, silently", async () => {
    await expectSignedWith(PROFILE_KEYS, ["-p", "static"], envKeys);
  });

  test("AWS_PROFILE from the config file", async () => {
    await expectSignedWith(CONFIG_KEYS, [], { AWS_PROFILE: "in-config" });
  });

  test("the profile's region applies when neither -r nor AWS_REGION nor AWS_DEFAULT_REGION is set", async () => {
    await expectSignedWith(CONFIG_KEYS, ["-p", "in-config"], { AWS_REGION: undefined });
    expect(sm.requests.map((r) => r.region)).toEqual(["eu-central-1"]);
  });

  test("AWS_PROFILE and environment keys together: the profile wins, as the SDK defines, with one warning line from our logger", async () => {
    await expectSignedWith(
      PROFILE_KEYS,
      [],
      { ...envKeys, AWS_PROFILE: "static" },
      "env-secrets: warning: both AWS_PROFILE and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set; using profile static, as the AWS SDK does — unset one of them\n",
    );
  });

  test("role_arn + source_profile: STS AssumeRole signed by the source profile, Secrets Manager by the role's keys", async () => {
    await expectSignedWith(sts.issued.assumeRole, ["-p", "assume"], {});
    expect(sts.requests.map((r) => [r.endpoint, r.accessKeyId, r.role, r.status])).toEqual([
      ["AssumeRole", SOURCE_KEYS.accessKeyId, "arn:aws:iam::123456789012:role/app-reader", 200],
    ]);
  });

  test("STS is called in the run's region (-r), not a default one", async () => {
    sm.seed({ name: SECRET, region: "eu-west-1", secretString: JSON.stringify({ APP_VALUE: value }) });
    await expectSignedWith(sts.issued.assumeRole, ["-p", "assume", "-r", "eu-west-1"], { AWS_REGION: undefined });
    expect(sts.requests.map((r) => [r.endpoint, r.region])).toEqual([["AssumeRole", "eu-west-1"]]);
    expect(sm.requests.map((r) => r.region)).toEqual(["eu-west-1"]);
  });

  test("with only ARNs and no region anywhere, STS is called in the ARN's region, and no SDK warning reaches the console", async () => {
    const { arn } = sm.seed({ name: "creds/arn-only", region: "ap-southeast-2", secretString: JSON.stringify({ APP_VALUE: value }) });
    sm.allowedCredentials({ [sts.issued.assumeRole.accessKeyId]: sts.issued.assumeRole.secretAccessKey });
    const dump = join(scratchDir(), "env");
    const result = await runBinary(["aws", "-s", arn, "-p", "assume", "--", ...dumpEnvCommand(dump)], { env: baseEnv({ AWS_REGION: undefined }) });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(readEnvDump(dump).APP_VALUE).toBe(value);
    expect(sts.requests.map((r) => [r.endpoint, r.region])).toEqual([["AssumeRole", "ap-southeast-2"]]);
  });

  test("the Secrets Manager endpoint is never applied to STS (--endpoint-url, AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_SECRETS_MANAGER_ENDPOINT)", async () => {
    await expectSignedWith(sts.issued.assumeRole, ["-p", "assume", "--endpoint-url", sm.url], { AWS_ENDPOINT_URL_SECRETS_MANAGER: undefined });
    sts.requests.length = 0;
    sm.clearRequests();
    await expectSignedWith(
      sts.issued.assumeRole,
      ["-p", "assume"],
      { AWS_ENDPOINT_URL_SECRETS_MANAGER: undefined, AWS_SECRETS_MANAGER_ENDPOINT: sm.url },
      "env-secrets: warning: AWS_SECRETS_MANAGER_ENDPOINT is deprecated; use AWS_ENDPOINT_URL_SECRETS_MANAGER\n",
    );
    // The Secrets Manager fake saw Secrets Manager requests only; STS went to STS.
    expect(sts.requests.map((r) => r.endpoint)).toEqual(["AssumeRole"]);
  });

  test("credential_process", async () => {
    await expectSignedWith(PROCESS_KEYS, ["-p", "process"], {});
  });

  test("sso_session with a cached SSO token: GetRoleCredentials from the portal", async () => {
    await expectSignedWith(sts.issued.sso, ["-p", "sso"], {});
    expect(sts.requests.map((r) => [r.endpoint, r.role, r.status])).toEqual([["GetRoleCredentials", "123456789012/SecretsReader", 200]]);
  });

  test("an SSO token about to expire is refreshed through SSO OIDC, and the cache is updated", async () => {
    const cacheFile = writeSsoCache("refresh", new Date(Date.now() + 60_000), {
      refreshToken: SSO_REFRESH_TOKEN,
      clientId: "fake-client-id",
      clientSecret: SSO_CLIENT_SECRET,
      registrationExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await expectSignedWith(sts.issued.sso, ["-p", "sso-refresh"], {});
    expect(sts.requests.map((r) => [r.endpoint, r.role, r.status])).toEqual([
      ["CreateToken", "refresh_token", 200],
      ["GetRoleCredentials", "123456789012/SecretsReader", 200],
    ]);
    expect(JSON.parse(readFileSync(cacheFile, "utf8")).accessToken).toBe(sts.refreshedSsoToken);
  });

  test("a legacy SSO profile (sso_start_url in the profile, token cached by start URL)", async () => {
    await expectSignedWith(sts.issued.sso, ["-p", "sso-legacy"], {});
    expect(sts.requests.map((r) => [r.endpoint, r.role, r.status])).toEqual([["GetRoleCredentials", "123456789012/LegacyReader", 200]]);
  });

  test("a profile with role_arn + web_identity_token_file", async () => {
    await expectSignedWith(sts.issued.webIdentity, ["-p", "web-identity"], {});
    expect(sts.requests.map((r) => [r.endpoint, r.role, r.status])).toEqual([["AssumeRoleWithWebIdentity", "arn:aws:iam::123456789012:role/from-profile", 200]]);
  });

  test("web identity (GitHub Actions OIDC, EKS IRSA): AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE", async () => {
    const tokenFile = join(scratchDir(), "token");
    writeFileSync(tokenFile, WEB_IDENTITY_TOKEN);
    await expectSignedWith(sts.issued.webIdentity, [], { AWS_ROLE_ARN: "arn:aws:iam::123456789012:role/gh-actions", AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile });
    expect(sts.requests.map((r) => [r.endpoint, r.role, r.status])).toEqual([["AssumeRoleWithWebIdentity", "arn:aws:iam::123456789012:role/gh-actions", 200]]);
  });

  test("container credentials (ECS, EKS Pod Identity) with AWS_CONTAINER_AUTHORIZATION_TOKEN", async () => {
    await expectSignedWith(sts.issued.container, [], { AWS_CONTAINER_CREDENTIALS_FULL_URI: sts.containerUri, AWS_CONTAINER_AUTHORIZATION_TOKEN: CONTAINER_TOKEN });
    expect(sts.requests.map((r) => [r.endpoint, r.status])).toEqual([["container", 200]]);
  });

  test("container credentials with AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", async () => {
    const tokenFile = join(scratchDir(), "container-token");
    writeFileSync(tokenFile, CONTAINER_TOKEN);
    await expectSignedWith(sts.issued.container, [], { AWS_CONTAINER_CREDENTIALS_FULL_URI: sts.containerUri, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile });
  });

  test("EC2 instance metadata with IMDSv2 tokens", async () => {
    await expectSignedWith(sts.issued.imds, [], { AWS_EC2_METADATA_DISABLED: undefined, AWS_EC2_METADATA_SERVICE_ENDPOINT: sts.url });
    expect(sts.requests.map((r) => [r.endpoint, r.status])).toEqual([
      ["imds-token", 200],
      ["imds-role", 200],
      ["imds-credentials", 200],
    ]);
  });

  test("--debug names the provider that produced the credentials, never the secret key or token", async () => {
    const result = await expectSignedWith(sts.issued.assumeRole, ["-p", "assume", "--debug"], {}, null);
    expect(result.stderr).toContain(`env-secrets: debug: credentials from profile source_profile, STS AssumeRole (access key id ${sts.issued.assumeRole.accessKeyId})`);
  });
});

describe("--debug never shows a secret key, a session token or a bearer token", () => {
  // runBinary fails the test if any canary (keys, tokens, secret values) appears in env-secrets' output.
  const cases: Array<[string, () => Keys, string[], () => Record<string, string | undefined>]> = [
    ["environment keys", () => ENV_KEYS, [], () => envKeys],
    ["credential_process", () => PROCESS_KEYS, ["-p", "process"], () => ({})],
    ["SSO", () => sts.issued.sso, ["-p", "sso"], () => ({})],
    ["container", () => sts.issued.container, [], () => ({ AWS_CONTAINER_CREDENTIALS_FULL_URI: sts.containerUri, AWS_CONTAINER_AUTHORIZATION_TOKEN: CONTAINER_TOKEN })],
    ["instance metadata", () => sts.issued.imds, [], () => ({ AWS_EC2_METADATA_DISABLED: undefined, AWS_EC2_METADATA_SERVICE_ENDPOINT: sts.url })],
  ];
  for (const [source, keys, args, env] of cases) {
    test(source, async () => {
      const result = await expectSignedWith(keys(), ["--debug", ...args], env(), null);
      expect(result.stderr).toContain(`(access key id ${keys().accessKeyId})`);
    });
  }
});

describe("credential errors: one line a person can act on", () => {
  async function expectError(args: string[], env: Record<string, string | undefined>, line: string) {
    const result = await run(args, env);
    expect(result.childRan).toBe(false);
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toBe(`${line}\n`);
    expect(sm.requests).toEqual([]);
  }

  test("no credentials anywhere: says which sources were looked at", async () => {
    await expectError(
      [],
      {},
      `env-secrets: credentials: CredentialsProviderError — no usable AWS credentials (looked at: environment keys, profile default in ${home}/config and ${home}/credentials, web identity (AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE), EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)); use -p <profile>, AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or an IAM role`,
    );
  });

  test("a profile that does not exist, from -p or AWS_PROFILE: names the files and the profiles in them", async () => {
    const known = "profiles there: in-config, assume, process, sso, sso-expired, sso-never, sso-refresh, sso-legacy, web-identity, static, source";
    await expectError(["-p", "nope"], envKeys, `env-secrets: credentials: profile nope not found — looked in ${home}/config and ${home}/credentials (${known}); check the name given to -p`);
    await expectError([], { AWS_PROFILE: "nope" }, `env-secrets: credentials: profile nope not found — looked in ${home}/config and ${home}/credentials (${known}); check the name given to AWS_PROFILE`);
  });

  test("an expired SSO token: says how to log in again", async () => {
    await expectError(["-p", "sso-expired"], {}, "env-secrets: credentials: SSO session expired — run: aws sso login --profile sso-expired");
    expect(sts.requests).toEqual([]);
  });

  test("no SSO login yet (no cached token): says how to log in", async () => {
    await expectError(["-p", "sso-never"], {}, "env-secrets: credentials: no valid SSO session for profile sso-never — run: aws sso login --profile sso-never");
  });

  test("STS refuses AssumeRole: the AWS code and message, and what to check", async () => {
    sts.fail("AssumeRole", "AccessDenied", "User: arn:aws:iam::123456789012:user/source is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/app-reader");
    await expectError(
      ["-p", "assume"],
      {},
      "env-secrets: credentials: AccessDenied — AWS refused to issue credentials (AWS: User: arn:aws:iam::123456789012:user/source is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/app-reader); check the role's trust policy and that the source credentials may call sts:AssumeRole on it",
    );
  });

  test("STS rejects the web identity token", async () => {
    const tokenFile = join(scratchDir(), "token");
    writeFileSync(tokenFile, registerCanary(canary("wrong-token")));
    await expectError(
      [],
      { AWS_ROLE_ARN: "arn:aws:iam::123456789012:role/gh-actions", AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile },
      "env-secrets: credentials: InvalidIdentityTokenException — AWS refused to issue credentials (AWS: Couldn't retrieve verification key from your identity provider); check the role's trust policy (audience, subject) and AWS_WEB_IDENTITY_TOKEN_FILE",
    );
  });

  test("a web identity token file that does not exist", async () => {
    const tokenFile = join(scratchDir(), "missing-token");
    await expectError(
      [],
      { AWS_ROLE_ARN: "arn:aws:iam::123456789012:role/gh-actions", AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile },
      `env-secrets: credentials: cannot read AWS_WEB_IDENTITY_TOKEN_FILE ${tokenFile} (ENOENT) — in GitHub Actions grant the job 'id-token: write'; in EKS check the service account's role annotation`,
    );
  });

  test("an unreachable STS endpoint", async () => {
    await expectError(
      ["-p", "assume"],
      { AWS_ENDPOINT_URL_STS: "http://127.0.0.1:1", AWS_MAX_ATTEMPTS: "1" },
      "env-secrets: credentials: ECONNREFUSED — could not reach the credentials endpoint (STS, SSO, container or instance metadata); check the network and the proxy (HTTPS_PROXY, NO_PROXY)",
    );
  });
});

describe("a named profile is that profile and nothing else (-p, profile: in the config file, AWS_PROFILE)", () => {
  /** Keys a fallback would get: the container endpoint answers, and Secrets Manager would accept them. */
  const containerWorks = () => ({ AWS_CONTAINER_CREDENTIALS_FULL_URI: sts.containerUri, AWS_CONTAINER_AUTHORIZATION_TOKEN: CONTAINER_TOKEN });
  const FAILING_KEYS = { accessKeyId: "ASIAFAILINGPROCESS", secretAccessKey: registerCanary(canary("failing-process-key")), sessionToken: registerCanary(canary("failing-process-token")) };
  let failingConfig: string;

  /** A credential_process script printing `stdout` and `stderr`, then exiting with `status`. */
  function processScript(name: string, stdout: string, stderr: string, status: number): string {
    const file = join(home, `${name}.sh`);
    writeFileSync(file, `#!/bin/sh
printf '%s' '${stdout}'
printf '${stderr}' >&2
exit ${status}
`, { mode: 0o755 });
    return file;
  }

  beforeAll(() => {
    const keys = { AccessKeyId: FAILING_KEYS.accessKeyId, SecretAccessKey: FAILING_KEYS.secretAccessKey, SessionToken: FAILING_KEYS.sessionToken };
    const full = JSON.stringify({ Version: 1, ...keys });
    const hangingScript = join(home, "hangs.sh");
    writeFileSync(hangingScript, `#!/bin/sh\necho $PPID > "${join(home, "hangs.pid")}"\nexec sleep 30\n`, { mode: 0o755 });
    failingConfig = join(home, "config-failing");
    writeFileSync(
      failingConfig,
      [
        "[profile exits]",
        `credential_process = ${processScript("exits", "", "starting\\nno session for alice: run corp-login first\\n", 3)}`,
        "[profile version-2]",
        `credential_process = ${processScript("version-2", JSON.stringify({ Version: 2, ...keys }), "", 0)}`,
        "[profile expired]",
        `credential_process = ${processScript("expired", JSON.stringify({ Version: 1, ...keys, Expiration: "2020-01-01T00:00:00Z" }), "", 0)}`,
        "[profile cut-off]",
        `credential_process = ${processScript("cut-off", full.slice(0, full.length - 20), "", 0)}`,
        "[profile hangs]",
        `credential_process = ${hangingScript}`,
        "[profile no-keys]",
        "region = eu-west-1",
        "",
      ].join("\n"),
    );
  });

  /** Fails with exactly `line`: no Secrets Manager request, and the container endpoint never asked. */
  async function expectOnlyTheProfile(args: string[], env: Record<string, string | undefined>, line: string) {
    sm.allowedCredentials({ [sts.issued.container.accessKeyId]: sts.issued.container.secretAccessKey });
    const result = await run(args, { ...containerWorks(), ...env });
    expect(result.stderr).toBe(`${line}\n`);
    expect(result.exitCode).toBe(125);
    expect(result.childRan).toBe(false);
    expect(sm.requests).toEqual([]);
    expect(sts.requests.map((r) => r.endpoint)).toEqual([]);
  }

  test("without a profile, the container endpoint does answer (the fallback the tests below rule out)", async () => {
    await expectSignedWith(sts.issued.container, [], containerWorks());
  });

  const known = "profiles there: in-config, assume, process, sso, sso-expired, sso-never, sso-refresh, sso-legacy, web-identity, static, source";

  test("a mistyped profile from -p, from AWS_PROFILE, from the config file: not found, naming where the name came from", async () => {
    await expectOnlyTheProfile(["-p", "nope"], envKeys, `env-secrets: credentials: profile nope not found — looked in ${home}/config and ${home}/credentials (${known}); check the name given to -p`);
    await expectOnlyTheProfile([], { AWS_PROFILE: "nope" }, `env-secrets: credentials: profile nope not found — looked in ${home}/config and ${home}/credentials (${known}); check the name given to AWS_PROFILE`);
    const config = join(scratchDir(), "env-secrets.yml");
    writeFileSync(config, "profile: nope\n");
    await expectOnlyTheProfile(["--config", config], {}, `env-secrets: credentials: profile nope not found — looked in ${home}/config and ${home}/credentials (${known}); check profile: in ${config}`);
  });

  test("a profile without any credentials settings", async () => {
    await expectOnlyTheProfile(
      ["-p", "no-keys"],
      { AWS_CONFIG_FILE: failingConfig },
      `env-secrets: credentials: profile no-keys has no credentials — ${failingConfig} and ${home}/credentials give it none of aws_access_key_id, role_arn, web_identity_token_file, credential_process, sso_session, sso_start_url; add one, or name another profile`,
    );
  });

  test("credential_process exits non-zero: its status and the last line of its stderr", async () => {
    await expectOnlyTheProfile(
      ["-p", "exits"],
      { AWS_CONFIG_FILE: failingConfig },
      "env-secrets: credentials: credential_process of profile exits exited with status 3 (stderr: no session for alice: run corp-login first) — run the command by hand to see why",
    );
  });

  test("credential_process that never answers: the run fails when --timeout runs out, and the shell running it is stopped", async () => {
    const started = Date.now();
    await expectOnlyTheProfile(
      ["-p", "hangs", "--timeout", "1"],
      { AWS_CONFIG_FILE: failingConfig },
      "env-secrets: credentials: no credentials within 1 s — the credential source (STS, SSO, container or instance metadata endpoint, credential_process) did not answer; check the network and proxy (HTTPS_PROXY, NO_PROXY), or raise --timeout",
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    const pid = Number(readFileSync(join(home, "hangs.pid"), "utf8"));
    // The shell env-secrets started for the command (its own children are the command's business).
    await waitFor("the credential_process shell to be stopped", () => !isRunning(pid), 5_000);
  });

  test("credential_process prints Version 2, expired credentials, or cut-off JSON", async () => {
    const format = 'it must print Version 1 JSON on stdout: {"Version": 1, "AccessKeyId": …, "SecretAccessKey": …, "SessionToken": …, "Expiration": …}';
    await expectOnlyTheProfile(
      ["-p", "version-2"],
      { AWS_CONFIG_FILE: failingConfig },
      `env-secrets: credentials: credential_process of profile version-2 printed unsupported Version 2 — ${format}`,
    );
    await expectOnlyTheProfile(
      [],
      { AWS_CONFIG_FILE: failingConfig, AWS_PROFILE: "expired" },
      "env-secrets: credentials: credential_process of profile expired printed credentials that expired at 2020-01-01T00:00:00.000Z — make it print fresh ones (a cache it keeps may be stale)",
    );
    await expectOnlyTheProfile(["-p", "cut-off"], { AWS_CONFIG_FILE: failingConfig }, `env-secrets: credentials: credential_process of profile cut-off printed no valid JSON — ${format}`);
  });
});

describe("--no-aws-env", () => {
  const credentialVariables = {
    ...envKeys,
    AWS_SECURITY_TOKEN: ENV_KEYS.sessionToken,
    AWS_ROLE_ARN: "arn:aws:iam::123456789012:role/x",
    AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/secrets/token",
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/x",
    AWS_CONTAINER_AUTHORIZATION_TOKEN: CONTAINER_TOKEN,
    AWS_PROFILE: "static",
  };

  test("strips AWS credential variables from the child's environment, keeps the rest", async () => {
    sm.allowedCredentials({ [PROFILE_KEYS.accessKeyId]: PROFILE_KEYS.secretAccessKey });
    const stripped = await run(["--no-aws-env", "--quiet"], credentialVariables);
    expect(stripped.exitCode).toBe(0);
    const env = stripped.childEnv();
    for (const name of Object.keys(credentialVariables)) expect(env[name]).toBeUndefined();
    expect(env.APP_VALUE).toBe(value);
    expect(env.AWS_REGION).toBe("us-east-1");
    expect(env.HOME).toBe(home);

    const kept = await run(["--quiet"], credentialVariables);
    expect(kept.exitCode).toBe(0);
    for (const [name, expected] of Object.entries(credentialVariables)) expect(kept.childEnv()[name]).toBe(expected);
  });
});

describe("--watch keeps one session for the run: credentials resolved once, again only near their expiry or after a failed check", () => {
  /** The binary watching SECRET every second with `args`, its program a long sleep. */
  function watching(args: string[], env: Record<string, string | undefined>) {
    return startBinary(["aws", "-s", SECRET, "--watch", "1s", ...args, "--", "sleep", "600"], { env: baseEnv(env) as Record<string, string> });
  }
  const checks = () => sm.requests.filter((r) => r.operation === "DescribeSecret");

  /**
   * A credential_process that counts its runs in `runs` (a line each) and
   * prints keys numbered by run (ASIAWATCHPROCESS1, 2, …) that expire
   * `lifetimeS` seconds later; returns the config file naming it and the keys.
   */
  function countingProcess(lifetimeS: number) {
    const dir = scratchDir();
    const runs = join(dir, "runs");
    const secretAccessKey = registerCanary(canary("watch-process-key"));
    const script = join(dir, "process.sh");
    writeFileSync(
      script,
      `#!/bin/sh
echo run >> "${runs}"
n=$(wc -l < "${runs}" | tr -d ' ')
expires=$(date -u -d "@$(( $(date +%s) + ${lifetimeS} ))" +%Y-%m-%dT%H:%M:%SZ)
printf '{"Version":1,"AccessKeyId":"ASIAWATCHPROCESS%s","SecretAccessKey":"%s","Expiration":"%s"}' "$n" '${secretAccessKey}' "$expires"
`,
      { mode: 0o755 },
    );
    const config = join(dir, "config");
    writeFileSync(config, `[profile watched]\ncredential_process = ${script}\n`);
    const keys = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`ASIAWATCHPROCESS${i + 1}`, secretAccessKey]));
    return { config, keys, runs: () => (existsSync(runs) ? readFileSync(runs, "utf8").split("\n").filter(Boolean).length : 0) };
  }

  test("role_arn + source_profile: one AssumeRole for the fetch and every check, each signed with the role's keys", async () => {
    sm.allowedCredentials({ [sts.issued.assumeRole.accessKeyId]: sts.issued.assumeRole.secretAccessKey });
    const run = watching(["-p", "assume"], {});
    await waitFor("three checks", () => checks().length >= 3);
    run.proc.kill("SIGTERM");
    const result = await run.finish();
    expect(result.stderr).toBe("");
    expect(sts.requests.map((r) => [r.endpoint, r.status])).toEqual([["AssumeRole", 200]]);
    expect(sm.requests.every((r) => r.accessKeyId === sts.issued.assumeRole.accessKeyId && r.status === 200)).toBe(true);
  });

  test("sso_session: one GetRoleCredentials for the fetch and every check", async () => {
    sm.allowedCredentials({ [sts.issued.sso.accessKeyId]: sts.issued.sso.secretAccessKey });
    const run = watching(["-p", "sso"], {});
    await waitFor("three checks", () => checks().length >= 3);
    run.proc.kill("SIGTERM");
    expect((await run.finish()).stderr).toBe("");
    expect(sts.requests.map((r) => [r.endpoint, r.status])).toEqual([["GetRoleCredentials", 200]]);
  });

  test("credentials about to expire are resolved again before they do, and the checks go on with the new ones", async () => {
    // Resolved again a minute before they expire: these last 5 s.
    const process_ = countingProcess(65);
    sm.allowedCredentials(process_.keys);
    const run = watching(["-p", "watched"], { AWS_CONFIG_FILE: process_.config });
    await waitFor("checks signed with the second keys", () => checks().some((r) => r.accessKeyId === "ASIAWATCHPROCESS2"), 30_000);
    await waitFor("six checks", () => checks().length >= 6, 30_000);
    run.proc.kill("SIGTERM");
    expect((await run.finish()).stderr).toBe("");
    expect(sm.requests.every((r) => r.status === 200)).toBe(true);
    // A run at most every 4-5 s (the keys' lifetime less the minute), not one per check.
    expect(process_.runs()).toBeGreaterThanOrEqual(2);
    expect(process_.runs()).toBeLessThan(checks().length);
  });

  test("keys AWS stops taking fail one check with a warning; the next check resolves the credentials again", async () => {
    const process_ = countingProcess(3600);
    sm.allowedCredentials(process_.keys);
    const run = watching(["-p", "watched"], { AWS_CONFIG_FILE: process_.config });
    await waitFor("two checks", () => checks().length >= 2);
    expect(process_.runs()).toBe(1);
    // The first keys are refused from now on; later ones are taken.
    sm.allowedCredentials(Object.fromEntries(Object.entries(process_.keys).filter(([id]) => id !== "ASIAWATCHPROCESS1")));
    await waitFor("a check signed with the second keys that passes", () => checks().some((r) => r.accessKeyId === "ASIAWATCHPROCESS2" && r.status === 200), 30_000);
    run.proc.kill("SIGTERM");
    const result = await run.finish();
    expect(result.stderr).toContain("env-secrets: warning: --watch: could not check the secrets for a new version:");
    expect(result.stderr).toContain("UnrecognizedClientException");
    expect(process_.runs()).toBe(2);
  });
});
