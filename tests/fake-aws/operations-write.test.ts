/**
 * CreateSecret, UpdateSecret and PutSecretValue through the real SDK client:
 * versions and staging labels, ClientRequestToken idempotency, and the
 * errors AWS gives for each misuse.
 */

import { describe, expect, test } from "bun:test";
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  InvalidRequestException,
  LimitExceededException,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  UpdateSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import { nameSequence, rejectionOf, useFakeAwsWithClients } from "./sdk-test-client";

const { fake, client } = await useFakeAwsWithClients();

const uniqueName = nameSequence("write/app");

/** A ClientRequestToken of the length AWS requires (32-64 characters). */
function token(label: string): string {
  return `${label}-${"0".repeat(32)}`.slice(0, 40);
}

const currentValue = async (name: string) =>
  (await client.send(new GetSecretValueCommand({ SecretId: name }))).SecretString;

describe("CreateSecret", () => {
  test("stores value, description, KMS key and tags; the token becomes the VersionId", async () => {
    const name = uniqueName();

    const created = await client.send(
      new CreateSecretCommand({
        Name: name,
        SecretString: '{"A":"1"}',
        Description: "the app",
        KmsKeyId: "alias/app",
        Tags: [{ Key: "team", Value: "core" }],
        ClientRequestToken: token("create"),
      }),
    );
    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));

    expect(created.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-[A-Za-z0-9]{6}$`));
    expect(created.Name).toBe(name);
    expect(created.VersionId).toBe(token("create"));
    expect(await currentValue(name)).toBe('{"A":"1"}');
    expect(described).toMatchObject({
      ARN: created.ARN,
      Description: "the app",
      KmsKeyId: "alias/app",
      Tags: [{ Key: "team", Value: "core" }],
      VersionIdsToStages: { [token("create")]: ["AWSCURRENT"] },
    });
  });

  test("the SDK fills in a ClientRequestToken itself; a binary value round-trips", async () => {
    const name = uniqueName();

    const created = await client.send(new CreateSecretCommand({ Name: name, SecretBinary: new Uint8Array([0, 255]) }));
    const read = await client.send(new GetSecretValueCommand({ SecretId: name }));

    expect(created.VersionId).toMatch(/^[0-9a-f-]{36}$/);
    expect([...(read.SecretBinary ?? [])]).toEqual([0, 255]);
  });

  test("without a value there is no version: no VersionId, and reading it finds no AWSCURRENT", async () => {
    const name = uniqueName();

    const created = await client.send(new CreateSecretCommand({ Name: name }));
    const error = await rejectionOf(client.send(new GetSecretValueCommand({ SecretId: name })));

    expect(created.VersionId).toBeUndefined();
    expect(error).toBeInstanceOf(ResourceNotFoundException);
  });

  test("an existing name is ResourceExistsException naming the secret", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "x" });

    const error = await rejectionOf(client.send(new CreateSecretCommand({ Name: name, SecretString: "y" })));

    expect(error).toBeInstanceOf(ResourceExistsException);
    expect(error.message).toBe(`The operation failed because the secret ${name} already exists.`);
    expect(fake.requests.at(-1)).toMatchObject({ status: 400, errorCode: "ResourceExistsException", secretIds: [name] });
  });

  test("a retry with the same token and value answers as the first call and creates nothing", async () => {
    const name = uniqueName();
    const request = { Name: name, SecretString: "v1", ClientRequestToken: token("retry") };

    const first = await client.send(new CreateSecretCommand(request));
    const again = await client.send(new CreateSecretCommand(request));

    expect(again).toMatchObject({ ARN: first.ARN, Name: name, VersionId: token("retry") });
    expect(fake.inspect(name)?.versions).toHaveLength(1);
  });

  test("the same token with another value is ResourceExistsException", async () => {
    const name = uniqueName();
    await client.send(new CreateSecretCommand({ Name: name, SecretString: "v1", ClientRequestToken: token("t") }));

    const error = await rejectionOf(
      client.send(new CreateSecretCommand({ Name: name, SecretString: "v2", ClientRequestToken: token("t") })),
    );

    expect(error).toBeInstanceOf(ResourceExistsException);
    expect(await currentValue(name)).toBe("v1");
  });

  test("a name scheduled for deletion is InvalidRequestException", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "x", deleted: true });

    const error = await rejectionOf(client.send(new CreateSecretCommand({ Name: name, SecretString: "y" })));

    expect(error).toBeInstanceOf(InvalidRequestException);
    expect(error.message).toBe(
      "You can't create this secret because a secret with this name is already scheduled for deletion.",
    );
  });

  test("bad input: name characters, both values, token length, value size (named without the value)", async () => {
    const badName = await rejectionOf(client.send(new CreateSecretCommand({ Name: "a:b", SecretString: "x" })));
    const both = await rejectionOf(
      client.send(new CreateSecretCommand({ Name: uniqueName(), SecretString: "x", SecretBinary: new Uint8Array([1]) })),
    );
    const shortToken = await rejectionOf(
      client.send(new CreateSecretCommand({ Name: uniqueName(), SecretString: "x", ClientRequestToken: "short" })),
    );
    const huge = `${"canary-".repeat(10_000)}`;
    const tooLong = await rejectionOf(client.send(new CreateSecretCommand({ Name: uniqueName(), SecretString: huge })));
    const tooBig = await rejectionOf(
      client.send(new CreateSecretCommand({ Name: uniqueName(), SecretBinary: new Uint8Array(65537) })),
    );

    expect(badName).toBeInstanceOf(InvalidParameterException);
    expect(badName.message).toContain("Invalid name");
    expect(both).toBeInstanceOf(InvalidParameterException);
    expect(shortToken.name).toBe("ValidationException");
    expect(shortToken.message).toContain("'clientRequestToken' failed to satisfy constraint");
    expect(tooLong.name).toBe("ValidationException");
    expect(tooLong.message).toBe(
      "1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to 65536",
    );
    expect(tooBig.message).toStartWith("1 validation error detected: Value at 'secretBinary' failed");
  });
});

describe("UpdateSecret", () => {
  test("a new value becomes AWSCURRENT and the old one AWSPREVIOUS", async () => {
    const name = uniqueName();
    const first = fake.seed({ name, secretString: "v1" });

    const updated = await client.send(
      new UpdateSecretCommand({ SecretId: name, SecretString: "v2", ClientRequestToken: token("update") }),
    );
    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));

    expect(updated).toMatchObject({ ARN: first.arn, Name: name, VersionId: token("update") });
    expect(await currentValue(name)).toBe("v2");
    expect(described.VersionIdsToStages).toEqual({
      [first.versionId]: ["AWSPREVIOUS"],
      [token("update")]: ["AWSCURRENT"],
    });
  });

  test("description and KMS key alone change metadata, not the version", async () => {
    const name = uniqueName();
    const { versionId } = fake.seed({ name, secretString: "v1", description: "old" });

    const updated = await client.send(
      new UpdateSecretCommand({ SecretId: name, Description: "new", KmsKeyId: "alias/other" }),
    );
    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));

    expect(updated.VersionId).toBeUndefined();
    expect(described).toMatchObject({ Description: "new", KmsKeyId: "alias/other" });
    expect(described.VersionIdsToStages).toEqual({ [versionId]: ["AWSCURRENT"] });
  });

  test("switching back to the AWS managed key leaves KmsKeyId out, as AWS does", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "v1", kmsKeyId: "alias/app" });

    await client.send(new UpdateSecretCommand({ SecretId: name, KmsKeyId: "alias/aws/secretsmanager" }));
    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));

    expect(described.KmsKeyId).toBeUndefined();
  });

  test("a replayed token with the same value changes nothing; with another value it is refused", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "v1" });
    const request = { SecretId: name, SecretString: "v2", ClientRequestToken: token("u") };

    await client.send(new UpdateSecretCommand(request));
    const replay = await client.send(new UpdateSecretCommand(request));
    const conflict = await rejectionOf(client.send(new UpdateSecretCommand({ ...request, SecretString: "v3" })));

    expect(replay.VersionId).toBe(token("u"));
    expect(fake.inspect(name)?.versions).toHaveLength(2);
    expect(conflict).toBeInstanceOf(ResourceExistsException);
    expect(await currentValue(name)).toBe("v2");
  });

  test("a missing secret is ResourceNotFoundException", async () => {
    const error = await rejectionOf(client.send(new UpdateSecretCommand({ SecretId: "no/such", SecretString: "x" })));

    expect(error).toBeInstanceOf(ResourceNotFoundException);
  });
});

describe("PutSecretValue", () => {
  test("moves AWSCURRENT by default and answers with the version's stages", async () => {
    const name = uniqueName();
    const first = fake.seed({ name, secretString: "v1" });

    const put = await client.send(
      new PutSecretValueCommand({ SecretId: name, SecretString: "v2", ClientRequestToken: token("put") }),
    );
    const previous = await client.send(new GetSecretValueCommand({ SecretId: name, VersionStage: "AWSPREVIOUS" }));

    expect(put).toMatchObject({ ARN: first.arn, Name: name, VersionId: token("put"), VersionStages: ["AWSCURRENT"] });
    expect(previous.VersionId).toBe(first.versionId);
  });

  test("with VersionStages it moves only those labels; AWSCURRENT stays", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "v1" });

    const put = await client.send(
      new PutSecretValueCommand({ SecretId: name, SecretString: "pending", VersionStages: ["AWSPENDING"] }),
    );

    expect(put.VersionStages).toEqual(["AWSPENDING"]);
    expect(await currentValue(name)).toBe("v1");
  });

  test("the first version of a secret always gets AWSCURRENT", async () => {
    const name = uniqueName();
    await client.send(new CreateSecretCommand({ Name: name }));

    const put = await client.send(
      new PutSecretValueCommand({ SecretId: name, SecretString: "first", VersionStages: ["AWSPENDING"] }),
    );

    expect(put.VersionStages).toEqual(["AWSPENDING", "AWSCURRENT"]);
    expect(await currentValue(name)).toBe("first");
  });

  test("a replayed token answers with the existing version; another value with it is refused", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "v1" });
    const request = { SecretId: name, SecretString: "v2", ClientRequestToken: token("p") };

    await client.send(new PutSecretValueCommand(request));
    fake.rotate(name, "v3");
    const replay = await client.send(new PutSecretValueCommand(request));
    const conflict = await rejectionOf(client.send(new PutSecretValueCommand({ ...request, SecretString: "v4" })));

    expect(replay).toMatchObject({ VersionId: token("p"), VersionStages: ["AWSPREVIOUS"] });
    expect(await currentValue(name)).toBe("v3");
    expect(conflict).toBeInstanceOf(ResourceExistsException);
  });

  test("no value is InvalidParameterException", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "v1" });

    const error = await rejectionOf(client.send(new PutSecretValueCommand({ SecretId: name })));

    expect(error).toBeInstanceOf(InvalidParameterException);
  });

  test("past 100 versions within a day it is LimitExceededException", async () => {
    const name = uniqueName();
    for (let i = 0; i < 100; i += 1) fake.seed({ name, secretString: `v${i}` });

    const error = await rejectionOf(client.send(new PutSecretValueCommand({ SecretId: name, SecretString: "v100" })));

    expect(error).toBeInstanceOf(LimitExceededException);
    expect(await currentValue(name)).toBe("v99");
  });
});
