/**
 * Debug output (--debug, DEBUG=env-secrets) explains a run — config, region,
 * endpoint, credential source, secret names, ARNs, versions, variable names,
 * timings and attempts — and never shows a value or a key. runBinary fails
 * any test whose output contains a canary; the AWS keys are canaries here.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { canary, expectNoCanaries, registerCanary } from "../helpers/canary.ts";
import { useFakeAws } from "../helpers/fake.ts";
import { PTY_SKIP_REASON, runBinaryInPty, SCRIPT } from "../helpers/pty.ts";
import { awsEnv, runBinary, scratchDir } from "../helpers/run.ts";

setDefaultTimeout(60_000);
const fake = useFakeAws();
let counter = 0;
const secretName = (label: string) => `debug/${label}-${++counter}`;

// The access keys must never be shown either.
const SECRET_KEY = registerCanary(`debug-secret-access-key-${crypto.randomUUID()}`);
const SESSION_TOKEN = registerCanary(`debug-session-token-${crypto.randomUUID()}`);
const keyEnv = (extra: Record<string, string | undefined> = {}) =>
  awsEnv(fake().url, { AWS_SECRET_ACCESS_KEY: SECRET_KEY, AWS_SESSION_TOKEN: SESSION_TOKEN, ...extra });

describe("debug output", () => {
  test("--debug explains the run: config, region, endpoint, credential source, secret, ARN, version, variables, timing", async () => {
    const name = secretName("explain");
    const { arn, versionId } = fake().seed({ name, secretString: JSON.stringify({ DB_USER: canary("user"), DB_PASSWORD: canary("pw") }) });
    const result = await runBinary(["aws", "-s", name, "--debug", "--", "true"], { env: keyEnv({ DEBUG: undefined }) });
    expect(result.exitCode).toBe(0);
    const lines = result.stderr.split("\n");
    expect(lines).toContain("env-secrets: debug: no config file");
    expect(lines).toContain(`env-secrets: debug: region us-east-1, endpoint ${fake().url}`);
    expect(lines).toContain("env-secrets: debug: credentials from environment keys (access key id AKIDENVTEST)");
    expect(result.stderr).toMatch(
      new RegExp(`env-secrets: debug: fetched ${name} \\(${escapeRegExp(arn)}, version ${versionId}\\) from us-east-1 in \\d+ ms, 1 attempt\\(s\\)\n`),
    );
    expect(lines).toContain(`env-secrets: debug: ${name} sets DB_USER, DB_PASSWORD`);
    expect(lines.filter((line) => line !== "" && !line.startsWith("env-secrets: debug: "))).toEqual([]);
  });

  test("--debug leaves out the AWS SDK's own lines; DEBUG=env-secrets:sdk adds them, prefixed and redacted", async () => {
    const name = secretName("sdk-lines");
    fake().seed({ name, secretString: JSON.stringify({ SDK_V: canary("sdk") }) });
    const plain = await runBinary(["aws", "-s", name, "--debug", "--", "true"], { env: keyEnv({ DEBUG: undefined }) });
    expect(plain.exitCode).toBe(0);
    expect(plain.stderr).not.toMatch(/@smithy|@aws-sdk|evaluateCondition|Not found in ENV/);
    expect(plain.stderr.split("\n").filter(Boolean).length).toBeLessThanOrEqual(6);
    const sdk = await runBinary(["aws", "-s", name, "--", "true"], { env: keyEnv({ DEBUG: "env-secrets:sdk" }) });
    expect(sdk.exitCode).toBe(0);
    expect(sdk.stderr).toContain("env-secrets: debug: aws-sdk: @smithy/property-provider -> Not found in ENV");
    expect(sdk.stderr).toContain("env-secrets: debug: aws-sdk: endpoints evaluateCondition");
    expect(sdk.stderr).toContain(`env-secrets: debug: ${name} sets SDK_V\n`);
  });

  test("--debug names the config file used, and the secrets it listed", async () => {
    const name = secretName("config");
    fake().seed({ name, secretString: JSON.stringify({ FROM_CONFIG: canary("config") }) });
    const dir = scratchDir();
    const file = join(dir, ".env-secrets.yml");
    writeFileSync(file, `secrets:\n  - name: ${name}\n`);
    const result = await runBinary(["aws", "--debug", "--", "true"], { cwd: dir, env: keyEnv({ DEBUG: undefined }) });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(`env-secrets: debug: config file ${file}\n`);
    expect(result.stderr).toContain(`env-secrets: debug: ${name} sets FROM_CONFIG\n`);
  });

  test("retries show in the attempt count", async () => {
    const name = secretName("retry");
    fake().seed({ name, secretString: JSON.stringify({ V: canary("retry") }) });
    fake().inject({ kind: "throttle", secretId: name, times: 1 });
    const result = await runBinary(["aws", "-s", name, "--debug", "--", "true"], { env: keyEnv() });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`fetched ${name} .* in \\d+ ms, 2 attempt\\(s\\)\n`));
  });

  test("a failure in debug mode shows the AWS error's detail, still without values or keys", async () => {
    const name = secretName("denied");
    fake().seed({ name, secretString: JSON.stringify({ V: canary("denied") }) });
    fake().inject({ kind: "access-denied", secretId: name });
    const result = await runBinary(["aws", "-s", name, "--debug", "--", "true"], { env: keyEnv() });
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toContain(`env-secrets: ${name}: AccessDeniedException — `);
    expect(result.stderr).toContain("env-secrets: debug: AccessDeniedException: ");
  });

  test("with several failing secrets, debug mode shows the AWS error behind each line", async () => {
    const first = secretName("fail-a");
    const second = secretName("fail-b");
    fake().inject({ kind: "access-denied", secretId: first });
    fake().inject({ kind: "decryption-failure", secretId: second });
    const result = await runBinary(["aws", "-s", first, "-s", second, "--debug", "--", "true"], { env: keyEnv() });
    expect(result.exitCode).toBe(125);
    // One debug line behind each failure: the AWS message of each.
    expect(result.stderr).toMatch(/env-secrets: debug: .*not authorized to perform: secretsmanager:GetSecretValue.*fail-a/);
    expect(result.stderr).toMatch(/env-secrets: debug: .*decrypt/);
  });

  for (const value of ["env-secrets", "env-secrets:*", "*", "express,env-secrets"]) {
    test(`DEBUG=${value} turns debug output on`, async () => {
      const name = secretName("env");
      fake().seed({ name, secretString: JSON.stringify({ V: canary("env") }) });
      const result = await runBinary(["aws", "-s", name, "--", "true"], { env: keyEnv({ DEBUG: value }) });
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toContain(`env-secrets: debug: ${name} sets V\n`);
    });
  }

  test("DEBUG for other programs does not, and --quiet on the command line wins over DEBUG", async () => {
    const name = secretName("other");
    fake().seed({ name, secretString: JSON.stringify({ V: canary("other") }) });
    const other = await runBinary(["aws", "-s", name, "--", "true"], { env: keyEnv({ DEBUG: "express:*" }) });
    expect(other.stderr).toBe("");
    const quiet = await runBinary(["aws", "-s", name, "--quiet", "--", "true"], { env: keyEnv({ DEBUG: "env-secrets" }) });
    expect(quiet.stderr).toBe("");
  });
});

describe.skipIf(SCRIPT === null)(`colour (${PTY_SKIP_REASON})`, () => {
  /** What the terminal showed when env-secrets ran with its stdout and stderr on a pseudo-terminal. */
  async function onTerminal(args: string[], env: Record<string, string | undefined>): Promise<string> {
    return (await runBinaryInPty(args, env).finish()).output;
  }

  test("warnings are coloured on a terminal, plain with NO_COLOR or when stderr is not a terminal", async () => {
    const first = secretName("c1");
    const second = secretName("c2");
    fake().seed({ name: first, secretString: JSON.stringify({ SHARED: canary("c1") }) });
    fake().seed({ name: second, secretString: JSON.stringify({ SHARED: canary("c2") }) });
    const args = ["aws", "-s", first, "-s", second, "--", "true"];
    const coloured = await onTerminal(args, keyEnv({ NO_COLOR: undefined, TERM: "xterm" }));
    expectNoCanaries(coloured, "terminal");
    expect(coloured).toContain("\x1b[33menv-secrets: warning: \x1b[0mSHARED is set by both");
    const noColor = await onTerminal(args, keyEnv({ NO_COLOR: "1", TERM: "xterm" }));
    expect(noColor).toContain("env-secrets: warning: SHARED is set by both");
    expect(noColor).not.toContain("\x1b[");
    const piped = await runBinary(args, { env: keyEnv({ NO_COLOR: undefined, TERM: "xterm" }) });
    expect(piped.stderr).toBe(`env-secrets: warning: SHARED is set by both ${first} and ${second}; using ${second}\n`);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}
