/**
 * Reading secrets: GetSecretValue, BatchGetSecretValue with a SecretIdList,
 * and DescribeSecret (metadata, never a value).
 */

import { AwsError, invalidParameter } from "./errors";
import { type JsonObject, optionalString, optionalStringList } from "./input";
import { requiredSecretId, SECRET_ID, VERSION_ID, VERSION_STAGE } from "./members";
import type { OperationContext } from "./operations";
import { secretMetadata, secretValueEntry } from "./shapes";

const BATCH_MAX_IDS = 20;

export function GET_SECRET_VALUE(context: OperationContext, input: JsonObject): JsonObject {
  const secretId = requiredSecretId(input);
  const versionId = optionalString(input, "VersionId", VERSION_ID);
  const versionStage = optionalString(input, "VersionStage", VERSION_STAGE);
  const secret = context.store.requireActive(context.region, secretId);
  const version = context.store.resolveVersion(secret, versionId, versionStage);
  context.checkKms(secret.kmsKeyId, ["kms:Decrypt"]);
  context.store.markAccessed(secret, context.nowMs);
  return secretValueEntry(secret, version);
}

function present(input: JsonObject, member: string): boolean {
  return input[member] !== undefined && input[member] !== null;
}

export function BATCH_GET_SECRET_VALUE(context: OperationContext, input: JsonObject): JsonObject {
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
      const secret = context.store.requireActive(context.region, secretId);
      const version = context.store.resolveVersion(secret);
      context.checkKms(secret.kmsKeyId, ["kms:Decrypt"]);
      context.store.markAccessed(secret, context.nowMs);
      secretValues.push(secretValueEntry(secret, version));
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      errors.push({ SecretId: secretId, ErrorCode: error.code, Message: error.message });
    }
  }
  return { SecretValues: secretValues, Errors: errors };
}

/** Works on a secret scheduled for deletion too: that is how a caller sees DeletedDate. */
export function DESCRIBE_SECRET(context: OperationContext, input: JsonObject): JsonObject {
  const secret = context.store.require(context.region, requiredSecretId(input));
  return secretMetadata(secret, "VersionIdsToStages");
}
