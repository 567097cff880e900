/**
 * Response members shared by several operations, in the awsJson1_1 shapes
 * real AWS uses: dates as epoch seconds, SecretBinary as base64, absent
 * members omitted rather than sent as null.
 */

import type { JsonObject } from "./input";
import type { SecretValue, SecretVersion, StoredSecret } from "./store";

const DAY_MS = 24 * 60 * 60 * 1000;

export function epochSeconds(ms: number): number {
  return ms / 1000;
}

export function valueMembers(value: SecretValue): JsonObject {
  if ("secretString" in value) return { SecretString: value.secretString };
  return { SecretBinary: Buffer.from(value.secretBinary).toString("base64") };
}

export function sameValue(a: SecretValue, b: SecretValue): boolean {
  if ("secretString" in a) return "secretString" in b && a.secretString === b.secretString;
  return "secretBinary" in b && Buffer.from(a.secretBinary).equals(Buffer.from(b.secretBinary));
}

export function secretValueEntry(secret: StoredSecret, version: SecretVersion): JsonObject {
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.versionId,
    ...valueMembers(version.value),
    VersionStages: [...version.stages],
    CreatedDate: epochSeconds(version.createdAtMs),
  };
}

/** Only labelled versions are listed; unlabelled ones are deprecated on AWS. */
export function versionsToStages(secret: StoredSecret): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const version of secret.versions.values()) {
    if (version.stages.size > 0) map[version.versionId] = [...version.stages];
  }
  return map;
}

function rotationMembers(secret: StoredSecret): JsonObject {
  const rotation = secret.rotation;
  if (rotation === undefined) return {};
  const rules: JsonObject = {};
  if (rotation.automaticallyAfterDays !== undefined) rules.AutomaticallyAfterDays = rotation.automaticallyAfterDays;
  if (rotation.duration !== undefined) rules.Duration = rotation.duration;
  if (rotation.scheduleExpression !== undefined) rules.ScheduleExpression = rotation.scheduleExpression;
  const members: JsonObject = { RotationEnabled: rotation.enabled };
  if (rotation.lambdaArn !== undefined) members.RotationLambdaARN = rotation.lambdaArn;
  members.RotationRules = rules;
  return members;
}

/** Next rotation by the day count; a schedule expression is not evaluated, so the date is left out. */
function nextRotationMs(secret: StoredSecret): number | undefined {
  const rotation = secret.rotation;
  if (!rotation?.enabled || rotation.automaticallyAfterDays === undefined) return undefined;
  return (secret.lastRotatedAtMs ?? secret.createdAtMs) + rotation.automaticallyAfterDays * DAY_MS;
}

export function tagList(secret: StoredSecret): JsonObject[] {
  return [...secret.tags].map(([Key, Value]) => ({ Key, Value }));
}

/**
 * A secret's metadata, never its value: DescribeSecret's response and a
 * ListSecrets entry. The two name the version map differently.
 */
export function secretMetadata(
  secret: StoredSecret,
  stagesMember: "VersionIdsToStages" | "SecretVersionsToStages",
): JsonObject {
  const metadata: JsonObject = { ARN: secret.arn, Name: secret.name };
  if (secret.description !== undefined) metadata.Description = secret.description;
  if (secret.kmsKeyId !== undefined) metadata.KmsKeyId = secret.kmsKeyId;
  Object.assign(metadata, rotationMembers(secret));
  if (secret.lastRotatedAtMs !== undefined) metadata.LastRotatedDate = epochSeconds(secret.lastRotatedAtMs);
  metadata.LastChangedDate = epochSeconds(secret.lastChangedAtMs);
  if (secret.lastAccessedAtMs !== undefined) metadata.LastAccessedDate = epochSeconds(secret.lastAccessedAtMs);
  if (secret.deletionDateMs !== undefined) metadata.DeletedDate = epochSeconds(secret.deletionDateMs);
  const nextRotation = nextRotationMs(secret);
  if (nextRotation !== undefined) metadata.NextRotationDate = epochSeconds(nextRotation);
  if (secret.tags.size > 0) metadata.Tags = tagList(secret);
  metadata[stagesMember] = versionsToStages(secret);
  metadata.CreatedDate = epochSeconds(secret.createdAtMs);
  return metadata;
}
