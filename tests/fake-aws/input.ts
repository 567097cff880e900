/**
 * Reading members of an awsJson1_1 request body with the errors AWS gives:
 * wrong JSON types are SerializationException, model constraints (required,
 * length) are ValidationException worded like the AWS request layer.
 */

import { serializationError, validationError } from "./errors";

export type JsonObject = Record<string, unknown>;

export function parseJsonBody(body: Uint8Array): JsonObject {
  const text = new TextDecoder().decode(body).trim();
  if (text === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw serializationError("Start of structure or map found where not expected.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw serializationError("Start of structure or map found where not expected.");
  }
  return parsed as JsonObject;
}

/**
 * AWS names members in validation messages in lowerCamelCase, segment by
 * segment: SecretId -> secretId, Tags.1.member.Key -> tags.1.member.key.
 */
function memberPath(member: string): string {
  return member
    .split(".")
    .map((segment) => segment.charAt(0).toLowerCase() + segment.slice(1))
    .join(".");
}

interface LengthLimits {
  min?: number;
  max?: number;
  /** A secret value: named in messages without its value. */
  sensitive?: boolean;
}

function checkLength(member: string, value: string, limits: LengthLimits): void {
  checkSize(member, value.length, limits.sensitive ? undefined : `'${value}'`, limits);
}

/** `shown` is the value as quoted in the message; undefined for a secret value. */
function checkSize(member: string, size: number, shown: string | undefined, limits: LengthLimits): void {
  if (limits.min !== undefined && size < limits.min) {
    throw validationError(shown, memberPath(member), `Member must have length greater than or equal to ${limits.min}`);
  }
  if (limits.max !== undefined && size > limits.max) {
    throw validationError(shown, memberPath(member), `Member must have length less than or equal to ${limits.max}`);
  }
}

/** `path` names the member in messages when it sits inside a list (Tags.1.member.Key). */
export function optionalString(
  input: JsonObject,
  member: string,
  limits: LengthLimits = {},
  path = member,
): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    throw serializationError(`Expected a string for ${path}, got ${typeof value}.`);
  }
  checkLength(path, value, limits);
  return value;
}

export function requiredString(input: JsonObject, member: string, limits: LengthLimits = {}, path = member): string {
  const value = optionalString(input, member, limits, path);
  if (value === undefined) throw validationError("null", memberPath(path), "Member must not be null");
  return value;
}

export function optionalStringList(
  input: JsonObject,
  member: string,
  limits: { minItems?: number; maxItems?: number; item?: LengthLimits } = {},
  path = member,
): string[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === "string")) {
    throw serializationError(`Expected a list of strings for ${path}.`);
  }
  checkItemCount(path, value, `'[${value.join(", ")}]'`, limits);
  value.forEach((item, index) => {
    checkLength(`${path}.${index + 1}.member`, item, limits.item ?? {});
  });
  return value;
}

function checkItemCount(
  member: string,
  value: unknown[],
  shown: string,
  limits: { minItems?: number; maxItems?: number },
): void {
  if (limits.minItems !== undefined && value.length < limits.minItems) {
    throw validationError(shown, memberPath(member), `Member must have length greater than or equal to ${limits.minItems}`);
  }
  if (limits.maxItems !== undefined && value.length > limits.maxItems) {
    throw validationError(shown, memberPath(member), `Member must have length less than or equal to ${limits.maxItems}`);
  }
}

export function optionalBoolean(input: JsonObject, member: string): boolean | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw serializationError(`Expected a boolean for ${member}, got ${typeof value}.`);
  return value;
}

export function optionalInteger(
  input: JsonObject,
  member: string,
  range: { min?: number; max?: number } = {},
): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw serializationError(`Expected an integer for ${member}, got ${JSON.stringify(value)}.`);
  }
  if (range.min !== undefined && value < range.min) {
    throw validationError(`'${value}'`, memberPath(member), `Member must have value greater than or equal to ${range.min}`);
  }
  if (range.max !== undefined && value > range.max) {
    throw validationError(`'${value}'`, memberPath(member), `Member must have value less than or equal to ${range.max}`);
  }
  return value;
}

export function optionalEnum<T extends string>(
  input: JsonObject,
  member: string,
  allowed: readonly T[],
): T | undefined {
  const value = optionalString(input, member);
  if (value === undefined) return undefined;
  checkEnum(member, value, allowed);
  return value as T;
}

export function checkEnum(member: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) {
    throw validationError(
      `'${value}'`,
      memberPath(member),
      `Member must satisfy enum value set: [${allowed.join(", ")}]`,
    );
  }
}

export function checkPattern(member: string, value: string, pattern: RegExp, shown = pattern.source): void {
  if (!pattern.test(value)) {
    throw validationError(`'${value}'`, memberPath(member), `Member must satisfy regular expression pattern: ${shown}`);
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A blob member: base64 on the wire; its length limits count bytes. Always sensitive here (SecretBinary). */
export function optionalBlob(input: JsonObject, member: string, limits: LengthLimits = {}): Uint8Array | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || !BASE64.test(value)) {
    throw serializationError(`Expected base64 data for ${member}.`);
  }
  const bytes = new Uint8Array(Buffer.from(value, "base64"));
  checkSize(member, bytes.length, undefined, limits);
  return bytes;
}

/** A list of structures; each item is handed to `parse` with its member path for messages. */
export function optionalStructureList<T>(
  input: JsonObject,
  member: string,
  parse: (item: JsonObject, path: string) => T,
  limits: { minItems?: number; maxItems?: number } = {},
): T[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw serializationError(`Expected a list for ${member}.`);
  checkItemCount(member, value, `'[${value.length} items]'`, limits);
  return value.map((item, index) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      throw serializationError(`Expected a structure in ${member}.`);
    }
    return parse(item as JsonObject, `${member}.${index + 1}.member`);
  });
}
