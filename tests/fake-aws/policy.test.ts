/**
 * Least-privilege runs: an IAM identity policy on the fake refuses exactly
 * what AWS would refuse (per secret, per action, account-wide actions only on
 * "*", KMS permissions for customer-managed keys), and the request record
 * shows each refusal. Also the per-secret deny() and the evaluator itself.
 */

import { describe, expect, test } from "bun:test";
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
} from "@aws-sdk/client-secrets-manager";
import { IdentityPolicy } from "./policy";
import { rejectionOf, useFakeAwsWithClients } from "./sdk-test-client";

const ACCOUNT = "123456789012";
const SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret`;
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const { fake, client } = await useFakeAwsWithClients();
const { arn: appArn } = fake.seed({ name: "app/db", secretString: "app-value" });
const { arn: otherArn } = fake.seed({ name: "other/db", secretString: "other-value" });
fake.seed({ name: "app/encrypted", secretString: "cmk-value", kmsKeyId: KEY_ARN });

const get = (secretId: string) => client.send(new GetSecretValueCommand({ SecretId: secretId }));

describe("allowOnly", () => {
  test("GetSecretValue on app/* reads app secrets and nothing else", async () => {
    fake.allowOnly([{ action: "GetSecretValue", resource: `${SECRET_ARN}:app/*` }]);

    const allowed = await get("app/db");
    const otherSecret = await rejectionOf(get("other/db"));
    const otherAction = await rejectionOf(client.send(new DescribeSecretCommand({ SecretId: "app/db" })));

    expect(allowed.SecretString).toBe("app-value");
    expect(otherSecret.name).toBe("AccessDeniedException");
    expect(otherSecret.message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/AKIDEXAMPLE is not authorized to perform: secretsmanager:GetSecretValue on resource: ${otherArn} because no identity-based policy allows the secretsmanager:GetSecretValue action`,
    );
    expect(otherAction.message).toContain(`secretsmanager:DescribeSecret on resource: ${appArn}`);
    expect(fake.requests.map((r) => [r.operation, r.status, r.errorCode])).toEqual([
      ["GetSecretValue", 200, undefined],
      ["GetSecretValue", 400, "AccessDeniedException"],
      ["DescribeSecret", 400, "AccessDeniedException"],
    ]);
  });

  test("the ARN of a secret is matched with its random suffix, as the docs' <name>-?????? policies expect", async () => {
    fake.allowOnly([{ action: "GetSecretValue", resource: `${SECRET_ARN}:app/db-??????` }]);

    expect((await get("app/db")).SecretString).toBe("app-value");
    expect((await rejectionOf(get("app/encrypted"))).name).toBe("AccessDeniedException");
  });

  test("BatchGetSecretValue and ListSecrets are allowed only on *, not on secret ARNs", async () => {
    fake.allowOnly([{ action: ["GetSecretValue", "BatchGetSecretValue", "ListSecrets"], resource: `${SECRET_ARN}:*` }]);

    const batch = await rejectionOf(client.send(new BatchGetSecretValueCommand({ SecretIdList: ["app/db"] })));
    const list = await rejectionOf(client.send(new ListSecretsCommand({})));
    fake.allowOnly([
      { action: "GetSecretValue", resource: `${SECRET_ARN}:app/*` },
      { action: "BatchGetSecretValue", resource: "*" },
    ]);
    const allowedBatch = await client.send(
      new BatchGetSecretValueCommand({ SecretIdList: ["app/db", "other/db"] }),
    );

    expect(batch.name).toBe("AccessDeniedException");
    expect(batch.message).toContain("secretsmanager:BatchGetSecretValue because");
    expect(list.name).toBe("AccessDeniedException");
    expect(allowedBatch.SecretValues?.map((v) => v.Name)).toEqual(["app/db"]);
    expect(allowedBatch.Errors).toMatchObject([{ SecretId: "other/db", ErrorCode: "AccessDeniedException" }]);
  });

  test("CreateSecret of a new name matches the ARN it will get; with tags it also needs TagResource", async () => {
    fake.allowOnly([{ action: "CreateSecret", resource: `${SECRET_ARN}:new/*` }]);

    const created = await client.send(new CreateSecretCommand({ Name: "new/plain", SecretString: "x" }));
    const tagged = await rejectionOf(
      client.send(new CreateSecretCommand({ Name: "new/tagged", SecretString: "x", Tags: [{ Key: "k", Value: "v" }] })),
    );
    const elsewhere = await rejectionOf(client.send(new CreateSecretCommand({ Name: "old/x", SecretString: "x" })));

    expect(created.Name).toBe("new/plain");
    expect(tagged.message).toContain("secretsmanager:TagResource");
    expect(fake.inspect("new/tagged")).toBeUndefined();
    expect(elsewhere.message).toContain(`secretsmanager:CreateSecret on resource: ${SECRET_ARN}:old/x because`);
  });
});

describe("setPolicy", () => {
  test("an explicit Deny wins over an Allow and says so", async () => {
    fake.setPolicy({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "secretsmanager:*", Resource: "*" },
        { Effect: "Deny", Action: "secretsmanager:PutSecretValue", Resource: `${SECRET_ARN}:app/*` },
      ],
    });

    const denied = await rejectionOf(client.send(new PutSecretValueCommand({ SecretId: "app/db", SecretString: "x" })));

    expect(denied.message).toEndWith("with an explicit deny in an identity-based policy");
    expect((await get("app/db")).SecretString).toBe("app-value");
  });

  test("a customer-managed key needs kms:Decrypt on the key, via Secrets Manager in the region", async () => {
    const readOnly = { Effect: "Allow" as const, Action: "secretsmanager:GetSecretValue", Resource: "*" };
    const decrypt = (viaService: string) => ({
      Effect: "Allow" as const,
      Action: "kms:Decrypt",
      Resource: KEY_ARN,
      Condition: { StringEquals: { "kms:ViaService": viaService } },
    });

    fake.setPolicy({ Statement: [readOnly] });
    const withoutKms = await rejectionOf(get("app/encrypted"));
    const managedKey = await get("app/db");
    fake.setPolicy({ Statement: [readOnly, decrypt("secretsmanager.eu-west-1.amazonaws.com")] });
    const wrongRegion = await rejectionOf(get("app/encrypted"));
    fake.setPolicy({ Statement: [readOnly, decrypt("secretsmanager.us-east-1.amazonaws.com")] });
    const withKms = await get("app/encrypted");

    expect(withoutKms.name).toBe("AccessDeniedException");
    expect(withoutKms.message).toBe("Access to KMS is not allowed");
    expect(managedKey.SecretString).toBe("app-value");
    expect(wrongRegion.message).toBe("Access to KMS is not allowed");
    expect(withKms.SecretString).toBe("cmk-value");
  });

  test("what the fake cannot evaluate is refused when the policy is set", () => {
    expect(() =>
      fake.setPolicy({
        Statement: [
          { Effect: "Allow", Action: "*", Resource: "*", Condition: { StringEquals: { "aws:SourceIp": "10.0.0.1" } } },
        ],
      }),
    ).toThrow("condition key aws:SourceIp is not modelled");
    expect(() =>
      fake.setPolicy({
        Statement: [{ Effect: "Allow", Action: "*", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "x" } } }],
      }),
    ).toThrow("condition operator IpAddress is not modelled");
    expect(() => fake.setPolicy({ Statement: [{ Effect: "Allow", Resource: "*" }] })).toThrow("Action or NotAction");
  });
});

describe("deny with a secret", () => {
  test("denies that secret by any of its names and leaves the others alone", async () => {
    fake.deny("GetSecretValue", "app/db");

    const byName = await rejectionOf(get("app/db"));
    const byArn = await rejectionOf(get(appArn));
    const other = await get("other/db");
    const batch = await client.send(new BatchGetSecretValueCommand({ SecretIdList: ["app/db", "other/db"] }));

    expect(byName.name).toBe("AccessDeniedException");
    expect(byArn.name).toBe("AccessDeniedException");
    expect(other.SecretString).toBe("other-value");
    expect(batch.Errors?.map((e) => [e.SecretId, e.ErrorCode])).toEqual([["app/db", "AccessDeniedException"]]);
  });

  test("covers the write operations too", async () => {
    fake.deny("PutSecretValue");

    const error = await rejectionOf(client.send(new PutSecretValueCommand({ SecretId: "app/db", SecretString: "x" })));

    expect(error.message).toContain("secretsmanager:PutSecretValue");
    expect(fake.inspect("app/db")?.current?.value).toBe("app-value");
  });
});

describe("IdentityPolicy", () => {
  const request = (action: string, resource: string, context: Record<string, string> = {}) => ({
    action,
    resource,
    context,
  });

  test("actions ignore case and take wildcards; resources keep case", () => {
    const policy = new IdentityPolicy({
      Statement: { Effect: "Allow", Action: "SecretsManager:Get*", Resource: `${SECRET_ARN}:App/*` },
    });

    expect(policy.evaluate(request("secretsmanager:GetSecretValue", `${SECRET_ARN}:App/x-abcdef`))).toBe("allow");
    expect(policy.evaluate(request("secretsmanager:GetSecretValue", `${SECRET_ARN}:app/x-abcdef`))).toBe(
      "implicit-deny",
    );
    expect(policy.evaluate(request("secretsmanager:PutSecretValue", `${SECRET_ARN}:App/x-abcdef`))).toBe(
      "implicit-deny",
    );
  });

  test("NotAction, NotResource and negated conditions", () => {
    const policy = new IdentityPolicy({
      Statement: [
        { Effect: "Allow", NotAction: "secretsmanager:Delete*", NotResource: `${SECRET_ARN}:prod/*` },
        {
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { StringNotEquals: { "aws:RequestedRegion": "us-east-1" } },
        },
      ],
    });
    const inRegion = { "aws:RequestedRegion": "us-east-1" };

    expect(policy.evaluate(request("secretsmanager:GetSecretValue", `${SECRET_ARN}:dev/a`, inRegion))).toBe("allow");
    expect(policy.evaluate(request("secretsmanager:DeleteSecret", `${SECRET_ARN}:dev/a`, inRegion))).toBe(
      "implicit-deny",
    );
    expect(policy.evaluate(request("secretsmanager:GetSecretValue", `${SECRET_ARN}:prod/a`, inRegion))).toBe(
      "implicit-deny",
    );
    expect(
      policy.evaluate(request("secretsmanager:GetSecretValue", `${SECRET_ARN}:dev/a`, { "aws:RequestedRegion": "eu-west-1" })),
    ).toBe("explicit-deny");
  });
});
