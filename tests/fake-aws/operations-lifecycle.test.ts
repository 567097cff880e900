/**
 * DeleteSecret, RestoreSecret, TagResource, UntagResource and the complete
 * DescribeSecret, through the real SDK client.
 */

import { describe, expect, test } from "bun:test";
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  InvalidRequestException,
  PutSecretValueCommand,
  ResourceNotFoundException,
  RestoreSecretCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import { nameSequence, rejectionOf, useFakeAwsWithClients } from "./sdk-test-client";

const DAY_MS = 24 * 60 * 60 * 1000;
const MARKED = "You can't perform this operation on the secret because it was marked for deletion.";

const { fake, client } = await useFakeAwsWithClients();

const uniqueName = nameSequence("life/app");

function daysFromNow(date: Date | undefined): number {
  return ((date?.getTime() ?? 0) - Date.now()) / DAY_MS;
}

describe("DeleteSecret with a recovery window", () => {
  test("schedules the deletion RecoveryWindowInDays ahead (30 by default)", async () => {
    const seven = uniqueName();
    const thirty = uniqueName();
    const { arn } = fake.seed({ name: seven, secretString: "x" });
    fake.seed({ name: thirty, secretString: "x" });

    const deleted = await client.send(new DeleteSecretCommand({ SecretId: seven, RecoveryWindowInDays: 7 }));
    const byDefault = await client.send(new DeleteSecretCommand({ SecretId: thirty }));

    expect(deleted.ARN).toBe(arn);
    expect(deleted.Name).toBe(seven);
    expect(daysFromNow(deleted.DeletionDate)).toBeCloseTo(7, 2);
    expect(daysFromNow(byDefault.DeletionDate)).toBeCloseTo(30, 2);
  });

  test("a scheduled secret can only be described and restored; everything else is InvalidRequestException", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "hidden" });
    const { DeletionDate } = await client.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));

    const refusals = await Promise.all([
      rejectionOf(client.send(new GetSecretValueCommand({ SecretId: name }))),
      rejectionOf(client.send(new PutSecretValueCommand({ SecretId: name, SecretString: "y" }))),
      rejectionOf(client.send(new UpdateSecretCommand({ SecretId: name, Description: "d" }))),
      rejectionOf(client.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: "k", Value: "v" }] }))),
      rejectionOf(client.send(new DeleteSecretCommand({ SecretId: name }))),
    ]);
    const batch = await client.send(new BatchGetSecretValueCommand({ SecretIdList: [name] }));
    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));

    for (const error of refusals) {
      expect(error).toBeInstanceOf(InvalidRequestException);
      expect(error.message).toBe(MARKED);
    }
    expect(batch.Errors).toEqual([{ SecretId: name, ErrorCode: "InvalidRequestException", Message: MARKED }]);
    expect(described.DeletedDate?.getTime()).toBe(DeletionDate?.getTime());
  });

  test("RestoreSecret cancels it: the value is readable again and DeletedDate is gone", async () => {
    const name = uniqueName();
    const { arn } = fake.seed({ name, secretString: "back" });
    await client.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));

    const restored = await client.send(new RestoreSecretCommand({ SecretId: name }));
    const read = await client.send(new GetSecretValueCommand({ SecretId: name }));
    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));

    expect(restored).toMatchObject({ ARN: arn, Name: name });
    expect(read.SecretString).toBe("back");
    expect(described.DeletedDate).toBeUndefined();
  });

  test("RestoreSecret of an active secret changes nothing; of a missing one is ResourceNotFoundException", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "x" });

    await client.send(new RestoreSecretCommand({ SecretId: name }));
    const missing = await rejectionOf(client.send(new RestoreSecretCommand({ SecretId: "no/such" })));

    expect((await client.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe("x");
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
  });

  test("a window outside 7..30, or a window with ForceDeleteWithoutRecovery, is InvalidParameterException", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "x" });

    const tooShort = await rejectionOf(client.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 6 })));
    const tooLong = await rejectionOf(client.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 31 })));
    const both = await rejectionOf(
      client.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true })),
    );

    expect(tooShort).toBeInstanceOf(InvalidParameterException);
    expect(tooShort.message).toBe("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
    expect(tooLong).toBeInstanceOf(InvalidParameterException);
    expect(both).toBeInstanceOf(InvalidParameterException);
    expect(both.message).toBe("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
    expect((await client.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe("x");
  });

  test("deleting a missing secret is ResourceNotFoundException", async () => {
    const error = await rejectionOf(client.send(new DeleteSecretCommand({ SecretId: "no/such" })));

    expect(error).toBeInstanceOf(ResourceNotFoundException);
  });
});

describe("DeleteSecret without recovery", () => {
  test("removes the secret at once: it is not found and its name can be used again", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "gone" });

    const deleted = await client.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
    const missing = await rejectionOf(client.send(new DescribeSecretCommand({ SecretId: name })));
    await client.send(new CreateSecretCommand({ Name: name, SecretString: "new" }));

    expect(Math.abs(daysFromNow(deleted.DeletionDate))).toBeLessThan(0.01);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect((await client.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe("new");
  });

  test("forcing the deletion of a missing or already scheduled secret succeeds, as AWS documents", async () => {
    const scheduled = uniqueName();
    fake.seed({ name: scheduled, secretString: "x", deleted: true });

    const missing = await client.send(new DeleteSecretCommand({ SecretId: "no/such", ForceDeleteWithoutRecovery: true }));
    await client.send(new DeleteSecretCommand({ SecretId: scheduled, ForceDeleteWithoutRecovery: true }));

    expect(missing.Name).toBe("no/such");
    expect(fake.inspect(scheduled)).toBeUndefined();
  });
});

describe("TagResource and UntagResource", () => {
  test("add, overwrite and remove tags; DescribeSecret lists them", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "x", tags: { team: "core" } });

    await client.send(
      new TagResourceCommand({
        SecretId: name,
        Tags: [
          { Key: "team", Value: "platform" },
          { Key: "env", Value: "prod" },
        ],
      }),
    );
    const tagged = await client.send(new DescribeSecretCommand({ SecretId: name }));
    await client.send(new UntagResourceCommand({ SecretId: name, TagKeys: ["team", "absent"] }));
    const untagged = await client.send(new DescribeSecretCommand({ SecretId: name }));

    expect(tagged.Tags).toEqual([
      { Key: "team", Value: "platform" },
      { Key: "env", Value: "prod" },
    ]);
    expect(untagged.Tags).toEqual([{ Key: "env", Value: "prod" }]);
  });

  test("a missing secret is ResourceNotFoundException; a tag key that is too long is ValidationException", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "x" });

    const missing = await rejectionOf(client.send(new TagResourceCommand({ SecretId: "no/such", Tags: [] })));
    const tooLong = await rejectionOf(
      client.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: "k".repeat(129), Value: "v" }] })),
    );

    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(tooLong.name).toBe("ValidationException");
    expect(tooLong.message).toContain("at 'tags.1.member.key' failed to satisfy constraint");
  });
});

describe("DescribeSecret", () => {
  test("reports every field a secret has, and never its value", async () => {
    const name = uniqueName();
    const first = fake.seed({
      name,
      secretString: "old-canary",
      description: "the app",
      kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      tags: { team: "core" },
      rotation: { automaticallyAfterDays: 30, lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:rotate" },
    });
    await client.send(new GetSecretValueCommand({ SecretId: name }));
    const rotatedId = fake.rotate(name, "new-canary");

    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));

    expect(described).toMatchObject({
      ARN: first.arn,
      Name: name,
      Description: "the app",
      KmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      RotationEnabled: true,
      RotationLambdaARN: "arn:aws:lambda:us-east-1:123456789012:function:rotate",
      RotationRules: { AutomaticallyAfterDays: 30 },
      Tags: [{ Key: "team", Value: "core" }],
      VersionIdsToStages: { [first.versionId]: ["AWSPREVIOUS"], [rotatedId]: ["AWSCURRENT"] },
    });
    for (const date of [
      described.CreatedDate,
      described.LastChangedDate,
      described.LastAccessedDate,
      described.LastRotatedDate,
      described.NextRotationDate,
    ]) {
      expect(date).toBeInstanceOf(Date);
    }
    expect(daysFromNow(described.NextRotationDate)).toBeCloseTo(30, 2);
    expect(described.DeletedDate).toBeUndefined();
    expect(JSON.stringify(described)).not.toContain("canary");
  });

  test("a secret that never rotated or was never read leaves those fields out", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "x" });

    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));

    expect(described.RotationEnabled).toBeUndefined();
    expect(described.LastAccessedDate).toBeUndefined();
    expect(described.LastRotatedDate).toBeUndefined();
    expect(described.Tags).toBeUndefined();
    expect(described.KmsKeyId).toBeUndefined();
  });
});
