/**
 * Every implemented operation round-trips through the real AWS SDK client,
 * and the SDK turns each error into the exception it would get from AWS.
 */

import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InvalidNextTokenException,
  InvalidParameterException,
  InvalidRequestException,
  ListSecretsCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  RestoreSecretCommand,
  RotateSecretCommand,
  SecretsManagerServiceException,
  UpdateSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import { rejectionOf, sdkClient } from "./sdk-test-client";
import { type FakeAws, startFakeAws } from "./server";

const ARN_PATTERN = /^arn:aws:secretsmanager:us-east-1:123456789012:secret:demo\/app-[A-Za-z0-9]{6}$/;

let counter = 0;
/** A fresh secret name per test: tests share one server but not state. */
function uniqueName(prefix = "demo/app"): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

const fake: FakeAws = await startFakeAws();
const client = sdkClient(fake);

afterAll(async () => {
  client.destroy();
  await fake.stop();
});

beforeEach(() => {
  fake.clearFaults();
  fake.clearDenials();
  fake.clearRequests();
});

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

describe("CreateSecret", () => {
  test("creates string and binary secrets readable afterwards", async () => {
    const name = uniqueName();
    const created = await client.send(
      new CreateSecretCommand({
        Name: name,
        SecretString: "hello",
        Description: "for tests",
        KmsKeyId: "alias/custom",
        Tags: [{ Key: "team", Value: "platform" }],
      }),
    );
    const binaryName = uniqueName();
    await client.send(new CreateSecretCommand({ Name: binaryName, SecretBinary: new Uint8Array([9, 8]) }));

    expect(created.ARN).toMatch(/:secret:demo\/app-\d+-[A-Za-z0-9]{6}$/);
    expect(created.Name).toBe(name);
    expect(created.VersionId).toMatch(/^[0-9a-f-]{36}$/);
    const read = await client.send(new GetSecretValueCommand({ SecretId: name }));
    expect(read.SecretString).toBe("hello");
    expect(read.VersionId).toBe(created.VersionId);
    const binary = await client.send(new GetSecretValueCommand({ SecretId: binaryName }));
    expect([...(binary.SecretBinary ?? [])]).toEqual([9, 8]);
    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));
    expect(described.Description).toBe("for tests");
    expect(described.KmsKeyId).toBe("alias/custom");
    expect(described.Tags).toEqual([{ Key: "team", Value: "platform" }]);
  });

  test("uses ClientRequestToken as the version id", async () => {
    const token = "1a1c512f-61fa-4c57-a436-c00d3fa32458";
    const created = await client.send(
      new CreateSecretCommand({ Name: uniqueName(), SecretString: "x", ClientRequestToken: token }),
    );

    expect(created.VersionId).toBe(token);
  });

  test("a duplicate name is ResourceExistsException", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "x" });

    const error = await rejectionOf(client.send(new CreateSecretCommand({ Name: name, SecretString: "y" })));

    expect(error).toBeInstanceOf(ResourceExistsException);
    expect(error.message).toContain(name);
  });

  test("both SecretString and SecretBinary is InvalidParameterException", async () => {
    const error = await rejectionOf(
      client.send(
        new CreateSecretCommand({ Name: uniqueName(), SecretString: "x", SecretBinary: new Uint8Array([1]) }),
      ),
    );

    expect(error).toBeInstanceOf(InvalidParameterException);
  });

  test("a secret without a value has no AWSCURRENT version", async () => {
    const name = uniqueName();
    const created = await client.send(new CreateSecretCommand({ Name: name }));

    const error = await rejectionOf(client.send(new GetSecretValueCommand({ SecretId: name })));

    expect(created.VersionId).toBeUndefined();
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.message).toContain("AWSCURRENT");
  });
});

describe("PutSecretValue and UpdateSecret", () => {
  test("PutSecretValue adds AWSCURRENT and keeps the old value as AWSPREVIOUS", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "old" });

    const put = await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: "new" }));

    expect(put.VersionStages).toEqual(["AWSCURRENT"]);
    const current = await client.send(new GetSecretValueCommand({ SecretId: name }));
    const previous = await client.send(new GetSecretValueCommand({ SecretId: name, VersionStage: "AWSPREVIOUS" }));
    expect(current.SecretString).toBe("new");
    expect(current.VersionId).toBe(put.VersionId);
    expect(previous.SecretString).toBe("old");
  });

  test("PutSecretValue is idempotent per token and refuses to change a version", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "old" });
    const token = "856138fe-ad9b-4934-b789-43b2a3b0f9cb";

    const first = await client.send(
      new PutSecretValueCommand({ SecretId: name, SecretString: "new", ClientRequestToken: token }),
    );
    const replay = await client.send(
      new PutSecretValueCommand({ SecretId: name, SecretString: "new", ClientRequestToken: token }),
    );
    const conflict = await rejectionOf(
      client.send(new PutSecretValueCommand({ SecretId: name, SecretString: "other", ClientRequestToken: token })),
    );

    expect(replay.VersionId).toBe(first.VersionId);
    expect(conflict).toBeInstanceOf(ResourceExistsException);
    const previous = await client.send(new GetSecretValueCommand({ SecretId: name, VersionStage: "AWSPREVIOUS" }));
    expect(previous.SecretString).toBe("old");
  });

  test("PutSecretValue on a missing secret is ResourceNotFoundException", async () => {
    const error = await rejectionOf(
      client.send(new PutSecretValueCommand({ SecretId: "no/such", SecretString: "x" })),
    );

    expect(error).toBeInstanceOf(ResourceNotFoundException);
  });

  test("UpdateSecret changes metadata and, with a value, the current version", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "old" });

    const metadataOnly = await client.send(new UpdateSecretCommand({ SecretId: name, Description: "changed" }));
    const withValue = await client.send(new UpdateSecretCommand({ SecretId: name, SecretString: "updated" }));

    expect(metadataOnly.VersionId).toBeUndefined();
    expect(withValue.VersionId).toBeDefined();
    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));
    expect(described.Description).toBe("changed");
    const current = await client.send(new GetSecretValueCommand({ SecretId: name }));
    expect(current.SecretString).toBe("updated");
  });
});

describe("DescribeSecret and ListSecrets", () => {
  test("DescribeSecret lists versions with their stages and never a value", async () => {
    const name = uniqueName();
    const first = fake.seed({ name, secretString: "v1", description: "described" });
    const second = fake.seed({ name, secretString: "v2" });

    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));

    expect(described.Name).toBe(name);
    expect(described.Description).toBe("described");
    expect(described.VersionIdsToStages).toEqual({
      [first.versionId]: ["AWSPREVIOUS"],
      [second.versionId]: ["AWSCURRENT"],
    });
    expect(described.CreatedDate).toBeInstanceOf(Date);
    expect(described.LastChangedDate).toBeInstanceOf(Date);
    expect(JSON.stringify(described)).not.toContain("v2");
  });

  test("ListSecrets pages with MaxResults and NextToken and filters by name prefix", async () => {
    const prefix = uniqueName("list");
    const names = [`${prefix}/a`, `${prefix}/b`, `${prefix}/c`];
    for (const name of names) fake.seed({ name, secretString: "x" });
    const filters = [{ Key: "name" as const, Values: [prefix] }];

    const page1 = await client.send(new ListSecretsCommand({ MaxResults: 2, Filters: filters }));
    const page2 = await client.send(
      new ListSecretsCommand({ MaxResults: 2, Filters: filters, NextToken: page1.NextToken }),
    );

    expect(page1.SecretList?.map((s) => s.Name)).toEqual(names.slice(0, 2));
    expect(page1.NextToken).toBeString();
    expect(page2.SecretList?.map((s) => s.Name)).toEqual(names.slice(2));
    expect(page2.NextToken).toBeUndefined();
    expect(page1.SecretList?.[0]?.SecretVersionsToStages).toBeDefined();
  });

  test("a forged NextToken is InvalidNextTokenException", async () => {
    const error = await rejectionOf(client.send(new ListSecretsCommand({ NextToken: "not-a-token" })));

    expect(error).toBeInstanceOf(InvalidNextTokenException);
  });
});

describe("DeleteSecret", () => {
  test("a scheduled deletion blocks reads with InvalidRequestException until restored", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "x" });

    const deleted = await client.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    const blocked = await rejectionOf(client.send(new GetSecretValueCommand({ SecretId: name })));
    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));
    const listed = await client.send(
      new ListSecretsCommand({ Filters: [{ Key: "name", Values: [name] }] }),
    );
    await client.send(new RestoreSecretCommand({ SecretId: name }));
    const restored = await client.send(new GetSecretValueCommand({ SecretId: name }));

    const sevenDays = 7 * 24 * 3600 * 1000;
    expect(Math.abs((deleted.DeletionDate?.getTime() ?? 0) - (Date.now() + sevenDays))).toBeLessThan(60_000);
    expect(blocked).toBeInstanceOf(InvalidRequestException);
    expect(blocked.message).toContain("marked for deletion");
    expect(described.DeletedDate).toBeInstanceOf(Date);
    expect(listed.SecretList).toEqual([]);
    expect(restored.SecretString).toBe("x");
  });

  test("ForceDeleteWithoutRecovery removes the secret at once and frees the name", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "x" });

    await client.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
    const gone = await rejectionOf(client.send(new GetSecretValueCommand({ SecretId: name })));
    await client.send(new CreateSecretCommand({ Name: name, SecretString: "again" }));

    expect(gone).toBeInstanceOf(ResourceNotFoundException);
  });

  test("invalid recovery windows are InvalidParameterException", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "x" });

    const tooShort = await rejectionOf(
      client.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 3 })),
    );
    const both = await rejectionOf(
      client.send(
        new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true }),
      ),
    );

    expect(tooShort).toBeInstanceOf(InvalidParameterException);
    expect(both).toBeInstanceOf(InvalidParameterException);
  });
});

describe("BatchGetSecretValue", () => {
  test("returns readable secrets and reports the others per id in Errors", async () => {
    const readable = uniqueName();
    const { arn } = fake.seed({ name: readable, secretString: "one" });
    const scheduled = uniqueName();
    fake.seed({ name: scheduled, secretString: "two" });
    await client.send(new DeleteSecretCommand({ SecretId: scheduled }));

    const output = await client.send(
      new BatchGetSecretValueCommand({ SecretIdList: [arn, "no/such", scheduled] }),
    );

    expect(output.SecretValues?.map((v) => [v.Name, v.SecretString])).toEqual([[readable, "one"]]);
    expect(output.Errors).toEqual([
      {
        SecretId: "no/such",
        ErrorCode: "ResourceNotFoundException",
        Message: "Secrets Manager can't find the specified secret.",
      },
      {
        SecretId: scheduled,
        ErrorCode: "InvalidRequestException",
        Message: "You can't perform this operation on the secret because it was marked for deletion.",
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

  test("Filters select secrets by name prefix, paginated", async () => {
    const prefix = uniqueName("batch");
    fake.seed({ name: `${prefix}/a`, secretString: "a" });
    fake.seed({ name: `${prefix}/b`, secretString: "b" });

    const page1 = await client.send(
      new BatchGetSecretValueCommand({ Filters: [{ Key: "name", Values: [prefix] }], MaxResults: 1 }),
    );
    const page2 = await client.send(
      new BatchGetSecretValueCommand({
        Filters: [{ Key: "name", Values: [prefix] }],
        MaxResults: 1,
        NextToken: page1.NextToken,
      }),
    );

    expect(page1.SecretValues?.map((v) => v.SecretString)).toEqual(["a"]);
    expect(page2.SecretValues?.map((v) => v.SecretString)).toEqual(["b"]);
    expect(page2.NextToken).toBeUndefined();
  });

  test("ids and Filters together are InvalidParameterException", async () => {
    const error = await rejectionOf(
      client.send(
        new BatchGetSecretValueCommand({ SecretIdList: ["a"], Filters: [{ Key: "name", Values: ["a"] }] }),
      ),
    );

    expect(error).toBeInstanceOf(InvalidParameterException);
  });
});

describe("operations the fake does not implement", () => {
  test("are rejected with UnknownOperationException naming the operation", async () => {
    const error = await rejectionOf(client.send(new RotateSecretCommand({ SecretId: "demo/app" })));

    expect(error.name).toBe("UnknownOperationException");
    expect(error.message).toContain("RotateSecret");
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
