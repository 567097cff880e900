/**
 * `env-secrets aws policy` on the compiled binary: the policy it prints is
 * set as the caller's IAM policy in the fake, then a run of those secrets
 * must succeed without a single refused call, a run of any other secret must
 * be refused, and the test's own IAM evaluator must agree on every call.
 */
import { describe, expect, test } from "bun:test";
import { WILDCARD_NOTE } from "../../src/policy/generate.ts";
import { canary } from "../helpers/canary.ts";
import { type IamDocument, allows } from "../helpers/iam-eval.ts";
import { useSecretCommands } from "../helpers/manage.ts";

const { fake, secretName, run } = useSecretCommands("e2e-policy");
const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-0000-0000-0000-000000000001`;

function seed(label: string, options: { kmsKeyId?: string; region?: string } = {}) {
  const name = secretName(label);
  const { arn } = fake().seed({ name, secretString: `{"${label.toUpperCase().replace(/\W/g, "_")}":"${canary(label)}"}`, ...options });
  return { name, arn };
}

async function policyFor(args: string[]): Promise<IamDocument> {
  const result = await run(["policy", ...args, "--no-config"]);
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.stdout) as IamDocument;
}

/** Every call the fake recorded, as IAM sees it; all must be allowed by `policy`. */
function expectEveryCallAllowed(policy: IamDocument, arnOf: Record<string, string>): void {
  const calls = fake().requests;
  expect(calls.length).toBeGreaterThan(0);
  for (const call of calls) {
    expect(call.errorCode).toBeUndefined();
    const resources = call.operation === "BatchGetSecretValue" ? ["*"] : call.secretIds.map((id) => arnOf[id] ?? id);
    for (const resource of resources) expect(allows(policy, { action: `secretsmanager:${call.operation}`, resource })).toBe(true);
  }
}

describe("the policy allows exactly what a run of its secrets needs", () => {
  test("one secret with a customer-managed key: the run succeeds under the policy, with no refused call", async () => {
    const db = seed("db", { kmsKeyId: KEY });
    const other = seed("other");
    const policy = await policyFor(["-s", `DB_URL=${db.name}#DB`]);
    fake().setPolicy(policy as never);
    fake().clearRequests();
    const ok = await run(["-s", db.name, "--", "true"]);
    expect(ok.stderr).toBe("");
    expect(ok.exitCode).toBe(0);
    expectEveryCallAllowed(policy, { [db.name]: db.arn });
    expect(allows(policy, { action: "kms:Decrypt", resource: KEY, context: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } })).toBe(true);
    // Nothing else: another secret, another action, KMS outside Secrets Manager.
    const refused = await run(["-s", other.name, "--", "true"]);
    expect(refused.exitCode).toBe(125);
    expect(refused.stderr).toContain("AccessDeniedException");
    expect(allows(policy, { action: "secretsmanager:GetSecretValue", resource: other.arn })).toBe(false);
    expect(allows(policy, { action: "secretsmanager:PutSecretValue", resource: db.arn })).toBe(false);
    expect(allows(policy, { action: "kms:Decrypt", resource: KEY })).toBe(false);
  });

  test("the key really is needed: without the kms statement the fake refuses the run", async () => {
    const db = seed("db-kms", { kmsKeyId: KEY });
    const policy = await policyFor(["-s", db.name]);
    const withoutKms = { ...policy, Statement: policy.Statement.filter((s) => !String(s.Action).startsWith("kms:")) };
    fake().setPolicy(withoutKms as never);
    const refused = await run(["-s", db.name, "--", "true"]);
    expect(refused.exitCode).toBe(125);
  });

  test("several secrets in two regions, with --batch: every call of the run allowed", async () => {
    const a = seed("a");
    const b = seed("b", { kmsKeyId: KEY });
    const eu = seed("eu", { region: "eu-west-1" });
    const policy = await policyFor(["-s", a.name, "-s", b.name, "-s", eu.arn, "--batch"]);
    expect(policy.Statement.map((s) => (s as { Sid?: string }).Sid)).toEqual(["ReadSecretsUsEast1", "DecryptSecretsUsEast1", "ReadSecretsEuWest1", "BatchReadSecrets"]);
    fake().setPolicy(policy as never);
    fake().clearRequests();
    const ok = await run(["-s", a.name, "-s", b.name, "-s", eu.arn, "--", "true"]);
    expect(ok.stderr).toBe("");
    expect(ok.exitCode).toBe(0);
    expectEveryCallAllowed(policy, { [a.name]: a.arn, [b.name]: b.arn, [eu.arn]: eu.arn });
  });
});

describe("--watch: the checks' DescribeSecret is allowed too", () => {
  test("under the policy of --watch a watched run makes no refused call; under the plain one it says DescribeSecret is denied", async () => {
    const db = seed("watched");
    const policy = await policyFor(["-s", db.name, "--watch"]);
    expect(policy.Statement[0]).toMatchObject({ Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"] });
    const noted = await run(["policy", "-s", db.name, "--watch", "--no-config"]);
    expect(noted.stderr).toContain(
      "env-secrets: --watch: secretsmanager:DescribeSecret on the same secrets, for the check of which version holds each secret's stage (no value is read by it)\n",
    );
    fake().setPolicy(policy as never);
    fake().clearRequests();
    const watched = await run(["-s", db.name, "--watch", "1s", "--", "sleep", "2.5"]);
    expect([watched.exitCode, watched.stderr]).toEqual([0, ""]);
    expect(fake().requests.some((call) => call.operation === "DescribeSecret")).toBe(true);
    expectEveryCallAllowed(policy, { [db.name]: db.arn });

    fake().setPolicy((await policyFor(["-s", db.name])) as never);
    const plain = await run(["-s", db.name, "--watch", "1s", "--", "sleep", "1.5"]);
    expect(plain.exitCode).toBe(0);
    expect(plain.stderr).toContain("DescribeSecret");
  });
});

describe("output", () => {
  test("--offline: no AWS call, placeholders and notes on stderr, the policy alone on stdout", async () => {
    const result = await run(["policy", "-s", "app/db", "-s", `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:app/eu-AbCdEf`, "--offline", "--no-config"], {
      env: { AWS_REGION: undefined, AWS_ENDPOINT_URL: "http://127.0.0.1:9" },
    });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "ReadSecretsRegion", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:REGION:ACCOUNT_ID:secret:app/db-??????" },
        { Sid: "ReadSecretsEuWest1", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:app/eu-??????` },
      ],
    });
    expect(result.stderr).toBe(
      [
        WILDCARD_NOTE,
        "replace ACCOUNT_ID with the id of the account that holds the secrets",
        "replace REGION with the secrets' region (or give -r)",
        `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:app/eu-AbCdEf: taken as a full ARN whose last 7 characters are the random suffix; if they are part of the name, give the name (or run without --offline)`,
        "--offline: the secrets' KMS keys are unknown; for a secret encrypted with a customer-managed key, add kms:Decrypt on that key (run without --offline to have it added)",
      ]
        .map((line) => `env-secrets: ${line}\n`)
        .join(""),
    );
    expect(fake().requests).toEqual([]);
  });

  test("secrets from the config file, as aws reads them", async () => {
    const db = seed("cfg");
    const dir = (await import("../helpers/run.ts")).scratchDir();
    await Bun.write(`${dir}/.env-secrets.yml`, `provider: aws\nsecrets:\n  - name: ${db.name}\n    keys: [CFG]\n`);
    const result = await run(["policy"], { cwd: dir });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).Statement[0].Resource).toBe(`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${db.name}-??????`);
    // batch: true and watch: in the file allow what those runs call, as --batch and --watch do.
    await Bun.write(`${dir}/.env-secrets.yml`, `provider: aws\nbatch: true\nwatch: 5m\nsecrets:\n  - name: ${db.name}\n`);
    const both = JSON.parse((await run(["policy"], { cwd: dir })).stdout) as IamDocument;
    expect(both.Statement.map((s) => s.Action)).toEqual([["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], "secretsmanager:BatchGetSecretValue"]);
  });

  test("a secret the caller may not describe is in the policy by name, with a note; a missing one is an error", async () => {
    const known = seed("known");
    const hidden = seed("hidden");
    fake().deny("DescribeSecret", hidden.name);
    const result = await run(["policy", "-s", known.name, "-s", hidden.name, "--no-config"]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).Statement[0].Resource).toEqual([
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${known.name}-??????`,
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${hidden.name}-??????`,
    ]);
    expect(result.stderr).toContain(
      `env-secrets: ${hidden.name}: could not be described (needs secretsmanager:DescribeSecret), so its KMS key is unknown; if it uses a customer-managed key, add kms:Decrypt on it\n`,
    );
    const missing = await run(["policy", "-s", `${known.name}-typo`, "--no-config"]);
    expect(missing.stderr).toBe(
      `env-secrets: ${known.name}-typo: ResourceNotFoundException — no such secret in us-east-1; check the name, the region (-r) and the account of your credentials\n`,
    );
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toBe("");
  });

  test("no secret is a usage error", async () => {
    const result = await run(["policy", "--no-config"]);
    expect(result.stderr).toBe("env-secrets: no secret given — name one with -s <name-or-arn>, or list them under secrets: in .env-secrets.yml\n");
    expect(result.exitCode).toBe(2);
  });
});
