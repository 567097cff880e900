/**
 * A secret's life around its value: DeleteSecret (with a recovery window or
 * at once), RestoreSecret, TagResource and UntagResource.
 */

import { invalidParameter, markedForDeletion, resourceNotFound } from "./errors";
import { type JsonObject, optionalBoolean, optionalInteger } from "./input";
import { requiredSecretId, requiredTagKeys, requiredTags } from "./members";
import type { OperationContext } from "./operations";
import { epochSeconds } from "./shapes";

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_RECOVERY_DAYS = 30;

/**
 * A scheduled deletion keeps the secret readable by DescribeSecret only, and
 * DeletedDate (DescribeSecret, ListSecrets) is the end of the recovery
 * window, as DeleteSecret's DeletionDate. Without recovery the name is free
 * at once; forcing the deletion of a secret that does not exist (or is
 * already scheduled) succeeds, as AWS documents.
 */
export function DELETE_SECRET(context: OperationContext, input: JsonObject): JsonObject {
  const secretId = requiredSecretId(input);
  const recoveryDays = optionalInteger(input, "RecoveryWindowInDays");
  const force = optionalBoolean(input, "ForceDeleteWithoutRecovery") ?? false;
  if (recoveryDays !== undefined && force) {
    throw invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
  }
  if (recoveryDays !== undefined && (recoveryDays < 7 || recoveryDays > 30)) {
    throw invalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
  }

  const secret = context.store.find(context.region, secretId);
  const now = epochSeconds(context.nowMs);
  if (!secret) {
    if (!force) throw resourceNotFound();
    const arn = secretId.startsWith("arn:") ? secretId : context.store.partialArn(context.region, secretId);
    return { ARN: arn, Name: secretId.split(":secret:").at(-1) ?? secretId, DeletionDate: now };
  }
  if (force) {
    context.store.remove(secret);
    return { ARN: secret.arn, Name: secret.name, DeletionDate: now };
  }
  if (secret.deletionDateMs !== undefined) throw markedForDeletion();
  secret.deletionDateMs = context.nowMs + (recoveryDays ?? DEFAULT_RECOVERY_DAYS) * DAY_MS;
  secret.lastChangedAtMs = context.nowMs;
  return { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds(secret.deletionDateMs) };
}

/** Cancels a scheduled deletion; on an active secret it changes nothing. */
export function RESTORE_SECRET(context: OperationContext, input: JsonObject): JsonObject {
  const secret = context.store.require(context.region, requiredSecretId(input));
  if (secret.deletionDateMs !== undefined) {
    secret.deletionDateMs = undefined;
    secret.lastChangedAtMs = context.nowMs;
  }
  return { ARN: secret.arn, Name: secret.name };
}

/** Adds tags; a key that exists gets the new value. The response is empty. */
export function TAG_RESOURCE(context: OperationContext, input: JsonObject): JsonObject {
  const secretId = requiredSecretId(input);
  const tags = requiredTags(input);
  const secret = context.store.requireActive(context.region, secretId);
  for (const [key, value] of tags) secret.tags.set(key, value);
  secret.lastChangedAtMs = context.nowMs;
  return {};
}

/** Removes tags by key; keys the secret does not have are ignored. */
export function UNTAG_RESOURCE(context: OperationContext, input: JsonObject): JsonObject {
  const secretId = requiredSecretId(input);
  const keys = requiredTagKeys(input);
  const secret = context.store.requireActive(context.region, secretId);
  for (const key of keys) secret.tags.delete(key);
  secret.lastChangedAtMs = context.nowMs;
  return {};
}
