/**
 * Request members several operations share, with the model's constraints
 * (ValidationException) and Secrets Manager's own checks
 * (InvalidParameterException) as AWS applies them.
 */

import { invalidParameter, validationError } from "./errors";
import {
  type JsonObject,
  optionalBlob,
  optionalString,
  optionalStringList,
  optionalStructureList,
  requiredString,
} from "./input";
import type { SecretValue } from "./store";

export const SECRET_ID = { min: 1, max: 2048 };
export const VERSION_ID = { min: 32, max: 64 };
export const VERSION_STAGE = { min: 1, max: 256 };
export const CLIENT_REQUEST_TOKEN = { min: 32, max: 64 };
export const SECRET_NAME = { min: 1, max: 512 };
export const DESCRIPTION = { max: 2048 };
export const KMS_KEY_ID = { max: 2048 };
const SECRET_VALUE = { max: 65536, sensitive: true };
const TAG_KEY = { min: 1, max: 128 };
const TAG_VALUE = { max: 256 };

/** Characters AWS allows in a secret name. */
const SECRET_NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]+$/;

export function requiredSecretId(input: JsonObject): string {
  return requiredString(input, "SecretId", SECRET_ID);
}

export function secretName(input: JsonObject): string {
  const name = requiredString(input, "Name", SECRET_NAME);
  if (!SECRET_NAME_PATTERN.test(name)) {
    throw invalidParameter(
      "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!",
    );
  }
  return name;
}

/** SecretString or SecretBinary, never both; undefined when neither is sent. */
export function optionalSecretValue(input: JsonObject): SecretValue | undefined {
  const secretString = optionalString(input, "SecretString", SECRET_VALUE);
  const secretBinary = optionalBlob(input, "SecretBinary", SECRET_VALUE);
  if (secretString !== undefined && secretBinary !== undefined) {
    throw invalidParameter(
      "You can't specify both a binary secret value and a string secret value in the same secret.",
    );
  }
  if (secretString !== undefined) return { secretString };
  if (secretBinary !== undefined) return { secretBinary };
  return undefined;
}

export function optionalClientRequestToken(input: JsonObject): string | undefined {
  return optionalString(input, "ClientRequestToken", CLIENT_REQUEST_TOKEN);
}

export function optionalVersionStages(input: JsonObject): string[] | undefined {
  return optionalStringList(input, "VersionStages", { minItems: 1, maxItems: 20, item: VERSION_STAGE });
}

/** Tags as a key -> value map; a key given twice keeps its last value. */
export function optionalTags(input: JsonObject): Map<string, string> | undefined {
  const tags = optionalStructureList(input, "Tags", (item, path) => {
    const key = requiredString(item, "Key", TAG_KEY, `${path}.Key`);
    const value = optionalString(item, "Value", TAG_VALUE, `${path}.Value`) ?? "";
    return [key, value] as const;
  });
  return tags === undefined ? undefined : new Map(tags);
}

export function requiredTags(input: JsonObject): Map<string, string> {
  const tags = optionalTags(input);
  if (tags === undefined) throw validationError("null", "tags", "Member must not be null");
  return tags;
}

export function requiredTagKeys(input: JsonObject): string[] {
  const keys = optionalStringList(input, "TagKeys", { item: TAG_KEY });
  if (keys === undefined) throw validationError("null", "tagKeys", "Member must not be null");
  return keys;
}
