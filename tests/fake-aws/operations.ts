/**
 * The Secrets Manager operations the fake implements: request members in,
 * response members out, in the awsJson1_1 shapes real AWS uses (dates as
 * epoch seconds, SecretBinary as base64, absent members omitted).
 *
 * Only what env-secrets sends: GetSecretValue, BatchGetSecretValue with a
 * SecretIdList, and DescribeSecret. Anything else is answered with
 * UnknownOperationException, so a test cannot come to rely on a model of an
 * operation the product never uses.
 */

import { AwsError, invalidParameter } from "./errors";
import { type JsonObject, optionalString, optionalStringList, requiredString } from "./input";
import type { SecretStore, SecretValue, SecretVersion, StoredSecret } from "./store";

export interface OperationContext {
  store: SecretStore;
  /** Region the request was signed for; the only region it can see. */
  region: string;
  nowMs: number;
  /**
   * Whether one secret inside BatchGetSecretValue may be read (IAM denial or
   * injected fault). A returned error is reported in `Errors`, as AWS does.
   */
  batchMemberError(secretId: string): AwsError | undefined;
}

export type OperationHandler = (context: OperationContext, input: JsonObject) => JsonObject;

const SECRET_ID = { min: 1, max: 2048 };
const VERSION_ID = { min: 32, max: 64 };
const VERSION_STAGE = { min: 1, max: 256 };
const BATCH_MAX_IDS = 20;

function epochSeconds(ms: number): number {
  return ms / 1000;
}

/** The secret ids a request names, as sent; used for recording and fault matching. */
export function secretIdsOf(input: JsonObject): string[] {
  const ids: string[] = [];
  if (typeof input.SecretId === "string") ids.push(input.SecretId);
  const list = input.SecretIdList;
  if (Array.isArray(list)) {
    for (const item of list) if (typeof item === "string") ids.push(item);
  }
  return ids;
}

function valueMembers(value: SecretValue): JsonObject {
  if ("secretString" in value) return { SecretString: value.secretString };
  return { SecretBinary: Buffer.from(value.secretBinary).toString("base64") };
}

function secretValueEntry(secret: StoredSecret, version: SecretVersion): JsonObject {
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
function versionsToStages(secret: StoredSecret): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const version of secret.versions.values()) {
    if (version.stages.size > 0) map[version.versionId] = [...version.stages];
  }
  return map;
}

function getSecretValue(context: OperationContext, input: JsonObject): JsonObject {
  const secretId = requiredString(input, "SecretId", SECRET_ID);
  const versionId = optionalString(input, "VersionId", VERSION_ID);
  const versionStage = optionalString(input, "VersionStage", VERSION_STAGE);
  const secret = context.store.require(context.region, secretId);
  const version = context.store.resolveVersion(secret, versionId, versionStage);
  context.store.markAccessed(secret, context.nowMs);
  return secretValueEntry(secret, version);
}

function present(input: JsonObject, member: string): boolean {
  return input[member] !== undefined && input[member] !== null;
}

function batchGetSecretValue(context: OperationContext, input: JsonObject): JsonObject {
  const secretIdList = optionalStringList(input, "SecretIdList", {
    minItems: 1,
    maxItems: BATCH_MAX_IDS,
    item: SECRET_ID,
  });
  if (secretIdList === undefined) {
    // Selecting secrets by Filters (and paging through them) is not modelled:
    // env-secrets always names its secrets. Said plainly rather than answered
    // with AWS's "specify one of them", which would read as a client bug.
    if (present(input, "Filters")) {
      throw invalidParameter(
        "The fake Secrets Manager does not support Filters; name the secrets in SecretIdList.",
      );
    }
    throw invalidParameter("Either SecretIdList or Filters must be specified.");
  }
  // What AWS refuses alongside a SecretIdList, with its wording.
  if (present(input, "Filters")) {
    throw invalidParameter("Either SecretIdList or Filters must be specified, but not both.");
  }
  if (present(input, "MaxResults")) {
    throw invalidParameter("MaxResults can only be used together with Filters.");
  }

  const secretValues: JsonObject[] = [];
  const errors: JsonObject[] = [];
  for (const secretId of secretIdList) {
    try {
      const denied = context.batchMemberError(secretId);
      if (denied) throw denied;
      const secret = context.store.require(context.region, secretId);
      const version = context.store.resolveVersion(secret);
      context.store.markAccessed(secret, context.nowMs);
      secretValues.push(secretValueEntry(secret, version));
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      errors.push({ SecretId: secretId, ErrorCode: error.code, Message: error.message });
    }
  }
  return { SecretValues: secretValues, Errors: errors };
}

function describeSecret(context: OperationContext, input: JsonObject): JsonObject {
  const secretId = requiredString(input, "SecretId", SECRET_ID);
  const secret = context.store.require(context.region, secretId);
  const metadata: JsonObject = { ARN: secret.arn, Name: secret.name };
  if (secret.description !== undefined) metadata.Description = secret.description;
  if (secret.kmsKeyId !== undefined) metadata.KmsKeyId = secret.kmsKeyId;
  metadata.LastChangedDate = epochSeconds(secret.lastChangedAtMs);
  if (secret.lastAccessedAtMs !== undefined) {
    metadata.LastAccessedDate = epochSeconds(secret.lastAccessedAtMs);
  }
  metadata.VersionIdsToStages = versionsToStages(secret);
  metadata.CreatedDate = epochSeconds(secret.createdAtMs);
  return metadata;
}

export const OPERATIONS: ReadonlyMap<string, OperationHandler> = new Map<string, OperationHandler>([
  ["GetSecretValue", getSecretValue],
  ["BatchGetSecretValue", batchGetSecretValue],
  ["DescribeSecret", describeSecret],
]);

/** BatchGetSecretValue acts on the account, not one secret: IAM names no resource. */
export function isAccountWideOperation(operation: string): boolean {
  return operation === "BatchGetSecretValue";
}
