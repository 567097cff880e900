/**
 * The Secrets Manager operations the fake implements: request members in,
 * response members out, in the awsJson1_1 shapes real AWS uses (dates as
 * epoch seconds, SecretBinary as base64, absent members omitted).
 */

import {
  AwsError,
  invalidNextToken,
  invalidParameter,
  markedForDeletion,
  resourceNotFound,
  serializationError,
  validationError,
} from "./errors";
import {
  type JsonObject,
  optionalBlob,
  optionalBoolean,
  optionalInteger,
  optionalObjectList,
  optionalString,
  optionalStringList,
  requiredString,
} from "./input";
import type { SecretStore, SecretValue, SecretVersion, StoredSecret, Tag } from "./store";

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
const SECRET_NAME = { min: 1, max: 512 };
const CLIENT_REQUEST_TOKEN = { min: 32, max: 64 };
const VERSION_ID = { min: 32, max: 64 };
const VERSION_STAGE = { min: 1, max: 256 };
const DESCRIPTION = { max: 2048 };
const KMS_KEY_ID = { max: 2048 };
const SECRET_STRING = { max: 65536, sensitive: true };
const SECRET_BINARY = { max: 65536 };
const NEXT_TOKEN = { min: 1, max: 4096 };
const BATCH_MAX_IDS = 20;

const FILTER_KEYS = [
  "description",
  "name",
  "tag-key",
  "tag-value",
  "primary-region",
  "owning-service",
  "all",
] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

interface SecretFilter {
  key: FilterKey;
  values: string[];
}

function epochSeconds(ms: number): number {
  return ms / 1000;
}

/** The secret ids a request names, as sent; used for recording and fault matching. */
export function secretIdsOf(input: JsonObject): string[] {
  const ids: string[] = [];
  for (const member of ["SecretId", "Name"]) {
    const value = input[member];
    if (typeof value === "string") ids.push(value);
  }
  const list = input.SecretIdList;
  if (Array.isArray(list)) {
    for (const item of list) if (typeof item === "string") ids.push(item);
  }
  return ids;
}

function readSecretValue(input: JsonObject): SecretValue | undefined {
  const secretString = optionalString(input, "SecretString", SECRET_STRING);
  const secretBinary = optionalBlob(input, "SecretBinary", SECRET_BINARY);
  if (secretString !== undefined && secretBinary !== undefined) {
    throw invalidParameter(
      "You can't specify both a binary secret value and a string secret value in the same secret.",
    );
  }
  if (secretString !== undefined) return { secretString };
  if (secretBinary !== undefined) return { secretBinary };
  return undefined;
}

function readTags(input: JsonObject): Tag[] | undefined {
  const tags = optionalObjectList(input, "Tags");
  return tags?.map((tag, index) => {
    const key = tag.Key;
    const value = tag.Value ?? "";
    if (typeof key !== "string" || typeof value !== "string") {
      throw serializationError(`Expected string Key and Value for Tags.${index + 1}.`);
    }
    return { Key: key, Value: value };
  });
}

function readFilters(input: JsonObject): SecretFilter[] | undefined {
  const filters = optionalObjectList(input, "Filters");
  return filters?.map((filter, index) => {
    const key = filter.Key;
    const values = filter.Values ?? [];
    if (typeof key !== "string" || !FILTER_KEYS.some((known) => known === key)) {
      throw validationError(
        `'${String(key)}'`,
        `filters.${index + 1}.member.key`,
        `Member must satisfy enum value set: [${FILTER_KEYS.join(", ")}]`,
      );
    }
    if (!Array.isArray(values) || !values.every((v): v is string => typeof v === "string")) {
      throw serializationError(`Expected a list of strings for Filters.${index + 1}.Values.`);
    }
    return { key: key as FilterKey, values };
  });
}

function filterFields(secret: StoredSecret, key: FilterKey): string[] {
  switch (key) {
    case "name":
      return [secret.name];
    case "description":
      return secret.description === undefined ? [] : [secret.description];
    case "tag-key":
      return secret.tags.map((tag) => tag.Key);
    case "tag-value":
      return secret.tags.map((tag) => tag.Value);
    case "primary-region":
    case "owning-service":
      return [];
    case "all":
      return [
        secret.name,
        ...(secret.description === undefined ? [] : [secret.description]),
        ...secret.tags.flatMap((tag) => [tag.Key, tag.Value]),
      ];
  }
}

/** Values are prefix matches; a leading `!` negates. Values within a filter OR, filters AND. */
function matchesFilters(secret: StoredSecret, filters: SecretFilter[]): boolean {
  return filters.every((filter) => {
    const fields = filterFields(secret, filter.key);
    return filter.values.some((value) => {
      const negated = value.startsWith("!");
      const prefix = negated ? value.slice(1) : value;
      const found = fields.some((field) => field.startsWith(prefix));
      return negated ? !found : found;
    });
  });
}

/** NextToken is an opaque offset; anything we did not issue is rejected as AWS does. */
function paginate<T>(
  items: T[],
  maxResults: number,
  nextToken: string | undefined,
): { page: T[]; nextToken?: string } {
  let offset = 0;
  if (nextToken !== undefined) {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(nextToken, "base64").toString("utf8"));
    } catch {
      throw invalidNextToken();
    }
    const candidate =
      typeof decoded === "object" && decoded !== null && "offset" in decoded ? decoded.offset : undefined;
    if (typeof candidate !== "number" || !Number.isInteger(candidate) || candidate < 0) {
      throw invalidNextToken();
    }
    offset = candidate;
  }
  const page = items.slice(offset, offset + maxResults);
  const end = offset + page.length;
  if (end >= items.length) return { page };
  return { page, nextToken: Buffer.from(JSON.stringify({ offset: end })).toString("base64") };
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

function secretMetadata(secret: StoredSecret, versionsKey: string): JsonObject {
  const metadata: JsonObject = { ARN: secret.arn, Name: secret.name };
  if (secret.description !== undefined) metadata.Description = secret.description;
  if (secret.kmsKeyId !== undefined) metadata.KmsKeyId = secret.kmsKeyId;
  metadata.LastChangedDate = epochSeconds(secret.lastChangedAtMs);
  if (secret.lastAccessedAtMs !== undefined) {
    metadata.LastAccessedDate = epochSeconds(secret.lastAccessedAtMs);
  }
  if (secret.deletedAtMs !== undefined) metadata.DeletedDate = epochSeconds(secret.deletedAtMs);
  if (secret.tags.length > 0) metadata.Tags = secret.tags;
  metadata[versionsKey] = versionsToStages(secret);
  metadata.CreatedDate = epochSeconds(secret.createdAtMs);
  return metadata;
}

function getSecretValue(context: OperationContext, input: JsonObject): JsonObject {
  const secretId = requiredString(input, "SecretId", SECRET_ID);
  const versionId = optionalString(input, "VersionId", VERSION_ID);
  const versionStage = optionalString(input, "VersionStage", VERSION_STAGE);
  const secret = context.store.requireActive(context.region, secretId);
  const version = context.store.resolveVersion(secret, versionId, versionStage);
  context.store.markAccessed(secret, context.nowMs);
  return secretValueEntry(secret, version);
}

function batchGetSecretValue(context: OperationContext, input: JsonObject): JsonObject {
  const secretIdList = optionalStringList(input, "SecretIdList", {
    minItems: 1,
    maxItems: BATCH_MAX_IDS,
    item: SECRET_ID,
  });
  const filters = readFilters(input);
  const maxResults = optionalInteger(input, "MaxResults", { min: 1, max: BATCH_MAX_IDS });
  const nextToken = optionalString(input, "NextToken", NEXT_TOKEN);
  if (secretIdList !== undefined && filters !== undefined) {
    throw invalidParameter("Either SecretIdList or Filters must be specified, but not both.");
  }
  if (secretIdList === undefined && filters === undefined) {
    throw invalidParameter("Either SecretIdList or Filters must be specified.");
  }
  if (secretIdList !== undefined && maxResults !== undefined) {
    throw invalidParameter("MaxResults can only be used together with Filters.");
  }

  let requested: string[];
  let following: string | undefined;
  if (secretIdList !== undefined) {
    requested = secretIdList;
  } else {
    const matching = context.store
      .list(context.region)
      .filter((secret) => secret.deletedAtMs === undefined && matchesFilters(secret, filters ?? []));
    const { page, nextToken: next } = paginate(matching, maxResults ?? BATCH_MAX_IDS, nextToken);
    requested = page.map((secret) => secret.name);
    following = next;
  }

  const secretValues: JsonObject[] = [];
  const errors: JsonObject[] = [];
  for (const secretId of requested) {
    try {
      const denied = context.batchMemberError(secretId);
      if (denied) throw denied;
      const secret = context.store.find(context.region, secretId);
      if (!secret) throw resourceNotFound();
      if (secret.deletedAtMs !== undefined) throw markedForDeletion();
      const version = context.store.resolveVersion(secret);
      context.store.markAccessed(secret, context.nowMs);
      secretValues.push(secretValueEntry(secret, version));
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      errors.push({ SecretId: secretId, ErrorCode: error.code, Message: error.message });
    }
  }
  const output: JsonObject = { SecretValues: secretValues, Errors: errors };
  if (following !== undefined) output.NextToken = following;
  return output;
}

function describeSecret(context: OperationContext, input: JsonObject): JsonObject {
  const secretId = requiredString(input, "SecretId", SECRET_ID);
  const secret = context.store.require(context.region, secretId);
  return secretMetadata(secret, "VersionIdsToStages");
}

function listSecrets(context: OperationContext, input: JsonObject): JsonObject {
  const maxResults = optionalInteger(input, "MaxResults", { min: 1, max: 100 }) ?? 100;
  const nextToken = optionalString(input, "NextToken", NEXT_TOKEN);
  const includePlannedDeletion = optionalBoolean(input, "IncludePlannedDeletion") ?? false;
  const filters = readFilters(input) ?? [];
  const sortOrder = optionalString(input, "SortOrder");
  if (sortOrder !== undefined && sortOrder !== "asc" && sortOrder !== "desc") {
    throw validationError(`'${sortOrder}'`, "sortOrder", "Member must satisfy enum value set: [asc, desc]");
  }
  const secrets = context.store
    .list(context.region)
    .filter((secret) => includePlannedDeletion || secret.deletedAtMs === undefined)
    .filter((secret) => matchesFilters(secret, filters));
  if (sortOrder === "desc") secrets.reverse();
  const { page, nextToken: next } = paginate(secrets, maxResults, nextToken);
  const output: JsonObject = {
    SecretList: page.map((secret) => secretMetadata(secret, "SecretVersionsToStages")),
  };
  if (next !== undefined) output.NextToken = next;
  return output;
}

const SECRET_NAME_CHARACTERS = /^[A-Za-z0-9/_+=.@-]+$/;

function createSecret(context: OperationContext, input: JsonObject): JsonObject {
  const name = requiredString(input, "Name", SECRET_NAME);
  const clientRequestToken = optionalString(input, "ClientRequestToken", CLIENT_REQUEST_TOKEN);
  const description = optionalString(input, "Description", DESCRIPTION);
  const kmsKeyId = optionalString(input, "KmsKeyId", KMS_KEY_ID);
  const tags = readTags(input);
  const value = readSecretValue(input);
  if (input.AddReplicaRegions !== undefined) {
    throw invalidParameter("The fake Secrets Manager does not support AddReplicaRegions.");
  }
  if (!SECRET_NAME_CHARACTERS.test(name)) {
    throw invalidParameter(
      "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!",
    );
  }

  // A retried CreateSecret (same token, same value) must not fail on its own
  // first attempt: the SDK retries after a lost response.
  const existing = context.store.find(context.region, name);
  const replayed =
    existing && clientRequestToken !== undefined ? existing.versions.get(clientRequestToken) : undefined;
  if (existing && replayed && value !== undefined && existing.deletedAtMs === undefined) {
    const version = context.store.addVersion(existing, value, { versionId: clientRequestToken });
    return { ARN: existing.arn, Name: existing.name, VersionId: version.versionId };
  }

  const secret = context.store.create(
    context.region,
    { name, description, kmsKeyId, tags },
    context.nowMs,
  );
  return withOptionalVersion(context, secret, value, clientRequestToken);
}

/** The answer of CreateSecret and UpdateSecret: ARN and name, and the new version when a value was given. */
function withOptionalVersion(
  context: OperationContext,
  secret: Parameters<OperationContext["store"]["addVersion"]>[0],
  value: Parameters<OperationContext["store"]["addVersion"]>[1] | undefined,
  clientRequestToken: string | undefined,
): JsonObject {
  const output: JsonObject = { ARN: secret.arn, Name: secret.name };
  if (value !== undefined) {
    const version = context.store.addVersion(secret, value, { versionId: clientRequestToken }, context.nowMs);
    output.VersionId = version.versionId;
  }
  return output;
}

function putSecretValue(context: OperationContext, input: JsonObject): JsonObject {
  const secretId = requiredString(input, "SecretId", SECRET_ID);
  const clientRequestToken = optionalString(input, "ClientRequestToken", CLIENT_REQUEST_TOKEN);
  const versionStages = optionalStringList(input, "VersionStages", {
    minItems: 1,
    maxItems: 20,
    item: VERSION_STAGE,
  });
  const value = readSecretValue(input);
  if (value === undefined) {
    throw invalidParameter("You must provide either SecretString or SecretBinary.");
  }
  const secret = context.store.requireActive(context.region, secretId);
  const version = context.store.addVersion(
    secret,
    value,
    { versionId: clientRequestToken, stages: versionStages },
    context.nowMs,
  );
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.versionId,
    VersionStages: [...version.stages],
  };
}

function updateSecret(context: OperationContext, input: JsonObject): JsonObject {
  const secretId = requiredString(input, "SecretId", SECRET_ID);
  const clientRequestToken = optionalString(input, "ClientRequestToken", CLIENT_REQUEST_TOKEN);
  const description = optionalString(input, "Description", DESCRIPTION);
  const kmsKeyId = optionalString(input, "KmsKeyId", KMS_KEY_ID);
  const value = readSecretValue(input);
  const secret = context.store.requireActive(context.region, secretId);
  if (description !== undefined) secret.description = description;
  if (kmsKeyId !== undefined) secret.kmsKeyId = kmsKeyId;
  secret.lastChangedAtMs = context.nowMs;
  return withOptionalVersion(context, secret, value, clientRequestToken);
}

function deleteSecret(context: OperationContext, input: JsonObject): JsonObject {
  const secretId = requiredString(input, "SecretId", SECRET_ID);
  const recoveryWindowInDays = optionalInteger(input, "RecoveryWindowInDays");
  const forceDelete = optionalBoolean(input, "ForceDeleteWithoutRecovery") ?? false;
  if (forceDelete && recoveryWindowInDays !== undefined) {
    throw invalidParameter(
      "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    );
  }
  if (recoveryWindowInDays !== undefined && (recoveryWindowInDays < 7 || recoveryWindowInDays > 30)) {
    throw invalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
  }
  const secret = context.store.require(context.region, secretId);
  if (forceDelete) {
    context.store.forceDelete(secret);
    return { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds(context.nowMs) };
  }
  if (secret.deletedAtMs !== undefined) throw markedForDeletion();
  const deletionDateMs = context.store.scheduleDeletion(secret, recoveryWindowInDays ?? 30, context.nowMs);
  return { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds(deletionDateMs) };
}

function restoreSecret(context: OperationContext, input: JsonObject): JsonObject {
  const secretId = requiredString(input, "SecretId", SECRET_ID);
  const secret = context.store.require(context.region, secretId);
  context.store.restore(secret);
  return { ARN: secret.arn, Name: secret.name };
}

export const OPERATIONS: ReadonlyMap<string, OperationHandler> = new Map<string, OperationHandler>([
  ["GetSecretValue", getSecretValue],
  ["BatchGetSecretValue", batchGetSecretValue],
  ["DescribeSecret", describeSecret],
  ["ListSecrets", listSecrets],
  ["CreateSecret", createSecret],
  ["PutSecretValue", putSecretValue],
  ["UpdateSecret", updateSecret],
  ["DeleteSecret", deleteSecret],
  ["RestoreSecret", restoreSecret],
]);

/** ListSecrets and BatchGetSecretValue act on the account, not one secret: IAM names no resource. */
export function isAccountWideOperation(operation: string): boolean {
  return operation === "ListSecrets" || operation === "BatchGetSecretValue";
}
