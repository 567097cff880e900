/**
 * Writing secrets: CreateSecret, UpdateSecret and PutSecretValue.
 *
 * Every write that creates a version takes its VersionId from
 * ClientRequestToken (the SDK fills one in and keeps it across retries), so
 * a retried request is recognised: the same token with the same value
 * changes nothing and answers as the first time; the same token with another
 * value is refused, because a version is never modified.
 */

import { invalidParameter, invalidRequest, resourceExists } from "./errors";
import { type JsonObject, optionalString } from "./input";
import {
  DESCRIPTION,
  KMS_KEY_ID,
  optionalClientRequestToken,
  optionalSecretValue,
  optionalTags,
  optionalVersionStages,
  requiredSecretId,
  secretName,
} from "./members";
import type { KmsAction, OperationContext } from "./operations";
import { sameValue } from "./shapes";
import { AWSCURRENT, type SecretValue, type SecretVersion, type StoredSecret } from "./store";

/** Writing a value under a customer-managed key needs both, as the CreateSecret docs say. */
const WRITE_KMS_ACTIONS: readonly KmsAction[] = ["kms:GenerateDataKey", "kms:Decrypt"];
const AWS_MANAGED_KEY = "alias/aws/secretsmanager";

/** The AWS managed key is what a secret has when it names none; AWS then omits KmsKeyId. */
function customerKey(kmsKeyId: string | undefined): string | undefined {
  return kmsKeyId === AWS_MANAGED_KEY || kmsKeyId === "" ? undefined : kmsKeyId;
}

/**
 * The version a retried request created before, if the token names one.
 * Throws when it holds another value: AWS never modifies a version.
 */
function replayedVersion(
  secret: StoredSecret,
  token: string | undefined,
  value: SecretValue,
): SecretVersion | undefined {
  if (token === undefined) return undefined;
  const version = secret.versions.get(token);
  if (version === undefined) return undefined;
  if (!sameValue(version.value, value)) {
    // Worded as the API reference describes ResourceExistsException.
    throw resourceExists("A resource with the ID you requested already exists.");
  }
  return version;
}

function refuseReplicas(input: JsonObject): void {
  if (input.AddReplicaRegions !== undefined && input.AddReplicaRegions !== null) {
    throw invalidParameter("The fake Secrets Manager does not support replica regions.");
  }
}

export function CREATE_SECRET(context: OperationContext, input: JsonObject): JsonObject {
  const name = secretName(input);
  const token = optionalClientRequestToken(input);
  const description = optionalString(input, "Description", DESCRIPTION);
  const kmsKeyId = customerKey(optionalString(input, "KmsKeyId", KMS_KEY_ID));
  const value = optionalSecretValue(input);
  const tags = optionalTags(input);
  refuseReplicas(input);

  const existing = context.store.find(context.region, name);
  if (existing) {
    if (existing.deletionDateMs !== undefined) {
      throw invalidRequest(
        "You can't create this secret because a secret with this name is already scheduled for deletion.",
      );
    }
    const replayed = value === undefined ? undefined : replayedVersion(existing, token, value);
    if (replayed) return { ARN: existing.arn, Name: existing.name, VersionId: replayed.versionId };
    throw resourceExists(`The operation failed because the secret ${name} already exists.`);
  }

  if (value !== undefined) context.checkKms(kmsKeyId, WRITE_KMS_ACTIONS);
  const secret = context.store.create(context.region, { name, description, kmsKeyId, tags }, context.nowMs);
  const output: JsonObject = { ARN: secret.arn, Name: secret.name };
  if (value !== undefined) {
    const version = context.store.addVersion(secret, value, { versionId: token, nowMs: context.nowMs });
    output.VersionId = version.versionId;
  }
  return output;
}

/** New value (a version that becomes AWSCURRENT) and/or new description or KMS key. */
export function UPDATE_SECRET(context: OperationContext, input: JsonObject): JsonObject {
  const secretId = requiredSecretId(input);
  const token = optionalClientRequestToken(input);
  const description = optionalString(input, "Description", DESCRIPTION);
  const kmsKeyInput = optionalString(input, "KmsKeyId", KMS_KEY_ID);
  const value = optionalSecretValue(input);
  const secret = context.store.requireActive(context.region, secretId);

  const output: JsonObject = { ARN: secret.arn, Name: secret.name };
  if (value !== undefined) {
    const replayed = replayedVersion(secret, token, value);
    if (replayed) return { ...output, VersionId: replayed.versionId };
    const kmsKeyId = kmsKeyInput === undefined ? secret.kmsKeyId : customerKey(kmsKeyInput);
    context.checkKms(kmsKeyId, WRITE_KMS_ACTIONS);
  }
  if (description !== undefined) secret.description = description;
  if (kmsKeyInput !== undefined) secret.kmsKeyId = customerKey(kmsKeyInput);
  secret.lastChangedAtMs = context.nowMs;
  if (value !== undefined) {
    const version = context.store.addVersion(secret, value, { versionId: token, nowMs: context.nowMs });
    output.VersionId = version.versionId;
  }
  return output;
}

/**
 * A new version carrying VersionStages (AWSCURRENT when none are given; the
 * first version of a secret always gets AWSCURRENT). Moving AWSCURRENT moves
 * AWSPREVIOUS to the version that held it.
 */
export function PUT_SECRET_VALUE(context: OperationContext, input: JsonObject): JsonObject {
  const secretId = requiredSecretId(input);
  const token = optionalClientRequestToken(input);
  const value = optionalSecretValue(input);
  const stages = optionalVersionStages(input);
  if (value === undefined) throw invalidParameter("You must provide either SecretString or SecretBinary.");
  const secret = context.store.requireActive(context.region, secretId);

  const output: JsonObject = { ARN: secret.arn, Name: secret.name };
  const replayed = replayedVersion(secret, token, value);
  if (replayed) return { ...output, VersionId: replayed.versionId, VersionStages: [...replayed.stages] };

  context.checkKms(secret.kmsKeyId, WRITE_KMS_ACTIONS);
  const moved = [...(stages ?? [AWSCURRENT])];
  if (secret.versions.size === 0 && !moved.includes(AWSCURRENT)) moved.push(AWSCURRENT);
  const version = context.store.addVersion(secret, value, {
    stages: moved,
    versionId: token,
    nowMs: context.nowMs,
  });
  return { ...output, VersionId: version.versionId, VersionStages: [...version.stages] };
}
