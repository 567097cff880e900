/**
 * What the redactor masks in env-secrets' own log lines and in --mask-output,
 * and what the logger does with text a server sent: values split over lines,
 * values in the encodings other programs write, control characters, many and
 * large values, and AWS credentials too short to be worth masking.
 * runBinary fails any test in which a canary reaches env-secrets' output.
 */
import { afterAll, beforeEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { canary, registerCanary } from "../helpers/canary.ts";
import { useFakeAws } from "../helpers/fake.ts";
import { awsEnv, runBinary } from "../helpers/run.ts";

setDefaultTimeout(60_000);
const fake = useFakeAws();
let counter = 0;
const secretName = (label: string) => `redact/${label}-${++counter}`;

beforeEach(() => {
  fake().clearFaults();
});

/** The encodings of a value that the redactor knows, as other programs write them. */
function encodings(value: string): Record<string, string> {
  const json = JSON.stringify(value).slice(1, -1);
  return {
    json,
    jsonTwice: JSON.stringify(json).slice(1, -1),
    python: json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
    pythonUpper: json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`),
    component: encodeURIComponent(value),
    lowerHex: encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    slashKept: encodeURIComponent(value).replaceAll("%2F", "/"),
    form: new URLSearchParams({ v: value }).toString().slice(2),
    base64: Buffer.from(value).toString("base64"),
    base64Url: Buffer.from(value).toString("base64url"),
  };
}

/** A value with a space, a slash, a quote and a non-ASCII letter, so that every encoding differs from it. */
const encodableCanary = (label: string) => registerCanary(`${canary(label)} p/"ä"`);

/** A secret that fails with the given AWS error message, next to one that holds `value`. */
async function failureQuoting(value: Record<string, string>, message: string, extraArgs: string[] = []) {
  const good = secretName("good");
  const bad = secretName("bad");
  fake().seed({ name: good, secretString: JSON.stringify(value) });
  fake().seed({ name: bad, secretString: JSON.stringify({ OTHER: canary("other") }) });
  fake().inject({ kind: "error", secretId: bad, code: "ValidationException", message });
  const result = await runBinary(["aws", "-s", good, "-s", bad, ...extraArgs, "--", "true"], { env: awsEnv(fake().url) });
  expect(result.exitCode).toBe(125);
  return { ...result, bad };
}

describe("log lines", () => {
  test("a value split over indented lines in an AWS error message is masked after the message is put on one line", async () => {
    const first = canary("first-line");
    const second = canary("second-line");
    const value = `${first}\n    ${second}`;
    registerCanary(value);
    const { stderr, bad } = await failureQuoting({ PEM: value }, `bad value ${value}\n  rejected`);
    // However the message is laid out (on one line today), the value is masked as a whole.
    expect(stderr).toContain(`env-secrets: ${bad}: ValidationException`);
    expect(stderr).toMatch(/AWS: bad value \*\*\*\*\s+rejected \(HTTP 400\)\n/);
  });

  for (const debug of [false, true]) {
    test(`a value quoted in an AWS error message in any encoding the redactor knows is masked${debug ? " (--debug)" : ""}`, async () => {
      const value = encodableCanary("encoded");
      const forms = Object.values(encodings(value));
      const { stderr, bad } = await failureQuoting({ TOKEN: value }, `saw ${forms.join(" | ")}`, debug ? ["--debug"] : []);
      for (const form of forms) expect(stderr).not.toContain(form);
      expect(stderr).toContain(`env-secrets: ${bad}: ValidationException`);
      expect(stderr).toContain(`AWS: saw ${forms.map(() => "****").join(" | ")} (HTTP 400)\n`);
    });
  }

  test("control characters and bidi overrides in a server's message reach the terminal as escapes, not as control", async () => {
    const value = canary("beside-controls");
    const { stderr, bad } = await failureQuoting(
      { TOKEN: value },
      `denied\x1b]0;retitled\x07\x1b[2J\rforged line\x9b\u202eesrever ${value}\r\nenv-secrets: looks like ours`,
    );
    expect(stderr).toContain(`env-secrets: ${bad}: ValidationException`);
    expect(stderr).toContain("denied\\x1b]0;retitled\\x07\\x1b[2J\\x0dforged line\\x9b\\u202eesrever ****");
    // The line break the message carried starts a line with env-secrets' prefix, or is joined away.
    expect(stderr).toMatch(/\*\*\*\*(\nenv-secrets: | )env-secrets: looks like ours \(HTTP 400\)\n/);
    expect(stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
  });
});

describe("--mask-output", () => {
  test("a value the program prints in any encoding the redactor knows is masked", async () => {
    const value = encodableCanary("output");
    const forms = encodings(value);
    const name = secretName("mask");
    fake().seed({ name, secretString: JSON.stringify({ TOKEN: value }) });
    // The encoded forms reach the program through the inherited environment, not through the secret.
    const env = Object.fromEntries(Object.entries(forms).map(([key, form]) => [`FORM_${key}`, form]));
    const script = `${Object.keys(forms).map((key) => `printf '%s\\n' "$FORM_${key}"`).join("; ")}; printf '%s\\n' "$TOKEN"`;
    const result = await runBinary(["aws", "-s", name, "--mask-output", "--", "sh", "-c", script], { env: awsEnv(fake().url, env) });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe("****\n".repeat(Object.keys(forms).length + 1));
  });
});

describe("large values", () => {
  /**
   * A stand-in for Secrets Manager that answers every read with a seeded
   * SecretString and echoes that text as the version id, as a hostile or
   * broken server could: --debug's line for the secret then quotes it.
   */
  const secretStrings = new Map<string, string>();
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const target = request.headers.get("x-amz-target") ?? "";
      const body = (await request.json()) as { SecretId?: string; SecretIdList?: string[] };
      const answer = (id: string) => {
        const text = secretStrings.get(id) ?? "";
        return { ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${id}-AbCdEf`, Name: id, VersionId: text, SecretString: text, VersionStages: ["AWSCURRENT"], CreatedDate: 1 };
      };
      const json = (payload: unknown) => new Response(JSON.stringify(payload), { headers: { "content-type": "application/x-amz-json-1.1" } });
      if (target.endsWith(".BatchGetSecretValue")) return json({ SecretValues: (body.SecretIdList ?? []).map(answer), Errors: [] });
      return json(answer(body.SecretId ?? ""));
    },
  });
  afterAll(() => server.stop(true));

  test("two 60 KB secrets: a log line quoting one is masked, and the program starts", async () => {
    // A JSON document stored in a value, as a service account key or a config
    // blob is: its quotes make every escaped form of the secret longer still.
    const document = (label: string) =>
      `${canary(label)} ${Array.from({ length: 3000 }, () => `{"k":"${crypto.randomUUID().slice(0, 6)}"}`).join(",")}`.slice(0, 55_000);
    const one = registerCanary(document("large-one"));
    const two = registerCanary(document("large-two"));
    secretStrings.set("large/one", registerCanary(JSON.stringify({ ONE: one })));
    secretStrings.set("large/two", registerCanary(JSON.stringify({ TWO: two })));
    const env = awsEnv(`http://127.0.0.1:${server.port}`);
    const lengths = 'printf "started with %s and %s characters\\n" "$(printf %s "$ONE" | wc -c)" "$(printf %s "$TWO" | wc -c)"';
    const debug = await runBinary(["aws", "-s", "large/one", "-s", "large/two", "--debug", "--", "sh", "-c", lengths], { env });
    expect(debug.stderr).not.toContain("regular expression");
    expect(debug.exitCode).toBe(0);
    expect(debug.stdout.replace(/ +/g, " ")).toBe(`started with ${Buffer.byteLength(one)} and ${Buffer.byteLength(two)} characters\n`);
    expect(debug.stderr).toMatch(/version \*\*\*\*\)/);

    const masked = await runBinary(["aws", "-s", "large/one", "-s", "large/two", "--mask-output", "--", "sh", "-c", 'printf "%s|%s\\n" "$TWO" "$ONE"'], { env });
    expect(masked.exitCode).toBe(0);
    expect(masked.stdout).toBe("****|****\n");
  });
});

describe("AWS credentials", () => {
  test("the test/test keys of local stand-ins are not masked: a secret name with 'test' in it reads normally", async () => {
    const result = await runBinary(["aws", "-s", "my-test-secret", "--", "true"], {
      env: awsEnv(fake().url, { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" }),
    });
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toContain("env-secrets: my-test-secret: ResourceNotFoundException — ");
    expect(result.stderr).not.toContain("****");
  });

  test("a secret access key of real length is masked wherever a message quotes it", async () => {
    const key = registerCanary(`${canary("access-key")}-0123456789`);
    const good = secretName("good");
    const bad = secretName("quotes-key");
    fake().seed({ name: good, secretString: JSON.stringify({ A: canary("a") }) });
    fake().seed({ name: bad, secretString: JSON.stringify({ B: canary("b") }) });
    fake().inject({ kind: "error", secretId: bad, code: "ValidationException", message: `signed with ${key}` });
    const result = await runBinary(["aws", "-s", good, "-s", bad, "--", "true"], { env: awsEnv(fake().url, { AWS_SECRET_ACCESS_KEY: key }) });
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toContain(`env-secrets: ${bad}: ValidationException`);
    expect(result.stderr).toContain("AWS: signed with **** (HTTP 400)\n");
  });
});
