/**
 * Every implemented operation round-trips through the real AWS SDK client,
 * and the SDK turns each error into the exception it would get from AWS.
 * Operations env-secrets never sends are refused as unknown.
 */

import { describe, expect, test } from "bun:test";
import {
  BatchGetSecretValueCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  ResourceNotFoundException,
  RotateSecretCommand,
  SecretsManagerServiceException,
} from "@aws-sdk/client-secrets-manager";
import { nameSequence, rejectionOf, useFakeAwsWithClients } from "./sdk-test-client";

const ARN_PATTERN = /^arn:aws:secretsmanager:us-east-1:123456789012:secret:demo\/app-[A-Za-z0-9]{6}$/;

const uniqueName = nameSequence("demo/app");

const { fake, client } = await useFakeAwsWithClients();

describe("GetSecretValue", () => {
  test("returns the seeded string with ARN, version and stage", async () => {
    const seeded = fake.seed({ name: "demo/app", secretString: '{"PORT":5432}' });
    expect(seeded.arn).toMatch(ARN_PATTERN);

    const output = await client.send(new GetSecretValueCommand({ SecretId: "demo/app" }));

    expect(output.SecretString).toBe('{"PORT":5432}');
    expect(output.ARN).toBe(seeded.arn);
    expect(output.Name).toBe("demo/app");
    expect(output.VersionId).toBe(seeded.versionId);
    expect(output.VersionStages).toEqual(["AWSCURRENT"]);
    expect(output.CreatedDate).toBeInstanceOf(Date);
    expect(Math.abs((output.CreatedDate?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    expect(output.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("returns binary secrets as bytes", async () => {
    const name = uniqueName();
    fake.seed({ name, secretBinary: new Uint8Array([0, 1, 2, 255]) });

    const output = await client.send(new GetSecretValueCommand({ SecretId: name }));

    expect(output.SecretString).toBeUndefined();
    expect([...(output.SecretBinary ?? [])]).toEqual([0, 1, 2, 255]);
  });

  test("resolves a full ARN and a partial ARN without the random suffix", async () => {
    const name = uniqueName();
    const { arn } = fake.seed({ name, secretString: "by-arn" });
    const partialArn = arn.slice(0, -7);
    expect(partialArn).toEndWith(`:secret:${name}`);

    const byArn = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    const byPartial = await client.send(new GetSecretValueCommand({ SecretId: partialArn }));

    expect(byArn.SecretString).toBe("by-arn");
    expect(byPartial.SecretString).toBe("by-arn");
  });

  test("seeding again makes AWSCURRENT and demotes the old version to AWSPREVIOUS", async () => {
    const name = uniqueName();
    const first = fake.seed({ name, secretString: "v1" });
    const second = fake.seed({ name, secretString: "v2" });

    const current = await client.send(new GetSecretValueCommand({ SecretId: name }));
    const previous = await client.send(
      new GetSecretValueCommand({ SecretId: name, VersionStage: "AWSPREVIOUS" }),
    );
    const byId = await client.send(new GetSecretValueCommand({ SecretId: name, VersionId: first.versionId }));

    expect(current.SecretString).toBe("v2");
    expect(current.VersionId).toBe(second.versionId);
    expect(previous.SecretString).toBe("v1");
    expect(previous.VersionStages).toEqual(["AWSPREVIOUS"]);
    expect(byId.SecretString).toBe("v1");
  });

  test("a seeded non-current stage leaves AWSCURRENT alone", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "current" });
    fake.seed({ name, secretString: "pending", versionStage: "AWSPENDING" });

    const current = await client.send(new GetSecretValueCommand({ SecretId: name }));
    const pending = await client.send(new GetSecretValueCommand({ SecretId: name, VersionStage: "AWSPENDING" }));

    expect(current.SecretString).toBe("current");
    expect(pending.SecretString).toBe("pending");
  });

  test("a secret seeded only under another label has no AWSCURRENT version", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "pending", versionStage: "AWSPENDING" });

    const error = await rejectionOf(client.send(new GetSecretValueCommand({ SecretId: name })));

    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.message).toContain("AWSCURRENT");
  });

  test("unknown secret, stage and version are ResourceNotFoundException with status 400", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "x" });

    const missing = await rejectionOf(client.send(new GetSecretValueCommand({ SecretId: "no/such" })));
    const missingStage = await rejectionOf(
      client.send(new GetSecretValueCommand({ SecretId: name, VersionStage: "AWSPREVIOUS" })),
    );
    const missingVersion = await rejectionOf(
      client.send(
        new GetSecretValueCommand({ SecretId: name, VersionId: "00000000-0000-4000-8000-000000000000" }),
      ),
    );

    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing.message).toBe("Secrets Manager can't find the specified secret.");
    expect(missing.$metadata).toMatchObject({ httpStatusCode: 400 });
    expect(missingStage).toBeInstanceOf(ResourceNotFoundException);
    expect(missingStage.message).toContain("staging label: AWSPREVIOUS");
    expect(missingVersion).toBeInstanceOf(ResourceNotFoundException);
  });

  test("model constraint violations are ValidationException", async () => {
    const error = await rejectionOf(client.send(new GetSecretValueCommand({ SecretId: "" })));

    expect(error).toBeInstanceOf(SecretsManagerServiceException);
    expect(error.name).toBe("ValidationException");
    expect(error.message).toContain("'secretId'");
  });
});

describe("DescribeSecret", () => {
  test("lists versions with their stages and the seeded metadata, never a value", async () => {
    const name = uniqueName();
    const first = fake.seed({ name, secretString: "v1", description: "described", kmsKeyId: "alias/custom" });
    const second = fake.seed({ name, secretString: "v2" });

    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));

    expect(described.Name).toBe(name);
    expect(described.Description).toBe("described");
    expect(described.KmsKeyId).toBe("alias/custom");
    expect(described.VersionIdsToStages).toEqual({
      [first.versionId]: ["AWSPREVIOUS"],
      [second.versionId]: ["AWSCURRENT"],
    });
    expect(described.CreatedDate).toBeInstanceOf(Date);
    expect(described.LastChangedDate).toBeInstanceOf(Date);
    expect(JSON.stringify(described)).not.toContain("v2");
  });
});

describe("BatchGetSecretValue", () => {
  test("returns readable secrets and reports the others per id in Errors", async () => {
    const readable = uniqueName();
    const { arn } = fake.seed({ name: readable, secretString: "one" });
    const pendingOnly = uniqueName();
    fake.seed({ name: pendingOnly, secretString: "two", versionStage: "AWSPENDING" });

    const output = await client.send(
      new BatchGetSecretValueCommand({ SecretIdList: [arn, "no/such", pendingOnly] }),
    );

    expect(output.SecretValues?.map((v) => [v.Name, v.SecretString])).toEqual([[readable, "one"]]);
    expect(output.Errors).toEqual([
      {
        SecretId: "no/such",
        ErrorCode: "ResourceNotFoundException",
        Message: "Secrets Manager can't find the specified secret.",
      },
      {
        SecretId: pendingOnly,
        ErrorCode: "ResourceNotFoundException",
        Message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
      },
    ]);
  });

  test("more than 20 ids is a ValidationException for the whole call", async () => {
    const ids = Array.from({ length: 21 }, (_, i) => `id-${i}`);

    const error = await rejectionOf(client.send(new BatchGetSecretValueCommand({ SecretIdList: ids })));

    expect(error.name).toBe("ValidationException");
    expect(error.message).toContain("less than or equal to 20");
    expect(fake.requests.at(-1)?.status).toBe(400);
  });

  test("ids and Filters together are InvalidParameterException", async () => {
    const error = await rejectionOf(
      client.send(
        new BatchGetSecretValueCommand({ SecretIdList: ["a"], Filters: [{ Key: "name", Values: ["a"] }] }),
      ),
    );

    expect(error).toBeInstanceOf(InvalidParameterException);
  });

  test("MaxResults with ids is InvalidParameterException", async () => {
    const error = await rejectionOf(
      client.send(new BatchGetSecretValueCommand({ SecretIdList: ["a"], MaxResults: 1 })),
    );

    expect(error).toBeInstanceOf(InvalidParameterException);
  });

  test("Filters without ids are refused: the fake only reads secrets by id", async () => {
    const error = await rejectionOf(
      client.send(new BatchGetSecretValueCommand({ Filters: [{ Key: "name", Values: ["a"] }] })),
    );

    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toContain("does not support Filters");
  });
});

describe("operations the fake does not implement", () => {
  test("are rejected with UnknownOperationException naming the operation and the supported ones", async () => {
    const error = await rejectionOf(client.send(new RotateSecretCommand({ SecretId: "demo/app" })));

    expect(error.name).toBe("UnknownOperationException");
    expect(error.message).toBe(
      "The fake Secrets Manager does not implement RotateSecret; it supports GetSecretValue, BatchGetSecretValue, DescribeSecret, CreateSecret, UpdateSecret, PutSecretValue, ListSecrets, DeleteSecret, RestoreSecret, TagResource, UntagResource.",
    );
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400 });
  });
});

describe("recording", () => {
  test("records operation, ids, region, key id and status, never values", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "top-secret-value" });

    await client.send(new GetSecretValueCommand({ SecretId: name }));
    await rejectionOf(client.send(new GetSecretValueCommand({ SecretId: "no/such" })));
    await client.send(new BatchGetSecretValueCommand({ SecretIdList: [name, "no/such"] }));

    expect(fake.requests).toMatchObject([
      { operation: "GetSecretValue", secretIds: [name], status: 200, region: "us-east-1" },
      { operation: "GetSecretValue", secretIds: ["no/such"], status: 400 },
      { operation: "BatchGetSecretValue", secretIds: [name, "no/such"], status: 200 },
    ]);
    expect(fake.requests[0]).toMatchObject({
      service: "secretsmanager",
      accessKeyId: "AKIDEXAMPLE",
    });
    expect(fake.requests[0]?.sessionToken).toBeUndefined();
    expect(Math.abs((fake.requests[0]?.at ?? 0) - Date.now())).toBeLessThan(10_000);
    expect(JSON.stringify(fake.requests)).not.toContain("top-secret-value");
  });
});
