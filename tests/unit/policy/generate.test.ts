import { describe, expect, test } from "bun:test";
import { generatePolicy, WILDCARD_NOTE } from "../../../src/policy/generate.ts";
import { keyResource } from "../../../src/policy/kms.ts";
import { secretResource, targetOf, withKnownAccount } from "../../../src/policy/targets.ts";
import { allows } from "../../helpers/iam-eval.ts";

const ACCOUNT = "123456789012";
const arn = (region: string, name: string, suffix = "AbC123") => `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${name}-${suffix}`;
const read = (resource: string) => ({ action: "secretsmanager:GetSecretValue", resource });
const decrypt = (key: string, region: string) => ({ action: "kms:Decrypt", resource: key, context: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } });

describe("targets", () => {
  test("a described secret: name, account and region from its ARN; the suffix wildcarded", () => {
    const target = targetOf("app/db", "app/db", "us-east-1", { ARN: arn("us-east-1", "app/db"), Name: "app/db", KmsKeyId: "k" });
    expect(secretResource(target)).toBe(`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:app/db-??????`);
    expect(target.kmsKeyId).toBe("k");
  });

  test("offline: a name gets placeholders; a full ARN loses its suffix; a partial ARN keeps its name", () => {
    expect(secretResource(targetOf("app", "app", undefined))).toBe("arn:aws:secretsmanager:REGION:ACCOUNT_ID:secret:app-??????");
    expect(secretResource(targetOf("app", "app", "eu-west-1"))).toBe("arn:aws:secretsmanager:eu-west-1:ACCOUNT_ID:secret:app-??????");
    const full = targetOf("x", arn("eu-west-1", "app/db"), "us-east-1");
    expect(secretResource(full)).toBe(`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:app/db-??????`);
    expect(full.assumedSuffix).toBe(true);
    const partial = targetOf("x", `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:app/db`, "us-east-1");
    expect(secretResource(partial)).toBe(`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:app/db-??????`);
  });

  test("a name's account comes from another secret given by name, never from one given by ARN", () => {
    const other = `arn:aws:secretsmanager:us-east-1:999999999999:secret:shared-XyZ987`;
    const targets = withKnownAccount([
      targetOf("a", "a", "us-east-1", { ARN: arn("us-east-1", "a"), Name: "a" }),
      targetOf("b", "b", "us-east-1"),
      targetOf(other, other, "us-east-1", { ARN: other, Name: "shared" }),
    ]);
    expect(targets.map((t) => t.account)).toEqual([ACCOUNT, ACCOUNT, "999999999999"]);
    expect(withKnownAccount([targetOf(other, other, "us-east-1", { ARN: other, Name: "shared" }), targetOf("b", "b", "us-east-1")])[1]!.account).toBe("ACCOUNT_ID");
  });

  test("KMS keys: ARN as is, key id to ARN, aliases through kms:ResourceAliases, the AWS-managed key needs nothing", () => {
    const base = targetOf("a", "a", "us-east-1", { ARN: arn("us-east-1", "a"), Name: "a" });
    const key = (kmsKeyId?: string) => keyResource({ ...base, ...(kmsKeyId ? { kmsKeyId } : {}) });
    expect(key(undefined)).toBeUndefined();
    expect(key("alias/aws/secretsmanager")).toBeUndefined();
    expect(key(`arn:aws:kms:us-east-1:${ACCOUNT}:key/k-1`)).toEqual({ kind: "key", arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k-1` });
    expect(key("k-2")).toEqual({ kind: "key", arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k-2` });
    expect(key("alias/app")).toEqual({ kind: "alias", keys: `arn:aws:kms:us-east-1:${ACCOUNT}:key/*`, alias: "alias/app" });
    expect(key(`arn:aws:kms:us-east-1:${ACCOUNT}:alias/app`)).toEqual({ kind: "alias", keys: `arn:aws:kms:us-east-1:${ACCOUNT}:key/*`, alias: "alias/app" });
  });
});

describe("generatePolicy", () => {
  const kmsKey = `arn:aws:kms:us-east-1:${ACCOUNT}:key/k-1`;
  const targets = withKnownAccount([
    targetOf("app/db", "app/db", "us-east-1", { ARN: arn("us-east-1", "app/db"), Name: "app/db", KmsKeyId: kmsKey }),
    targetOf("app/api", "app/api", "us-east-1", { ARN: arn("us-east-1", "app/api", "ZzZzZz"), Name: "app/api" }),
    targetOf("eu", arn("eu-west-1", "app/eu"), "us-east-1", { ARN: arn("eu-west-1", "app/eu"), Name: "app/eu", KmsKeyId: "alias/eu" }),
  ]);

  test("one GetSecretValue statement per region, kms:Decrypt only through Secrets Manager of that region", () => {
    const { policy } = generatePolicy(targets, { batch: false, offline: false });
    expect(policy).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReadSecretsUsEast1",
          Effect: "Allow",
          Action: "secretsmanager:GetSecretValue",
          Resource: [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:app/db-??????`, `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:app/api-??????`],
        },
        { Sid: "DecryptSecretsUsEast1", Effect: "Allow", Action: "kms:Decrypt", Resource: kmsKey, Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } } },
        { Sid: "ReadSecretsEuWest1", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:app/eu-??????` },
        {
          Sid: "DecryptSecretsEuWest1Alias1",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/*`,
          Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" }, "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/eu" } },
        },
      ],
    });
  });

  test("it allows exactly the reads of these secrets, and nothing for others", () => {
    const { policy } = generatePolicy(targets, { batch: false, offline: false });
    expect(allows(policy, read(arn("us-east-1", "app/db")))).toBe(true);
    expect(allows(policy, read(arn("us-east-1", "app/api", "ZzZzZz")))).toBe(true);
    expect(allows(policy, read(arn("eu-west-1", "app/eu")))).toBe(true);
    // A recreated secret (new suffix) is still covered; a longer name, another region or account is not.
    expect(allows(policy, read(arn("us-east-1", "app/db", "QqQqQq")))).toBe(true);
    expect(allows(policy, read(arn("us-east-1", "app/db-admin")))).toBe(false);
    expect(allows(policy, read(arn("us-east-1", "app/d")))).toBe(false);
    expect(allows(policy, read(arn("us-west-2", "app/db")))).toBe(false);
    expect(allows(policy, read(arn("us-east-1", "app/db").replace(ACCOUNT, "999999999999")))).toBe(false);
    expect(allows(policy, { action: "secretsmanager:PutSecretValue", resource: arn("us-east-1", "app/db") })).toBe(false);
    expect(allows(policy, { action: "secretsmanager:BatchGetSecretValue", resource: "*" })).toBe(false);
    // KMS: only through Secrets Manager, only in the key's region.
    expect(allows(policy, decrypt(kmsKey, "us-east-1"))).toBe(true);
    expect(allows(policy, decrypt(kmsKey, "us-west-2"))).toBe(false);
    expect(allows(policy, { action: "kms:Decrypt", resource: kmsKey })).toBe(false);
  });

  test("--batch adds BatchGetSecretValue on * and says why", () => {
    const { policy, notes } = generatePolicy(targets, { batch: true, offline: false });
    expect(policy.Statement.at(-1)).toEqual({ Sid: "BatchReadSecrets", Effect: "Allow", Action: "secretsmanager:BatchGetSecretValue", Resource: "*" });
    expect(notes.some((n) => n.startsWith('secretsmanager:BatchGetSecretValue has no resource of its own, so it is allowed on "*"'))).toBe(true);
  });

  test("notes: the wildcard always; placeholders, assumed suffixes and unknown keys when they apply", () => {
    expect(generatePolicy(targets, { batch: false, offline: false }).notes).toEqual([
      WILDCARD_NOTE,
      "a key known only by its alias is allowed through kms:ResourceAliases; its key ARN (aws kms describe-key --key-id <alias>) makes the statement narrower",
    ]);
    const offline = [targetOf("app", "app", undefined), targetOf("x", arn("eu-west-1", "app/db"), undefined)];
    expect(generatePolicy(offline, { batch: false, offline: true }).notes).toEqual([
      WILDCARD_NOTE,
      "replace ACCOUNT_ID with the id of the account that holds the secrets",
      "replace REGION with the secrets' region (or give -r)",
      "x: taken as a full ARN whose last 7 characters are the random suffix; if they are part of the name, give the name (or run without --offline)",
      "--offline: the secrets' KMS keys are unknown; for a secret encrypted with a customer-managed key, add kms:Decrypt on that key (run without --offline to have it added)",
    ]);
    expect(generatePolicy([targetOf("app", "app", "us-east-1")], { batch: false, offline: false }).notes[2]).toBe(
      "app: could not be described (needs secretsmanager:DescribeSecret), so its KMS key is unknown; if it uses a customer-managed key, add kms:Decrypt on it",
    );
  });
});
